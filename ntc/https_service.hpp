// bbzhm-ntc serve: the NTC's HTTPS endpoint for school servers (Boost.Beast over OpenSSL, the
// self-signed certificate of the data folder). One I/O thread; intake runs on it, one bundle at
// a time, so bundles are stored in the order they arrive.
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
};

// Listens, prints "bbzhm-ntc: listening on HOST:PORT", serves until SIGINT or SIGTERM.
Result<void> serve(Store& store, const ServeOptions& options);

}  // namespace bbzhm::ntc
