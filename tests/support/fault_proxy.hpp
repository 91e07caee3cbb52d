// A fault-injecting TCP proxy for the reliability tests: stations connect to it, it connects to
// the server, and in between it delays, cuts, half-closes, stalls and corrupts the byte streams.
// Faults are chosen per chunk of bytes by a seeded random generator, so a run is repeatable in
// kind (the timing of the real processes is not).
#pragma once

#include <cstdint>
#include <memory>

namespace bbzhm::test {

struct FaultPlan {
  // Each in [0, 1]: the chance that a chunk forwarded in either direction meets the fault.
  double delay = 0;  // held back 1..delay_max_ms before forwarding
  int delay_max_ms = 200;
  double cut = 0;         // both sockets closed at once (a pulled cable)
  double half_close = 0;  // the way to the receiver is shut for writing; the other way stays up
  double stall = 0;       // nothing more is forwarded either way, the sockets stay open
  double corrupt = 0;     // one random byte of the chunk flipped
};

struct FaultCounts {
  long connections = 0;
  long chunks = 0;
  long delayed = 0;
  long cut = 0;
  long half_closed = 0;
  long stalled = 0;
  long corrupted = 0;
  long total() const { return delayed + cut + half_closed + stalled + corrupted; }
};

class FaultProxy {
 public:
  FaultProxy(std::uint16_t upstream_port, FaultPlan plan, std::uint32_t seed = 1);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const;
  void set_plan(FaultPlan plan);  // takes effect for the next chunk
  FaultCounts counts() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::test
