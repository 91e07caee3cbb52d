// The SQLite handles: every error becomes a DbError naming the statement.
#include "common/sqlite.hpp"

namespace bbzhm::sqlite {
namespace {

[[noreturn]] void raise(sqlite3* db, int rc, std::string_view context) {
  throw DbError(std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}

}  // namespace

Database::Database(const std::filesystem::path& path, Mode mode) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (mode == Mode::read_write_create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) raise(raw, rc, "open " + path.string());
  sqlite3_busy_timeout(raw, 10000);
  sqlite3_extended_result_codes(raw, 1);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
}

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string m = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw DbError(m + " in: " + s.substr(0, 80), rc);
  }
}

Statement Database::prepare(std::string_view sql) {
  return Statement(db_.get(), sql);
}
std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_.get());
}
int Database::changes() const {
  return sqlite3_changes(db_.get());
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) raise(db, rc, "prepare " + std::string(sql.substr(0, 80)));
}

Statement& Statement::bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_.get(), index, v);
  return *this;
}
Statement& Statement::bind(int index, double v) {
  sqlite3_bind_double(stmt_.get(), index, v);
  return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
  sqlite3_bind_text64(stmt_.get(), index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Statement& Statement::bind_blob(int index, ByteView v) {
  sqlite3_bind_blob64(stmt_.get(), index, v.data(), v.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    reset();
    return false;
  }
  const std::string sql = sqlite3_sql(stmt_.get());
  sqlite3_reset(stmt_.get());
  raise(db_, rc, "step " + sql.substr(0, 80));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}
double Statement::real(int column) const {
  return sqlite3_column_double(stmt_.get(), column);
}
std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_.get(), column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)))
           : std::string();
}
Bytes Statement::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
  return p ? Bytes(p, p + sqlite3_column_bytes(stmt_.get(), column)) : Bytes();
}
bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (const DbError&) {
      // Already rolled back by SQLite after an I/O error: nothing left to undo.
    }
  }
}
void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace bbzhm::sqlite
