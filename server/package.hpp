// The school server's package verbs: trust-ntc-key, load-package, unlock (server/package.cpp).
#pragma once

#include "common/args.hpp"
#include "common/domain.hpp"

namespace bbzhm::server {

// bbzhm-server trust-ntc-key --data DIR --key HEX [--replace]
int run_trust_ntc_key(const Args& args, Language lang);
// bbzhm-server load-package --data DIR FILE [--ntc-key HEX]: verifies against the pinned NTC key
// (pinning --ntc-key first when none is pinned) and keeps the package, still locked.
int run_load_package(const Args& args, Language lang);
// bbzhm-server unlock --data DIR CODE [--package ID]: opens the package with the code NTC gives.
int run_unlock(const Args& args, Language lang);

}  // namespace bbzhm::server
