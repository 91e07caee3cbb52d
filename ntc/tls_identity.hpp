// The NTC's HTTPS identity: a self-signed certificate made at init, which schools pin by its
// SHA-256 fingerprint (no certificate authority is involved).
#pragma once

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace bbzhm::ntc {

// Writes a new P-256 key (mode 0600) and a self-signed certificate (CN bbzhm-ntc, 20 years).
Result<void> create_tls_identity(const std::filesystem::path& cert,
                                 const std::filesystem::path& key);
// SHA-256 of the certificate's DER, lowercase hex: what `trust-ntc-cert` pins.
Result<std::string> certificate_fingerprint(const std::filesystem::path& cert);

}  // namespace bbzhm::ntc
