// CPace (draft-irtf-cfrg-cpace) over ristretto255 with BLAKE2b, as described in pairing.hpp.
#include "common/pairing.hpp"

#include <sodium.h>

#include <cctype>

namespace bbzhm::pairing {
namespace {

constexpr std::string_view kGeneratorContext = "bbzhm-pairing-cpace-generator-v1";
constexpr std::string_view kKeyContext = "bbzhm-pairing-cpace-key-v1";

// The code's generator, bound to this channel: hashed to the group (Elligator 2 inside
// crypto_core_ristretto255_from_hash), so nobody knows its discrete log.
std::array<std::uint8_t, crypto_core_ristretto255_BYTES> generator(std::string_view code,
                                                                   const crypto::Hash& sid) {
  std::array<std::uint8_t, crypto_core_ristretto255_HASHBYTES> wide{};
  crypto_generichash_state h;
  crypto_generichash_init(&h, nullptr, 0, wide.size());
  const auto part = [&h](ByteView b) {
    const std::uint64_t n = b.size();  // length-prefixed: no two inputs concatenate alike
    std::array<std::uint8_t, 8> len{};
    for (int i = 0; i < 8; ++i)
      len[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
    crypto_generichash_update(&h, len.data(), len.size());
    crypto_generichash_update(&h, b.data(), b.size());
  };
  part(as_bytes(kGeneratorContext));
  part(as_bytes(code));
  part(sid);
  crypto_generichash_final(&h, wide.data(), wide.size());
  std::array<std::uint8_t, crypto_core_ristretto255_BYTES> g{};
  crypto_core_ristretto255_from_hash(g.data(), wide.data());
  sodium_memzero(wide.data(), wide.size());
  return g;
}

}  // namespace

std::string new_code() {
  std::string code;
  for (std::size_t i = 0; i < kCodeDigits; ++i)
    code.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return code;
}

std::string display_code(std::string_view code) {
  if (code.size() != kCodeDigits) return std::string(code);
  return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

Result<std::string> normalize_code(std::string_view typed) {
  std::string out;
  for (const char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return fail("the pairing code has digits only; found '" + std::string(1, c) + "'");
    out.push_back(c);
  }
  if (out.size() != kCodeDigits)
    return fail("the pairing code has " + std::to_string(kCodeDigits) + " digits; got " +
                std::to_string(out.size()));
  return out;
}

Party::Party(std::string_view code, const crypto::Hash& sid, bool station)
    : sid_(sid), station_(station), scalar_(crypto_core_ristretto255_SCALARBYTES) {
  auto g = generator(code, sid);
  // A random non-zero scalar gives a non-identity share, so this cannot fail.
  do {
    crypto_core_ristretto255_scalar_random(scalar_.data());
  } while (crypto_scalarmult_ristretto255(share_.data(), scalar_.data(), g.data()) != 0);
  sodium_memzero(g.data(), g.size());
}

Result<void> Party::finish(ByteView peer_share) {
  if (peer_share.size() != kShareBytes) return fail("the pairing share has the wrong size");
  if (crypto_core_ristretto255_is_valid_point(peer_share.data()) != 1)
    return fail("the pairing share is not a valid point");
  std::copy(peer_share.begin(), peer_share.end(), peer_.begin());
  crypto::Secret k(crypto_scalarmult_ristretto255_BYTES);
  if (crypto_scalarmult_ristretto255(k.data(), scalar_.data(), peer_share.data()) != 0)
    return fail("the pairing share gives the identity");
  const Share& station_share = station_ ? share_ : peer_;
  const Share& server_share = station_ ? peer_ : share_;
  const crypto::Hash isk =
      crypto::hash({as_bytes(kKeyContext), sid_, k.view(), station_share, server_share});
  key_ = crypto::Secret::from(isk);
  return {};
}

Mac Party::mac(std::string_view role) const {
  Mac out{};
  if (key_.empty()) return out;
  crypto_generichash_state h;
  crypto_generichash_init(&h, key_.data(), key_.size(), out.size());
  crypto_generichash_update(&h, reinterpret_cast<const std::uint8_t*>(role.data()), role.size());
  crypto_generichash_update(&h, sid_.data(), sid_.size());
  crypto_generichash_final(&h, out.data(), out.size());
  return out;
}

Mac Party::station_mac() const {
  return mac("station-confirms");
}
Mac Party::server_mac() const {
  return mac("server-confirms");
}

bool Party::check(ByteView mac_in, bool from_station) const {
  if (key_.empty() || mac_in.size() != kMacBytes) return false;
  const Mac expected = from_station ? station_mac() : server_mac();
  return crypto_verify_32(expected.data(), mac_in.data()) == 0;
}

}  // namespace bbzhm::pairing
