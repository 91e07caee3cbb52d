// Pairing by a short code: a station proves to the server (and the server to the station) that
// both know the code the representative's console shows, with a password-authenticated key
// exchange (CPace over ristretto255, libsodium 1.0.18), so a code cannot be guessed offline from
// what an attacker in the lab sees or sends: every guess needs one live attempt, and the server
// burns a code after a few failed ones (docs/ARCHITECTURE.md, "Pairing by a short code").
//
// The exchange runs inside a channel whose handshake was not pinned yet; `sid` is that
// channel's transcript hash, which covers both long-term keys, so a successful exchange also
// proves that no one sits between the two ends: the station may pin the server's key, and the
// server may register the station's.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/codec.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"

namespace bbzhm::pairing {

inline constexpr std::size_t kCodeDigits = 8;
inline constexpr std::size_t kShareBytes = 32;  // a ristretto255 point
inline constexpr std::size_t kMacBytes = 32;

using Share = std::array<std::uint8_t, kShareBytes>;
using Mac = std::array<std::uint8_t, kMacBytes>;

// A new code: kCodeDigits random decimal digits, uniformly drawn.
std::string new_code();
// "1234-5678" for the screen.
std::string display_code(std::string_view code);
// What the technician typed, without spaces and dashes; an error names what is wrong.
Result<std::string> normalize_code(std::string_view typed);

// One side of the exchange: a secret scalar and the share sent to the other side.
class Party {
 public:
  // `station` is the side that sends first.
  Party(std::string_view code, const crypto::Hash& sid, bool station);
  const Share& share() const { return share_; }
  // Derives the session key from the other side's share; refuses an invalid point.
  Result<void> finish(ByteView peer_share);
  // The confirmation each side sends: keyed by the session key, over the sid and both shares.
  Mac station_mac() const;
  Mac server_mac() const;
  // Constant-time check of the other side's confirmation.
  bool check(ByteView mac, bool from_station) const;

 private:
  Mac mac(std::string_view role) const;
  crypto::Hash sid_{};
  bool station_ = false;
  crypto::Secret scalar_;
  Share share_{};
  Share peer_{};
  crypto::Secret key_;  // empty until finish()
};

}  // namespace bbzhm::pairing
