// Rasch calibration of the items by joint maximum likelihood (JMLE, Wright & Stone 1979):
// PROX start, alternating Newton-Raphson steps for persons and items, item difficulties centred
// at 0 logits, the (L-1)/L correction of JMLE's bias, standard errors and infit/outfit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

// A sparse person x item matrix of right (1) / wrong (0) responses: students take different
// variants, so each person has only the items presented to them.
class Responses {
 public:
  explicit Responses(std::size_t items) : items_(items) {}
  std::size_t items() const { return items_; }
  std::size_t persons() const { return start_.size() - 1; }
  // Adds one person with their (item index, right) pairs.
  void add_person(std::span<const std::pair<std::uint32_t, bool>> answers);
  std::size_t begin(std::size_t person) const { return start_[person]; }
  std::size_t end(std::size_t person) const { return start_[person + 1]; }
  std::uint32_t item(std::size_t k) const { return item_[k]; }
  bool right(std::size_t k) const { return right_[k] != 0; }

 private:
  std::size_t items_;
  std::vector<std::size_t> start_{0};
  std::vector<std::uint32_t> item_;
  std::vector<std::uint8_t> right_;
};

struct RaschOptions {
  int max_iterations = 500;
  double tolerance = 1e-5;      // largest change of any estimate in an iteration, logits
  bool bias_correction = true;  // multiply difficulties by (L-1)/L, L = mean items per person
};

struct RaschFit {
  // Per item; `estimated` is false for an item everyone (or no one) got right, which has no
  // finite difficulty: its difficulty, se and fit are 0 then.
  std::vector<double> difficulty, se, infit, outfit;
  std::vector<bool> estimated;
  std::vector<double> ability;    // per person; 0 for persons with an extreme score
  std::vector<bool> person_used;  // false: all right or all wrong (no finite ability)
  int iterations = 0;
  bool converged = false;
};

RaschFit fit_rasch(const Responses& responses, const RaschOptions& options = {});

struct RaschItem {
  std::string item_id;
  std::size_t persons = 0;  // who were presented the item
  bool estimated = false;
  double difficulty = 0, se = 0, infit = 0, outfit = 0;
};

struct RaschCalibration {
  std::string subject;
  std::size_t persons = 0;  // with a finite ability
  std::size_t extreme_persons = 0;
  int iterations = 0;
  bool converged = false;
  std::vector<RaschItem> items;  // sorted by item id
};

// One calibration per subject, pooling languages and variants (common items link variants); a
// response is right when it earned the item's full score. Only students who sat.
std::vector<RaschCalibration> calibrate_rasch(const CampaignData& data,
                                              const RaschOptions& options = {});

}  // namespace bbzhm::ntc
