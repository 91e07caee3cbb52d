// The school server's network service: stations connect over the secure channel, log in, save
// answers and finish. One I/O thread runs every connection as a coroutine and, between them, the
// database's batches, where saves arriving together share one commit (group commit); passwords
// are checked on a small pool so Argon2 never stalls the I/O thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/store.hpp"

namespace bbzhm::server {

struct ServiceOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 7700;
  int password_threads = 2;
  int handshake_timeout_ms = 10'000;
  int idle_timeout_ms = 90'000;  // a station sends Sync every 15 s
  int max_connections = 2000;
  // Connections that have not finished the handshake: from one address, and in all. A flood of
  // connections that never handshake holds at most this many slots and starves no one else;
  // a lab station has one connection (bench/loadgen, 300 stations from one address, raises it).
  int max_handshakes_per_address = 64;
  int max_handshakes = 512;
};

class Service {
 public:
  Service(std::unique_ptr<Store> store, ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Binds the listening socket (port 0 picks a free port); returns the bound port.
  Result<std::uint16_t> listen();
  // Serves until SIGINT or SIGTERM (or stop()); returns after a clean shutdown.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::server
