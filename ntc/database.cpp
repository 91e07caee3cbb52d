// What both backends share: row access, whole-result helpers and multi-row inserts.
#include "ntc/database.hpp"

#include <charconv>

#include "common/crypto.hpp"

namespace bbzhm::ntc {

std::unique_ptr<Database> open_sqlite(const std::string& path);
std::unique_ptr<Database> open_postgresql(const std::string& conninfo);

bool Row::is_null(std::size_t column) const {
  return std::holds_alternative<std::monostate>(values_.at(column));
}

std::int64_t Row::integer(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    const auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && p == s->data() + s->size()) return out;
    return static_cast<std::int64_t>(std::stod(*s));
  }
  return 0;
}

double Row::real(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stod(*s);
  return 0;
}

std::string Row::text(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  if (const auto* b = std::get_if<Bytes>(&v)) return std::string(b->begin(), b->end());
  return {};
}

Bytes Row::blob(std::size_t column) const {
  const Value& v = values_.at(column);
  if (const auto* b = std::get_if<Bytes>(&v)) return *b;
  if (const auto* s = std::get_if<std::string>(&v)) return Bytes(s->begin(), s->end());
  return {};
}

std::vector<Row> Database::query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  each(sql, params, [&rows](const Row& r) { rows.push_back(r); });
  return rows;
}

std::optional<Row> Database::one(std::string_view sql, const std::vector<Value>& params) {
  std::optional<Row> first;
  each(sql, params, [&first](const Row& r) {
    if (!first) first = r;
  });
  return first;
}

void Database::insert_rows(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<Value>>& rows, bool ignore_conflicts) {
  if (rows.empty() || columns.empty()) return;
  // Both backends take a few thousand parameters per statement comfortably (SQLite's limit is
  // 32766, PostgreSQL's 65535).
  const std::size_t per_statement = std::max<std::size_t>(1, 8000 / columns.size());
  std::string head = "INSERT INTO " + std::string(table) + "(";
  for (std::size_t c = 0; c < columns.size(); ++c) head += (c ? "," : "") + columns[c];
  head += ") VALUES ";
  for (std::size_t start = 0; start < rows.size(); start += per_statement) {
    const std::size_t end = std::min(rows.size(), start + per_statement);
    std::string sql = head;
    std::vector<Value> params;
    params.reserve((end - start) * columns.size());
    int n = 0;
    for (std::size_t r = start; r < end; ++r) {
      if (rows[r].size() != columns.size())
        throw DbError("insert into " + std::string(table) + ": a row has the wrong width");
      sql += r == start ? "(" : ",(";
      for (std::size_t c = 0; c < columns.size(); ++c) {
        sql += (c ? ",$" : "$") + std::to_string(++n);
        params.push_back(rows[r][c]);
      }
      sql += ")";
    }
    if (ignore_conflicts) sql += " ON CONFLICT DO NOTHING";
    run(sql, params);
  }
}

Result<std::unique_ptr<Database>> open_database(const std::string& target) {
  try {
    if (target.starts_with("postgresql://") || target.starts_with("postgres://") ||
        target.find('=') != std::string::npos)
      return open_postgresql(target);
    return open_sqlite(target);
  } catch (const std::exception& e) {
    return fail("cannot open the database " + target + ": " + e.what());
  }
}

}  // namespace bbzhm::ntc
