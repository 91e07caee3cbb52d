// Everything the reports and the published pages show, computed once per campaign: the group
// summaries of every grouping, score distributions, item and test statistics, language DIF and
// the Rasch calibration.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"
#include "ntc/analysis/dif.hpp"
#include "ntc/analysis/items.hpp"
#include "ntc/analysis/rasch.hpp"
#include "ntc/analysis/scores.hpp"

namespace bbzhm::ntc {

// Percent scores in ten bins: [0, 10), [10, 20), ..., [90, 100].
struct Histogram {
  std::array<std::size_t, 10> bins{};
  std::size_t total = 0;
  void add(double percent);
  double share(std::size_t bin) const;  // 0..1
};

struct CampaignAnalysis {
  std::string campaign;
  std::map<Grouping, std::vector<GroupSummary>> groups;
  std::map<std::pair<std::string, std::string>, Histogram> school_histograms;  // (school, subject)
  std::map<std::string, Histogram> national_histograms;                        // subject
  std::vector<ItemStats> items;
  std::vector<TestStats> tests;
  std::vector<DifResult> dif;  // Kazakh as reference; Russian (and English) as focal groups
  std::vector<RaschCalibration> rasch;
  std::vector<std::string> subjects;  // every subject with results, sorted

  // The summary of group `key` of `grouping` in `subject`, or null.
  const GroupSummary* find(Grouping grouping, const std::string& subject,
                           const std::string& key) const;

  std::map<std::tuple<Grouping, std::string, std::string>, std::size_t> index;
};

CampaignAnalysis analyze_campaign(const CampaignData& data);

}  // namespace bbzhm::ntc
