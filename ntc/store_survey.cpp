// The NTC's share of the anonymous survey (p.25; ntc/store.hpp, [survey]).
#include "ntc/store.hpp"

namespace bbzhm::ntc {
namespace {

// One row per survey, keyed by its bundle and its place in the bundle (whose order is the
// school's random ids): no student key, no personal code, no time but the day.
constexpr std::string_view kSurveySchema = R"SQL(
CREATE TABLE IF NOT EXISTS surveys(
  bundle_id TEXT NOT NULL, n BIGINT NOT NULL, school_code TEXT NOT NULL, campaign TEXT NOT NULL,
  kind TEXT NOT NULL, grade BIGINT NOT NULL, language TEXT NOT NULL, subjects TEXT NOT NULL,
  day TEXT NOT NULL, answers TEXT NOT NULL, PRIMARY KEY(bundle_id, n));
)SQL";

}  // namespace

void Store::store_surveys(const IntakeRecord& record) {
  db_->exec(kSurveySchema);
  if (record.surveys.empty()) return;
  std::vector<std::vector<Value>> rows;
  std::int64_t n = 0;
  for (const SurveyRecord& s : record.surveys) {
    std::string answers;
    for (int a : s.answers) answers += (answers.empty() ? "" : ",") + std::to_string(a);
    rows.push_back({record.bundle_id, n++, record.school_code, record.campaign, s.kind,
                    std::int64_t{s.grade}, s.language, s.subjects, s.day, answers});
  }
  db_->insert_rows("surveys",
                   {"bundle_id", "n", "school_code", "campaign", "kind", "grade", "language",
                    "subjects", "day", "answers"},
                   rows);
}

std::vector<SurveyTally> Store::survey_tallies(std::string_view campaign) {
  db_->exec(kSurveySchema);
  std::map<std::pair<std::string, int>, SurveyTally> by_question;
  db_->each("SELECT kind, answers FROM surveys WHERE campaign = $1", {std::string(campaign)},
            [&](const Row& row) {
              const std::string kind = row.text(0);
              const std::string answers = row.text(1);
              int question = 0;
              for (std::size_t i = 0; i < answers.size(); i += 2) {
                const int option = answers[i] - '0';
                SurveyTally& t = by_question[{kind, ++question}];
                t.kind = kind;
                t.question = question;
                if (t.options.size() < static_cast<std::size_t>(option))
                  t.options.resize(static_cast<std::size_t>(option), 0);
                t.options[static_cast<std::size_t>(option - 1)]++;
                t.answered++;
              }
            });
  std::vector<SurveyTally> out;
  for (auto& [key, t] : by_question) out.push_back(std::move(t));
  return out;
}

}  // namespace bbzhm::ntc
