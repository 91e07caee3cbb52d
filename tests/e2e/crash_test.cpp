// Nothing lost: kill -9 of the server mid-test, and of a station, on real processes.
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

TEST(Crash, AcknowledgedAnswersSurviveKill9OfTheServerAndTheStationResendsTheRest) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  // First: answers the station saw acknowledged are in the database after the kill.
  auto part = school.station_args(school.pair_station("S01"), school.slips[0]);
  part.insert(part.end(), {"--max-answers", "10", "--no-finish"});
  auto acked = run(part);
  ASSERT_EQ(acked.status, 0) << acked.err;
  school.kill_server();
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "10\n");

  // Then: a station saving steadily while the server is killed twice and restarted.
  school.serve();
  auto args = school.station_args(school.pair_station("S02"), school.slips[1]);
  args.insert(args.end(), {"--delay-ms", "50"});
  Child station(args, school.dir / "station.log");
  for (int i = 0; i < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    school.kill_server();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    school.serve();
  }
  EXPECT_EQ(station.wait(), 0) << read_file(station.log());
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers WHERE participant_id = 2"), "24\n");
  EXPECT_EQ(school.query("SELECT status FROM participants WHERE id = 2"), "finished\n");
  EXPECT_EQ(school.server_command({"verify-journal"}).status, 0);
}

TEST(Crash, KilledStationResendsItsUnacknowledgedAnswersAfterRestart) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto dir = school.pair_station("S01");
  auto args = school.station_args(dir, school.slips[0]);
  args.insert(args.end(), {"--delay-ms", "40", "--no-finish"});
  {
    Child station(args, school.dir / "station-1.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    school.stop_server();  // answers given now queue on the station, unacknowledged
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    station.signal(SIGKILL);
    station.wait();
  }
  school.serve();
  auto resumed = run(school.station_args(dir, school.slips[0]));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "24\n");
}

// Issue 11, "station crash and move": the station dies mid-test (kill -9, nothing flushed), the
// student logs in on another station and continues with every saved answer and the same deadline.
TEST(Crash, KilledStationsStudentContinuesOnAnotherStation) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const Slip& slip = school.slips[0];
  const std::string deadline_sql =
      "SELECT deadline FROM participants WHERE login = '" + slip.login + "'";
  auto args = school.station_args(school.pair_station("S01"), slip);
  args.insert(args.end(), {"--delay-ms", "60", "--no-finish"});
  std::string deadline_before;
  {
    Child station(args, school.dir / "station-1.log");
    // Killed once a few answers are saved (a slow start under ASan must not leave none).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::stoll(school.query("SELECT COUNT(*) FROM answers")) < 3 &&
           std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    station.signal(SIGKILL);
    station.wait();
    deadline_before = school.query(deadline_sql);
  }
  const long long saved = std::stoll(school.query("SELECT COUNT(*) FROM answers"));
  EXPECT_GT(saved, 0);
  EXPECT_LT(saved, 24);
  auto moved = run(school.station_args(school.pair_station("S02"), slip));
  ASSERT_EQ(moved.status, 0) << moved.err;
  EXPECT_NE(moved.out.find("resumed=" + std::to_string(saved)), std::string::npos) << moved.out;
  EXPECT_EQ(school.query(deadline_sql), deadline_before);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "24\n");
}

}  // namespace
}  // namespace bbzhm::test
