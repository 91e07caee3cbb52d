// The SQLite backend of ntc::Database: one file, WAL, synchronous=FULL.
#include <sqlite3.h>

#include <memory>

#include "ntc/database.hpp"

namespace bbzhm::ntc {
namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const std::string& path) {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw DbError(raw ? sqlite3_errmsg(raw) : "cannot open " + path);
    sqlite3_busy_timeout(raw, 10000);
    // 64 KiB pages (for a new database; an existing one keeps its own): a campaign stores ~1 GB
    // of sealed bundles (160 KiB each) and the intake writes each page to the WAL and again at
    // the checkpoint, a pwrite and a pread per page. With 4 KiB pages that was 430 000 system
    // calls (≈ 1.9 s of system CPU) at 30 000 students; now 54 000 (≈ 1 s).
    exec(
        "PRAGMA page_size=65536; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA foreign_keys=ON;");
  }

  std::string_view backend() const override { return "sqlite"; }

  void exec(std::string_view script) override {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), std::string(script).c_str(), nullptr, nullptr, &message) !=
        SQLITE_OK) {
      const std::string what = message ? message : "error";
      sqlite3_free(message);
      throw DbError(what);
    }
  }

  // In SQLite one prepared statement stepped per row is the fastest bulk insert there is.
  void insert_rows(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<std::vector<Value>>& rows, bool ignore_conflicts) override {
    if (rows.empty() || columns.empty()) return;
    std::string sql = "INSERT INTO " + std::string(table) + "(";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? "," : "") + columns[c];
    sql += ") VALUES(";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += c ? ",?" : "?";
    sql += ")";
    if (ignore_conflicts) sql += " ON CONFLICT DO NOTHING";
    auto stmt = prepare(sql);
    for (const auto& r : rows) {
      if (r.size() != columns.size())
        throw DbError("insert into " + std::string(table) + ": a row has the wrong width");
      bind_all(stmt.get(), r);
      if (sqlite3_step(stmt.get()) != SQLITE_DONE) throw DbError(sqlite3_errmsg(db_.get()));
      sqlite3_reset(stmt.get());
    }
  }

  void each(std::string_view sql, const std::vector<Value>& params,
            const std::function<void(const Row&)>& row) override {
    // $N (the shared spelling) is ?N in SQLite.
    std::string text(sql);
    for (auto& ch : text)
      if (ch == '$') ch = '?';
    auto stmt = prepare(text);
    sqlite3_stmt* raw = stmt.get();
    bind_all(raw, params);
    const int columns = sqlite3_column_count(raw);
    for (;;) {
      const int rc = sqlite3_step(raw);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw DbError(sqlite3_errmsg(db_.get()));
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(raw, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(raw, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(raw, c));
            break;
          case SQLITE_TEXT:
            values.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(raw, c)),
                            static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(raw, c));
            values.emplace_back(Bytes(p, p + sqlite3_column_bytes(raw, c)));
            break;
          }
          default:
            values.emplace_back(std::monostate{});
        }
      }
      row(Row(std::move(values)));
    }
  }

  void begin() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override { exec("ROLLBACK"); }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

  StatementPtr prepare(const std::string& text) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), text.c_str(), static_cast<int>(text.size()), &raw, nullptr) !=
        SQLITE_OK)
      throw DbError(std::string(sqlite3_errmsg(db_.get())) + " in: " + text.substr(0, 200));
    return StatementPtr(raw);
  }

  void bind_all(sqlite3_stmt* raw, const std::vector<Value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(raw, index, *n);
      else if (const auto* d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(raw, index, *d);
      else if (const auto* s = std::get_if<std::string>(&v))
        rc = sqlite3_bind_text(raw, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      else if (const auto* b = std::get_if<Bytes>(&v))
        rc = sqlite3_bind_blob(raw, index, b->data(), static_cast<int>(b->size()), SQLITE_STATIC);
      else
        rc = sqlite3_bind_null(raw, index);
      if (rc != SQLITE_OK) throw DbError(sqlite3_errmsg(db_.get()));
    }
  }

  std::unique_ptr<sqlite3, Close> db_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path) {
  return std::make_unique<SqliteDatabase>(path);
}

}  // namespace bbzhm::ntc
