// Classical item analysis: per item its p-value, corrected point-biserial, omitted rate and the
// share choosing each option by score group; per test (subject and variant) Cronbach's alpha and
// the standard error of measurement.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

// The share of a score group choosing one option. Students are ranked by their percent score in
// the subject and cut into thirds (low, middle, high); a good distractor draws more of the low
// third than of the high one, the key the reverse.
struct OptionShare {
  int option = 0;  // 0-based option index; -1 is "omitted"
  bool key = false;
  double all = 0, low = 0, middle = 0, high = 0;  // 0..1 of the students presented the item
};

struct ItemStats {
  std::string item_id;
  std::string subject;
  std::string kind;
  std::size_t presented = 0;  // students who sat a variant with this item
  double p_value = 0;         // mean score / max score (the share correct for 0/1 items)
  // Pearson correlation of the item score with the rest score (total minus this item): the
  // corrected item-total correlation; 0 when either has no variance.
  double point_biserial = 0;
  double omitted_rate = 0;
  std::vector<OptionShare> options;  // choice items: one per option, then "omitted" (-1)
};

// Every item of every subject, sorted by subject then item id. Pooled over languages (DIF
// compares them); only students who sat (not absent, not annulled).
std::vector<ItemStats> analyze_items(const CampaignData& data);

struct TestStats {
  std::string subject;
  std::string variant;
  std::size_t students = 0;
  std::size_t items = 0;
  double mean = 0;  // of the total score (sum of item scores)
  double sd = 0;    // sample standard deviation (n-1) of the total score
  // alpha = k/(k-1) · (1 - Σ var(item) / var(total)), sample variances; 0 with < 2 items.
  double alpha = 0;
  double sem = 0;  // sd · √(1 - alpha), in score points
};

// Per subject and variant (the items a variant holds are one test form), sorted.
std::vector<TestStats> analyze_tests(const CampaignData& data);

// Pearson's correlation of two equally long series; 0 when either is constant.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace bbzhm::ntc
