// A test package file from outside (a flash drive, a download): the header reader, the
// signature check and the unlock code parser on arbitrary bytes.
#include <cstdint>
#include <string_view>

#include "fuzz/keys.hpp"
#include "item_bank/package.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  static const crypto::SigningKey ntc = fuzz::fixed_key(1);
  const ByteView file(data, size);
  (void)item_bank::read_package_header(file);
  // Seeds are signed with the fixed key: past the signature, the booklets and keys are opened.
  if (auto header = item_bank::verify_package(file, ntc.public_key, 0))
    (void)item_bank::open_package(file, ntc.public_key, item_bank::unlock_secret(ntc, header->id),
                                  0);
  (void)item_bank::parse_unlock_code(
      std::string_view(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 200)));
  return 0;
}
