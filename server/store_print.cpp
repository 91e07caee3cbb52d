// The store's reads for the printed forms, and the new passwords that login slips carry.
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace bbzhm::server {
namespace {

using nlohmann::json;

// The student's full name as every form prints it: surname, name, patronymic when there is one.
constexpr std::string_view kFullName =
    "st.last_name || ' ' || st.first_name || "
    "CASE WHEN st.middle_name <> '' THEN ' ' || st.middle_name ELSE '' END";

// Letters and digits a child cannot confuse (no 0/o, 1/l/i), as create_sitting issues them.
std::string new_password() {
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 8; ++i)
    out += kAlphabet[crypto::random_below(static_cast<std::uint32_t>(kAlphabet.size()))];
  return out;
}

}  // namespace

Store::ReadSnapshot::ReadSnapshot(Store& store) : store_(store) {
  store_.db_.exec("BEGIN DEFERRED");
}

Store::ReadSnapshot::~ReadSnapshot() {
  try {
    store_.db_.exec("COMMIT");
  } catch (const sqlite::DbError&) {
    // Nothing was written: a failed end of a read leaves nothing to undo.
  }
}

std::optional<Store::SittingRecord> Store::sitting_record(std::int64_t sitting) {
  auto q = db_.prepare(
      "SELECT s.campaign, s.grade, s.class_name, s.room, s.state, s.created_at, "
      "(SELECT st.stage FROM participants p JOIN students st ON st.id = p.student_id "
      " WHERE p.sitting_id = s.id LIMIT 1) "
      "FROM sittings s WHERE s.id = ?");
  q.bind(1, sitting);
  if (!q.step()) return std::nullopt;
  SittingRecord r;
  r.id = sitting;
  r.campaign = q.text(0);
  r.grade = static_cast<int>(q.integer(1));
  r.class_name = q.text(2);
  r.room = q.text(3);
  r.state = q.text(4);
  r.created_at_ms = q.integer(5);
  // p.11: a sitting with no students yet is told apart by its campaign's month (November).
  const bool college = q.is_null(6) ? r.campaign.ends_with("-11") : q.text(6) == "college";
  r.stage = college ? Stage::college : Stage::school;
  q.reset();
  return r;
}

std::vector<Store::ParticipantRecord> Store::participants(std::int64_t sitting) {
  std::vector<ParticipantRecord> out;
  auto q = db_.prepare(
      "SELECT p.id, p.seat, " + std::string(kFullName) +
      ", st.class_name, p.personal_code, p.login, p.status, st.language, p.absence_reason, "
      "IFNULL(p.receipt, ''), (SELECT IFNULL(MAX(a.number), 0) FROM acts a WHERE a.participant_id "
      "= p.id), IFNULL((SELECT ss.station FROM seat_stations ss WHERE ss.sitting_id = p.sitting_id "
      "AND ss.seat = p.seat), '') FROM participants p JOIN students st ON st.id = p.student_id "
      "WHERE p.sitting_id = ? ORDER BY p.seat");
  auto tests = db_.prepare(
      "SELECT pf.subject, json_extract(f.content, '$.language'), json_extract(f.content, "
      "'$.variant') FROM participant_forms pf JOIN forms f ON f.id = pf.form_id "
      "WHERE pf.participant_id = ? ORDER BY pf.rowid");
  auto results = db_.prepare(
      "SELECT subject, language, score, max_score, level FROM results WHERE participant_id = ? "
      "ORDER BY rowid");
  q.bind(1, sitting);
  while (q.step()) {
    ParticipantRecord r;
    const std::int64_t id = q.integer(0);
    r.seat = static_cast<int>(q.integer(1));
    r.full_name = q.text(2);
    r.class_name = q.text(3);
    r.personal_code = q.text(4);
    r.login = q.text(5);
    r.status = q.text(6);
    r.language = parse_language(q.text(7)).value_or(Language::kk);
    if (!q.is_null(8)) r.absence = parse_absence_reason(q.text(8));
    r.receipt = q.text(9);
    r.last_act = q.integer(10);
    r.station = q.text(11);
    tests.bind(1, id);
    while (tests.step())
      r.tests.push_back({parse_subject(tests.text(0)).value_or(Subject::reading),
                         parse_language(tests.text(1)).value_or(Language::kk),
                         static_cast<int>(tests.integer(2))});
    results.bind(1, id);
    while (results.step())
      r.results.push_back({parse_subject(results.text(0)).value_or(Subject::math),
                           parse_language(results.text(1)).value_or(Language::kk),
                           static_cast<int>(results.integer(2)),
                           static_cast<int>(results.integer(3)), results.text(4)});
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ActRecord> Store::acts_of(std::int64_t sitting) {
  std::vector<std::int64_t> numbers;
  auto q = db_.prepare("SELECT number FROM acts WHERE sitting_id = ? ORDER BY number");
  q.bind(1, sitting);
  while (q.step()) numbers.push_back(q.integer(0));
  std::vector<ActRecord> out;
  for (std::int64_t n : numbers)
    if (auto a = act(n)) out.push_back(std::move(*a));
  return out;
}

std::vector<Store::IncidentRecord> Store::incidents_of(std::int64_t sitting) {
  std::vector<IncidentRecord> out;
  auto q = db_.prepare(
      "WITH s AS (SELECT created_at AS from_ms, IFNULL((SELECT MIN(n.created_at) FROM sittings n "
      "WHERE n.created_at > o.created_at), 9223372036854775807) AS to_ms FROM sittings o WHERE "
      "o.id = ?1) "
      "SELECT i.at, i.station, IFNULL(p.seat, 0), i.kind, i.detail FROM incidents i "
      "LEFT JOIN participants p ON p.id = i.participant_id, s "
      "WHERE p.sitting_id = ?1 OR (i.participant_id IS NULL AND i.at >= s.from_ms AND i.at < "
      "s.to_ms) ORDER BY i.at, i.id");
  q.bind(1, sitting);
  while (q.step())
    out.push_back({q.integer(0), q.text(1), static_cast<int>(q.integer(2)), q.text(3), q.text(4)});
  return out;
}

std::vector<std::string> Store::representative_names() {
  std::vector<std::string> out;
  auto q = db_.prepare("SELECT full_name FROM representatives ORDER BY created_at DESC, id DESC");
  while (q.step()) out.push_back(q.text(0));
  return out;
}

Result<std::vector<IssuedLogin>> Store::issue_passwords(
    std::int64_t sitting, const std::vector<std::string>& personal_codes, crypto::PasswordCost cost,
    std::int64_t now) {
  if (personal_codes.empty()) return fail("no students to issue passwords for");
  auto find = db_.prepare("SELECT p.id, p.status, p.seat, p.login, " + std::string(kFullName) +
                          ", st.class_name FROM participants p JOIN students st ON st.id = "
                          "p.student_id WHERE p.sitting_id = ? AND p.personal_code = ?");
  auto put = db_.prepare("UPDATE participants SET password_hash = ? WHERE id = ?");
  std::vector<IssuedLogin> issued;
  for (const std::string& code : personal_codes) {
    find.bind(1, sitting).bind(2, code);
    if (!find.step())
      return fail("no student with personal code " + code + " in sitting " +
                  std::to_string(sitting));
    const std::int64_t id = find.integer(0);
    const std::string status = find.text(1);
    IssuedLogin login{static_cast<int>(find.integer(2)),
                      code,
                      find.text(3),
                      new_password(),
                      find.text(4),
                      find.text(5)};
    find.reset();
    // A login in use keeps its password: a new one would lock out a student mid-test (p.19 gives
    // the login before testing, not during it).
    if (status == "testing" || status == "finished" || status == "annulled")
      return fail(login.full_name + " (" + code + ") has already started testing (" + status +
                  "): their password is not changed");
    put.bind(1, crypto::hash_password_for_proof(login.password, cost)).bind(2, id).run();
    issued.push_back(std::move(login));
  }
  journal("technician", "issue_passwords",
          json{{"sitting", sitting}, {"personal_codes", personal_codes}}.dump(), now);
  return issued;
}

}  // namespace bbzhm::server
