// A simulated campaign with known parameters, for the statistics' tests and the benchmarks:
// schools across regions and districts, students answering Rasch items whose difficulties are
// known, optional DIF between the Kazakh and Russian versions. Deterministic for a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

struct SyntheticSpec {
  std::uint64_t seed = 1;
  std::size_t schools = 40;
  std::size_t students = 2000;
  std::size_t items = 30;
  std::string campaign = "2026-04";
  std::string subject = "math";
  int grade = 9;
  // Item difficulties in logits; empty: `items` values evenly spaced over [-2, 2].
  std::vector<double> difficulties{};
  double ability_sd = 1.0;
  double school_sd = 0.3;  // school effect on ability
  // Russian-language students' mean ability relative to Kazakh ones (impact, not DIF).
  double ru_ability_shift = 0.0;
  // (item index, logits) added to the item's difficulty for Russian-language students only.
  std::vector<std::pair<std::size_t, double>> ru_dif{};
  double ru_share = 0.4;      // of students, in schools teaching both languages
  double absent_rate = 0.02;  // p.12 absences
  double annul_rate = 0.002;  // p.20 acts
  double omit_rate = 0.3;     // of wrong answers left blank
  int options = 4;
  int variants = 2;  // the same items, variant "1", "2", ... by seat
  std::size_t regions = 4;
  std::size_t districts_per_region = 3;
};

// Level cuts of the simulated campaign: low below 40%, medium below 70%, high from 70%.
std::string synthetic_level(double percent);

// The difficulties the spec describes (its own list, or the even spread).
std::vector<double> synthetic_difficulties(const SyntheticSpec& spec);

CampaignData synthesize(const SyntheticSpec& spec);

}  // namespace bbzhm::ntc
