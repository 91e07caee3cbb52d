// A test form's JSON (what a package's booklets and keys decrypt to, and the sample forms).
#include <cstdint>
#include <string_view>

#include "item_bank/test_form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  (void)item_bank::parse_form(std::string_view(reinterpret_cast<const char*>(data), size),
                              "fuzz.json");
  return 0;
}
