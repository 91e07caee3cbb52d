// Students' scores and levels, and the summaries of groups of them (class, school, district,
// region, language, urban/rural, grade, the nation): counts, means with 95% confidence
// intervals, level distributions. Pure functions of a CampaignData.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

// The achievement levels as the rules name them (common/i18n "level.<code>"), lowest first.
inline constexpr std::string_view kLevels[] = {"low", "medium", "high"};

// One student's result in one subject, as a percentage of the variant's maximum.
struct StudentScore {
  std::string student_key;
  std::string school_code;
  std::string class_name;
  int grade = 0;
  std::string language;
  std::string subject;
  std::string variant;
  double score = 0;
  double max_score = 0;
  double percent = 0;  // 100 * score / max_score
  std::string level;
};

// The scores of every student who sat the test: absent and annulled results are left out (they
// are counted in the group summaries). Order as in `data.students`.
std::vector<StudentScore> student_scores(const CampaignData& data);

// A mean with its two-sided 95% confidence interval, mean ± t(0.975, n-1) · sd / √n.
struct Interval {
  double mean = 0;
  double low = 0;
  double high = 0;
};

// The 0.975 quantile of Student's t with `df` degrees of freedom (exact table to 30, then the
// Cornish-Fisher expansion; 1.959964 as df grows).
double t_quantile_975(std::size_t df);

// Sample mean, sample standard deviation (n-1) and the 95% interval of the mean; an empty input
// gives zeros and n = 1 an interval of zero width.
struct Moments {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;
  Interval ci;
};
Moments moments(const std::vector<double>& values);

enum class Grouping { national, region, district, school, class_, language, locality, grade };
inline constexpr Grouping kAllGroupings[] = {
    Grouping::national, Grouping::region,   Grouping::district, Grouping::school,
    Grouping::class_,   Grouping::language, Grouping::locality, Grouping::grade};
std::string_view code(Grouping g);  // "national", "region", ..., "class", "locality"

// One group's results in one subject. Percent scores of the students who sat it.
struct GroupSummary {
  Grouping grouping = Grouping::national;
  std::string key;  // "" for the nation; the region or district name; the school code;
                    // "<school>/<class>"; "kk"; "urban"/"rural"; "9"
  std::string subject;
  std::size_t sat = 0;       // results counted in the mean
  std::size_t absent = 0;    // did not sit: absent with a p.12 reason, or never came
  std::size_t excused = 0;   // of `absent`, those with a p.12 reason recorded
  std::size_t annulled = 0;  // p.20-21 acts
  Moments percent;
  std::map<std::string, std::size_t> levels;  // level code -> students; every kLevels code present
  double level_share(std::string_view level) const;  // of `sat`, 0..1
};

// Summaries of every group of `grouping`, for every subject, sorted by subject then key.
// A student's school not in `data.schools` is grouped under "?" for region, district, locality.
std::vector<GroupSummary> summarize(const CampaignData& data, Grouping grouping);

// The group a student of `school` (null when not in the registry) belongs to under `grouping`.
std::string group_key(const StudentResult& s, const SchoolInfo* school, Grouping grouping);

// The schools of a campaign by code, for lookups while summarizing.
std::map<std::string_view, const SchoolInfo*> index_schools(const CampaignData& data);

}  // namespace bbzhm::ntc
