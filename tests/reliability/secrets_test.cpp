// Secrets: a whole sitting's loopback traffic captured with tcpdump holds no IIN, name, login,
// password, personal code or item text; the logs hold no IIN or password; key files are 0600.
// Injection: hostile roster fields are refused (database unchanged) or stored verbatim.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include <boost/asio.hpp>

#include "common/connection.hpp"
#include "common/sqlite.hpp"
#include "item_bank/test_form.hpp"
#include "station/client.hpp"
#include "tests/reliability/profile.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::vector<std::string> roster_iins(const std::string& file) {
  std::vector<std::string> out;
  std::istringstream lines(read_file(source_path(file)));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line))
    if (line.size() > 12) out.push_back(line.substr(0, 12));
  return out;
}

TEST(Secrets, AWholeSittingOnTheWireAndInTheLogsShowsNoPersonalDataPasswordOrItemText) {
  if (run({"/bin/sh", "-c", "command -v tcpdump"}).status != 0) GTEST_SKIP() << "no tcpdump";
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto pcap = school.dir / "sitting.pcap";
  Child capture({"/usr/bin/tcpdump", "-i", "lo", "-U", "-s", "0", "-w", pcap.string(),
                 "tcp port " + std::to_string(school.port)},
                school.dir / "tcpdump.log");
  if (capture.wait_for_line("listening on", 10s).empty())
    GTEST_SKIP() << "tcpdump cannot capture here: " << read_file(capture.log());
  std::this_thread::sleep_for(500ms);  // "listening" is printed a moment before packets flow

  const int students = 4;
  std::vector<Child> stations;
  for (int i = 0; i < students; ++i) {
    const auto dir = school.pair_station("S" + std::to_string(i + 1));
    stations.emplace_back(school.station_args(dir, school.slips[i]),
                          school.dir / ("station-" + std::to_string(i) + ".log"));
  }
  for (auto& s : stations) EXPECT_EQ(s.wait(), 0) << read_file(s.log());
  std::this_thread::sleep_for(1s);
  capture.signal(SIGTERM);
  capture.wait();
  school.stop_server();

  const std::string wire = read_file(pcap);
  ASSERT_GT(wire.size(), 10'000u) << "the capture is too small to mean anything";
  std::vector<std::string> secrets;
  for (const auto& iin : roster_iins("scripts/demo-data/roster-9a.csv")) secrets.push_back(iin);
  for (int i = 0; i < students; ++i) {
    const Slip& s = school.slips[i];
    secrets.insert(secrets.end(), {s.login, s.password, s.personal_code});
    std::istringstream parts(s.full_name);
    for (std::string part; parts >> part;) secrets.push_back(part);
  }
  auto forms = item_bank::load_forms(source_path("item_bank/samples"));
  ASSERT_TRUE(forms);
  int stems = 0;
  for (const auto& f : *forms)
    for (const auto& item : f.booklet.items)
      if (item.stem.size() > 24 && stems++ < 40) secrets.push_back(item.stem.substr(0, 24));
  for (const auto& secret : secrets)
    EXPECT_EQ(wire.find(secret), std::string::npos) << "'" << secret << "' on the wire";

  // The logs: no IIN, no password, no personal code.
  std::string logs;
  for (const auto& e : fs::directory_iterator(school.dir.path()))
    if (e.path().extension() == ".log" && e.path().filename() != "tcpdump.log")
      logs += read_file(e.path());
  for (const auto& iin : roster_iins("scripts/demo-data/roster-9a.csv"))
    EXPECT_EQ(logs.find(iin), std::string::npos) << "IIN " << iin << " in a log";
  for (int i = 0; i < students; ++i) {
    EXPECT_EQ(logs.find(school.slips[i].password), std::string::npos) << "a password in a log";
    EXPECT_EQ(logs.find(school.slips[i].personal_code), std::string::npos) << "a code in a log";
  }

  // Key files: readable by their owner only.
  struct stat st {};
  ASSERT_EQ(stat((school.data / "server.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat((school.dir / "station-S1" / "station.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  report_figures("secrets", "faults_injected=0 capture_bytes=" + std::to_string(wire.size()) +
                                " secrets_checked=" + std::to_string(secrets.size()));
}

// Logs `slip` in on the paired station folder `station`, saves `response` to the first item of
// `kind`, and returns whether the server acknowledged it.
bool save_once(const fs::path& station, const Slip& slip, ItemKind kind,
               const std::string& response) {
  namespace asio = boost::asio;
  auto config = station::load_config(station);
  auto key = crypto::read_key_file(station / station::kStationKeyFile);
  if (!config || !key) return false;
  bool acked = false;
  asio::io_context io;
  auto session = [&]() -> asio::awaitable<void> {
    auto link = co_await wire::connect("127.0.0.1", config->port, *key, config->server_key);
    if (!link) co_return;
    if (!co_await wire::send_login(**link, slip.login, slip.password, 0)) co_return;
    for (;;) {
      auto m = co_await (*link)->receive();
      if (!m) co_return;
      if (auto* ok = std::get_if<protocol::LoginOk>(&*m)) {
        const Item* chosen = nullptr;
        for (const auto& b : ok->booklets)
          for (const auto& item : b.items)
            if (item.kind == kind && chosen == nullptr) chosen = &item;
        if (chosen == nullptr) co_return;
        (*link)->send(protocol::SaveAnswer{ok->next_seq, chosen->id, response});
      }
      if (std::holds_alternative<protocol::SaveAck>(*m)) {
        acked = true;
        (*link)->close();
        co_return;
      }
    }
  };
  asio::co_spawn(io, session(), asio::detached);
  io.run_for(std::chrono::seconds(30));
  return acked;
}

// The bytes of school.db and its WAL, as whoever copies the files reads them.
std::string database_bytes(const fs::path& data) {
  std::string all;
  for (const char* name : {"school.db", "school.db-wal"})
    if (fs::exists(data / name)) all += read_file(data / name);
  return all;
}

TEST(Secrets, SchoolDatabaseAndItsWalHoldNoPlainTextAnswer) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  // A numeric answer no form, name or code contains: if it were stored as text, it would show.
  const std::string marker = "918273645546372";
  ASSERT_TRUE(save_once(school.pair_station("P1"), school.slips[0], ItemKind::numeric, marker));
  // While the server runs, the answer's pages are in the WAL; after a clean stop, in the file.
  const std::string running = database_bytes(school.data);
  ASSERT_GT(running.size(), 4096u);
  EXPECT_EQ(running.find(marker), std::string::npos) << "a plain-text answer in school.db or WAL";
  school.stop_server();
  EXPECT_EQ(database_bytes(school.data).find(marker), std::string::npos);
  // The answer is there, sealed: the store (with the key) reads it back.
  const auto answers = school.answers();
  EXPECT_TRUE(std::ranges::any_of(answers, [&](const auto& a) { return a.response == marker; }));
  report_figures("secrets_at_rest",
                 "faults_injected=0 answers_checked=" + std::to_string(answers.size()));
}

// A school database written before stations proved their passwords: on open, each student's
// Argon2id hash becomes a hash of it (the old hash is the proof a station now sends), the student
// logs in with the same slip, and no copy of the old hash stays in the file or its WAL.
// A damaged hash is left as it was and does not keep the server from starting.
TEST(Secrets, OldPasswordHashesBecomeProofHashesAndLeaveNoCopyBehind) {
  School school;
  school.admit_all();
  school.start_sitting();
  const Slip& slip = school.slips[0];
  const std::string old_hash = crypto::hash_password(slip.password, crypto::PasswordCost::minimum);
  {
    sqlite::Database db(school.data / "school.db", sqlite::Database::Mode::read_write);
    auto put = db.prepare("UPDATE participants SET password_hash = ? WHERE login = ?");
    put.bind(1, old_hash).bind(2, slip.login).run();
    // A damaged one: left as it is (it never verified), and it does not stop the server.
    put.bind(1, "$argon2id$v=19$damaged").bind(2, school.slips[1].login).run();
  }
  const std::string old_proof = old_hash.substr(old_hash.rfind('$') + 1);
  ASSERT_NE(database_bytes(school.data).find(old_proof), std::string::npos);
  school.serve();
  ASSERT_TRUE(save_once(school.pair_station("P1"), slip, ItemKind::numeric, "42"));
  const std::string stored =
      school.query("SELECT password_hash FROM participants WHERE login = '" + slip.login + "'");
  EXPECT_EQ(stored.rfind("$argon2id-proof$v=19$m=8,t=1,p=1$", 0), 0u) << stored;
  EXPECT_EQ(school
                .query("SELECT password_hash FROM participants WHERE login = '" +
                       school.slips[1].login + "'")
                .rfind("$argon2id$v=19$damaged", 0),
            0u);
  EXPECT_EQ(database_bytes(school.data).find(old_proof), std::string::npos)
      << "the old hash, a proof now, is still in school.db or its WAL";
  school.stop_server();
  EXPECT_EQ(database_bytes(school.data).find(old_proof), std::string::npos);
}

// One roster line with `last_name` as given (quoted as CSV needs).
std::string roster_with(const std::string& last_name) {
  std::string quoted = "\"";
  for (char c : last_name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += "\"";
  return "iin,last_name,first_name,middle_name,grade,class,language,reading_language\n"
         "111208536674," +
         quoted + ",Нұрсұлтан,Серікұлы,9,9А,kk,kk\n";
}

TEST(Injection, HostileRosterFieldsAreRefusedOrStoredVerbatimNeverExecuted) {
  School school;
  const std::string before = school.query("SELECT COUNT(*) FROM students");
  struct Case {
    std::string what;
    std::string name;
    bool accepted;
  };
  const std::vector<Case> cases = {
      {"apostrophe", "О'Брайен", true},
      {"SQL", "Robert'); DROP TABLE students;--", false},  // ")" ";" are no name letters
      {"double quotes", "Ахметов \"кіші\"", false},
      {"control character", std::string("Ахметов\x07\x1b[2J"), false},
      {"RTL override", "Ахметов\u202Eвотемха", false},
      {"10 000 characters", std::string(10'000, 'A'), false},
      {"invalid UTF-8", std::string("Ахм\xff\xfe"), false},
      {"NUL", std::string("Ахм\0етов", 10), false},
  };
  int refused = 0, verbatim = 0;
  for (const auto& c : cases) {
    const auto file = school.dir / "hostile.csv";
    std::ofstream(file, std::ios::binary | std::ios::trunc) << roster_with(c.name);
    auto r = school.server_command({"import-roster", file.string()});
    if (r.status == 0) {
      ++verbatim;
      // Stored exactly as given, and the table is still there.
      const auto stored = school.query(
          "SELECT hex(last_name) FROM students WHERE iin = "
          "'111208536674'");
      std::string hex;
      for (unsigned char ch : c.name) {
        const char* digits = "0123456789ABCDEF";
        hex += digits[ch >> 4];
        hex += digits[ch & 15];
      }
      EXPECT_EQ(stored, hex + "\n") << c.what;
      EXPECT_TRUE(c.accepted) << c.what << " was accepted";
    } else {
      ++refused;
      EXPECT_EQ(r.status, 2) << c.what << ": " << r.err;
      EXPECT_NE(r.err.find("hostile.csv:2"), std::string::npos) << c.what << ": " << r.err;
      EXPECT_FALSE(c.accepted) << c.what << " was refused: " << r.err;
    }
  }
  // Nothing executed: the table and its rows are all there (the accepted line updated its IIN).
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM students"), before);
  report_figures("injection", "faults_injected=" + std::to_string(cases.size()) +
                                  " refused=" + std::to_string(refused) +
                                  " verbatim=" + std::to_string(verbatim));
}

}  // namespace
}  // namespace bbzhm::test
