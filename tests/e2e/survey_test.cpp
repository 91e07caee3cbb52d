// p.25: the anonymous survey end to end — scripted stations and the station library against the
// real server, then school.db read directly: stored, unlinked, once per student, and queued
// across a station restart.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "station/client.hpp"
#include "station/headless.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Waits (bounded) until the client's snapshot satisfies `done`.
template <class Pred>
station::Snapshot wait_for(station::StationClient& client, Pred done) {
  station::Snapshot s = client.snapshot();
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (!done(s) && std::chrono::steady_clock::now() < until)
    s = client.wait_for_change(s.version, 200ms);
  return s;
}

// A student of the school sits the test in this process (the station library, not a process) and
// stays on the results screen, with the survey ticket the server sent.
std::unique_ptr<station::StationClient> finish_in_process(const School& school, const fs::path& dir,
                                                          const Slip& slip) {
  auto config = station::load_config(dir);
  EXPECT_TRUE(config.has_value());
  auto client = station::StationClient::start(std::move(*config));
  EXPECT_TRUE(client.has_value());
  station::Script script;
  script.login = slip.login;
  script.password = slip.password;
  script.forms_dir = source_path("item_bank/samples");
  script.timeout = 60s;
  auto outcome = station::run_script(**client, script);
  EXPECT_TRUE(outcome.has_value()) << (outcome ? "" : outcome.error().what);
  (void)school;
  return std::move(*client);
}

TEST(Survey, StudentsSurveysAreStoredUnlinkedOncePerStudent) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const std::vector<std::string> answers = {"1,2,3,1", "3,3,1,2"};
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto dir = school.pair_station("S" + std::to_string(i + 1));
    auto args = school.station_args(dir, school.slips[i]);
    args.insert(args.end(), {"--survey", answers[i]});
    const auto out = run(args);
    ASSERT_EQ(out.status, 0) << out.err;
    EXPECT_NE(out.out.find("survey delivered"), std::string::npos) << out.out;
  }
  // The same student again (a new login after finishing, on another station): the survey is not
  // stored a second time.
  const auto again_dir = school.pair_station("S9");
  auto again = school.station_args(again_dir, school.slips[0]);
  again.insert(again.end(), {"--survey", "2,2,2,2"});
  const auto second = run(again);
  ASSERT_EQ(second.status, 0) << second.err;

  EXPECT_EQ(school.query("SELECT COUNT(*) FROM surveys"), "2\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM survey_taken"), "2\n");
  const auto stored = school.query("SELECT answers FROM surveys ORDER BY answers");
  EXPECT_EQ(stored, "1,2,3,1\n3,3,1,2\n");

  // No column that could lead back to a student, a seat, a login, a station or a moment.
  const auto columns = lines(school.query("SELECT name FROM pragma_table_info('surveys')"));
  EXPECT_EQ(std::set<std::string>(columns.begin(), columns.end()),
            (std::set<std::string>{"id", "sitting_id", "kind", "grade", "language", "subjects",
                                   "day", "answers"}));
  for (const auto& c : columns)
    for (const char* linking : {"participant", "student", "seat", "login", "station", "personal",
                                "iin", "_at", "time", "seq"})
      EXPECT_EQ(c.find(linking), std::string::npos) << c;
  // survey_taken knows who answered, and nothing of what: it has no column towards the rows.
  EXPECT_EQ(school.query("SELECT name FROM pragma_table_info('survey_taken')"), "participant_id\n");

  // Order: no hidden rowid counts arrivals, and rows come back in the order of their random ids.
  const auto rowid =
      run({"/usr/bin/sqlite3", (school.data / "school.db").string(), "SELECT rowid FROM surveys"});
  EXPECT_NE(rowid.status, 0) << "surveys has a rowid: " << rowid.out;
  EXPECT_EQ(school.query("SELECT hex(id) FROM surveys"),
            school.query("SELECT hex(id) FROM surveys ORDER BY id"));
  // The two rows differ only in their answers (and random ids): same sitting-level facts, so
  // nothing but the answers tells two students' rows apart.
  const auto facts =
      lines(school.query("SELECT DISTINCT sitting_id, kind, grade, subjects, day FROM surveys"));
  EXPECT_EQ(facts.size(), 1u) << school.query("SELECT * FROM surveys");
  EXPECT_EQ(school.query("SELECT COUNT(DISTINCT length(id)) || ',' || MIN(length(id)) FROM "
                         "surveys"),
            "1,16\n");
  school.stop_server();
}

TEST(Survey, QueuedStudentSurveyReachesTheServerOnceAfterAStationRestart) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto dir = school.pair_station("S1");
  {
    auto client = finish_in_process(school, dir, school.slips[2]);
    const auto s = client->snapshot();
    ASSERT_TRUE(s.results.has_value());
    ASSERT_FALSE(s.results->survey_ticket.empty());
    school.stop_server();  // the link goes down before the student answers the survey
    wait_for(*client, [](const station::Snapshot& x) { return x.link != station::Link::online; });
    client->send_survey(protocol::SurveyKind::student, {2, 1, 1, 3}, Language::ru);
    const auto queued =
        wait_for(*client, [](const station::Snapshot& x) { return x.surveys_pending == 1; });
    EXPECT_EQ(queued.surveys_pending, 1u);
  }  // the station stops (restart) with the survey in its journal only
  EXPECT_GT(fs::file_size(dir / station::kJournalFile), 0u);
  // A clone of the station folder holds the same journal: it plays the resend whose
  // acknowledgement was lost.
  const fs::path clone = school.dir / "S1-clone";
  fs::copy(dir, clone, fs::copy_options::recursive);

  school.serve();
  for (const fs::path& d : {dir, clone}) {
    auto config = station::load_config(d);
    ASSERT_TRUE(config.has_value());
    auto client = station::StationClient::start(std::move(*config));
    ASSERT_TRUE(client.has_value());
    const auto s = wait_for(**client, [](const station::Snapshot& x) {
      return x.surveys_answered == 1 && x.surveys_pending == 0;
    });
    EXPECT_EQ(s.surveys_answered, 1u) << s.last_error;
    EXPECT_EQ(s.surveys_pending, 0u);
  }
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM surveys"), "1\n");
  EXPECT_EQ(school.query("SELECT answers FROM surveys"), "2,1,1,3\n");
  EXPECT_EQ(fs::file_size(dir / station::kJournalFile), 0u);
  school.stop_server();
}

TEST(Survey, TeachersSurveyNeedsNoLoginAndIsRateLimitedPerConnection) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto dir = school.pair_station("S1");
  const auto out = run(
      {BBZHM_STATION_BIN, "--headless", "--dir", dir.string(), "--teacher-survey", "1,1,2,3,1"});
  ASSERT_EQ(out.status, 0) << out.err;
  EXPECT_NE(out.out.find("teacher survey delivered"), std::string::npos);

  // Two at once on one connection: the second waits for the rate limit, then is stored too.
  auto config = station::load_config(dir);
  ASSERT_TRUE(config.has_value());
  config->stay_connected = true;
  auto client = station::StationClient::start(std::move(*config));
  ASSERT_TRUE(client.has_value());
  (*client)->send_survey(protocol::SurveyKind::teacher, {1, 2, 3, 1, 2}, Language::kk);
  (*client)->send_survey(protocol::SurveyKind::teacher, {3, 3, 3, 3, 3}, Language::kk);
  const auto s = wait_for(**client, [](const station::Snapshot& x) {
    return x.surveys_answered == 2 && x.surveys_pending == 0;
  });
  EXPECT_EQ(s.surveys_answered, 2u);
  // A wrong count of answers is refused by the server, not stored.
  (*client)->send_survey(protocol::SurveyKind::teacher, {1, 2}, Language::kk);
  wait_for(**client, [](const station::Snapshot& x) { return x.surveys_answered == 3; });

  EXPECT_EQ(school.query("SELECT COUNT(*) FROM surveys WHERE kind = 'teacher'"), "3\n");
  EXPECT_EQ(school.query("SELECT DISTINCT sitting_id, grade FROM surveys"), "1|9\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM survey_tokens"), "3\n");
  school.stop_server();
}

}  // namespace
}  // namespace bbzhm::test
