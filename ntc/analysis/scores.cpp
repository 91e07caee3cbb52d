// Students' scores and the summaries of their groups, with t-based confidence intervals.
#include "ntc/analysis/scores.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace bbzhm::ntc {
namespace {

bool sat(const StudentResult& s) {
  return !s.absent && !s.annulled && s.max_score > 0;
}

}  // namespace

std::vector<StudentScore> student_scores(const CampaignData& data) {
  std::vector<StudentScore> out;
  out.reserve(data.students.size());
  for (const StudentResult& s : data.students) {
    if (!sat(s)) continue;
    out.push_back(StudentScore{.student_key = s.student_key,
                               .school_code = s.school_code,
                               .class_name = s.class_name,
                               .grade = s.grade,
                               .language = s.language,
                               .subject = s.subject,
                               .variant = s.variant,
                               .score = s.score,
                               .max_score = s.max_score,
                               .percent = 100.0 * s.score / s.max_score,
                               .level = s.level});
  }
  return out;
}

double t_quantile_975(std::size_t df) {
  // Student's t, upper 2.5% point, df = 1..30 (any statistics table, e.g. NIST/SEMATECH
  // e-Handbook 1.3.6.7.2).
  static constexpr double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                      2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                      2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                      2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return 0;
  if (df <= 30) return kTable[df - 1];
  // Cornish-Fisher expansion of t in terms of the normal quantile (Abramowitz & Stegun 26.7.5).
  const double z = 1.959963985;
  const double n = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

Moments moments(const std::vector<double>& values) {
  Moments m;
  m.n = values.size();
  if (m.n == 0) return m;
  double sum = 0;
  for (double v : values) sum += v;
  m.mean = sum / static_cast<double>(m.n);
  double ss = 0;
  for (double v : values) ss += (v - m.mean) * (v - m.mean);
  m.sd = m.n > 1 ? std::sqrt(ss / static_cast<double>(m.n - 1)) : 0;
  const double half =
      m.n > 1 ? t_quantile_975(m.n - 1) * m.sd / std::sqrt(static_cast<double>(m.n)) : 0;
  m.ci = Interval{m.mean, m.mean - half, m.mean + half};
  return m;
}

std::string_view code(Grouping g) {
  switch (g) {
    case Grouping::national:
      return "national";
    case Grouping::region:
      return "region";
    case Grouping::district:
      return "district";
    case Grouping::school:
      return "school";
    case Grouping::class_:
      return "class";
    case Grouping::language:
      return "language";
    case Grouping::locality:
      return "locality";
    case Grouping::grade:
      return "grade";
  }
  return "?";
}

double GroupSummary::level_share(std::string_view level) const {
  const auto it = levels.find(std::string(level));
  return it == levels.end() || sat == 0
             ? 0.0
             : static_cast<double>(it->second) / static_cast<double>(sat);
}

std::map<std::string_view, const SchoolInfo*> index_schools(const CampaignData& data) {
  std::map<std::string_view, const SchoolInfo*> out;
  for (const SchoolInfo& s : data.schools) out.emplace(s.code, &s);
  return out;
}

std::string group_key(const StudentResult& s, const SchoolInfo* school, Grouping grouping) {
  switch (grouping) {
    case Grouping::national:
      return "";
    case Grouping::region:
      return school ? school->region : "?";
    case Grouping::district:
      // District names repeat across regions ("Центральный"): the region qualifies them.
      return school ? school->region + " / " + school->district : "?";
    case Grouping::school:
      return s.school_code;
    case Grouping::class_:
      return s.school_code + "/" + s.class_name;
    case Grouping::language:
      return s.language;
    case Grouping::locality:
      return school ? (school->urban ? "urban" : "rural") : "?";
    case Grouping::grade:
      return std::to_string(s.grade);
  }
  return "?";
}

std::vector<GroupSummary> summarize(const CampaignData& data, Grouping grouping) {
  const auto schools = index_schools(data);
  struct Acc {
    GroupSummary summary;
    std::vector<double> percents;
  };
  std::map<std::pair<std::string, std::string>, Acc> groups;
  for (const StudentResult& s : data.students) {
    const auto it = schools.find(s.school_code);
    const SchoolInfo* school = it == schools.end() ? nullptr : it->second;
    std::string key = group_key(s, school, grouping);
    Acc& acc = groups[{s.subject, key}];
    GroupSummary& g = acc.summary;
    if (g.levels.empty()) {
      g.grouping = grouping;
      g.key = std::move(key);
      g.subject = s.subject;
      for (std::string_view l : kLevels) g.levels[std::string(l)] = 0;
    }
    if (s.absent) {
      ++g.absent;
      if (!s.absence_reason.empty()) ++g.excused;
    } else if (s.annulled) {
      ++g.annulled;
    } else if (s.max_score > 0) {
      ++g.sat;
      acc.percents.push_back(100.0 * s.score / s.max_score);
      ++g.levels[s.level];
    }
  }
  std::vector<GroupSummary> out;
  out.reserve(groups.size());
  for (auto& [k, acc] : groups) {
    acc.summary.percent = moments(acc.percents);
    out.push_back(std::move(acc.summary));
  }
  return out;
}

}  // namespace bbzhm::ntc
