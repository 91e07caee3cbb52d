// The representative's console window end to end: the real bbzhm-proctor on Xvfb (software
// OpenGL) against the real server and real headless stations, driven with real X input from
// xdotool as a representative would: sign in, identify and admit at the door, start, watch the
// live grid, record an Annex 1 act, end the sitting. Screenshots of each screen in Kazakh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/school.hpp"
#include "tests/support/xserver.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path kScreenshots = BBZHM_SCREENSHOTS_DIR;

// The console process and its trace (BBZHM_CONSOLE_TRACE): screens, replies, the room.
class ConsoleWindow {
 public:
  ConsoleWindow(const School& school, const fs::path& dir, const XServer& x,
                const std::string& lang = "kk")
      : trace_(school.dir / "console.log") {
    EXPECT_TRUE(x.ok()) << "no X server";
    auto env = x.env();
    env["BBZHM_LANG"] = lang;
    env["BBZHM_CONSOLE_TRACE"] = "1";
    env["BBZHM_SCREENSHOT_DIR"] = kScreenshots.string();
    child.emplace(std::vector<std::string>{BBZHM_PROCTOR_BIN, "--dir", dir.string()}, trace_.log(),
                  env);
  }

  // The next trace line (after those already taken) that starts with `prefix`.
  std::string next(const std::string& prefix, std::chrono::milliseconds timeout = 30s) {
    std::string line = trace_.next(prefix, timeout);
    if (line.empty())
      ADD_FAILURE() << "no trace line '" << prefix << "' in:\n" << read_file(trace_.log());
    return line;
  }

  // Waits for a "room" line whose `field` is at least `value`.
  std::string room_with(const std::string& field, int value,
                        std::chrono::milliseconds timeout = 60s) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    const std::regex pattern(" " + field + "=([0-9]+)");
    while (std::chrono::steady_clock::now() < end) {
      const std::string line =
          next("room ", end - std::chrono::steady_clock::now() > 0s
                            ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                  end - std::chrono::steady_clock::now())
                            : 1ms);
      std::smatch m;
      if (std::regex_search(line, m, pattern) && std::stoi(m[1]) >= value) return line;
      if (line.empty()) break;
    }
    ADD_FAILURE() << "no room line with " << field << " >= " << value;
    return {};
  }

  std::optional<Child> child;

 private:
  Trace trace_;
};

class ConsoleWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto added =
        school.server_command({"add-representative", "--login", "rep1", "--full-name",
                               "Сейітқали Мәдина Ержанқызы", "--password", "proctor-pass-1"});
    ASSERT_EQ(added.status, 0) << added.err;
    school.serve();
    // Paired as the technician does it, with the console's own program.
    dir = school.dir / "console";
    const std::string key = school.server_command({"show-key"}).out.substr(0, 64);
    auto paired = run({BBZHM_PROCTOR_BIN, "pair", "--dir", dir.string(), "--server",
                       "127.0.0.1:" + std::to_string(school.port), "--server-key", key});
    ASSERT_EQ(paired.status, 0) << paired.err;
    std::string out = paired.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    auto registered = school.server_command({"add-station", "--name", "console-1", "--role",
                                             "console", "--key", out.substr(out.rfind('\n') + 1)});
    ASSERT_EQ(registered.status, 0) << registered.err;
  }

  void sign_in(ConsoleWindow& c) {
    c.next("screen=sign-in");
    c.next("screenshot=");  // the window has settled and the login field has the keyboard
    x.type("rep1");
    x.key("Return");
    x.type("proctor-pass-1");
    x.key("Return");
    ASSERT_EQ(c.next("sign_in="), "sign_in=rep1");
    c.next("screen=sittings");
    x.key("Return");  // the first prepared sitting
    c.next("watch=1");
  }

  void run_in(const std::string& lang);

  School school;
  fs::path dir;
  XServer x;
};

TEST_F(ConsoleWindowTest, RepresentativeAdmitsStartsWatchesRecordsAnAct1AndEnds) {
  ConsoleWindow c(school, dir, x);
  sign_in(c);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_NE(c.next("screen=readiness").find("lang=kk"), std::string::npos);
  c.next("screenshot=");

  // p.19: identification at the door, by the personal code typed as a scanner types it.
  const Slip& slip = school.slips[0];
  ASSERT_EQ(slip.seat, 1);
  x.key("F2");
  c.next("screen=identification");
  x.type(slip.personal_code);
  x.key("Return");
  EXPECT_NE(c.next("reply kind=identify")
                .find("ok=1 value=0 message=" + slip.full_name + "|9А|registered"),
            std::string::npos);
  x.key("F9");
  EXPECT_NE(c.next("reply kind=admit").find("ok=1"), std::string::npos);
  ASSERT_EQ(school.query("SELECT status FROM participants WHERE seat = 1"), "admitted\n");
  // The same sheet again, and a code that is nobody's: both refused loudly.
  x.type(slip.personal_code);
  x.key("Return");
  EXPECT_NE(c.next("reply kind=identify").find("|admitted"), std::string::npos);
  x.key("F9");  // no Admit button for a student already in: nothing is sent
  x.type("9999999");
  x.key("Return");
  EXPECT_NE(c.next("reply kind=identify").find("ok=0"), std::string::npos);
  x.key("F12");
  EXPECT_NE(c.next("screenshot=").find("proctor-identification-kk.png"), std::string::npos);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participants WHERE status = 'admitted'"), "1\n");

  // Start; the grid follows a real station's progress.
  x.key("F3");
  c.next("screen=start");
  x.key("F9");
  x.key("Return");
  ASSERT_NE(c.next("reply kind=start_sitting").find("ok=1"), std::string::npos);
  c.next("screen=grid");
  auto args = school.station_args(school.pair_station("S01"), slip);
  args.insert(args.end(), {"--delay-ms", "300"});
  Child station(args, school.dir / "station.log");
  c.room_with("answered", 3);
  x.key("F12");
  EXPECT_NE(c.next("screenshot=").find("proctor-grid-kk.png"), std::string::npos);

  // p.20: the Annex 1 act for the selected seat (the first), typed and confirmed.
  x.key("F9");
  c.next("screen=act");
  c.next("screenshot=");        // settled: the first item's field has the keyboard
  x.type("ұялы телефон", 250);  // letters outside the keymap (see XServer::type)
  x.key("Tab");
  x.type("Samsung A15");
  x.key("F12");
  EXPECT_NE(c.next("screenshot=").find("proctor-act-kk.png"), std::string::npos);
  x.key("F9");
  x.key("Return");
  const std::string act = c.next("reply kind=record_act");
  ASSERT_NE(act.find("ok=1 value=1"), std::string::npos) << act;
  c.next("screen=grid");
  // The act is printed at once in Kazakh and Russian, from the server's forms.
  EXPECT_NE(c.next("printed ").find("ok=1"), std::string::npos);
  EXPECT_NE(c.next("printed ").find("ok=1"), std::string::npos);
  int acts_printed = 0;
  for (const auto& e : fs::directory_iterator(dir / "printed"))
    acts_printed += e.path().filename().string().starts_with("act-1-1-") &&
                    e.path().extension() == ".pdf" && fs::file_size(e.path()) > 1000;
  EXPECT_EQ(acts_printed, 2);
  EXPECT_EQ(school.query("SELECT number, kind, seat FROM acts"), "1|confiscation|1\n");
  const std::string details = school.query("SELECT details FROM acts");
  EXPECT_NE(details.find("ұялы телефон"), std::string::npos) << details;
  EXPECT_NE(details.find("Samsung A15"), std::string::npos) << details;
  EXPECT_NE(details.find("Сейітқали Мәдина Ержанқызы"), std::string::npos) << details;
  EXPECT_EQ(school.query("SELECT status FROM participants WHERE seat = 1"), "annulled\n");
  EXPECT_EQ(station.wait(), 0) << read_file(station.log());

  // The end of the sitting, and the results screen.
  x.key("F8");
  x.key("Return");
  EXPECT_NE(c.next("reply kind=end_sitting").find("ok=1"), std::string::npos);
  c.next("screen=results");
  EXPECT_NE(c.next("screenshot=").find("proctor-results-kk.png"), std::string::npos);
  EXPECT_EQ(school.query("SELECT state FROM sittings"), "ended\n");
  for (const char* screen : {"readiness", "identification", "grid", "act", "results"})
    EXPECT_TRUE(fs::exists(kScreenshots / (std::string("proctor-") + screen + "-kk.png")))
        << screen;
  EXPECT_EQ(school.server_command({"verify-journal"}).status, 0);
}

// The same console in Russian or English: readiness, a p.12 absence, an Annex 2 act at the door
// (printed at once), a student who finishes, and the results with scores. Screenshots per language.
void ConsoleWindowTest::run_in(const std::string& lang) {
  ConsoleWindow c(school, dir, x, lang);
  sign_in(c);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_NE(c.next("screen=readiness").find("lang=" + lang), std::string::npos);
  EXPECT_NE(c.next("screenshot=").find("proctor-readiness-" + lang + ".png"), std::string::npos);

  x.key("F2");
  c.next("screen=identification");
  EXPECT_NE(c.next("screenshot=").find("proctor-identification-" + lang + ".png"),
            std::string::npos);
  const Slip& away = school.slips[1];
  x.type(away.personal_code);
  x.key("Return");
  c.next("reply kind=identify");
  x.key("F10");  // absent, with the first reason of p.12
  EXPECT_NE(c.next("reply kind=mark_absent").find("ok=1"), std::string::npos);
  EXPECT_EQ(
      school.query("SELECT status, absence_reason IS NOT NULL FROM participants WHERE seat = " +
                   std::to_string(away.seat)),
      "absent|1\n");

  const Slip& sheet = school.slips[2];  // somebody else came with this sheet (p.21)
  x.type(sheet.personal_code);
  x.key("Return");
  c.next("reply kind=identify");
  x.key("F11");
  c.next("screen=act");
  EXPECT_NE(c.next("screenshot=").find("proctor-act-impostor-" + lang + ".png"), std::string::npos);
  x.type("Belgisiz Adam");
  x.key("F9");
  x.key("Return");
  const std::string act = c.next("reply kind=record_act");
  ASSERT_NE(act.find("ok=1 value=1"), std::string::npos) << act;
  EXPECT_EQ(school.query("SELECT kind, seat FROM acts"),
            "impostor|" + std::to_string(sheet.seat) + "\n");
  EXPECT_NE(c.next("printed ").find("ok=1"), std::string::npos);
  EXPECT_NE(c.next("printed ").find("ok=1"), std::string::npos);

  const Slip& slip = school.slips[0];
  x.type(slip.personal_code);
  x.key("Return");
  c.next("reply kind=identify");
  x.key("F9");
  EXPECT_NE(c.next("reply kind=admit").find("ok=1"), std::string::npos);
  x.key("F3");
  c.next("screen=start");
  x.key("F9");
  x.key("Return");
  ASSERT_NE(c.next("reply kind=start_sitting").find("ok=1"), std::string::npos);
  c.next("screen=grid");
  EXPECT_EQ(run(school.station_args(school.pair_station("S01"), slip)).status, 0);
  c.room_with("finished", 1);
  x.key("F8");
  x.key("Return");
  EXPECT_NE(c.next("reply kind=end_sitting").find("ok=1"), std::string::npos);
  c.next("screen=results");
  EXPECT_NE(c.next("screenshot=").find("proctor-results-" + lang + ".png"), std::string::npos);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM results"), "3\n");  // scores the grid shows
}

TEST_F(ConsoleWindowTest, InRussianAbsenceAnnex2AndResultsWithScores) {
  run_in("ru");
}

TEST_F(ConsoleWindowTest, InEnglishAbsenceAnnex2AndResultsWithScores) {
  run_in("en");
}

}  // namespace
}  // namespace bbzhm::test
