// Crash storm: stations saving answers while the server is killed with SIGKILL at random moments
// again and again; a real station is killed mid-test and its student moves to another station.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "tests/reliability/fleet.hpp"
#include "tests/reliability/profile.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {
using namespace std::chrono_literals;

std::vector<std::string> headless(const School& school, const std::filesystem::path& dir,
                                  const Slip& slip, int delay_ms) {
  auto args = school.station_args(dir, slip);
  args.back() = "900";  // --timeout: the long profile kills the server 50 times
  args.insert(args.end(), {"--delay-ms", std::to_string(delay_ms)});
  return args;
}

TEST(CrashStorm, EveryAcknowledgedAnswerSurvivesRepeatedKill9OfTheServerExactlyOnce) {
  const int kills = by_profile(8, 50);
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto db = school.data / "school.db";

  // Two real station processes: one sits through everything, one dies mid-test and its student
  // continues on a third station.
  Child steady(headless(school, school.pair_station("R1"), school.slips[0], 150),
               school.dir / "steady.log");
  std::optional<Child> moving;
  moving.emplace(headless(school, school.pair_station("R2"), school.slips[1], 150),
                 school.dir / "moving-1.log");
  const auto moved_to = school.pair_station("R3");

  const std::size_t simulated = static_cast<std::size_t>(by_profile(12, 22));
  Fleet fleet(school, school.port, 2, simulated, {.pause = 15ms, .reply_timeout = 3000ms});

  std::mt19937 random(7);
  long checked_lost = 0, checked_wrong = 0;
  int restarts = 0;
  for (int k = 0; k < kills; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 700));
    school.kill_server();
    // Whatever any station saw acknowledged is on disk now, with the server dead.
    const Problems now = fleet.check(db);
    checked_lost += now.lost;
    checked_wrong += now.wrong;
    for (const auto& d : now.details) ADD_FAILURE() << "after kill " << k + 1 << ": " << d;
    if (k == kills / 2) {
      moving->signal(SIGKILL);
      moving->wait();
      moving.emplace(headless(school, moved_to, school.slips[1], 20), school.dir / "moving-2.log");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
    school.serve();
    ++restarts;
  }
  fleet.wrap_up();
  ASSERT_TRUE(fleet.wait_done(std::chrono::seconds(by_profile(90, 300))));
  EXPECT_EQ(steady.wait(), 0) << read_file(steady.log());
  EXPECT_EQ(moving->wait(), 0) << read_file(moving->log());

  const FleetFigures f = fleet.figures();
  const Problems end = fleet.check(db);
  for (const auto& d : end.details) ADD_FAILURE() << "at the end: " << d;
  for (const auto& e : f.errors) ADD_FAILURE() << e;
  EXPECT_EQ(end.lost + checked_lost, 0);
  EXPECT_EQ(end.wrong + checked_wrong, 0);
  EXPECT_EQ(end.duplicated, 0);
  EXPECT_EQ(f.finished, static_cast<int>(simulated));
  // Everyone who sat is finished; the two real stations' students have all 24 answers.
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participants WHERE status = 'finished'"),
            std::to_string(simulated + 2) + "\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers WHERE participant_id IN (SELECT id FROM "
                         "participants WHERE login IN ('" +
                         school.slips[0].login + "','" + school.slips[1].login + "'))"),
            "48\n");
  school.stop_server();
  EXPECT_EQ(school.server_command({"verify-journal"}).status, 0);

  report_figures("crash", "faults_injected=" + std::to_string(restarts + 1) +
                              " acked_saves=" + std::to_string(f.acked) +
                              " lost=" + std::to_string(end.lost + checked_lost) +
                              " duplicated=" + std::to_string(end.duplicated) +
                              " wrong=" + std::to_string(end.wrong + checked_wrong) +
                              " restarts=" + std::to_string(restarts) +
                              " reconnects=" + std::to_string(f.reconnects));
}

}  // namespace
}  // namespace bbzhm::test
