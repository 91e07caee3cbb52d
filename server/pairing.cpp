#include "server/pairing.hpp"

namespace bbzhm::server {

PairingDesk::Opened PairingDesk::open(std::string representative, std::int64_t now) {
  Opened out{pairing::new_code(), now + kValidMs};
  code_ = crypto::Secret::from(as_bytes(out.code));
  expires_at_ms_ = out.expires_at_ms;
  attempts_ = 0;
  representative_ = std::move(representative);
  return out;
}

bool PairingDesk::is_open(std::int64_t now) const {
  return !code_.empty() && now < expires_at_ms_ && attempts_ < kMaxAttempts;
}

std::unique_ptr<pairing::Party> PairingDesk::begin(const crypto::Hash& sid, std::int64_t now) {
  if (!is_open(now)) return nullptr;
  ++attempts_;
  auto party = std::make_unique<pairing::Party>(as_chars(code_.view()), sid, false);
  return party;
}

std::string PairingDesk::consume() {
  code_ = crypto::Secret();
  expires_at_ms_ = 0;
  attempts_ = 0;
  return representative_;
}

}  // namespace bbzhm::server
