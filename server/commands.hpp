// The bbzhm-server commands (init, import-roster, create-sitting, serve, ...), callable from main.
#pragma once

namespace bbzhm::server {

// Runs the command line; returns the process exit status (0 ok, 1 failure, 2 bad input).
int run_command(int argc, char** argv);

}  // namespace bbzhm::server
