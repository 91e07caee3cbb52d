// The shared world of the NTC tests (tests/ntc/ntc_world.hpp).
#include "tests/ntc/ntc_world.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace bbzhm::test {
namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

Output bank(std::vector<std::string> args) {
  args.insert(args.begin(), BBZHM_BANK_BIN);
  return run(args);
}

std::string value_after(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

Output ntc(std::vector<std::string> args) {
  args.insert(args.begin(), BBZHM_NTC_BIN);
  return run(args);
}

Postgres::Postgres() {
  if (::geteuid() != 0 || !std::filesystem::exists(std::string(kPgBin) + "/initdb")) return;
  char tmpl[] = "/tmp/pgXXXXXX";
  if (!::mkdtemp(tmpl)) return;
  dir_ = tmpl;
  run({"/bin/chown", "postgres:", dir_.string()});
  auto init = run({"/usr/sbin/runuser", "-u", "postgres", "--", std::string(kPgBin) + "/initdb",
                   "-D", (dir_ / "data").string(), "-U", "app", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8", "-N"});
  if (init.status != 0) {
    ADD_FAILURE() << "initdb: " << init.err;
    return;
  }
  auto start = run({"/usr/sbin/runuser", "-u", "postgres", "--", std::string(kPgBin) + "/pg_ctl",
                    "-D", (dir_ / "data").string(), "-l", (dir_ / "log").string(), "-w", "-o",
                    "-c listen_addresses='' -k " + dir_.string() + " -c fsync=off", "start"});
  if (start.status != 0) {
    ADD_FAILURE() << "pg_ctl start: " << start.err << start.out;
    return;
  }
  started_ = true;
}

Postgres::~Postgres() {
  if (started_)
    run({"/usr/sbin/runuser", "-u", "postgres", "--", std::string(kPgBin) + "/pg_ctl", "-D",
         (dir_ / "data").string(), "-m", "fast", "-w", "stop"});
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string Postgres::new_database() {
  const std::string name = "ntc" + std::to_string(++databases_);
  auto r = run({std::string(kPgBin) + "/createdb", "-h", dir_.string(), "-U", "app", name});
  EXPECT_EQ(r.status, 0) << r.err;
  return "host=" + dir_.string() + " user=app dbname=" + name;
}

const Package& package() {
  static const Package p = [] {
    static TempDir dir;  // removed at exit
    Package out;
    out.key = dir / "ntc.key";
    auto key = bank({"keygen", "--out", out.key.string()});
    EXPECT_EQ(key.status, 0) << key.err;
    out.public_hex = last_line(key.out);
    out.file = dir / "2027-04.bbzp";
    auto built = bank({"build", "--bank", source_path("item_bank/bank"), "--spec",
                       "g9-reading,g9-math,g9-science", "--variants", "2", "--seed", "11", "--key",
                       out.key.string(), "--expires", "2099-05-01", "--package-id", out.id, "--out",
                       out.file.string()});
    EXPECT_EQ(built.status, 0) << built.err;
    const auto code = bank({"unlock-code", "--key", out.key.string(), out.file.string()});
    out.unlock_code = code.out.substr(0, code.out.find('\n'));
    return out;
  }();
  return p;
}

std::vector<Slip> create_package_sitting(School& school) {
  const Package& p = package();
  auto loaded = school.server_command({"load-package", p.file.string(), "--ntc-key", p.public_hex});
  EXPECT_EQ(loaded.status, 0) << loaded.err;
  auto unlocked = school.server_command({"unlock", p.unlock_code});
  EXPECT_EQ(unlocked.status, 0) << unlocked.err;
  const auto logins = school.dir / "logins2.csv";
  auto created = school.server_command({"create-sitting", "--campaign", "2027-04", "--grade", "9",
                                        "--class", "9А", "--package", p.id, "--logins-out",
                                        logins.string(), "--password-cost", "minimum"});
  EXPECT_EQ(created.status, 0) << created.err;
  return read_slips(logins);
}

namespace {
World* built_world = nullptr;
}  // namespace

World& world() {
  static World* w = [] {
    auto* out = new World;
    built_world = out;
    out->school = std::make_unique<School>();
    School& school = *out->school;
    out->ntc_key = package().key;
    out->ntc_public_hex = package().public_hex;
    out->package = package().file;
    const std::string& unlock = package().unlock_code;
    const std::vector<Slip> slips = create_package_sitting(school);
    // Three students sit the test, one is absent with a p.12 reason, the rest never came.
    EXPECT_GE(slips.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i)
      EXPECT_EQ(
          school.server_command({"check-in", "--sitting", "2", "--code", slips[i].personal_code})
              .status,
          0);
    EXPECT_EQ(school
                  .server_command({"check-in", "--sitting", "2", "--code", slips[3].personal_code,
                                   "--absent", "illness"})
                  .status,
              0);
    EXPECT_EQ(school.server_command({"start", "--sitting", "2"}).status, 0);
    school.serve();
    const auto station = school.pair_station("S01");
    // p.25: the first two answer the anonymous survey, and a teacher answers the teachers' one.
    for (std::size_t i = 0; i < 3; ++i) {
      std::vector<std::string> args = {BBZHM_STATION_BIN, "--headless",
                                       "--dir",           station.string(),
                                       "--login",         slips[i].login,
                                       "--password",      slips[i].password,
                                       "--package",       out->package.string(),
                                       "--ntc-key",       out->ntc_public_hex,
                                       "--unlock-code",   unlock,
                                       "--ability",       "0.7",
                                       "--seed",          std::to_string(i + 1),
                                       "--timeout",       "60"};
      if (i < 2) args.insert(args.end(), {"--survey", i == 0 ? "1,1,2,3" : "1,3,2,3"});
      auto r = run(args);
      EXPECT_EQ(r.status, 0) << r.err << r.out;
    }
    auto teacher = run({BBZHM_STATION_BIN, "--headless", "--dir", station.string(),
                        "--teacher-survey", "2,2,2,1,3"});
    EXPECT_EQ(teacher.status, 0) << teacher.err << teacher.out;
    school.stop_server();
    EXPECT_EQ(school.server_command({"end", "--sitting", "2"}).status, 0);
    out->school_key_hex = last_line(school.server_command({"show-key"}).out);
    return out;
  }();
  return *w;
}

Postgres& postgres() {
  World& w = world();
  if (!w.postgres) w.postgres = std::make_unique<Postgres>();
  return *w.postgres;
}

namespace {
// Stops the PostgreSQL server and removes the school when the test program ends, whatever the
// outcome.
class WorldCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!built_world) return;  // a program that never needed the shared sitting
    built_world->postgres.reset();
    built_world->school.reset();
  }
};
[[maybe_unused]] ::testing::Environment* const kCleanup =
    ::testing::AddGlobalTestEnvironment(new WorldCleanup);
}  // namespace

std::filesystem::path copy_school(const std::filesystem::path& into) {
  const auto to = into / "school-copy";
  auto r = run({"/bin/cp", "-a", world().school->data.string(), to.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  return to;
}

std::string registry_csv(const std::string& school_key_hex) {
  return "code,name,region,district,settlement,type,languages,contingent,public_key\n"
         "010203,\"№7 мектеп-гимназиясы\",Алматы,Бостандық,urban,gymnasium,kk ru,large," +
         school_key_hex +
         "\n"
         "020304,Ақсу ауылының мектебі,Абай облысы,Аягөз,rural,small,kk,small," +
         std::string(64, 'a') + "\n";
}

Output Ntc::run(std::vector<std::string> args) const {
  args.push_back("--data");
  args.push_back(data.string());
  if (!db.empty()) {
    args.push_back("--db");
    args.push_back(db);
  }
  return ntc(args);
}

std::string Ntc::query(const std::string& sql) const {
  if (db.empty()) {
    auto r = test::run({"/usr/bin/sqlite3", (data / "ntc.db").string(), sql});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  }
  auto r = test::run({std::string(kPgBin) + "/psql", db, "-At", "-c", sql});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

Ntc make_ntc(const std::filesystem::path& data, const std::string& db,
             const std::string& registry) {
  Ntc n{data, db, {}};
  std::vector<std::string> init = {"init", "--key", package().key.string()};
  auto r = n.run(init);
  EXPECT_EQ(r.status, 0) << r.err;
  n.fingerprint = value_after(r.out, "--fingerprint): ");
  EXPECT_EQ(n.fingerprint.size(), 64u) << r.out;
  const auto csv = data.parent_path() / (data.filename().string() + "-schools.csv");
  { std::ofstream(csv) << registry; }
  r = n.run({"import-schools", csv.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  r = n.run({"register-package", package().file.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  return n;
}

}  // namespace bbzhm::test
