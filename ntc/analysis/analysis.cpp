// A campaign's statistics, computed once for all of its reports and pages.
#include "ntc/analysis/analysis.hpp"

#include <algorithm>
#include <set>

namespace bbzhm::ntc {

void Histogram::add(double percent) {
  const auto bin = static_cast<std::size_t>(std::clamp(percent / 10.0, 0.0, 9.0));
  ++bins[bin];
  ++total;
}

double Histogram::share(std::size_t bin) const {
  return total == 0 ? 0.0 : static_cast<double>(bins[bin]) / static_cast<double>(total);
}

const GroupSummary* CampaignAnalysis::find(Grouping grouping, const std::string& subject,
                                           const std::string& key) const {
  const auto it = index.find({grouping, subject, key});
  return it == index.end() ? nullptr : &groups.at(grouping)[it->second];
}

CampaignAnalysis analyze_campaign(const CampaignData& data) {
  CampaignAnalysis a;
  a.campaign = data.campaign;
  for (Grouping g : kAllGroupings) {
    a.groups[g] = summarize(data, g);
    for (std::size_t i = 0; i < a.groups[g].size(); ++i)
      a.index[{g, a.groups[g][i].subject, a.groups[g][i].key}] = i;
  }
  std::set<std::string> subjects, languages;
  for (const StudentResult& s : data.students) {
    subjects.insert(s.subject);
    languages.insert(s.language);
    if (s.absent || s.annulled || s.max_score <= 0) continue;
    const double percent = 100.0 * s.score / s.max_score;
    a.school_histograms[{s.school_code, s.subject}].add(percent);
    a.national_histograms[s.subject].add(percent);
  }
  a.subjects.assign(subjects.begin(), subjects.end());
  a.items = analyze_items(data);
  a.tests = analyze_tests(data);
  for (const char* focal : {"ru", "en"}) {
    if (!languages.contains("kk") || !languages.contains(focal)) continue;
    auto d = language_dif(data, "kk", focal);
    a.dif.insert(a.dif.end(), d.begin(), d.end());
  }
  a.rasch = calibrate_rasch(data);
  return a;
}

}  // namespace bbzhm::ntc
