// bbzhm-ntc serve: the NTC's HTTPS endpoint for school servers (Boost.Beast over OpenSSL, the
// self-signed certificate of the data folder). One I/O thread for every connection; bundles are
// opened and checked on a pool of checking threads, and the store is used by its own thread
// only (registry, duplicates, storing, reports), so one school's intake never holds up another
// school's connection. At most `max_bundles` bundles are in intake at once: more are answered
// 503 and the school server retries with back-off.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "ntc/store.hpp"

namespace bbzhm::ntc {

struct ServeOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8443;
  std::optional<std::string> only_campaign;
  unsigned threads = 0;          // checking threads; 0: one per core
  std::size_t max_bundles = 32;  // bundles in intake at once (the queue's bound)
};

// Listens, prints "bbzhm-ntc: listening on HOST:PORT", serves until SIGINT or SIGTERM.
Result<void> serve(Store& store, const ServeOptions& options);

}  // namespace bbzhm::ntc
