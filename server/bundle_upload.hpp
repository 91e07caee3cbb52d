// The school server's verbs for the NTC (server/bundle_upload.cpp): export-bundle (a file for a
// USB stick), upload (HTTPS with the NTC's certificate pinned, retried until the signed receipt
// arrives) and trust-ntc-cert (pins that certificate).
#pragma once

#include "common/args.hpp"
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
// p.17: when the server trusts an NTC key, a representative is accepted only with the NTC's
// credential (--credential FILE, from bbzhm-ntc import-representatives) for this school and name.
Result<void> check_representative_credential(Store& store, const Args& args,
                                             std::string_view full_name);

}  // namespace bbzhm::server
