// Network faults: every station talks to the server through a proxy that delays, cuts,
// half-closes, stalls and corrupts; the stations recover by themselves and nothing is lost or
// altered.
#include <gtest/gtest.h>

#include <thread>

#include "tests/reliability/fleet.hpp"
#include "tests/reliability/profile.hpp"
#include "tests/support/fault_proxy.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {
using namespace std::chrono_literals;

TEST(NetworkFaults, StationsRecoverFromDelaysCutsHalfClosesStallsAndCorruptionLosingNothing) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const FaultPlan faults{.delay = 0.05,
                         .delay_max_ms = 150,
                         .cut = 0.004,
                         .half_close = 0.003,
                         .stall = 0.003,
                         .corrupt = 0.006};
  FaultProxy proxy(school.port, faults, 11);

  // A real station process through the proxy too.
  auto args = school.station_args(school.pair_station("R1", proxy.port()), school.slips[0]);
  args.back() = "300";
  args.insert(args.end(), {"--delay-ms", "80"});
  Child real(args, school.dir / "real.log");

  Fleet fleet(school, proxy.port(), 1, static_cast<std::size_t>(by_profile(8, 20)),
              {.pause = 10ms, .reply_timeout = 1500ms});
  std::this_thread::sleep_for(std::chrono::seconds(by_profile(8, 90)));
  proxy.set_plan({});  // the network heals; everything queued must arrive
  fleet.wrap_up();
  ASSERT_TRUE(fleet.wait_done(std::chrono::seconds(120)));
  EXPECT_EQ(real.wait(), 0) << read_file(real.log());

  const FaultCounts c = proxy.counts();
  const FleetFigures f = fleet.figures();
  const Problems p = fleet.check(school.data / "school.db");
  for (const auto& d : p.details) ADD_FAILURE() << d;
  for (const auto& e : f.errors) ADD_FAILURE() << e;
  EXPECT_EQ(p.lost, 0);
  EXPECT_EQ(p.wrong, 0);
  EXPECT_EQ(p.duplicated, 0);
  EXPECT_EQ(f.finished, by_profile(8, 20));
  // Faults of every kind really happened, and the stations had to reconnect because of them.
  EXPECT_GT(c.cut, 0);
  EXPECT_GT(c.corrupted, 0);
  EXPECT_GT(c.stalled + c.half_closed, 0);
  EXPECT_GT(f.reconnects, 0);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers WHERE participant_id = (SELECT id FROM "
                         "participants WHERE login = '" +
                         school.slips[0].login + "')"),
            "24\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participants WHERE status = 'finished'"),
            std::to_string(by_profile(8, 20) + 1) + "\n");
  report_figures(
      "network",
      "faults_injected=" + std::to_string(c.total()) + " acked_saves=" + std::to_string(f.acked) +
          " lost=" + std::to_string(p.lost) + " duplicated=" + std::to_string(p.duplicated) +
          " wrong=" + std::to_string(p.wrong) + " cuts=" + std::to_string(c.cut) +
          " half_closes=" + std::to_string(c.half_closed) + " stalls=" + std::to_string(c.stalled) +
          " corrupted=" + std::to_string(c.corrupted) + " delayed=" + std::to_string(c.delayed) +
          " reconnects=" + std::to_string(f.reconnects));
}

}  // namespace
}  // namespace bbzhm::test
