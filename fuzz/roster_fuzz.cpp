// The school's roster CSV as a representative might bring it: anything must be refused with
// problems that name a line and a field, or read into students; never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/roster.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto roster = server::parse_roster(text);
  if (!roster) {
    if (roster.error().empty()) std::abort();  // refused without saying why
    for (const auto& p : roster.error()) {
      if (p.line < 0) std::abort();
      (void)server::describe(p, "roster.csv", Language::en);
    }
  }
  return 0;
}
