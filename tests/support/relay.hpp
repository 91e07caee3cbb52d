// A TCP relay between a client and a server, for tests: it records every byte both ways, can
// alter, drop or repeat the client's frames, and can cut every connection (a pulled cable).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/codec.hpp"

namespace bbzhm::test {

class Relay {
 public:
  // Given the index (from 0) of each client-to-server frame and its bytes (length prefix
  // excluded), returns the frames to forward in its place.
  using Hook = std::function<std::vector<Bytes>(std::size_t index, const Bytes& frame)>;

  Relay(std::uint16_t upstream_port, Hook hook = {});
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  std::uint16_t port() const;
  std::string captured() const;
  void cut_all();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::test
