// The school server's verbs for the NTC (server/bundle_upload.cpp): export-bundle (a file for a
// USB stick), upload (HTTPS with the NTC's certificate pinned, retried until the signed receipt
// arrives) and trust-ntc-cert (pins that certificate).
#pragma once

#include <optional>
#include <string>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm::server {

// bbzhm-server export-bundle --data DIR --out FILE [--sitting ID]
int run_export_bundle(const Args& args, Language lang);
// bbzhm-server upload --data DIR --ntc https://HOST:PORT [--sitting ID] [--give-up-after SECONDS]
int run_upload(const Args& args, Language lang);
// bbzhm-server fetch-report --data DIR --ntc https://HOST:PORT --campaign C --out FILE.pdf
int run_fetch_report(const Args& args, Language lang);
// bbzhm-server trust-ntc-cert --data DIR --fingerprint SHA256HEX
int run_trust_ntc_cert(const Args& args, Language lang);

class Store;

// The NTC as this server reaches it: the URL (--ntc, else what `trust-ntc-cert --url` stored),
// the pinned TLS certificate (trust-ntc-cert) and the NTC's key (trust-ntc-key). Read on the
// thread that owns the store; the requests below touch no store and run on any thread.
struct NtcLink {
  std::string url;
  std::string fingerprint;
  crypto::PublicKey key{};
};
Result<NtcLink> ntc_link(Store& store, std::optional<std::string> url = std::nullopt);

// One attempt to send a sealed bundle: received (or acknowledged as a duplicate) with the NTC's
// receipt checked against the pinned key; refused (a 4xx, or a receipt that does not verify:
// retrying cannot help); or worth retrying (no connection, a 5xx).
struct UploadAttempt {
  enum class Outcome { received, duplicate, refused, retry };
  Outcome outcome = Outcome::retry;
  std::string error;
  std::string receipt;  // the receipt's JSON
  crypto::Signature signature{};
  int students = 0;
  std::size_t rescored = 0;
  std::int64_t received_at_ms = 0;  // the NTC's time in the receipt
};
UploadAttempt post_bundle(const NtcLink& ntc, ByteView sealed, std::string_view bundle_id);

// The school's signed request for its report (made where the store is), and its sending: the
// PDF's bytes, or the NTC's refusal ("no report ... yet").
std::string report_request(Store& store, std::string_view campaign);
Result<std::string> post_report_request(const NtcLink& ntc, std::string request_json);
// p.17: when the server trusts an NTC key, a representative is accepted only with the NTC's
// credential (--credential FILE, from bbzhm-ntc import-representatives) for this school and name.
Result<void> check_representative_credential(Store& store, const Args& args,
                                             std::string_view full_name);

}  // namespace bbzhm::server
