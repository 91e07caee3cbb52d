// CSV exports of a campaign's statistics for analysts: one file per table, RFC 4180 quoting,
// UTF-8, a header row of column codes. Students appear only by their pseudonymous key.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "ntc/analysis/report.hpp"

namespace bbzhm::ntc {
namespace {

std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

class Csv {
 public:
  explicit Csv(std::initializer_list<std::string_view> header) { row(header); }
  void row(std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (std::string_view c : cells) {
      if (!first) text_ += ',';
      text_ += field(c);
      first = false;
    }
    text_ += "\r\n";
  }
  // Written beside its place and renamed, so a reader never sees half a file.
  Result<void> write(const std::filesystem::path& path) const {
    const auto tmp = path.string() + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << text_;
      f.flush();
      if (!f) return fail("cannot write " + tmp, "ntc.report.error.write");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
      return fail("cannot write " + path.string() + ": " + ec.message(), "ntc.report.error.write");
    return {};
  }

 private:
  std::string text_;
};

}  // namespace

Result<void> write_csv_exports(const CampaignData& data, const CampaignAnalysis& analysis,
                               const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return fail("cannot create " + dir.string() + ": " + ec.message(), "ntc.report.error.write");

  Csv students({"student_key", "school", "class", "grade", "language", "subject", "variant",
                "score", "max_score", "percent", "level", "absent", "absence_reason", "annulled"});
  for (const StudentResult& s : data.students)
    students.row({s.student_key, s.school_code, s.class_name, std::to_string(s.grade), s.language,
                  s.subject, s.variant, num(s.score), num(s.max_score),
                  s.max_score > 0 ? num(100 * s.score / s.max_score) : "", s.level,
                  s.absent ? "1" : "0", s.absence_reason, s.annulled ? "1" : "0"});

  Csv groups({"grouping", "key", "subject", "sat", "absent", "annulled", "mean_percent", "sd",
              "ci_low", "ci_high", "low", "medium", "high"});
  for (const auto& [g, list] : analysis.groups)
    for (const GroupSummary& s : list)
      groups.row({code(g), s.key, s.subject, std::to_string(s.sat), std::to_string(s.absent),
                  std::to_string(s.annulled), num(s.percent.mean), num(s.percent.sd),
                  num(s.percent.ci.low), num(s.percent.ci.high), std::to_string(s.levels.at("low")),
                  std::to_string(s.levels.at("medium")), std::to_string(s.levels.at("high"))});

  Csv items({"subject", "item", "kind", "presented", "p_value", "point_biserial", "omitted_rate"});
  Csv distractors(
      {"subject", "item", "option", "key", "all", "low_third", "middle_third", "high_third"});
  for (const ItemStats& it : analysis.items) {
    items.row({it.subject, it.item_id, it.kind, std::to_string(it.presented), num(it.p_value),
               num(it.point_biserial), num(it.omitted_rate)});
    for (const OptionShare& o : it.options)
      distractors.row({it.subject, it.item_id, o.option < 0 ? "omitted" : std::to_string(o.option),
                       o.key ? "1" : "0", num(o.all), num(o.low), num(o.middle), num(o.high)});
  }

  Csv tests({"subject", "variant", "students", "items", "mean", "sd", "alpha", "sem"});
  for (const TestStats& t : analysis.tests)
    tests.row({t.subject, t.variant, std::to_string(t.students), std::to_string(t.items),
               num(t.mean), num(t.sd), num(t.alpha), num(t.sem)});

  Csv dif({"subject", "item", "reference", "focal", "n_reference", "n_focal", "alpha_mh", "d_dif",
           "se_d_dif", "chi_square", "ets_class"});
  for (const DifResult& d : analysis.dif)
    dif.row({d.subject, d.item_id, d.reference, d.focal, std::to_string(d.mh.reference),
             std::to_string(d.mh.focal), num(d.mh.alpha), num(d.mh.d_dif), num(d.mh.se_d_dif),
             num(d.mh.chi_square), std::string(1, letter(d.mh.ets))});

  Csv rasch({"subject", "item", "persons", "estimated", "difficulty", "se", "infit", "outfit"});
  for (const RaschCalibration& c : analysis.rasch)
    for (const RaschItem& it : c.items)
      rasch.row({c.subject, it.item_id, std::to_string(it.persons), it.estimated ? "1" : "0",
                 num(it.difficulty), num(it.se), num(it.infit), num(it.outfit)});

  for (const auto& [file, csv] : {std::pair{"students.csv", &students},
                                  {"groups.csv", &groups},
                                  {"items.csv", &items},
                                  {"distractors.csv", &distractors},
                                  {"tests.csv", &tests},
                                  {"dif.csv", &dif},
                                  {"rasch.csv", &rasch}})
    if (auto r = csv->write(dir / file); !r) return r;
  return {};
}

}  // namespace bbzhm::ntc
