// The NTC's SQL connection: one interface over SQLite (one file, the default) and PostgreSQL
// (`--db postgresql://...`, libpqxx 6.4). SQL is written once for both: parameters are $1, $2, ...,
// types are TEXT, BIGINT, DOUBLE PRECISION and BYTEA, conflicts use ON CONFLICT. Only ntc::Store
// (ntc/store*.cpp) holds a Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/codec.hpp"
#include "common/error.hpp"

namespace bbzhm::ntc {

// A database failure where success is an invariant (broken connection, disk full, constraint):
// the store rolls the transaction back and reports it.
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter or a column value: NULL, integer, real, text or bytes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Bytes>;

// One result row; the accessors convert (an integer column read as text gives its digits).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t column) const;
  std::int64_t integer(std::size_t column) const;
  double real(std::size_t column) const;
  std::string text(std::size_t column) const;
  Bytes blob(std::size_t column) const;

 private:
  std::vector<Value> values_;
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;
  // Runs statements without parameters (the schema).
  virtual void exec(std::string_view script) = 0;
  // Runs one statement with $1..$n bound to `params`, calling `row` for each result row in order.
  virtual void each(std::string_view sql, const std::vector<Value>& params,
                    const std::function<void(const Row&)>& row) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  // All rows of one statement.
  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {});
  // The first row, if any.
  std::optional<Row> one(std::string_view sql, const std::vector<Value>& params = {});
  void run(std::string_view sql, const std::vector<Value>& params = {}) { query(sql, params); }
  // Inserts many rows into `table` with multi-row INSERT statements (a few thousand values each),
  // inside the caller's transaction. Conflicting rows are an error unless `ignore_conflicts`.
  // SQLite overrides it with one prepared single-row statement reused for every row.
  virtual void insert_rows(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<Value>>& rows,
                           bool ignore_conflicts = false);
};

// Opens the SQLite file (created if missing; WAL, synchronous=FULL) or connects to PostgreSQL
// when `target` starts with "postgresql://" or "postgres://" (or is a libpq "host=... " string).
Result<std::unique_ptr<Database>> open_database(const std::string& target);

// BEGIN ... COMMIT, rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.begin(); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) try {
        db_.rollback();
      } catch (...) {
      }
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace bbzhm::ntc
