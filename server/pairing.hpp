// The server's side of pairing by a short code (common/pairing.hpp): one code at a time, opened
// by a signed-in representative at the console, valid for a few minutes, used once, and burnt
// after kMaxAttempts exchanges that did not succeed. Lives in the service's I/O thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/crypto.hpp"
#include "common/pairing.hpp"

namespace bbzhm::server {

class PairingDesk {
 public:
  static constexpr std::int64_t kValidMs = 5 * 60 * 1000;
  static constexpr int kMaxAttempts = 3;

  struct Opened {
    std::string code;  // kCodeDigits digits
    std::int64_t expires_at_ms = 0;
  };
  // A new code replaces any open one.
  Opened open(std::string representative, std::int64_t now);
  bool is_open(std::int64_t now) const;

  // One exchange on a channel with transcript `sid`: counts as an attempt at once, so a client
  // that never confirms still uses one up. nullopt when no code is open (or none is left).
  std::unique_ptr<pairing::Party> begin(const crypto::Hash& sid, std::int64_t now);
  // The exchange succeeded: the code is used up. Returns who opened it (for the journal).
  std::string consume();

  int attempts() const { return attempts_; }

 private:
  crypto::Secret code_;  // empty when none is open
  std::int64_t expires_at_ms_ = 0;
  int attempts_ = 0;
  std::string representative_;
};

}  // namespace bbzhm::server
