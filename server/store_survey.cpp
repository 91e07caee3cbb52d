// The school database's share of the anonymous survey (p.25; server/store.hpp, [survey]).
#include <sodium.h>

#include <ctime>

#include "server/store.hpp"

namespace bbzhm::server {
namespace {

// `surveys` has no column that names a student, a seat, a login, a station or a moment: a
// random id (WITHOUT ROWID, so no hidden rowid counts arrivals), the sitting it is reported
// with, and the sitting-level facts the NTC asks about. `survey_taken` says only that a student
// answered, `survey_tokens` only that a teachers' survey token was used; neither points at a row.
constexpr std::string_view kSurveySchema = R"SQL(
CREATE TABLE IF NOT EXISTS surveys(
  id BLOB PRIMARY KEY, sitting_id INTEGER NOT NULL REFERENCES sittings(id), kind TEXT NOT NULL,
  grade INTEGER NOT NULL, language TEXT NOT NULL, subjects TEXT NOT NULL, day TEXT NOT NULL,
  answers TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS survey_taken(participant_id INTEGER PRIMARY KEY REFERENCES participants(id));
CREATE TABLE IF NOT EXISTS survey_tokens(token BLOB PRIMARY KEY) WITHOUT ROWID;
)SQL";

constexpr std::size_t kTicketMacBytes = 16;
constexpr std::size_t kTokenBytes = 16;

void ensure_schema(sqlite::Database& db) {
  db.exec(kSurveySchema);
}

Bytes ticket_mac(const crypto::SigningKey& key, std::int64_t participant) {
  const crypto::Secret mac_key = crypto::derive_key(key, "bbzhm survey ticket");
  Writer w;
  w.i64(participant);
  const crypto::Hash h = crypto::hash({mac_key.view(), w.bytes()});
  return Bytes(h.begin(), h.begin() + kTicketMacBytes);
}

// The server's local calendar day: the only time a survey keeps.
std::string today(std::int64_t now_ms) {
  const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  return day;
}

std::string join_answers(const std::vector<std::uint8_t>& answers) {
  std::string out;
  for (std::uint8_t a : answers) {
    if (!out.empty()) out += ',';
    out += std::to_string(a);
  }
  return out;
}

}  // namespace

Bytes Store::survey_ticket(std::int64_t participant) {
  Writer w;
  w.i64(participant);
  Bytes ticket = w.take();
  const Bytes mac = ticket_mac(key_, participant);
  ticket.insert(ticket.end(), mac.begin(), mac.end());
  return ticket;
}

protocol::SurveyStatus Store::store_survey(const protocol::SurveyAnswers& survey,
                                           std::int64_t now) {
  using protocol::SurveyStatus;
  ensure_schema(db_);
  if (survey.token.size() != kTokenBytes ||
      survey.answers.size() != protocol::survey_questions(survey.kind))
    return SurveyStatus::refused;
  for (std::uint8_t a : survey.answers)
    if (a < 1 || a > protocol::kSurveyOptions) return SurveyStatus::refused;

  std::int64_t sitting = 0;
  int grade = 0;
  std::string language = std::string(code(survey.language));
  std::string subjects;
  if (survey.kind == protocol::SurveyKind::student) {
    Reader r(survey.ticket);
    const std::int64_t participant = r.i64();
    const ByteView mac = r.raw(kTicketMacBytes);
    if (!r.done() || participant <= 0) return SurveyStatus::refused;
    const Bytes expected = ticket_mac(key_, participant);
    if (sodium_memcmp(expected.data(), mac.data(), kTicketMacBytes) != 0)
      return SurveyStatus::refused;
    auto who = db_.prepare(
        "SELECT p.status, p.sitting_id, s.grade, st.language FROM participants p "
        "JOIN sittings s ON s.id = p.sitting_id JOIN students st ON st.id = p.student_id "
        "WHERE p.id = ?");
    who.bind(1, participant);
    if (!who.step()) return SurveyStatus::refused;
    const std::string status = who.text(0);
    sitting = who.integer(1);
    grade = static_cast<int>(who.integer(2));
    language = who.text(3);
    who.reset();
    if (status != "finished") return SurveyStatus::refused;
    auto taken = db_.prepare("SELECT 1 FROM survey_taken WHERE participant_id = ?");
    taken.bind(1, participant);
    if (taken.step()) return SurveyStatus::duplicate;
    auto forms = db_.prepare(
        "SELECT subject FROM participant_forms WHERE participant_id = ? ORDER BY subject");
    forms.bind(1, participant);
    while (forms.step()) subjects += (subjects.empty() ? "" : ",") + forms.text(0);
    db_.prepare("INSERT INTO survey_taken(participant_id) VALUES(?)").bind(1, participant).run();
  } else {
    auto seen = db_.prepare("SELECT 1 FROM survey_tokens WHERE token = ?");
    seen.bind_blob(1, survey.token);
    if (seen.step()) return SurveyStatus::duplicate;
    // The teachers' survey is reported with the sitting of the day: the open one, else the
    // newest prepared one (an ended sitting's bundle may already be at the NTC).
    auto of = db_.prepare(
        "SELECT id, grade FROM sittings WHERE state IN ('open', 'prepared') "
        "ORDER BY state = 'open' DESC, CASE WHEN state = 'open' THEN id ELSE -id END LIMIT 1");
    if (!of.step()) return SurveyStatus::refused;
    sitting = of.integer(0);
    grade = static_cast<int>(of.integer(1));
    of.reset();
    db_.prepare("INSERT INTO survey_tokens(token) VALUES(?)").bind_blob(1, survey.token).run();
  }
  Bytes id(16);
  crypto::random_fill(id);
  db_.prepare(
         "INSERT INTO surveys(id, sitting_id, kind, grade, language, subjects, day, answers) "
         "VALUES(?,?,?,?,?,?,?,?)")
      .bind_blob(1, id)
      .bind(2, sitting)
      .bind(3, survey.kind == protocol::SurveyKind::student ? "student" : "teacher")
      .bind(4, grade)
      .bind(5, language)
      .bind(6, subjects)
      .bind(7, today(now))
      .bind(8, join_answers(survey.answers))
      .run();
  return SurveyStatus::stored;
}

std::vector<Store::SurveyRow> Store::surveys(std::int64_t sitting) {
  ensure_schema(db_);
  std::vector<SurveyRow> rows;
  auto q = db_.prepare(
      "SELECT kind, grade, language, subjects, day, answers FROM surveys WHERE sitting_id = ? "
      "ORDER BY id");
  q.bind(1, sitting);
  while (q.step())
    rows.push_back(
        {q.text(0), static_cast<int>(q.integer(1)), q.text(2), q.text(3), q.text(4), q.text(5)});
  return rows;
}

}  // namespace bbzhm::server
