// Joint maximum likelihood estimation of the dichotomous Rasch model.
#include "ntc/analysis/rasch.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace bbzhm::ntc {
namespace {

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

void Responses::add_person(std::span<const std::pair<std::uint32_t, bool>> answers) {
  for (const auto& [i, r] : answers) {
    item_.push_back(i);
    right_.push_back(r ? 1 : 0);
  }
  start_.push_back(item_.size());
}

RaschFit fit_rasch(const Responses& x, const RaschOptions& options) {
  const std::size_t persons = x.persons(), items = x.items();
  RaschFit fit;
  fit.difficulty.assign(items, 0);
  fit.se.assign(items, 0);
  fit.infit.assign(items, 0);
  fit.outfit.assign(items, 0);
  fit.estimated.assign(items, true);
  fit.ability.assign(persons, 0);
  fit.person_used.assign(persons, true);

  // Persons and items with extreme scores have no finite estimate; dropping an item changes
  // the persons' scores, so repeat until nothing more drops.
  std::vector<double> p_score(persons), p_count(persons), i_score(items), i_count(items);
  for (bool changed = true; changed;) {
    changed = false;
    std::ranges::fill(i_score, 0.0);
    std::ranges::fill(i_count, 0.0);
    for (std::size_t p = 0; p < persons; ++p) {
      p_score[p] = p_count[p] = 0;
      if (!fit.person_used[p]) continue;
      for (std::size_t k = x.begin(p); k < x.end(p); ++k) {
        if (!fit.estimated[x.item(k)]) continue;
        p_score[p] += x.right(k);
        p_count[p] += 1;
      }
      if (p_score[p] <= 0 || p_score[p] >= p_count[p]) {
        fit.person_used[p] = false;
        changed = true;
        continue;
      }
      for (std::size_t k = x.begin(p); k < x.end(p); ++k) {
        if (!fit.estimated[x.item(k)]) continue;
        i_score[x.item(k)] += x.right(k);
        i_count[x.item(k)] += 1;
      }
    }
    for (std::size_t i = 0; i < items; ++i) {
      if (fit.estimated[i] && (i_score[i] <= 0 || i_score[i] >= i_count[i])) {
        fit.estimated[i] = false;
        changed = true;
      }
    }
  }

  // PROX-like start: log-odds of the raw scores, items centred.
  const auto centre = [&] {
    double sum = 0, n = 0;
    for (std::size_t i = 0; i < items; ++i)
      if (fit.estimated[i]) sum += fit.difficulty[i], n += 1;
    if (n > 0)
      for (std::size_t i = 0; i < items; ++i)
        if (fit.estimated[i]) fit.difficulty[i] -= sum / n;
  };
  for (std::size_t i = 0; i < items; ++i)
    if (fit.estimated[i]) fit.difficulty[i] = std::log((i_count[i] - i_score[i]) / i_score[i]);
  centre();
  for (std::size_t p = 0; p < persons; ++p)
    if (fit.person_used[p]) fit.ability[p] = std::log(p_score[p] / (p_count[p] - p_score[p]));

  std::vector<double> expected(items), variance(items);
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    double change = 0;
    std::ranges::fill(expected, 0.0);
    std::ranges::fill(variance, 0.0);
    // Persons: one Newton step each at the current difficulties, steps capped at 1 logit.
    for (std::size_t p = 0; p < persons; ++p) {
      if (!fit.person_used[p]) continue;
      double e = 0, v = 0;
      for (std::size_t k = x.begin(p); k < x.end(p); ++k) {
        const std::uint32_t i = x.item(k);
        if (!fit.estimated[i]) continue;
        const double pr = logistic(fit.ability[p] - fit.difficulty[i]);
        e += pr;
        v += pr * (1 - pr);
      }
      const double step = std::clamp((p_score[p] - e) / v, -1.0, 1.0);
      fit.ability[p] += step;
      change = std::max(change, std::abs(step));
      for (std::size_t k = x.begin(p); k < x.end(p); ++k) {
        const std::uint32_t i = x.item(k);
        if (!fit.estimated[i]) continue;
        const double pr = logistic(fit.ability[p] - fit.difficulty[i]);
        expected[i] += pr;
        variance[i] += pr * (1 - pr);
      }
    }
    // Items: one Newton step each at the new abilities.
    for (std::size_t i = 0; i < items; ++i) {
      if (!fit.estimated[i]) continue;
      const double step = std::clamp((expected[i] - i_score[i]) / variance[i], -1.0, 1.0);
      fit.difficulty[i] += step;
      change = std::max(change, std::abs(step));
    }
    centre();
    if (change < options.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, options.max_iterations);

  // Standard errors and fit at the final estimates (before the bias correction, which rescales
  // the difficulties only).
  std::vector<double> sq_resid(items, 0), outfit_sum(items, 0);
  std::ranges::fill(variance, 0.0);
  double items_per_person = 0, used = 0;
  for (std::size_t p = 0; p < persons; ++p) {
    if (!fit.person_used[p]) continue;
    used += 1;
    items_per_person += p_count[p];
    for (std::size_t k = x.begin(p); k < x.end(p); ++k) {
      const std::uint32_t i = x.item(k);
      if (!fit.estimated[i]) continue;
      const double pr = logistic(fit.ability[p] - fit.difficulty[i]);
      const double w = pr * (1 - pr);
      const double r = (x.right(k) ? 1.0 : 0.0) - pr;
      variance[i] += w;
      sq_resid[i] += r * r;
      outfit_sum[i] += r * r / w;
    }
  }
  for (std::size_t i = 0; i < items; ++i) {
    if (!fit.estimated[i] || variance[i] <= 0) {
      fit.difficulty[i] = 0;
      continue;
    }
    fit.se[i] = 1.0 / std::sqrt(variance[i]);
    fit.infit[i] = sq_resid[i] / variance[i];
    fit.outfit[i] = outfit_sum[i] / i_count[i];
  }
  if (options.bias_correction && used > 0) {
    const double l = items_per_person / used;
    if (l > 1)
      for (double& b : fit.difficulty) b *= (l - 1) / l;
  }
  return fit;
}

std::vector<RaschCalibration> calibrate_rasch(const CampaignData& data,
                                              const RaschOptions& options) {
  struct Subject {
    std::map<std::string, std::uint32_t> index;
    std::vector<std::vector<std::pair<std::uint32_t, bool>>> persons;
  };
  std::map<std::string, Subject> subjects;
  for (const StudentResult& s : data.students) {
    if (s.absent || s.annulled || s.max_score <= 0) continue;
    Subject& sub = subjects[s.subject];
    std::vector<std::pair<std::uint32_t, bool>> answers;
    for (const ItemResponse& r : s.responses) {
      const auto [it, added] =
          sub.index.emplace(r.item_id, static_cast<std::uint32_t>(sub.index.size()));
      answers.emplace_back(it->second, r.max_score > 0 && r.score >= r.max_score);
    }
    sub.persons.push_back(std::move(answers));
  }
  std::vector<RaschCalibration> out;
  for (const auto& [name, sub] : subjects) {
    Responses x(sub.index.size());
    std::vector<std::size_t> presented(sub.index.size(), 0);
    for (const auto& answers : sub.persons) {
      x.add_person(answers);
      for (const auto& [i, r] : answers) ++presented[i];
    }
    const RaschFit fit = fit_rasch(x, options);
    RaschCalibration c;
    c.subject = name;
    for (bool used : fit.person_used) (used ? c.persons : c.extreme_persons) += 1;
    c.iterations = fit.iterations;
    c.converged = fit.converged;
    for (const auto& [id, i] : sub.index)
      c.items.push_back(RaschItem{.item_id = id,
                                  .persons = presented[i],
                                  .estimated = fit.estimated[i],
                                  .difficulty = fit.difficulty[i],
                                  .se = fit.se[i],
                                  .infit = fit.infit[i],
                                  .outfit = fit.outfit[i]});
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace bbzhm::ntc
