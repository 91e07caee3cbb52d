// Every message a station or console can receive or send, decoded from arbitrary bytes: a
// message that decodes must encode back to the same bytes (the decoder is strict: no trailing
// bytes, no out-of-range enumerations), and nothing else may crash.
#include <cstdint>
#include <cstdlib>

#include "common/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  auto message = protocol::decode(ByteView(data, size));
  if (!message) return 0;
  (void)protocol::name(*message);
  const Bytes again = protocol::encode(*message);
  auto twice = protocol::decode(again);
  if (!twice || protocol::encode(*twice) != again) std::abort();  // not a fixed point
  return 0;
}
