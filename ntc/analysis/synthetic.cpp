// Simulated campaigns: Rasch responses from students of known ability to items of known
// difficulty.
#include "ntc/analysis/synthetic.hpp"

#include <cmath>
#include <cstdio>

#include "ntc/analysis/random.hpp"

namespace bbzhm::ntc {
namespace {

// Region names as the registry spells them (the simulated data is public geography only).
constexpr const char* kRegions[] = {"Абай облысы",
                                    "Ақмола облысы",
                                    "Ақтөбе облысы",
                                    "Алматы облысы",
                                    "Атырау облысы",
                                    "Батыс Қазақстан облысы",
                                    "Жамбыл облысы",
                                    "Жетісу облысы",
                                    "Қарағанды облысы",
                                    "Қостанай облысы",
                                    "Қызылорда облысы",
                                    "Маңғыстау облысы",
                                    "Павлодар облысы",
                                    "Солтүстік Қазақстан облысы",
                                    "Түркістан облысы",
                                    "Ұлытау облысы",
                                    "Шығыс Қазақстан облысы",
                                    "Астана қаласы",
                                    "Алматы қаласы",
                                    "Шымкент қаласы"};
constexpr const char* kTypes[] = {"school", "gymnasium", "lyceum"};
constexpr const char* kContingents[] = {"small", "medium", "large"};

std::string numbered(const char* prefix, std::size_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*zu", prefix, width, n);
  return buf;
}

}  // namespace

std::string synthetic_level(double percent) {
  return percent < 40 ? "low" : percent < 70 ? "medium" : "high";
}

std::vector<double> synthetic_difficulties(const SyntheticSpec& spec) {
  if (!spec.difficulties.empty()) return spec.difficulties;
  std::vector<double> b(spec.items);
  for (std::size_t i = 0; i < spec.items; ++i)
    b[i] = spec.items > 1 ? -2.0 + 4.0 * static_cast<double>(i) / (spec.items - 1) : 0.0;
  return b;
}

CampaignData synthesize(const SyntheticSpec& spec) {
  Xoshiro256 rng(spec.seed);
  CampaignData data;
  data.campaign = spec.campaign;
  const std::vector<double> b = synthetic_difficulties(spec);
  const std::size_t n_items = b.size();
  std::vector<double> ru_extra(n_items, 0.0);
  for (const auto& [i, d] : spec.ru_dif)
    if (i < n_items) ru_extra[i] = d;

  const std::size_t regions =
      std::min<std::size_t>(std::max<std::size_t>(spec.regions, 1), std::size(kRegions));
  std::vector<double> school_effect;
  for (std::size_t k = 0; k < spec.schools; ++k) {
    SchoolInfo s;
    s.code = numbered("S", k + 1, 6);
    const std::size_t region = k % regions;
    const std::size_t district =
        (k / regions) % std::max<std::size_t>(spec.districts_per_region, 1);
    s.region = kRegions[region];
    s.district = "Аудан " + std::to_string(district + 1);
    s.name = "№" + std::to_string(k + 1) + " мектеп";
    s.urban = rng.below(2) == 0;
    s.type = kTypes[rng.below(std::size(kTypes))];
    s.contingent = kContingents[rng.below(std::size(kContingents))];
    const std::uint64_t lang = rng.below(3);
    s.languages = lang == 0   ? std::vector<std::string>{"kk"}
                  : lang == 1 ? std::vector<std::string>{"ru"}
                              : std::vector<std::string>{"kk", "ru"};
    data.schools.push_back(std::move(s));
    school_effect.push_back(spec.school_sd * rng.normal());
  }

  for (const char* lang : {"kk", "ru"}) {
    for (std::size_t i = 0; i < n_items; ++i) {
      data.items.push_back(ItemInfo{.item_id = numbered("I", i + 1, 3),
                                    .subject = spec.subject,
                                    .language = lang,
                                    .kind = "single",
                                    .option_count = spec.options,
                                    .key = {static_cast<int>(i % spec.options)},
                                    .max_score = 1});
    }
  }

  const char* const kLetters[] = {"А", "Б", "В", "Г"};
  data.students.reserve(spec.students);
  for (std::size_t n = 0; n < spec.students; ++n) {
    const std::size_t k = spec.schools ? rng.below(spec.schools) : 0;
    const SchoolInfo& school = data.schools[k];
    StudentResult s;
    s.student_key = numbered("P", n + 1, 7);
    s.school_code = school.code;
    s.grade = spec.grade;
    s.class_name = std::to_string(spec.grade) + kLetters[rng.below(2)];
    s.language = school.languages.size() == 1    ? school.languages[0]
                 : rng.uniform() < spec.ru_share ? "ru"
                                                 : "kk";
    s.subject = spec.subject;
    s.variant = std::to_string(1 + n % static_cast<std::size_t>(std::max(spec.variants, 1)));
    const bool ru = s.language == "ru";
    const double theta =
        spec.ability_sd * rng.normal() + school_effect[k] + (ru ? spec.ru_ability_shift : 0.0);
    if (rng.uniform() < spec.absent_rate) {
      s.absent = true;
      s.absence_reason = "illness";
      data.students.push_back(std::move(s));
      continue;
    }
    s.responses.reserve(n_items);
    for (std::size_t i = 0; i < n_items; ++i) {
      ItemResponse r;
      r.item_id = numbered("I", i + 1, 3);
      r.max_score = 1;
      const int key = static_cast<int>(i % spec.options);
      const double p = 1.0 / (1.0 + std::exp(-(theta - b[i] - (ru ? ru_extra[i] : 0.0))));
      if (rng.uniform() < p) {
        r.score = 1;
        r.chosen = {key};
      } else if (rng.uniform() < spec.omit_rate) {
        r.omitted = true;
      } else {
        // Distractors drawn unevenly (the first after the key twice as often), as real ones are.
        const std::uint64_t d = rng.below(4);
        const int offset = d < 2 ? 1 : static_cast<int>(d);
        r.chosen = {(key + std::min(offset, spec.options - 1)) % spec.options};
      }
      r.response = r.omitted ? "" : std::to_string(r.chosen[0]);
      s.score += r.score;
      s.max_score += r.max_score;
      s.responses.push_back(std::move(r));
    }
    s.level = synthetic_level(s.max_score > 0 ? 100 * s.score / s.max_score : 0);
    if (rng.uniform() < spec.annul_rate) s.annulled = true;
    data.students.push_back(std::move(s));
  }
  return data;
}

}  // namespace bbzhm::ntc
