// Simulated stations for the reliability suite: each speaks the real protocol over the real
// secure channel, keeps saving answers (changing them as it goes) until told to wrap up, then
// finishes. Every save it sends and every acknowledgement it sees is recorded, so a test can
// check the database against exactly what the stations were promised.
//
// Unlike bench/loadgen, a simulated station here survives anything: a refused connection, a
// dead server, a cut, a stalled or corrupted link. It reconnects, logs in again and resends its
// unacknowledged save with the same sequence number, the way the real station does.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/school.hpp"

namespace bbzhm::test {

struct FleetFigures {
  long sent = 0;                    // SaveAnswer messages written (resends included)
  long acked = 0;                   // distinct saves acknowledged
  long refused = 0;                 // SaveRefused seen (storage_failed is retried)
  long reconnects = 0;              // connections opened after the first
  int finished = 0;                 // stations that received their results
  std::vector<std::string> errors;  // a station that gave up says why
};

// What the database must hold for one student and item, and every response ever sent for it.
struct Promise {
  std::uint64_t acked_seq = 0;
  std::string acked_response;
  std::map<std::uint64_t, std::string> sent;  // seq -> canonical response
};

struct Problems {
  long lost = 0;        // acknowledged but missing, or older in the database than acknowledged
  long wrong = 0;       // a stored response no station ever sent with that seq
  long duplicated = 0;  // more than one row for a student and item
  std::vector<std::string> details;
};

class Fleet {
 public:
  struct Options {
    std::chrono::milliseconds pause{20};  // between saves
    std::chrono::milliseconds reply_timeout{3000};
  };

  // One simulated station per slip (from `first`, `count` of them), each at its own paired folder
  // (named F01, F02, ...), connecting to `port` (the server or a proxy in front of it).
  Fleet(School& school, std::uint16_t port, std::size_t first, std::size_t count, Options options);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Every station answers every item at least once, then finishes; until then it keeps changing
  // answers. Returns false if the stations were not all done by the deadline.
  void wrap_up();
  bool wait_done(std::chrono::seconds limit);

  FleetFigures figures() const;
  // Checks the database against the promises, reading it through the server's store (answers
  // are sealed at rest); the server may be dead.
  Problems check(const std::filesystem::path& database) const;
  std::map<std::pair<std::string, std::string>, Promise> promises() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::test
