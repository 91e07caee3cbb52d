// A results bundle as the NTC receives it, and the journal it carries.
#include <cstdint>
#include <string_view>

#include "fuzz/keys.hpp"
#include "server/bundle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  static const crypto::SigningKey ntc = fuzz::fixed_key(1);
  (void)server::open_bundle(ByteView(data, size), ntc);
  (void)server::verify_journal_json(std::string_view(reinterpret_cast<const char*>(data), size),
                                    ntc.public_key);
  return 0;
}
