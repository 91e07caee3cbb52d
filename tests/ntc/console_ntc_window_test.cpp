// The console's last three screens drawn for real (issue 6): the seating plan, the NTC upload and
// the NTC's report. The real bbzhm-proctor on Xvfb (software OpenGL), driven with xdotool, against
// the real school server, real headless stations and a real `bbzhm-ntc serve` over HTTPS on
// loopback; the report is the one `bbzhm-ntc report` makes from the bundle the school sent.
// Screenshots in Kazakh: build/screenshots/proctor-{seating,upload,report}-kk.png.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stb_image.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <regex>

#include "tests/ntc/ntc_world.hpp"
#include "tests/support/xserver.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path kScreenshots = BBZHM_SCREENSHOTS_DIR;
constexpr const char* kRepresentative = "Сейітқали Мәдина Ержанқызы";
constexpr int kSeated = 4;  // the students of the plan; the others of 9А are absent (p.12)

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The console process and its trace (BBZHM_CONSOLE_TRACE).
class ConsoleWindow {
 public:
  ConsoleWindow(const fs::path& dir, const fs::path& log, const XServer& x) : trace_(log) {
    EXPECT_TRUE(x.ok()) << "no X server";
    auto env = x.env();
    env["BBZHM_LANG"] = "kk";
    env["BBZHM_CONSOLE_TRACE"] = "1";
    env["BBZHM_SCREENSHOT_DIR"] = kScreenshots.string();
    child.emplace(std::vector<std::string>{BBZHM_PROCTOR_BIN, "--dir", dir.string()}, log, env);
  }

  // The next trace line (after those already taken) that starts with `prefix`.
  std::string next(const std::string& prefix, std::chrono::milliseconds timeout = 30s) {
    std::string line = trace_.next(prefix, timeout);
    if (line.empty())
      ADD_FAILURE() << "no trace line '" << prefix << "' in:\n" << read_file(trace_.log());
    return line;
  }

  // The next trace line that starts with `prefix` and holds `part`.
  std::string next_with(const std::string& prefix, const std::string& part,
                        std::chrono::milliseconds timeout = 60s) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (auto now = std::chrono::steady_clock::now(); now < end;
         now = std::chrono::steady_clock::now()) {
      const std::string line =
          trace_.next(prefix, std::chrono::duration_cast<std::chrono::milliseconds>(end - now));
      if (has(line, part)) return line;
      if (line.empty()) break;
    }
    ADD_FAILURE() << "no trace line '" << prefix << "...' with '" << part << "' in:\n"
                  << read_file(trace_.log());
    return {};
  }

  // F12: this screen as it is now; the path of the picture.
  fs::path screenshot(const XServer& x) {
    x.key("F12");
    const std::string line = next("screenshot=");
    return line.empty() ? fs::path() : fs::path(line.substr(line.find('=') + 1));
  }

  // The last trace line so far that starts with `prefix`.
  std::string last(const std::string& prefix) const { return trace_.last(prefix); }

  std::optional<Child> child;

 private:
  Trace trace_;
};

// An RGB picture read back from a screenshot.
struct Picture {
  int width = 0, height = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels{nullptr, stbi_image_free};
  const unsigned char* at(int x, int y) const {
    return pixels.get() + (static_cast<std::size_t>(y) * width + x) * 3;
  }
};

Picture read_png(const fs::path& png) {
  Picture p;
  int channels = 0;
  p.pixels.reset(stbi_load(png.c_str(), &p.width, &p.height, &channels, 3));
  return p;
}

class ConsoleNtcWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    // The school's own first sitting is not this one: the representative runs the package's.
    ASSERT_EQ(school.server_command({"cancel", "--sitting", "1"}).status, 0);
    slips = create_package_sitting(school);
    ASSERT_EQ(slips.size(), 24u);
    for (std::size_t i = kSeated; i < slips.size(); ++i) {
      auto absent = school.server_command(
          {"check-in", "--sitting", "2", "--code", slips[i].personal_code, "--absent", "illness"});
      ASSERT_EQ(absent.status, 0) << absent.err;
    }
    // The NTC, and the school that trusts it: its certificate, address and representatives
    // (p.17: the NTC's credential comes with the representative).
    ntc = make_ntc(school.dir / "ntc", "",
                   registry_csv(last_line(school.server_command({"show-key"}).out)));
    const auto list = school.dir / "reps.csv";
    std::ofstream(list) << "id,full_name,schools\nR1," << kRepresentative << ",010203\n";
    auto r = ntc.run({"import-representatives", "--campaign", "2027-04", "--out",
                      (school.dir / "creds").string(), list.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    r = school.server_command({"add-representative", "--login", "rep1", "--full-name",
                               kRepresentative, "--password", "proctor-pass-1", "--credential",
                               (school.dir / "creds" / "R1.credential").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::uint16_t ntc_port = free_port();
    r = school.server_command({"trust-ntc-cert", "--fingerprint", ntc.fingerprint, "--url",
                               "https://127.0.0.1:" + std::to_string(ntc_port)});
    ASSERT_EQ(r.status, 0) << r.err;
    ntc_server.emplace(std::vector<std::string>{BBZHM_NTC_BIN, "serve", "--data", ntc.data.string(),
                                                "--db", (ntc.data / "ntc.db").string(), "--listen",
                                                "127.0.0.1:" + std::to_string(ntc_port)},
                       school.dir / "ntc-serve.log");
    ASSERT_FALSE(ntc_server->wait_for_line("listening on", 20s).empty())
        << read_file(ntc_server->log());

    school.serve();
    ASSERT_FALSE(HasFatalFailure());
    // The lab: one station more than the students, S1..S5 in lab order.
    for (int i = 1; i <= kSeated + 1; ++i) school.pair_station("S" + std::to_string(i));
    // The console, paired as the technician does it, with the console's own program.
    console_dir = school.dir / "console";
    const std::string key = school.server_command({"show-key"}).out.substr(0, 64);
    auto paired = run({BBZHM_PROCTOR_BIN, "pair", "--dir", console_dir.string(), "--server",
                       "127.0.0.1:" + std::to_string(school.port), "--server-key", key});
    ASSERT_EQ(paired.status, 0) << paired.err;
    auto registered = school.server_command({"add-station", "--name", "console-1", "--role",
                                             "console", "--key", last_line(paired.out)});
    ASSERT_EQ(registered.status, 0) << registered.err;
  }

  // A real headless station on the package, as the student sits it.
  std::vector<std::string> station_args(const fs::path& station, const Slip& slip, int seed) {
    return {BBZHM_STATION_BIN, "--headless",
            "--dir",           station.string(),
            "--login",         slip.login,
            "--password",      slip.password,
            "--package",       package().file.string(),
            "--ntc-key",       package().public_hex,
            "--unlock-code",   package().unlock_code,
            "--ability",       "0.7",
            "--seed",          std::to_string(seed),
            "--timeout",       "60"};
  }

  School school;
  std::vector<Slip> slips;
  Ntc ntc;
  std::optional<Child> ntc_server;
  fs::path console_dir;
  XServer x;
};

TEST_F(ConsoleNtcWindow, SeatingPlanUploadToTheNtcAndItsReportDrawnInKazakh) {
  ConsoleWindow c(console_dir, school.dir / "console.log", x);
  c.next("screen=sign-in");
  c.next("screenshot=");  // the window has settled and the login field has the keyboard
  // The pointer rests on the status line, where it lights up no row or button in the pictures.
  x.xdo({"mousemove", "640", "1015"});
  x.type("rep1");
  x.key("Return");
  x.type("proctor-pass-1");
  x.key("Return");
  ASSERT_EQ(c.next("sign_in="), "sign_in=rep1");
  c.next("screen=sittings");
  x.key("Return");  // the first prepared sitting: the package's (the first was cancelled)
  ASSERT_EQ(c.next("watch="), "watch=2");
  c.next("screen=readiness");
  c.next("screenshot=");

  // [SECTION] The seating plan (F7): the server plans, the spare station stays free.
  x.key("F7");
  c.next("screen=seating");
  c.next("screenshot=");
  x.key("F9");
  const std::string planned = c.next("reply kind=plan_seating");
  ASSERT_TRUE(has(planned, "ok=1 value=" + std::to_string(kSeated))) << planned;
  EXPECT_EQ(c.next_with("seating ", "planned=4"), "seating planned=4 seated=4 spares=S5");
  EXPECT_EQ(c.screenshot(x), kScreenshots / "proctor-seating-kk.png");
  // The plan is the school's: each seated student has a station of the lab, S5 is the spare.
  EXPECT_EQ(school.query("SELECT station FROM seat_stations WHERE sitting_id = 2 ORDER BY station"),
            "S1\nS2\nS3\nS4\n");
  EXPECT_EQ(school.query("SELECT COUNT(DISTINCT ss.seat) FROM seat_stations ss JOIN participants p "
                         "ON p.sitting_id = ss.sitting_id AND p.seat = ss.seat WHERE "
                         "ss.sitting_id = 2 AND p.status != 'absent'"),
            "4\n");
  const std::string journaled = school.query(
      "SELECT actor, payload FROM journal WHERE kind = 'plan_seating' ORDER BY seq DESC LIMIT 1");
  EXPECT_TRUE(has(journaled, std::string(kRepresentative) + "|")) << journaled;
  EXPECT_TRUE(has(journaled, "\"spares\":[\"S5\"]")) << journaled;

  // [SECTION] Two students come in; a real station each; the end.
  x.key("F2");
  c.next("screen=identification");
  for (int i = 0; i < 2; ++i) {
    x.type(slips[static_cast<std::size_t>(i)].personal_code);
    x.key("Return");
    c.next("reply kind=identify");
    x.key("F9");
    const std::string admitted = c.next("reply kind=admit");
    ASSERT_TRUE(has(admitted, "ok=1")) << admitted;
  }
  x.key("F3");
  c.next("screen=start");
  x.key("F9");
  x.key("Return");
  const std::string started = c.next("reply kind=start_sitting");
  ASSERT_TRUE(has(started, "ok=1")) << started;
  c.next("screen=grid");
  for (int i = 0; i < 2; ++i) {
    // Each at the station the plan gave the seat.
    const Slip& slip = slips[static_cast<std::size_t>(i)];
    const std::string station = last_line(
        school.query("SELECT station FROM seat_stations WHERE sitting_id = 2 AND seat = " +
                     std::to_string(slip.seat)));
    ASSERT_FALSE(station.empty());
    const auto sat = run(station_args(school.dir / ("station-" + station), slip, i + 1));
    ASSERT_EQ(sat.status, 0) << sat.err << sat.out;
  }
  c.next_with("room ", "finished=2");
  x.key("F8");
  x.key("Return");
  const std::string ended = c.next("reply kind=end_sitting");
  ASSERT_TRUE(has(ended, "ok=1")) << ended;
  c.next("screen=results");
  c.next("screenshot=");

  // [SECTION] Results → the NTC (F9), send (F9): the server sends, the NTC's receipt comes back.
  x.key("F9");
  c.next("screen=upload");
  c.next("screenshot=");
  x.key("F9");
  const std::string asked = c.next("reply kind=upload_bundle");
  ASSERT_TRUE(has(asked, "ok=1")) << asked;
  c.next_with("room ", "upload=received", 90s);
  EXPECT_EQ(c.screenshot(x), kScreenshots / "proctor-upload-kk.png");
  const std::string upload =
      last_line(school.query("SELECT state, bundle_id, receipt_at > 0, requested_by FROM "
                             "ntc_uploads WHERE sitting_id = 2"));
  ASSERT_TRUE(upload.starts_with("received|")) << upload;
  const std::string bundle = upload.substr(9, 64);
  EXPECT_EQ(upload, "received|" + bundle + "|1|" + kRepresentative);
  EXPECT_EQ(ntc.query("SELECT id FROM bundles"), bundle + "\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM ntc_receipts"), "1\n");

  // [SECTION] The NTC makes the schools' reports from what arrived; F11 fetches this school's
  // through the server and the report screen draws its first page.
  const auto reports = school.dir / "ntc-reports";
  // LeakSanitizer cannot follow the patterns fontconfig caches for the process's life
  // (tests/forms/lsan.supp says why); the reports are laid out with the same Pango.
  const auto made = run({BBZHM_NTC_BIN, "report", "--campaign", "2027-04", "--threads", "1",
                         "--out", reports.string(), "--data", ntc.data.string()},
                        {{"LSAN_OPTIONS", "suppressions=" + source_path("tests/forms/lsan.supp")}});
  ASSERT_EQ(made.status, 0) << made.err << made.out;
  ASSERT_TRUE(fs::exists(reports / "schools" / "010203.kk.pdf")) << made.out;
  x.key("F11");
  c.next("screen=report");
  c.next("ntc_file kind=report");
  const std::string fetched = c.next("report ok=", 60s);
  ASSERT_TRUE(has(fetched, "report ok=1 pages=")) << fetched;
  c.next("report_page page=1/");
  const fs::path shot = c.screenshot(x);
  EXPECT_EQ(shot, kScreenshots / "proctor-report-kk.png");
  // Where the page was in that picture (drawn again once the pane's scroll bar took its room).
  const std::string drawn = c.last("report_page ");
  std::smatch page;
  ASSERT_TRUE(std::regex_search(
      drawn, page,
      std::regex("page=1/[0-9]+ size=[0-9]+x[0-9]+ shown=([0-9]+),([0-9]+),([0-9]+),([0-9]+)")))
      << "no page drawn: " << drawn;
  // The NTC's PDF, saved by the console, is the one the NTC made.
  const std::string saved = fetched.substr(fetched.find("file=") + 5);
  EXPECT_EQ(read_file(saved), read_file(reports / "schools" / "010203.kk.pdf"));
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM journal WHERE kind = 'fetch_report'"), "1\n");

  // The picture holds the page: within the rectangle the console says it drew, mostly paper
  // with lines of dark text on it (a blank or missing page has none).
  const Picture picture = read_png(shot);
  ASSERT_TRUE(picture.pixels) << shot;
  const int x0 = std::stoi(page[1]), y0 = std::stoi(page[2]);
  const int w = std::stoi(page[3]), h = std::stoi(page[4]);
  ASSERT_GT(w, 400);
  ASSERT_GT(h, 300);
  ASSERT_LE(x0 + w, picture.width);
  ASSERT_LE(y0 + h, picture.height);
  std::size_t paper = 0, ink = 0;
  int inked_rows = 0;
  for (int y = y0; y < y0 + h; ++y) {
    int row_ink = 0;
    for (int x = x0; x < x0 + w; ++x) {
      const unsigned char* p = picture.at(x, y);
      paper += p[0] > 250 && p[1] > 250 && p[2] > 250;  // the window's own grey is 240
      row_ink += p[0] < 110 && p[1] < 110 && p[2] < 110;
    }
    ink += static_cast<std::size_t>(row_ink);
    inked_rows += row_ink > 0;
  }
  const std::size_t area = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  EXPECT_GT(paper, area / 2) << "paper " << paper << " of " << area;
  EXPECT_GT(ink, area / 400) << "ink " << ink << " of " << area;
  EXPECT_GT(inked_rows, 40) << "rows with text";
  // Outside the page, left of it, is the console's own background, not paper.
  if (x0 > 20) {
    const unsigned char* beside = picture.at(x0 - 10, y0 + h / 2);
    EXPECT_FALSE(beside[0] > 250 && beside[1] > 250 && beside[2] > 250);
  }
  // The next page, by its key.
  x.key("Next");
  c.next_with("report_page ", "page=2/");
  EXPECT_EQ(school.server_command({"verify-journal"}).status, 0);
}

}  // namespace
}  // namespace bbzhm::test
