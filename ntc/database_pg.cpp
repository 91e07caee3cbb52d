// The PostgreSQL backend of ntc::Database over libpqxx 6.4. Parameters travel as text (bytes as
// bytea's \x hex form) and the server gives them the column's type; results come back by type.
#include <pqxx/pqxx>

#include <memory>

#include "common/crypto.hpp"
#include "ntc/database.hpp"

namespace bbzhm::ntc {
namespace {

constexpr pqxx::oid kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

std::string conninfo_of(const std::string& target) {
  return target;  // libpq takes both URIs and key=value strings
}

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
      if (const auto* n = std::get_if<std::int64_t>(&v))
        storage.push_back(std::to_string(*n));
      else if (const auto* d = std::get_if<double>(&v)) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.17g", *d);
        storage.emplace_back(buffer);
      } else if (const auto* s = std::get_if<std::string>(&v))
        storage.push_back(*s);
      else
        storage.push_back("\\x" + crypto::to_hex(std::get<Bytes>(v)));
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
