// The school database's share of the results bundle (server/store.hpp, [bundle]): one ended
// sitting read as JSON, and the NTC's receipts (their table is created on first use).
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace bbzhm::server {
namespace {

using nlohmann::json;

constexpr std::string_view kReceiptSchema = R"SQL(
CREATE TABLE IF NOT EXISTS ntc_receipts(
  bundle_id TEXT PRIMARY KEY, sitting_id INTEGER NOT NULL, received_at INTEGER NOT NULL,
  receipt TEXT NOT NULL, signature BLOB NOT NULL);
)SQL";

// The console's "send to NTC" (p.26): one row per sitting, kept through restarts.
constexpr std::string_view kUploadSchema = R"SQL(
CREATE TABLE IF NOT EXISTS ntc_uploads(
  sitting_id INTEGER PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL, next_attempt_at INTEGER NOT NULL, bundle_id TEXT NOT NULL,
  receipt_at INTEGER NOT NULL, requested_by TEXT NOT NULL, updated_at INTEGER NOT NULL);
)SQL";

json text_or_null(sqlite::Statement& q, int column) {
  return q.is_null(column) ? json(nullptr) : json(q.text(column));
}
json int_or_null(sqlite::Statement& q, int column) {
  return q.is_null(column) ? json(nullptr) : json(q.integer(column));
}

}  // namespace

Result<std::string> Store::bundle_content(std::int64_t sitting) {
  auto s = db_.prepare(
      "SELECT campaign, grade, class_name, room, state, minutes, created_at FROM sittings WHERE "
      "id = ?");
  s.bind(1, sitting);
  if (!s.step()) return fail("there is no sitting " + std::to_string(sitting));
  if (s.text(4) != "ended") {
    const std::string state = s.text(4);
    s.reset();
    return fail("sitting " + std::to_string(sitting) + " is " + state +
                ": only an ended sitting goes to the NTC");
  }
  const School sc = school();
  json out;
  out["format"] = 1;
  out["school"] = {
      {"code", sc.code}, {"name", sc.name}, {"server_key", crypto::to_hex(key_.public_key)}};
  out["sitting"] = {{"id", sitting},           {"campaign", s.text(0)},     {"grade", s.integer(1)},
                    {"class", s.text(2)},      {"room", s.text(3)},         {"state", s.text(4)},
                    {"minutes", s.integer(5)}, {"created_at", s.integer(6)}};
  s.reset();

  json forms = json::array();
  auto f = db_.prepare(
      "SELECT DISTINCT pf.form_id FROM participant_forms pf JOIN participants p ON p.id = "
      "pf.participant_id WHERE p.sitting_id = ? ORDER BY pf.form_id");
  f.bind(1, sitting);
  while (f.step()) {
    const item_bank::TestForm& form = this->form(f.text(0));
    forms.push_back({{"id", form.id},
                     {"subject", code(form.booklet.subject)},
                     {"language", code(form.booklet.language)},
                     {"variant", form.booklet.variant},
                     {"items", form.booklet.items.size()}});
  }
  out["forms"] = forms;

  json participants = json::array();
  auto p = db_.prepare(
      "SELECT p.id, p.seat, p.personal_code, s.iin, s.last_name, s.first_name, s.middle_name, "
      "s.class_name, s.grade, s.language, s.reading_language, p.status, p.absence_reason, "
      "p.started_at, p.finished_at, p.receipt FROM participants p JOIN students s ON s.id = "
      "p.student_id WHERE p.sitting_id = ? ORDER BY p.seat");
  p.bind(1, sitting);
  auto tests = db_.prepare(
      "SELECT subject, form_id FROM participant_forms WHERE participant_id = ? ORDER BY subject");
  auto results = db_.prepare(
      "SELECT subject, language, score, max_score, level FROM results WHERE participant_id = ? "
      "ORDER BY subject");
  while (p.step()) {
    const std::int64_t id = p.integer(0);
    json row = {{"seat", p.integer(1)},
                {"personal_code", p.text(2)},
                {"iin", p.text(3)},
                {"last_name", p.text(4)},
                {"first_name", p.text(5)},
                {"middle_name", p.text(6)},
                {"class", p.text(7)},
                {"grade", p.integer(8)},
                {"language", p.text(9)},
                {"reading_language", text_or_null(p, 10)},
                {"status", p.text(11)},
                {"absence_reason", text_or_null(p, 12)},
                {"started_at", int_or_null(p, 13)},
                {"finished_at", int_or_null(p, 14)},
                {"receipt", text_or_null(p, 15)}};
    json t = json::array(), a = json::array(), r = json::array();
    tests.bind(1, id);
    while (tests.step()) t.push_back({{"subject", tests.text(0)}, {"form", tests.text(1)}});
    for (const auto& answer : answers_of_participant(id))
      a.push_back({{"item", answer.item_id},
                   {"response", answer.response},
                   {"seq", answer.seq},
                   {"saved_at", answer.saved_at_ms}});
    results.bind(1, id);
    while (results.step())
      r.push_back({{"subject", results.text(0)},
                   {"language", results.text(1)},
                   {"score", results.integer(2)},
                   {"max_score", results.integer(3)},
                   {"level", results.text(4)}});
    row["tests"] = t;
    row["answers"] = a;
    row["results"] = r;
    participants.push_back(row);
  }
  out["participants"] = participants;

  json acts = json::array();
  auto q = db_.prepare(
      "SELECT a.number, a.kind, p.personal_code, a.representative, a.room, a.seat, a.at, "
      "a.details, a.corrects, a.journal_hash FROM acts a JOIN participants p ON p.id = "
      "a.participant_id WHERE a.sitting_id = ? ORDER BY a.number");
  q.bind(1, sitting);
  while (q.step())
    acts.push_back({{"number", q.integer(0)},
                    {"kind", q.text(1)},
                    {"personal_code", q.text(2)},
                    {"representative", q.text(3)},
                    {"room", q.text(4)},
                    {"seat", q.integer(5)},
                    {"at", q.integer(6)},
                    {"details", json::parse(q.text(7), nullptr, false)},
                    {"corrects", int_or_null(q, 8)},
                    {"journal_hash", crypto::to_hex(q.blob(9))}});
  out["acts"] = acts;

  json incidents = json::array();
  auto i = db_.prepare(
      "SELECT i.at, i.station, p.personal_code, i.kind, i.detail, i.station_time, "
      "i.acknowledged_at FROM incidents i JOIN participants p ON p.id = i.participant_id WHERE "
      "p.sitting_id = ? ORDER BY i.id");
  i.bind(1, sitting);
  while (i.step())
    incidents.push_back({{"at", i.integer(0)},
                         {"station", i.text(1)},
                         {"personal_code", i.text(2)},
                         {"kind", i.text(3)},
                         {"detail", i.text(4)},
                         {"station_time", i.integer(5)},
                         {"acknowledged_at", int_or_null(i, 6)}});
  out["incidents"] = incidents;

  json readiness = json::array();
  auto rd = db_.prepare("SELECT at, content FROM readiness WHERE sitting_id = ? ORDER BY id");
  rd.bind(1, sitting);
  while (rd.step())
    readiness.push_back(
        {{"at", rd.integer(0)}, {"content", json::parse(rd.text(1), nullptr, false)}});
  out["readiness"] = readiness;

  // The journal from its first entry up to the last one about this sitting: a prefix of the
  // chain, so the NTC can verify it, and the same prefix at every later export.
  std::int64_t last = 0;
  auto j = db_.prepare("SELECT seq, payload FROM journal ORDER BY seq");
  while (j.step()) {
    const auto payload = json::parse(j.text(1), nullptr, false);
    if (payload.is_object() && payload.contains("sitting") && payload["sitting"] == sitting)
      last = j.integer(0);
  }
  json journal = json::array();
  auto e = db_.prepare(
      "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM journal WHERE seq <= "
      "? ORDER BY seq");
  e.bind(1, last);
  while (e.step())
    journal.push_back({{"seq", e.integer(0)},
                       {"at", e.integer(1)},
                       {"actor", e.text(2)},
                       {"kind", e.text(3)},
                       {"payload", e.text(4)},
                       {"prev_hash", crypto::to_hex(e.blob(5))},
                       {"hash", crypto::to_hex(e.blob(6))},
                       {"signature", crypto::to_hex(e.blob(7))}});
  out["journal"] = journal;
  // p.25: the sitting's anonymous surveys, unlinked (no student, no time but the day), in the
  // order of their random ids. Absent when there are none, so a bundle without surveys keeps the
  // id it had before surveys existed.
  json surveys = json::array();
  for (const auto& row : this->surveys(sitting))
    surveys.push_back({{"kind", row.kind},
                       {"grade", row.grade},
                       {"language", row.language},
                       {"subjects", row.subjects},
                       {"day", row.day},
                       {"answers", row.answers}});
  if (!surveys.empty()) out["surveys"] = surveys;
  return out.dump();
}

std::vector<std::int64_t> Store::ended_sittings() {
  std::vector<std::int64_t> out;
  auto q = db_.prepare("SELECT id FROM sittings WHERE state = 'ended' ORDER BY id");
  while (q.step()) out.push_back(q.integer(0));
  return out;
}

void Store::save_ntc_receipt(std::string_view bundle_id, std::int64_t sitting,
                             std::string_view receipt, const crypto::Signature& signature) {
  db_.exec(kReceiptSchema);
  db_.prepare(
         "INSERT OR IGNORE INTO ntc_receipts(bundle_id, sitting_id, received_at, receipt, "
         "signature) VALUES(?,?,?,?,?)")
      .bind(1, bundle_id)
      .bind(2, sitting)
      .bind(3, now_ms())
      .bind(4, receipt)
      .bind_blob(5, signature)
      .run();
  journal("server", "ntc_receipt",
          json{{"bundle_sitting", sitting}, {"bundle", bundle_id}, {"receipt", receipt}}.dump(),
          now_ms());
}

std::optional<std::string> Store::ntc_receipt(std::string_view bundle_id) {
  db_.exec(kReceiptSchema);
  auto q = db_.prepare("SELECT receipt FROM ntc_receipts WHERE bundle_id = ?");
  q.bind(1, bundle_id);
  if (!q.step()) return std::nullopt;
  std::string out = q.text(0);
  q.reset();
  return out;
}

std::optional<protocol::UploadState> Store::upload_state(std::int64_t sitting) {
  db_.exec(kUploadSchema);
  auto q = db_.prepare(
      "SELECT state, attempts, last_error, next_attempt_at, bundle_id, receipt_at, requested_by, "
      "updated_at FROM ntc_uploads WHERE sitting_id = ?");
  q.bind(1, sitting);
  if (!q.step()) return std::nullopt;
  protocol::UploadState u;
  u.sitting = sitting;
  u.state = q.text(0);
  u.attempts = static_cast<int>(q.integer(1));
  u.last_error = q.text(2);
  u.next_attempt_ms = q.integer(3);
  u.bundle_id = q.text(4);
  u.receipt_at_ms = q.integer(5);
  u.requested_by = q.text(6);
  u.updated_ms = q.integer(7);
  q.reset();
  return u;
}

void Store::set_upload_state(const protocol::UploadState& u) {
  db_.exec(kUploadSchema);
  db_.prepare(
         "INSERT OR REPLACE INTO ntc_uploads(sitting_id, state, attempts, last_error, "
         "next_attempt_at, bundle_id, receipt_at, requested_by, updated_at) "
         "VALUES(?,?,?,?,?,?,?,?,?)")
      .bind(1, u.sitting)
      .bind(2, u.state)
      .bind(3, static_cast<std::int64_t>(u.attempts))
      .bind(4, u.last_error)
      .bind(5, u.next_attempt_ms)
      .bind(6, u.bundle_id)
      .bind(7, u.receipt_at_ms)
      .bind(8, u.requested_by)
      .bind(9, u.updated_ms)
      .run();
}

std::vector<std::int64_t> Store::pending_uploads() {
  db_.exec(kUploadSchema);
  auto q = db_.prepare(
      "SELECT sitting_id FROM ntc_uploads WHERE state IN ('queued', 'sending', 'retrying') "
      "ORDER BY sitting_id");
  std::vector<std::int64_t> out;
  while (q.step()) out.push_back(q.integer(0));
  return out;
}

}  // namespace bbzhm::server
