// bbzhm-server: the school-local server of a ББЖМ session.
#include "server/commands.hpp"

int main(int argc, char** argv) {
  return bbzhm::server::run_command(argc, argv);
}
