// The school database's share of NTC test packages (server/store.hpp, [package]).
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace bbzhm::server {
namespace {

using nlohmann::json;

constexpr std::string_view kPackageSchema = R"SQL(
CREATE TABLE IF NOT EXISTS packages(
  id TEXT PRIMARY KEY, campaign TEXT NOT NULL, expires_at INTEGER NOT NULL,
  loaded_at INTEGER NOT NULL, file BLOB NOT NULL, unlocked_at INTEGER);
CREATE TABLE IF NOT EXISTS package_forms(
  package_id TEXT NOT NULL REFERENCES packages(id), form_id TEXT NOT NULL, sealed BLOB NOT NULL,
  PRIMARY KEY(package_id, form_id));
)SQL";

// Created here, on first use, so the schema of store.cpp stays as it is for databases that never
// see a package.
void ensure_schema(sqlite::Database& db) {
  db.exec(kPackageSchema);
}

}  // namespace

std::optional<crypto::PublicKey> Store::ntc_key() {
  const auto hex = setting("ntc_public_key");
  if (!hex) return std::nullopt;
  auto key = crypto::public_key_from_hex(*hex);
  if (!key) return std::nullopt;
  return *key;
}

Result<void> Store::trust_ntc_key(const crypto::PublicKey& key, bool replace) {
  const auto pinned = ntc_key();
  if (pinned && *pinned != key && !replace)
    return fail("this server already trusts the NTC key " + crypto::fingerprint(*pinned) +
                "; replacing it with " + crypto::fingerprint(key) + " needs --replace");
  set_setting("ntc_public_key", crypto::to_hex(key));
  if (!pinned || *pinned != key)
    journal("technician", "trust_ntc_key", json{{"fingerprint", crypto::fingerprint(key)}}.dump(),
            now_ms());
  return {};
}

Result<void> Store::store_package(std::string_view id, std::string_view campaign,
                                  std::int64_t expires_ms, ByteView file) {
  ensure_schema(db_);
  if (auto old = package_file(id)) {
    if (*old == Bytes(file.begin(), file.end())) return {};
    return fail("another package with the id " + std::string(id) + " is already loaded");
  }
  const std::int64_t now = now_ms();
  db_.prepare("INSERT INTO packages(id, campaign, expires_at, loaded_at, file) VALUES(?,?,?,?,?)")
      .bind(1, id)
      .bind(2, campaign)
      .bind(3, expires_ms)
      .bind(4, now)
      .bind_blob(5, file)
      .run();
  journal("technician", "load_package",
          json{{"package", id},
               {"campaign", campaign},
               {"bytes", file.size()},
               {"hash", crypto::to_hex(crypto::hash({file}))}}
              .dump(),
          now);
  return {};
}

std::optional<Bytes> Store::package_file(std::string_view id) {
  ensure_schema(db_);
  auto q = db_.prepare("SELECT file FROM packages WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return q.blob(0);
}

std::vector<std::string> Store::locked_packages() {
  ensure_schema(db_);
  std::vector<std::string> out;
  auto q = db_.prepare("SELECT id FROM packages WHERE unlocked_at IS NULL ORDER BY loaded_at, id");
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void Store::store_unlocked_forms(std::string_view package,
                                 const std::vector<item_bank::TestForm>& forms) {
  ensure_schema(db_);
  const crypto::Secret key = crypto::derive_key(key_, "package forms");
  auto put = db_.prepare(
      "INSERT OR REPLACE INTO package_forms(package_id, form_id, sealed) VALUES(?,?,?)");
  for (const auto& f : forms)
    put.bind(1, package)
        .bind(2, f.id)
        .bind_blob(3, crypto::seal_record(key, as_bytes(item_bank::form_json(f))))
        .run();
  const std::int64_t now = now_ms();
  db_.prepare("UPDATE packages SET unlocked_at = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, package)
      .run();
  journal("technician", "unlock_package",
          json{{"package", package}, {"forms", forms.size()}}.dump(), now);
}

Result<std::vector<item_bank::TestForm>> Store::package_forms(std::string_view package) {
  ensure_schema(db_);
  auto state = db_.prepare("SELECT unlocked_at FROM packages WHERE id = ?");
  state.bind(1, package);
  if (!state.step()) return fail("there is no package " + std::string(package) + " on this server");
  if (state.is_null(0))
    return fail("package " + std::string(package) + " is still locked: run unlock with its code");
  state.reset();
  const crypto::Secret key = crypto::derive_key(key_, "package forms");
  std::vector<item_bank::TestForm> forms;
  auto q =
      db_.prepare("SELECT form_id, sealed FROM package_forms WHERE package_id = ? ORDER BY rowid");
  q.bind(1, package);
  while (q.step()) {
    auto text = crypto::open_record(key, q.blob(1));
    if (!text)
      return fail("form " + q.text(0) + " of package " + std::string(package) + " is damaged");
    auto form = item_bank::parse_form(as_chars(*text), "package form " + q.text(0));
    if (!form) return std::unexpected(form.error());
    forms.push_back(std::move(*form));
  }
  return forms;
}

}  // namespace bbzhm::server
