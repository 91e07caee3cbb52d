// A whole sitting on real processes: the server, one scripted station process per student over
// loopback sockets, and the results table — the demo's flow as a test.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "tests/support/relay.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

int count_lines(const std::string& s, const std::string& needle) {
  int n = 0;
  for (std::size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

TEST(Sitting, WholeClassSitsConcurrentlyAndGetsScoredResults) {
  School school;
  const std::size_t absent = 2;
  for (std::size_t i = 0; i < school.slips.size(); ++i) {
    std::vector<std::string> args = {"check-in", "--sitting", "1", "--code",
                                     school.slips[i].personal_code};
    if (i < absent) args.insert(args.end(), {"--absent", i == 0 ? "illness" : "competition"});
    ASSERT_EQ(school.server_command(args).status, 0);
  }
  school.start_sitting();
  school.serve();
  std::vector<Child> stations;
  for (std::size_t i = absent; i < school.slips.size(); ++i) {
    const auto dir = school.pair_station("S" + std::to_string(i + 1));
    auto args = school.station_args(dir, school.slips[i]);
    args.insert(args.end(),
                {"--ability", std::to_string(0.2 + 0.7 * static_cast<double>(i % 5) / 4), "--seed",
                 std::to_string(i)});
    stations.emplace_back(args, school.dir / ("station-" + std::to_string(i) + ".log"));
  }
  for (auto& s : stations) EXPECT_EQ(s.wait(), 0) << read_file(s.log());
  for (auto& s : stations) EXPECT_NE(read_file(s.log()).find("receipt="), std::string::npos);

  const auto table = school.server_command({"results", "--sitting", "1"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(count_lines(table.out, "finished"), static_cast<int>(school.slips.size() - absent))
      << table.out;
  EXPECT_EQ(count_lines(table.out, "absent: ill"), 1) << table.out;
  EXPECT_EQ(count_lines(table.out, "absent: at a competition"), 1) << table.out;
  EXPECT_NE(table.out.find("/10 "), std::string::npos);
  // Every student answered all 24 items, and the levels vary with the simulated abilities.
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers").substr(0, 3),
            std::to_string(24 * (school.slips.size() - absent)));
  const auto levels = school.query("SELECT COUNT(DISTINCT level) FROM results");
  EXPECT_GE(std::stoi(levels), 2);
  const auto journal = school.server_command({"verify-journal"});
  EXPECT_EQ(journal.status, 0) << journal.err;
  school.stop_server();
}

TEST(Sitting, NothingReadableCrossesTheWire) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  Relay relay(school.port);
  const auto dir = school.pair_station("S01", relay.port());
  const Slip& slip = school.slips[3];
  auto out = run(school.station_args(dir, slip));
  ASSERT_EQ(out.status, 0) << out.err;
  const std::string wire = relay.captured();
  ASSERT_GT(wire.size(), 5000u);
  std::vector<std::string> secrets = {slip.login, slip.password, slip.personal_code,
                                      slip.full_name};
  const std::string iin = school.query("SELECT iin FROM students LIMIT 1");
  secrets.push_back(iin.substr(0, 12));
  for (const char* stem : {"Aksu", "Ақсу", "Аксу"}) secrets.push_back(stem);
  for (const auto& a : school.answers())
    if (a.response.size() > 3) secrets.push_back(a.response);
  for (const auto& s : secrets)
    EXPECT_EQ(wire.find(s), std::string::npos) << "plaintext on the wire: " << s;
}

TEST(Sitting, StudentMovesToAnotherStationWithAnswersAndTimeLeft) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const Slip& slip = school.slips[0];
  auto first = school.station_args(school.pair_station("S01"), slip);
  first.insert(first.end(), {"--max-answers", "7", "--no-finish"});
  auto a = run(first);
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("answered=7 resumed=0"), std::string::npos) << a.out;
  const auto deadline_before =
      school.query("SELECT deadline FROM participants WHERE login = '" + slip.login + "'");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto b = run(school.station_args(school.pair_station("S02"), slip));
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_NE(b.out.find("answered=17 resumed=7"), std::string::npos) << b.out;
  EXPECT_EQ(school.query("SELECT deadline FROM participants WHERE login = '" + slip.login + "'"),
            deadline_before);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "24\n");
}

TEST(Sitting, PulledCableLosesNothing) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  Relay relay(school.port);
  auto args = school.station_args(school.pair_station("S01", relay.port()), school.slips[0]);
  args.insert(args.end(), {"--delay-ms", "60"});
  Child station(args, school.dir / "station.log");
  for (int cut = 0; cut < 3; ++cut) {
    std::this_thread::sleep_for(std::chrono::milliseconds(350));
    relay.cut_all();
  }
  EXPECT_EQ(station.wait(), 0) << read_file(station.log());
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "24\n");
  EXPECT_EQ(school.query("SELECT status FROM participants WHERE seat = 1"), "finished\n");
}

TEST(Sitting, WrongPasswordIsRefusedAndRepeatedGuessingIsSlowedDown) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto dir = school.pair_station("S01");
  Slip wrong = school.slips[0];
  wrong.password = "wrongpass";
  std::string last;
  for (int i = 0; i < 6; ++i) {
    auto out = run(school.station_args(dir, wrong));
    EXPECT_EQ(out.status, 3);
    last = out.err;
  }
  EXPECT_NE(last.find("too many attempts"), std::string::npos) << last;
  // The right password is refused too while the login is blocked.
  auto right = run(school.station_args(dir, school.slips[0]));
  EXPECT_NE(right.err.find("too many attempts"), std::string::npos) << right.err;
}

}  // namespace
}  // namespace bbzhm::test
