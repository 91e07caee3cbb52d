// The results bundle a school server sends the NTC (docs/ARCHITECTURE.md, "National side"): one
// ended sitting as JSON, signed by the school server's Ed25519 key and sealed (crypto_box_seal)
// to the NTC's key converted to X25519, so that only the NTC reads it. Both sides use this file:
// the school seals and checks receipts, the NTC opens bundles and signs receipts.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "common/crypto.hpp"
#include "common/error.hpp"

namespace bbzhm::server {

inline constexpr std::string_view kBundleMagic = "BBZHMRB1";
inline constexpr int kBundleFormat = 1;

// The signed content inside a bundle, after opening.
struct OpenedBundle {
  std::string content;  // the sitting as JSON (format in ARCHITECTURE.md)
  crypto::PublicKey school_key{};
};

// The bundle's id: hex BLAKE2b-256 of its content, so exporting the same sitting again gives
// the same id (the sealed file differs: sealing is randomized).
std::string bundle_id(std::string_view content);

// magic ‖ crypto_box_seal(school key ‖ Ed25519(school, H("bbzhm-bundle-v1" ‖ content)) ‖ content)
Bytes seal_bundle(std::string_view content, const crypto::SigningKey& school,
                  const crypto::PublicKey& ntc);
// Opens with the NTC's key and checks the school's signature; the error says what failed (not a
// bundle, altered or sealed to another NTC, signature).
Result<OpenedBundle> open_bundle(ByteView file, const crypto::SigningKey& ntc);

// The bytes a journal entry's hash covers: the school's Store chains its entries over them and
// the NTC re-checks the chain over the same bytes, so both read this one definition.
Bytes journal_entry_bytes(std::int64_t seq, std::int64_t at, std::string_view actor,
                          std::string_view kind, std::string_view payload, ByteView prev_hash);

// A journal as the bundle carries it (a JSON array of entries with hex hashes and signatures):
// checks the chain from entry 1 and every signature against `key`; the error names the first
// broken entry. Returns the number of entries.
Result<std::int64_t> verify_journal_json(std::string_view journal_json,
                                         const crypto::PublicKey& key);
// The same for a journal already parsed (the NTC parses a bundle's content once).
Result<std::int64_t> verify_journal(const nlohmann::json& entries, const crypto::PublicKey& key);

// Receipts: the NTC signs H("bbzhm-receipt-v1" ‖ json); the school checks with the pinned key.
crypto::Signature sign_receipt(std::string_view json, const crypto::SigningKey& ntc);
bool verify_receipt(std::string_view json, const crypto::Signature& signature,
                    const crypto::PublicKey& ntc);

// A school's request for its report (bbzhm-server fetch-report): signed by the school server's
// key over H("bbzhm-report-request-v1" ‖ campaign ‖ "\n" ‖ school ‖ "\n" ‖ at), so the NTC hands
// a school's report to that school only.
crypto::Signature sign_report_request(std::string_view campaign, std::string_view school,
                                      std::int64_t at_ms, const crypto::SigningKey& key);
bool verify_report_request(std::string_view campaign, std::string_view school, std::int64_t at_ms,
                           const crypto::Signature& signature, const crypto::PublicKey& key);

// A representative's credential (p.17): the NTC names an authorized representative, the schools
// assigned to them and the period it is valid in. File: the JSON {campaign, id, full_name,
// schools, issued_at, valid_from, valid_until} (times in ms since the epoch, UTC) on the first
// line, the NTC's Ed25519 signature over H("bbzhm-representative-v1" ‖ json) in hex on the second.
std::string sign_credential(std::string_view json, const crypto::SigningKey& ntc);
// Checks the file against the pinned NTC key, that it names `school_code` and `full_name`, and
// that `now_ms` is within its validity period (a credential without one is refused); returns the
// representative's id.
Result<std::string> verify_credential(std::string_view file, const crypto::PublicKey& ntc,
                                      std::string_view school_code, std::string_view full_name,
                                      std::int64_t now_ms);

// "2027-04-30" for a time in ms since the epoch (UTC), as credentials' periods are shown.
std::string utc_date(std::int64_t ms);

}  // namespace bbzhm::server
