// The bbzhm-server commands (init, import-roster, create-sitting, serve, ...), callable from main.
#pragma once

#include <memory>

#include "common/args.hpp"
#include "common/error.hpp"

namespace bbzhm::server {

class Store;

// Runs the command line; returns the process exit status (0 ok, 1 failure, 2 bad input).
int run_command(int argc, char** argv);

// What every verb shares, wherever it is written (commands.cpp, package.cpp, bundle_upload.cpp):
// its exit statuses, how it reports an error, and how it opens the --data folder.
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;  // the input was refused: a bad file, a wrong key, a typo
// Prints "bbzhm-server: <what>" on standard error; returns `status`.
int report(const Error& e, int status = kExitFailure);
// The store in --data (an error names the missing option or the unreadable folder).
Result<std::unique_ptr<Store>> open_store(const Args& args);

}  // namespace bbzhm::server
