// The school database's backup (the nightly copy, with rotation) and its checked restore: the
// [backup] block of Store and the `backup` and `restore` verbs.
#include "server/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include "common/crypto.hpp"
#include "common/fd.hpp"
#include "common/i18n.hpp"
#include "server/store.hpp"

namespace bbzhm::server {
namespace {

namespace fs = std::filesystem;

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr std::string_view kBackupPrefix = "school-";
constexpr std::string_view kBackupSuffix = ".db";

// sqlite3_backup_* over two handles, finished in every outcome.
class OnlineBackup {
 public:
  OnlineBackup(sqlite3* to, sqlite3* from)
      : to_(to), b_(sqlite3_backup_init(to, "main", from, "main")) {}
  OnlineBackup(const OnlineBackup&) = delete;
  OnlineBackup& operator=(const OnlineBackup&) = delete;
  ~OnlineBackup() {
    if (b_) sqlite3_backup_finish(b_);
  }

  // Copies every page in one step, so the copy is one snapshot of the source. A step that meets
  // a lock (a checkpoint in progress) is retried for a while rather than giving up at once.
  Result<void> run() {
    if (!b_) return fail(std::string("cannot start the backup: ") + sqlite3_errmsg(to_));
    for (int attempt = 0;; ++attempt) {
      const int rc = sqlite3_backup_step(b_, -1);
      if (rc == SQLITE_DONE) break;
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 100) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      return fail(std::string("the backup failed: ") + sqlite3_errstr(rc));
    }
    const int rc = sqlite3_backup_finish(b_);
    b_ = nullptr;
    if (rc != SQLITE_OK) return fail(std::string("the backup failed: ") + sqlite3_errmsg(to_));
    return {};
  }

 private:
  sqlite3* to_;
  sqlite3_backup* b_;
};

// "ok", or the first problems integrity_check found.
std::string integrity(sqlite::Database& db) {
  auto q = db.prepare("PRAGMA integrity_check(5)");
  std::string out;
  while (q.step()) out += (out.empty() ? "" : "; ") + q.text(0);
  return out;
}

// A rename survives a power cut only once the folder holding it is on disk.
void sync_path(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd) ::fsync(fd.get());
}

// A file written as root in the service's folder would lock the service out of it.
void give_to_owner_of(const fs::path& file, const fs::path& dir) {
  struct stat st {};
  if (::geteuid() == 0 && ::stat(dir.c_str(), &st) == 0)
    if (::chown(file.c_str(), st.st_uid, st.st_gid) != 0) {
      // Only root gets here, and root may chown: a failure leaves the file as it was.
    }
}

std::string stamp(const char* format) {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&t, &local);
  char text[32];
  std::strftime(text, sizeof text, format, &local);
  return text;
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

}  // namespace

// [SECTION] Store: backup and restore

Result<std::uintmax_t> Store::backup_to(const fs::path& file) {
  std::error_code ec;
  if (fs::exists(file, ec)) return fail("refusing to overwrite " + file.string());
  // Written beside its final name and renamed, so a power cut never leaves half a backup
  // under a name the rotation or a restore would trust.
  const fs::path partial = file.string() + ".partial";
  remove_quietly(partial);
  try {
    {
      sqlite::Database copy(partial, sqlite::Database::Mode::read_write_create);
      ::chmod(partial.c_str(), 0600);
      if (auto r = OnlineBackup(copy.handle(), db_.handle()).run(); !r) {
        remove_quietly(partial);
        return std::unexpected(r.error());
      }
      // One self-contained file (no -wal beside it) that can be carried anywhere alone.
      copy.exec("PRAGMA journal_mode=DELETE");
      if (const std::string check = integrity(copy); check != "ok") {
        remove_quietly(partial);
        return fail("the backup copy failed its check: " + check);
      }
    }
    sync_path(partial);
    fs::rename(partial, file, ec);
    if (ec) {
      remove_quietly(partial);
      return fail("cannot write " + file.string() + ": " + ec.message());
    }
    sync_path(file.parent_path().empty() ? fs::path(".") : file.parent_path());
    return fs::file_size(file);
  } catch (const sqlite::DbError& e) {
    remove_quietly(partial);
    return fail("cannot write the backup " + file.string() + ": " + e.what());
  }
}

Result<std::int64_t> Store::restore(const fs::path& dir, const fs::path& file, fs::path* kept) {
  if (kept) kept->clear();
  auto key = crypto::read_key_file(dir / kKeyFile);
  if (!key)
    return fail(dir.string() + " holds no server key (" + key.error().what +
                "): restore into the school's own data folder");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return fail("cannot read the backup " + file.string());

  // Every check runs on a private copy: the backup file itself is never modified, and the live
  // database is not touched until the copy has passed them all.
  const fs::path staged = dir / (std::string(kDatabaseFile) + ".restoring");
  auto drop_staged = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      remove_quietly(staged.string() + suffix);
  };
  drop_staged();
  fs::copy_file(file, staged, ec);
  if (ec)
    return fail("cannot copy " + file.string() + " into " + dir.string() + ": " + ec.message());
  ::chmod(staged.c_str(), 0600);
  std::int64_t entries = 0;
  try {
    sqlite::Database db(staged, sqlite::Database::Mode::read_write);
    if (const std::string check = integrity(db); check != "ok") {
      drop_staged();
      return fail(file.string() + " is damaged (integrity_check: " + check + "); nothing restored");
    }
    std::string their_key;
    {
      auto q = db.prepare("SELECT value FROM settings WHERE key = 'server_public_key'");
      if (q.step()) their_key = q.text(0);
      q.reset();
    }
    const std::string ours = crypto::to_hex(key->public_key);
    if (their_key != ours) {
      drop_staged();
      return fail(file.string() + " is a backup of another school server (its key " +
                  (their_key.empty() ? std::string("is missing") : their_key.substr(0, 16) + "…") +
                  ", this folder's key " + ours.substr(0, 16) + "…); nothing restored");
    }
    Store candidate(Opened{}, std::move(db), std::move(*key));
    auto verified = candidate.verify_journal();
    if (!verified) {
      drop_staged();
      return fail(file.string() + ": the journal does not verify with this folder's key (" +
                  verified.error().what + "); nothing restored");
    }
    entries = *verified;
  } catch (const sqlite::DbError& e) {
    drop_staged();
    return fail(file.string() + " is not a readable school database (" + e.what() +
                "); nothing restored");
  }

  const fs::path live = dir / kDatabaseFile;
  if (!fs::exists(live, ec)) {
    // A folder rebuilt after a lost disk: its key was put back, the database comes from here.
    // A stale -wal left beside would be replayed onto the restored file.
    for (const char* suffix : {"-wal", "-shm"}) remove_quietly(live.string() + suffix);
    give_to_owner_of(staged, dir);
    sync_path(staged);
    fs::rename(staged, live, ec);
    if (ec) {
      drop_staged();
      return fail("cannot put the restored database in place: " + ec.message());
    }
    sync_path(dir);
    return entries;
  }

  try {
    sqlite::Database target(live, sqlite::Database::Mode::read_write);
    // A running server keeps a shared lock on the file for as long as it has it open: an
    // exclusive lock, tried without waiting long, is the proof that nobody else uses it. In
    // exclusive locking mode the lock stays held after COMMIT, until the handle closes.
    sqlite3_busy_timeout(target.handle(), 500);
    target.exec("PRAGMA locking_mode=EXCLUSIVE");
    try {
      target.exec("BEGIN EXCLUSIVE");
      target.exec("COMMIT");
    } catch (const sqlite::DbError& e) {
      drop_staged();
      if ((e.code() & 0xff) == SQLITE_BUSY || (e.code() & 0xff) == SQLITE_LOCKED)
        return fail(live.string() +
                    " is in use (is the server running? stop it first: systemctl stop "
                    "bbzhm-server); nothing restored");
      throw;
    }
    // The database being replaced is kept: a restore of the wrong night can be undone.
    const fs::path previous =
        dir / (std::string(kDatabaseFile) + ".before-restore-" + stamp("%Y%m%d-%H%M%S"));
    bool saved = false;
    {
      sqlite::Database copy(previous, sqlite::Database::Mode::read_write_create);
      ::chmod(previous.c_str(), 0600);
      if (OnlineBackup(copy.handle(), target.handle()).run()) {
        copy.exec("PRAGMA journal_mode=DELETE");
        saved = true;
      }
    }
    if (saved) {
      give_to_owner_of(previous, dir);
      if (kept) *kept = previous;
    } else {
      remove_quietly(previous);  // the old database was unreadable: nothing worth keeping
    }
    // Page by page into the live file under the lock, through SQLite's own journal: a crash
    // midway leaves the old database, never a mixture.
    sqlite::Database source(staged, sqlite::Database::Mode::read_write);
    if (auto r = OnlineBackup(target.handle(), source.handle()).run(); !r) {
      drop_staged();
      return std::unexpected(r.error());
    }
  } catch (const sqlite::DbError& e) {
    drop_staged();
    return fail("cannot restore into " + live.string() + ": " + e.what());
  }
  drop_staged();
  return entries;
}

// [SECTION] Rotation

std::vector<fs::path> backups_to_remove(const fs::path& dir, std::size_t keep) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.starts_with(kBackupPrefix) && name.ends_with(kBackupSuffix))
      found.push_back(e.path());
  }
  std::sort(found.begin(), found.end());
  if (found.size() <= keep) return {};
  found.resize(found.size() - keep);
  return found;
}

// [SECTION] Commands

int run_backup(const Args& args, Language lang) {
  auto report = [](const std::string& what, int status = kExitFailure) {
    std::cerr << "bbzhm-server: " << what << "\n";
    return status;
  };
  if (auto ok = args.only({"data", "out", "dir", "keep"}); !ok)
    return report(ok.error().what, kExitBadInput);
  auto data = args.need("data");
  if (!data) return report(data.error().what, kExitBadInput);
  const auto out = args.get("out");
  const auto folder = args.get("dir");
  if (out.has_value() == folder.has_value())
    return report(std::string(i18n::text(lang, "backup.usage")), kExitBadInput);
  auto keep = args.number("keep", 14);
  if (!keep) return report(keep.error().what, kExitBadInput);
  if (*keep < 1) return report("--keep: at least 1 backup is kept", kExitBadInput);

  fs::path file;
  if (out) {
    file = *out;
  } else {
    std::error_code ec;
    fs::create_directories(*folder, ec);
    if (ec) return report("cannot create " + *folder + ": " + ec.message());
    ::chmod(folder->c_str(), 0700);
    // The name sorts by time; a second backup in the same second gets "_02", which sorts
    // after the first ('_' > '.').
    const std::string base = std::string(kBackupPrefix) + stamp("%Y%m%d-%H%M%S");
    file = fs::path(*folder) / (base + std::string(kBackupSuffix));
    for (int n = 2; fs::exists(file, ec); ++n)
      file = fs::path(*folder) /
             (base + (n < 10 ? "_0" : "_") + std::to_string(n) + std::string(kBackupSuffix));
  }
  auto store = Store::open(*data);
  if (!store) return report(store.error().what);
  auto size = (*store)->backup_to(file);
  if (!size) return report(size.error().what);
  std::cout << i18n::format(lang, "backup.done",
                            {file.string(), std::to_string((*size + 1023) / 1024)})
            << "\n";
  if (folder) {
    const auto old = backups_to_remove(*folder, static_cast<std::size_t>(*keep));
    for (const auto& p : old) remove_quietly(p);
    std::cout << i18n::format(lang, "backup.rotated",
                              {std::to_string(old.size()), std::to_string(*keep), *folder})
              << "\n";
  }
  return 0;
}

int run_restore(const Args& args, Language lang) {
  auto report = [](const std::string& what, int status = kExitFailure) {
    std::cerr << "bbzhm-server: " << what << "\n";
    return status;
  };
  if (auto ok = args.only({"data"}); !ok) return report(ok.error().what, kExitBadInput);
  auto data = args.need("data");
  if (!data || args.positional().size() != 2)
    return report(std::string(i18n::text(lang, "backup.restore_usage")), kExitBadInput);
  fs::path kept;
  auto entries = Store::restore(*data, args.positional()[1], &kept);
  if (!entries) return report(entries.error().what);
  std::cout << i18n::format(lang, "backup.restored",
                            {*data, args.positional()[1], std::to_string(*entries)})
            << "\n";
  if (!kept.empty()) std::cout << i18n::format(lang, "backup.kept", {kept.string()}) << "\n";
  return 0;
}

}  // namespace bbzhm::server
