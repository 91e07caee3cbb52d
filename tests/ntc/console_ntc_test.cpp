// The console's way to the NTC (p.26, issue 8), from the console's library against the real school
// server and a real `bbzhm-ntc serve` over HTTPS on loopback: the representative asks, the SERVER
// uploads and retries, and every console watching the sitting sees the state it keeps; the sealed
// bundle exported for a USB stick is taken in by `bbzhm-ntc intake`; the organization's report
// comes back through the server.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "ntc/store.hpp"
#include "proctor/console_client.hpp"
#include "tests/ntc/ntc_world.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;
using proctor::ConsoleClient;
using proctor::Room;

Output school_command(const std::filesystem::path& data, std::vector<std::string> args) {
  args.insert(args.begin(), BBZHM_SERVER_BIN);
  args.insert(args.begin() + 2, {"--data", data.string()});
  return run(args);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kRepresentative = "Әлия Нұрланқызы";

class ConsoleNtc : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    world();
    school = copy_school(dir.path());
    ntc = make_ntc(dir / "ntc", "", registry_csv(world().school_key_hex));
    // p.17: the school trusts the NTC's key, so its representative comes with the NTC's credential.
    const auto list = dir / "reps.csv";
    std::ofstream(list) << "id,full_name,schools\nR1," << kRepresentative << ",010203\n";
    auto r = ntc.run({"import-representatives", "--campaign", "2027-04", "--out",
                      (dir / "creds").string(), list.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    r = school_command(school, {"add-representative", "--login", "rep1", "--full-name",
                                kRepresentative, "--password", "proctor-pass-1", "--credential",
                                (dir / "creds" / "R1.credential").string()});
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // The NTC's certificate and address, as the technician stores them once.
  void pin(std::uint16_t port) {
    auto r = school_command(school, {"trust-ntc-cert", "--fingerprint", ntc.fingerprint, "--url",
                                     "https://127.0.0.1:" + std::to_string(port)});
    ASSERT_EQ(r.status, 0) << r.err;
  }

  void serve_ntc(std::uint16_t port) {
    ntc_server.emplace(std::vector<std::string>{BBZHM_NTC_BIN, "serve", "--data", ntc.data.string(),
                                                "--db", (ntc.data / "ntc.db").string(), "--listen",
                                                "127.0.0.1:" + std::to_string(port)},
                       dir / "ntc-serve.log");
    ASSERT_FALSE(ntc_server->wait_for_line("listening on", 20s).empty())
        << read_file(ntc_server->log());
  }

  void serve_school() {
    server.emplace(std::vector<std::string>{BBZHM_SERVER_BIN, "serve", "--data", school.string(),
                                            "--listen", "127.0.0.1:0"},
                   dir / "server.log");
    const std::string line = server->wait_for_line("listening on", 20s);
    ASSERT_FALSE(line.empty()) << read_file(server->log());
    port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  }

  // A console paired with the running server, signed in and watching the ended sitting 2.
  std::unique_ptr<ConsoleClient> console(const std::string& name) {
    const auto folder = dir / name;
    if (!std::filesystem::exists(folder / "added")) {
      const std::string key = school_command(school, {"show-key"}).out.substr(0, 64);
      auto paired = run({BBZHM_STATION_BIN, "pair", "--dir", folder.string(), "--server",
                         "127.0.0.1:" + std::to_string(port), "--server-key", key});
      EXPECT_EQ(paired.status, 0) << paired.err;
      auto added = school_command(school, {"add-station", "--name", name, "--role", "console",
                                           "--key", last_line(paired.out)});
      EXPECT_EQ(added.status, 0) << added.err;
      std::ofstream(folder / "added") << "1";
    }
    auto config = station::load_config(folder);
    EXPECT_TRUE(config);
    auto client = ConsoleClient::start(*config);
    EXPECT_TRUE(client);
    auto c = std::move(*client);
    c->sign_in("rep1", "proctor-pass-1");
    EXPECT_TRUE(wait(*c, [](const Room& r) { return r.welcome.has_value(); }).welcome);
    c->watch(2);
    EXPECT_TRUE(wait(*c, [](const Room& r) { return r.room.has_value(); }).room);
    return c;
  }

  template <class Pred>
  static Room wait(ConsoleClient& c, Pred done, std::chrono::milliseconds timeout = 30s) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    Room r = c.snapshot();
    while (!done(r) && std::chrono::steady_clock::now() < end)
      r = c.wait_for_change(r.version, 200ms);
    return r;
  }

  static std::string state_of(const Room& r) { return r.upload ? r.upload->state : ""; }

  std::string journal_actor(const std::string& kind) {
    return run({"/usr/bin/sqlite3", (school / "school.db").string(),
                "SELECT actor FROM journal WHERE kind = '" + kind + "' ORDER BY seq DESC LIMIT 1"})
        .out;
  }

  TempDir dir;
  std::filesystem::path school;
  Ntc ntc;
  std::optional<Child> ntc_server, server;
  std::uint16_t port = 0;
};

TEST_F(ConsoleNtc, UploadAskedAtOneConsoleEndsWithTheReceiptSeenAtAnother) {
  const std::uint16_t ntc_port = free_port();
  pin(ntc_port);
  serve_ntc(ntc_port);
  serve_school();
  auto a = console("console-a");
  auto b = console("console-b");
  EXPECT_EQ(state_of(a->snapshot()), "");  // never asked
  auto reply = a->command(proctor::upload_bundle(2)).get();
  ASSERT_TRUE(reply.ok) << reply.message;
  const Room seen = wait(
      *b, [](const Room& r) { return state_of(r) == "received"; }, 60s);
  ASSERT_EQ(state_of(seen), "received") << read_file(server->log());
  EXPECT_EQ(seen.upload->bundle_id.size(), 64u);
  EXPECT_GT(seen.upload->receipt_at_ms, 0);
  EXPECT_EQ(seen.upload->requested_by, kRepresentative);
  EXPECT_EQ(ntc.query("SELECT COUNT(*) FROM bundles"), "1\n");
  EXPECT_EQ(ntc.query("SELECT id FROM bundles"), seen.upload->bundle_id + "\n");
  EXPECT_EQ(journal_actor("ntc_upload_requested"), std::string(kRepresentative) + "\n");
  // A console opened afterwards (or after a crash) sees the same state: the server keeps it.
  b.reset();
  auto c = console("console-b");
  EXPECT_EQ(state_of(wait(*c, [](const Room& r) { return r.upload.has_value(); })), "received");
  // Asking again sends nothing: the receipt is kept.
  reply = c->command(proctor::upload_bundle(2)).get();
  EXPECT_TRUE(reply.ok) << reply.message;
  EXPECT_EQ(reply.message, "received");
  EXPECT_EQ(ntc.query("SELECT COUNT(*) FROM bundles"), "1\n");
}

TEST_F(ConsoleNtc, UploadRetriesWhileTheNtcIsDownAndEndsWithTheReceipt) {
  const std::uint16_t ntc_port = free_port();
  pin(ntc_port);
  serve_school();
  auto a = console("console-a");
  auto reply = a->command(proctor::upload_bundle(2)).get();
  ASSERT_TRUE(reply.ok) << reply.message;
  const Room retrying = wait(*a, [](const Room& r) { return state_of(r) == "retrying"; });
  ASSERT_EQ(state_of(retrying), "retrying") << read_file(server->log());
  EXPECT_TRUE(has(retrying.upload->last_error, "cannot connect")) << retrying.upload->last_error;
  EXPECT_GT(retrying.upload->next_attempt_ms, retrying.upload->updated_ms);
  EXPECT_GE(retrying.upload->attempts, 1);
  // The server keeps retrying on its own, with the console closed.
  a.reset();
  serve_ntc(ntc_port);
  auto b = console("console-b");
  const Room done = wait(
      *b, [](const Room& r) { return state_of(r) == "received"; }, 90s);
  ASSERT_EQ(state_of(done), "received") << read_file(server->log());
  EXPECT_GE(done.upload->attempts, 2);
  EXPECT_EQ(ntc.query("SELECT COUNT(*) FROM bundles"), "1\n");
}

TEST_F(ConsoleNtc, ExportedBundleIsTakenInByTheNtcAndTheReportComesBackThroughTheServer) {
  const std::uint16_t ntc_port = free_port();
  pin(ntc_port);
  serve_school();
  auto a = console("console-a");
  auto bundle = a->ntc_file({0, protocol::NtcFileKind::bundle, 2, ""}).get();
  ASSERT_TRUE(bundle) << bundle.error().what;
  auto saved = proctor::save_file(dir / "console-a" / "bundles", "sitting-2.bbzr", *bundle);
  ASSERT_TRUE(saved) << saved.error().what;
  auto r = ntc.run({"intake", saved->string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "stored bundle")) << r.out;
  EXPECT_EQ(ntc.query("SELECT COUNT(*) FROM bundles"), "1\n");
  EXPECT_EQ(journal_actor("export_bundle"), std::string(kRepresentative) + "\n");
  // The report: refused with the NTC's reason until the NTC has made it, then the PDF itself.
  serve_ntc(ntc_port);
  auto none = a->ntc_file({0, protocol::NtcFileKind::report, 2, ""}).get();
  ASSERT_FALSE(none);
  EXPECT_TRUE(has(none.error().what, "no report for school 010203 in campaign 2027-04 yet"))
      << none.error().what;
  const std::string pdf = "%PDF-1.4 the report of 010203 for 2027-04";
  {
    auto store = ntc::Store::open(ntc.data, "");
    ASSERT_TRUE(store) << store.error().what;
    ntc::Transaction tx((*store)->db());
    (*store)->store_report("2027-04", "010203", as_bytes(pdf));
    tx.commit();
  }
  auto report = a->ntc_file({0, protocol::NtcFileKind::report, 2, ""}).get();
  ASSERT_TRUE(report) << report.error().what;
  EXPECT_EQ(std::string(report->begin(), report->end()), pdf);
  EXPECT_EQ(journal_actor("fetch_report"), std::string(kRepresentative) + "\n");
}

}  // namespace
}  // namespace bbzhm::test
