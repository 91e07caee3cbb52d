// Assembling parallel variants from the bank (item_bank/assembly.hpp).
#include "item_bank/assembly.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <tuple>
#include "common/file.hpp"

namespace bbzhm::item_bank {
namespace {

namespace fs = std::filesystem;

using Cell = std::pair<std::string, std::string>;  // content area, cognitive level

// A passage with its items, or one item alone: what a variant takes or leaves whole.
struct Unit {
  std::string passage;
  std::vector<const BankItem*> items;
  std::map<Cell, int> cells;
  std::size_t order = 0;  // the first blueprint row it serves, for the item order
};

// Seeded from everything that must make a difference, so a change of spec or item reshuffles
// only what it touches; mt19937_64 is specified exactly, so every build gets the same numbers.
std::mt19937_64 rng_for(std::uint64_t seed, std::string_view a, std::uint64_t b) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (char c : a) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  h = (h ^ b) * 1099511628211ull;
  return std::mt19937_64(h);
}

template <class T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

Figure figure(const fs::path& root, const std::string& path) {
  const fs::path p(path);
  return {p.filename().string(), p.extension() == ".svg" ? "image/svg+xml" : "image/png",
          read_file(root / p).value_or(std::string())};
}

// The item as one language version of one variant shows it, and its key.
std::pair<Item, ItemKey> render(const Bank& bank, const BankItem& b, Language lang,
                                const Spec& spec, std::mt19937_64 rng) {
  const Version& v = b.versions.at(lang);
  Item item;
  item.id = b.id;
  item.kind = b.kind;
  item.stem = v.stem;
  item.passage_id = b.passage;
  item.unit = v.unit;
  item.points = b.points;
  for (const auto& img : b.images) item.figures.push_back(figure(bank.root, img));
  for (const auto& img : v.images) item.figures.push_back(figure(bank.root, img));
  ItemKey key;
  key.partial = spec.partial;
  // The shuffle depends on the variant and the item only, so every language version of a
  // variant shows the options in the same order under the same letters.
  std::vector<std::size_t> perm(v.options.size());
  for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
  shuffle(perm, rng);
  std::map<std::string, std::string> relabel;  // authored id -> shown id
  std::vector<Choice> shuffled;
  for (std::size_t i = 0; i < perm.size(); ++i) {
    const std::string shown(1, static_cast<char>('A' + i));
    relabel[v.options[perm[i]].id] = shown;
    shuffled.push_back({shown, v.options[perm[i]].text});
  }
  switch (b.kind) {
    case ItemKind::single_choice:
    case ItemKind::multiple_choice:
      item.choices = shuffled;
      for (const auto& k : b.key) key.choices.push_back(relabel.at(k));
      std::ranges::sort(key.choices);
      break;
    case ItemKind::ordering:
      item.choices = shuffled;
      for (const auto& k : b.key) key.order.push_back(relabel.at(k));
      break;
    case ItemKind::matching:
      item.choices = v.prompts;
      item.targets = shuffled;
      for (const auto& pair : b.key) {
        const auto dash = pair.find('-');
        key.pairs.push_back(pair.substr(0, dash) + "-" + relabel.at(pair.substr(dash + 1)));
      }
      std::ranges::sort(key.pairs);
      break;
    case ItemKind::numeric:
      key.value = b.answer;
      key.tolerance = b.tolerance;
      break;
    case ItemKind::short_text:
      key.accepted = v.accepted;
      break;
  }
  return {std::move(item), std::move(key)};
}

}  // namespace

Result<std::vector<TestForm>> assemble(const Bank& bank, const Spec& spec, int variants,
                                       std::uint64_t seed, std::string_view id_prefix) {
  if (variants < 1 || variants > 26) return fail("--variants is from 1 to 26");
  std::map<Cell, int> need;
  std::map<Cell, std::size_t> row_of;
  for (std::size_t r = 0; r < spec.blueprint.size(); ++r) {
    const Cell cell{spec.blueprint[r].area, spec.blueprint[r].level};
    need[cell] += spec.blueprint[r].count;
    row_of.emplace(cell, r);
  }
  std::map<std::string, const BankPassage*> passages;
  for (const auto& p : bank.passages) passages.emplace(p.id, &p);

  // Units whose every item fits the spec and its blueprint, and whose passage has the languages.
  std::map<std::string, Unit> by_passage;
  std::vector<Unit> units;
  std::set<std::string> unfit_passages;
  for (const auto& it : bank.items) {
    const bool ok = fits(it, spec) && need.contains({it.area, it.level});
    if (it.passage.empty()) {
      if (ok) units.push_back({"", {&it}, {{{it.area, it.level}, 1}}, row_of[{it.area, it.level}]});
      continue;
    }
    const auto p = passages.find(it.passage);
    if (!ok || p == passages.end() || !std::ranges::all_of(spec.languages, [&](Language l) {
          return p->second->versions.contains(l);
        })) {
      unfit_passages.insert(it.passage);
      continue;
    }
    Unit& u = by_passage[it.passage];
    u.passage = it.passage;
    u.items.push_back(&it);
    ++u.cells[{it.area, it.level}];
  }
  for (auto& [id, u] : by_passage) {
    if (unfit_passages.contains(id)) continue;
    u.order = spec.blueprint.size();
    for (const auto& [cell, n] : u.cells) u.order = std::min(u.order, row_of[cell]);
    units.push_back(std::move(u));
  }
  double target = 0;
  int with_difficulty = 0;
  for (const auto& u : units)
    for (const auto* it : u.items)
      if (it->difficulty) target += *it->difficulty, ++with_difficulty;
  if (with_difficulty > 0) target /= with_difficulty;

  // One round assembles every variant in turn; rounds differ in their random streams, and the
  // best round wins: fewest units shared between variants, then the same total points in every
  // variant (parallel variants are scored out of the same total), then mean difficulties nearest
  // the bank's. Round 0 alone decides when it is already perfect.
  std::vector<std::vector<std::size_t>> chosen_per_variant;
  std::tuple<int, int, double> best_round{0, 0, 0};
  for (int round = 0; round < 25; ++round) {
    std::vector<int> used(units.size(), 0);
    std::vector<std::vector<std::size_t>> chosen_now;
    std::optional<int> first_points;  // this round's variant 1 total: the others should match it
    int round_reused = 0, low = 0, high = 0;
    double round_deviation = 0;
    for (int v = 1; v <= variants; ++v) {
      auto rng = rng_for(seed, spec.id,
                         static_cast<std::uint64_t>(v) + 1000 * static_cast<std::uint64_t>(round));
      std::optional<std::vector<std::size_t>> best;
      std::tuple<int, int, double> best_score{0, 0, 0};
      int best_points = 0;
      for (int attempt = 0; attempt < 400; ++attempt) {
        std::vector<std::size_t> order(units.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        shuffle(order, rng);
        // Units no variant has taken yet come first: parallel variants share as little as the
        // bank allows.
        std::ranges::stable_sort(order, {}, [&](std::size_t i) { return used[i]; });
        auto left = need;
        std::vector<std::size_t> chosen;
        for (std::size_t i : order) {
          const bool fits_left = std::ranges::all_of(
              units[i].cells, [&](const auto& c) { return left[c.first] >= c.second; });
          if (!fits_left) continue;
          for (const auto& [cell, n] : units[i].cells) left[cell] -= n;
          chosen.push_back(i);
        }
        if (!std::ranges::all_of(left, [](const auto& c) { return c.second == 0; })) continue;
        int reused = 0, points = 0;
        double sum = 0;
        int n = 0;
        for (std::size_t i : chosen) {
          reused += used[i] > 0;
          for (const auto* it : units[i].items) {
            points += it->points;
            if (it->difficulty) sum += *it->difficulty, ++n;
          }
        }
        const std::tuple<int, int, double> score{
            reused, first_points ? std::abs(points - *first_points) : 0,
            n > 0 ? std::fabs(sum / n - target) : 0.0};
        if (!best || score < best_score) best = chosen, best_score = score, best_points = points;
        if (std::get<0>(score) == 0 && std::get<1>(score) == 0 && with_difficulty == 0) break;
      }
      if (!best) {
        std::string shortest;
        for (const auto& [cell, n] : need) {
          int have = 0;
          for (const auto& u : units)
            if (u.cells.contains(cell)) have += u.cells.at(cell);
          if (have < n)
            shortest += " " + cell.first + "/" + cell.second + " (needs " + std::to_string(n) +
                        ", has " + std::to_string(have) + ")";
        }
        return fail(spec.file + ": cannot assemble variant " + std::to_string(v) + " of spec " +
                    spec.id + " from the bank" +
                    (shortest.empty() ? ": no combination of passage units gives the blueprint"
                                      : ":" + shortest));
      }
      for (std::size_t i : *best) ++used[i];
      if (!first_points) first_points = low = high = best_points;
      low = std::min(low, best_points);
      high = std::max(high, best_points);
      round_reused += std::get<0>(best_score);
      round_deviation += std::get<2>(best_score);
      std::ranges::stable_sort(*best, {}, [&](std::size_t i) { return units[i].order; });
      chosen_now.push_back(*best);
    }
    const std::tuple<int, int, double> score{round_reused, high - low, round_deviation};
    if (round == 0 || score < best_round) chosen_per_variant = chosen_now, best_round = score;
    if (std::get<0>(best_round) == 0 && std::get<1>(best_round) == 0) break;
  }

  std::vector<TestForm> forms;
  for (int v = 1; v <= variants; ++v) {
    for (Language lang : spec.languages) {
      TestForm f;
      f.id = std::string(id_prefix) + spec.id + "-v" + std::to_string(v) + "-" +
             std::string(code(lang));
      f.grade = spec.grade;
      f.levels = spec.levels;
      f.booklet.subject = spec.subject;
      f.booklet.language = lang;
      f.booklet.variant = v;
      f.booklet.minutes = spec.minutes;
      for (std::size_t i : chosen_per_variant[static_cast<std::size_t>(v - 1)]) {
        const Unit& u = units[i];
        bool first = true;
        for (const auto* b : u.items) {
          auto [item, key] =
              render(bank, *b, lang, spec,
                     rng_for(seed, spec.id + "/" + b->id, static_cast<std::uint64_t>(v)));
          if (first && !u.passage.empty()) {
            const BankPassage& p = *passages.at(u.passage);
            const Version& pv = p.versions.at(lang);
            f.booklet.passages.push_back({p.id, pv.title, pv.text});
            // Passage figures show with its first item: the wire has no passage figures.
            std::vector<Figure> figs;
            for (const auto& img : p.images) figs.push_back(figure(bank.root, img));
            for (const auto& img : pv.images) figs.push_back(figure(bank.root, img));
            item.figures.insert(item.figures.begin(), figs.begin(), figs.end());
          }
          first = false;
          f.keys.emplace(item.id, std::move(key));
          f.booklet.items.push_back(std::move(item));
        }
      }
      forms.push_back(std::move(f));
    }
  }
  return forms;
}

}  // namespace bbzhm::item_bank
