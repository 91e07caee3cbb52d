// The PostgreSQL backend of ntc::Database over libpqxx 6.4. Parameters travel as text (bytes as
// bytea's \x hex form) and the server gives them the column's type; results come back by type.
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <memory>
#include <tuple>
#include <utility>

#include "common/crypto.hpp"
#include "ntc/database.hpp"

namespace bbzhm::ntc {
namespace {

constexpr pqxx::oid kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

std::string conninfo_of(const std::string& target) {
  return target;  // libpq takes both URIs and key=value strings
}

// A parameter as PostgreSQL's text input reads it (bytea in its \\x hex form).
std::string text_of(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    return buffer;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Bytes>(&v)) return "\\x" + crypto::to_hex(*b);
  return {};
}

// pqxx 6.4's stream_to takes a row as a tuple: the rows' widths (1 to 16 columns) are
// instantiated once each.
constexpr std::size_t kMaxCopyColumns = 16;
template <std::size_t... I>
auto tuple_of(const std::vector<std::string>& fields, std::index_sequence<I...>) {
  return std::make_tuple(fields[I]...);
}
template <std::size_t N>
void copy_row(pqxx::stream_to& copy, const std::vector<std::string>& fields) {
  copy << tuple_of(fields, std::make_index_sequence<N>{});
}
using CopyRow = void (*)(pqxx::stream_to&, const std::vector<std::string>&);
template <std::size_t... N>
constexpr std::array<CopyRow, sizeof...(N)> copy_rows(std::index_sequence<N...>) {
  return {&copy_row<N + 1>...};
}
constexpr auto kCopyRow = copy_rows(std::make_index_sequence<kMaxCopyColumns>{});

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(const std::string& target) : conn_(conninfo_of(target)) {
    exec("SET client_min_messages = warning");
  }

  std::string_view backend() const override { return "postgresql"; }

  void exec(std::string_view script) override {
    try {
      if (work_) {
        work_->exec(std::string(script));
      } else {
        pqxx::nontransaction t(conn_);
        t.exec(std::string(script));
      }
    } catch (const pqxx::sql_error& e) {
      throw DbError(e.what());
    }
  }

  void each(std::string_view sql, const std::vector<Value>& params,
            const std::function<void(const Row&)>& row) override {
    std::vector<std::string> storage;
    storage.reserve(params.size());
    std::vector<const char*> pointers;
    pointers.reserve(params.size());
    for (const Value& v : params) {
      if (std::holds_alternative<std::monostate>(v)) {
        pointers.push_back(nullptr);
        continue;
      }
      storage.push_back(text_of(v));
      pointers.push_back(storage.back().c_str());
    }
    // `storage` reserved up front: the pointers into it stay valid.
    try {
      pqxx::result result;
      const std::string text(sql);
      if (work_) {
        result = work_->exec_params(text, pqxx::prepare::make_dynamic_params(pointers));
      } else {
        pqxx::work t(conn_);
        result = t.exec_params(text, pqxx::prepare::make_dynamic_params(pointers));
        t.commit();
      }
      const auto columns = static_cast<std::size_t>(result.columns());
      std::vector<pqxx::oid> types(columns);
      for (std::size_t c = 0; c < columns; ++c)
        types[c] = result.column_type(static_cast<pqxx::row::size_type>(c));
      for (const auto& r : result) {
        std::vector<Value> values;
        values.reserve(columns);
        for (std::size_t c = 0; c < columns; ++c) {
          const pqxx::field f = r[static_cast<pqxx::row::size_type>(c)];
          if (f.is_null()) {
            values.emplace_back(std::monostate{});
          } else if (types[c] == kInt8 || types[c] == kInt4 || types[c] == kInt2) {
            values.emplace_back(f.as<std::int64_t>());
          } else if (types[c] == kFloat8 || types[c] == kFloat4) {
            values.emplace_back(f.as<double>());
          } else if (types[c] == kBytea) {
            const pqxx::binarystring b(f);
            values.emplace_back(Bytes(b.data(), b.data() + b.size()));
          } else {
            values.emplace_back(std::string(f.c_str(), f.size()));
          }
        }
        row(Row(std::move(values)));
      }
    } catch (const pqxx::sql_error& e) {
      throw DbError(std::string(e.what()) + " in: " + std::string(sql.substr(0, 200)));
    }
  }

  // Inside a transaction, rows go in with COPY (pqxx::stream_to): one statement streaming text
  // rows instead of INSERTs with thousands of parameters. COPY cannot skip conflicts nor take
  // NULLs through this path, so those fall back to the INSERTs.
  void insert_rows(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<std::vector<Value>>& rows, bool ignore_conflicts) override {
    const bool has_null = std::any_of(rows.begin(), rows.end(), [](const auto& r) {
      return std::any_of(r.begin(), r.end(),
                         [](const Value& v) { return std::holds_alternative<std::monostate>(v); });
    });
    if (!work_ || ignore_conflicts || has_null || rows.size() < 8 || columns.empty() ||
        columns.size() > kMaxCopyColumns) {
      Database::insert_rows(table, columns, rows, ignore_conflicts);
      return;
    }
    try {
      pqxx::stream_to copy(*work_, std::string(table), columns);
      std::vector<std::string> fields(columns.size());
      for (const auto& r : rows) {
        if (r.size() != columns.size())
          throw DbError("insert into " + std::string(table) + ": a row has the wrong width");
        for (std::size_t c = 0; c < r.size(); ++c) fields[c] = text_of(r[c]);
        kCopyRow[columns.size() - 1](copy, fields);
      }
      copy.complete();
    } catch (const pqxx::sql_error& e) {
      throw DbError(std::string(e.what()) + " in: COPY " + std::string(table));
    }
  }

  void begin() override {
    if (work_) throw DbError("a transaction is already open");
    work_ = std::make_unique<pqxx::work>(conn_);
  }
  void commit() override {
    auto w = std::move(work_);
    try {
      w->commit();
    } catch (const pqxx::sql_error& e) {
      throw DbError(e.what());
    }
  }
  void rollback() override {
    auto w = std::move(work_);
    if (w) w->abort();
  }

 private:
  pqxx::connection conn_;
  std::unique_ptr<pqxx::work> work_;
};

}  // namespace

std::unique_ptr<Database> open_postgresql(const std::string& conninfo) {
  try {
    return std::make_unique<PgDatabase>(conninfo);
  } catch (const pqxx::broken_connection& e) {
    throw DbError(e.what());
  }
}

}  // namespace bbzhm::ntc
