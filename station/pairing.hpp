// `bbzhm-station pair --code`: the technician types the server's address and the short code the
// representative's console shows; the station proves it knows the code (common/pairing.hpp),
// checks that the server knows it too, and only then writes its folder: its new key, the
// server's key (pinned from now on) and the address. On any failure nothing is written.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"

namespace bbzhm::station {

struct PairedByCode {
  crypto::PublicKey server_key{};
  crypto::PublicKey station_key{};
  std::string name;  // as the server registered it
};

Result<PairedByCode> pair_by_code(const std::filesystem::path& dir,
                                  const std::string& server_address, std::string_view code,
                                  const std::string& station_name,
                                  std::chrono::seconds timeout = std::chrono::seconds(30));

// `pair --dir DIR --server HOST:PORT --server-key HEX`, the station's and the console's: the
// technician types the key `bbzhm-server` printed; the new folder pins it.
struct PairedByKey {
  crypto::PublicKey server_key{};
  crypto::PublicKey own_key{};  // for `bbzhm-server add-station --key`
};
struct PairingFailure {
  std::string what;
  int status = 1;  // 2: the command line is wrong (an option missing, a key that is not hex)
};
std::expected<PairedByKey, PairingFailure> pair_by_key(const Args& args);

// This computer's host name, the default station name.
std::string host_name();

}  // namespace bbzhm::station
