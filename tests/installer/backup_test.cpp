// Backup and restore of the school database on real files: a consistent copy while another
// connection writes, and a restore that refuses a damaged file, another school's backup and a
// running server, leaving the data as it was.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <csignal>
#include <fstream>

#include "server/backup.hpp"
#include "server/store.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

namespace fs = std::filesystem;
using server::School;
using server::Store;

std::unique_ptr<Store> make_school(const fs::path& dir, const std::string& code) {
  auto created = Store::create(dir, School{code, "№7 мектеп-гимназиясы"});
  EXPECT_TRUE(created) << created.error().what;
  auto store = Store::open(dir);
  EXPECT_TRUE(store) << store.error().what;
  return std::move(*store);
}

// The journal's length and last hash: what a restore must leave alone when it refuses.
std::string fingerprint_of(const fs::path& dir) {
  auto store = Store::open(dir);
  EXPECT_TRUE(store) << store.error().what;
  auto q = (*store)->db().prepare("SELECT COUNT(*), hex(MAX(hash)) FROM journal");
  EXPECT_TRUE(q.step());
  std::string out = std::to_string(q.integer(0)) + ":" + q.text(1);
  q.reset();
  return out;
}

std::int64_t count(const fs::path& dir, const std::string& table) {
  auto store = Store::open(dir);
  EXPECT_TRUE(store) << store.error().what;
  auto q = (*store)->db().prepare("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(q.step());
  const std::int64_t n = q.integer(0);
  q.reset();
  return n;
}

void add_station(Store& store, const std::string& name) {
  sqlite::Transaction tx(store.db());
  ASSERT_TRUE(store.add_station(name, crypto::SigningKey::generate().public_key));
  tx.commit();
}

bool leftovers_in(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".restoring") != std::string::npos || name.find(".partial") != std::string::npos)
      return true;
  }
  return false;
}

TEST(Backup, CopyIsConsistentWhileAnotherConnectionHoldsAWriteTransaction) {
  TempDir tmp;
  auto store = make_school(tmp / "school", "010203");
  add_station(*store, "S01");

  // A writer mid-transaction (the server's database thread between BEGIN and COMMIT).
  sqlite::Database writer(tmp / "school" / "school.db", sqlite::Database::Mode::read_write);
  sqlite::Transaction open_tx(writer);
  writer.prepare("INSERT INTO settings(key, value) VALUES('uncommitted', 'x')").run();

  const fs::path out = tmp / "copy.db";
  auto size = store->backup_to(out);
  ASSERT_TRUE(size) << size.error().what;
  EXPECT_GT(*size, 0u);
  open_tx.commit();

  EXPECT_FALSE(fs::exists(tmp / "copy.db-wal")) << "a backup is one self-contained file";
  EXPECT_EQ(fs::status(out).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  sqlite::Database copy(out, sqlite::Database::Mode::read_write);
  auto q = copy.prepare(
      "SELECT (SELECT COUNT(*) FROM settings WHERE key = 'uncommitted'), "
      "(SELECT COUNT(*) FROM stations), (SELECT COUNT(*) FROM journal)");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0) << "the open transaction's row is not in the copy";
  EXPECT_EQ(q.integer(1), 1);
  EXPECT_EQ(q.integer(2), 2);  // init, pair_station
  q.reset();
}

TEST(Backup, RefusesToOverwriteAnExistingFile) {
  TempDir tmp;
  auto store = make_school(tmp / "school", "010203");
  std::ofstream(tmp / "taken.db") << "precious";
  auto r = store->backup_to(tmp / "taken.db");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("refusing to overwrite"), std::string::npos) << r.error().what;
  EXPECT_EQ(read_file(tmp / "taken.db"), "precious");
}

TEST(Restore, BringsBackTheBackedUpStateAndKeepsTheReplacedDatabase) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  {
    auto store = make_school(dir, "010203");
    add_station(*store, "S01");
    ASSERT_TRUE(store->backup_to(tmp / "night.db"));
    add_station(*store, "S02");  // after the backup: gone after the restore
  }
  const std::string before_restore = fingerprint_of(dir);
  fs::path kept;
  auto entries = Store::restore(dir, tmp / "night.db", &kept);
  ASSERT_TRUE(entries) << entries.error().what;
  EXPECT_EQ(*entries, 2);
  EXPECT_EQ(count(dir, "journal"), 2);
  EXPECT_EQ(count(dir, "stations"), 1);
  ASSERT_FALSE(kept.empty());
  {
    // The replaced database is whole and is the one before the restore.
    sqlite::Database old(kept, sqlite::Database::Mode::read_write);
    auto q = old.prepare("SELECT COUNT(*) FROM stations");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 2);
    q.reset();
  }
  auto store = Store::open(dir);
  ASSERT_TRUE(store);
  EXPECT_TRUE((*store)->verify_journal());
  EXPECT_FALSE(leftovers_in(dir));
  EXPECT_NE(before_restore, fingerprint_of(dir));
}

TEST(Restore, IntoAFolderThatLostItsDatabaseButKeptItsKey) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  {
    auto store = make_school(dir, "010203");
    ASSERT_TRUE(store->backup_to(tmp / "night.db"));
  }
  fs::remove(dir / "school.db");
  fs::path kept;
  auto entries = Store::restore(dir, tmp / "night.db", &kept);
  ASSERT_TRUE(entries) << entries.error().what;
  EXPECT_TRUE(kept.empty());
  EXPECT_EQ(count(dir, "journal"), 1);
}

TEST(Restore, RefusesADamagedFileAndLeavesTheDataUnchanged) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  {
    auto store = make_school(dir, "010203");
    for (int i = 0; i < 40; ++i) add_station(*store, "S" + std::to_string(i));
    ASSERT_TRUE(store->backup_to(tmp / "night.db"));
  }
  const std::string before = fingerprint_of(dir);

  // Garbage over the second and third pages, headers included: two bad sectors.
  fs::copy_file(tmp / "night.db", tmp / "damaged.db");
  {
    std::fstream f(tmp / "damaged.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    for (int i = 0; i < 2 * 4096; ++i) f.put(static_cast<char>(0xA5 ^ (i * 7)));
  }
  auto damaged = Store::restore(dir, tmp / "damaged.db", nullptr);
  ASSERT_FALSE(damaged);
  EXPECT_NE(damaged.error().what.find("nothing restored"), std::string::npos)
      << damaged.error().what;

  std::ofstream(tmp / "notes.db") << "this is not a database at all, just some text\n";
  auto text = Store::restore(dir, tmp / "notes.db", nullptr);
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().what.find("not a readable school database"), std::string::npos)
      << text.error().what;

  EXPECT_EQ(fingerprint_of(dir), before);
  EXPECT_FALSE(leftovers_in(dir));
}

TEST(Restore, RefusesABackupOfAnotherSchoolAndLeavesTheDataUnchanged) {
  TempDir tmp;
  const fs::path ours = tmp / "ours";
  const fs::path theirs = tmp / "theirs";
  make_school(ours, "010203");
  {
    auto other = make_school(theirs, "999999");
    ASSERT_TRUE(other->backup_to(tmp / "theirs.db"));
  }
  const std::string before = fingerprint_of(ours);
  auto r = Store::restore(ours, tmp / "theirs.db", nullptr);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("another school server"), std::string::npos) << r.error().what;
  EXPECT_EQ(fingerprint_of(ours), before);
  EXPECT_FALSE(leftovers_in(ours));
}

TEST(Restore, RefusesABackupWhoseJournalWasAltered) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  {
    auto store = make_school(dir, "010203");
    add_station(*store, "S01");
    ASSERT_TRUE(store->backup_to(tmp / "night.db"));
  }
  {
    sqlite::Database edit(tmp / "night.db", sqlite::Database::Mode::read_write);
    edit.exec("UPDATE journal SET payload = replace(payload, 'S01', 'S99') WHERE seq = 2");
  }
  const std::string before = fingerprint_of(dir);
  auto r = Store::restore(dir, tmp / "night.db", nullptr);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("journal entry 2"), std::string::npos) << r.error().what;
  EXPECT_EQ(fingerprint_of(dir), before);
}

TEST(Restore, RefusesWhileTheServerRunsOnTheFolder) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  {
    auto store = make_school(dir, "010203");
    ASSERT_TRUE(store->backup_to(tmp / "night.db"));
    add_station(*store, "S01");
  }
  const std::string before = fingerprint_of(dir);
  {
    Child server({BBZHM_SERVER_BIN, "serve", "--data", dir.string(), "--listen", "127.0.0.1:0"},
                 tmp / "server.log");
    ASSERT_FALSE(server.wait_for_line("listening on", std::chrono::seconds(20)).empty())
        << read_file(tmp / "server.log");
    auto refused =
        run({BBZHM_SERVER_BIN, "restore", "--data", dir.string(), (tmp / "night.db").string()});
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.err.find("is in use"), std::string::npos) << refused.err;
    EXPECT_EQ(fingerprint_of(dir), before);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(), 0);
  }
  auto restored =
      run({BBZHM_SERVER_BIN, "restore", "--data", dir.string(), (tmp / "night.db").string()});
  EXPECT_EQ(restored.status, 0) << restored.err;
  EXPECT_EQ(count(dir, "stations"), 0);
}

TEST(Backup, RotationKeepsTheNewestCopies) {
  TempDir tmp;
  const fs::path dir = tmp / "school";
  make_school(dir, "010203");
  const fs::path backups = tmp / "backups";
  fs::create_directories(backups);
  for (const char* name : {"school-20270401-023000.db", "school-20270402-023000.db",
                           "school-20270402-023000_02.db", "notes.txt"})
    std::ofstream(backups / name) << "x";
  const auto old = server::backups_to_remove(backups, 2);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].filename(), "school-20270401-023000.db");

  for (int i = 0; i < 3; ++i) {
    auto r = run({BBZHM_SERVER_BIN, "backup", "--data", dir.string(), "--dir", backups.string(),
                  "--keep", "2"},
                 {{"BBZHM_LANG", "en"}});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("Backup written and checked"), std::string::npos) << r.out;
  }
  int copies = 0;
  for (const auto& e : fs::directory_iterator(backups))
    copies += e.path().filename().string().starts_with("school-");
  EXPECT_EQ(copies, 2);
  EXPECT_TRUE(fs::exists(backups / "notes.txt")) << "rotation touches only its own files";
}

TEST(Backup, CommandNeedsExactlyOneDestination) {
  TempDir tmp;
  make_school(tmp / "school", "010203");
  auto none = run({BBZHM_SERVER_BIN, "backup", "--data", (tmp / "school").string()});
  EXPECT_EQ(none.status, 2);
  auto both = run({BBZHM_SERVER_BIN, "backup", "--data", (tmp / "school").string(), "--out",
                   (tmp / "a.db").string(), "--dir", (tmp / "b").string()});
  EXPECT_EQ(both.status, 2);
  EXPECT_FALSE(fs::exists(tmp / "a.db"));
}

}  // namespace
}  // namespace bbzhm::test
