// Variant assembly: every variant meets its spec, variants differ, and a seed reproduces them.
#include "item_bank/assembly.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

namespace bbzhm::item_bank {
namespace {

const LoadedBank& sample_bank() {
  static const LoadedBank bank = load_bank(BBZHM_SAMPLE_BANK_DIR);
  return bank;
}

const BankItem& bank_item(const std::string& id) {
  for (const auto& it : sample_bank().bank.items)
    if (it.id == id) return it;
  throw std::logic_error("no item " + id);
}

TEST(Assembly, EveryVariantOfEverySampleSpecMeetsItsBlueprint) {
  const auto& bank = sample_bank().bank;
  ASSERT_EQ(bank.specs.size(), 7u);
  for (const Spec& spec : bank.specs) {
    auto forms = assemble(bank, spec, 2, 42, "p/");
    ASSERT_TRUE(forms) << forms.error().what;
    ASSERT_EQ(forms->size(), 2 * spec.languages.size()) << spec.id;
    std::map<int, std::set<std::string>> items_of_variant;
    std::map<int, int> points_of_variant;
    for (const TestForm& f : *forms) {
      int points = 0;
      for (const Item& item : f.booklet.items) points += item.points;
      points_of_variant[f.booklet.variant] = points;
      EXPECT_EQ(f.booklet.minutes, spec.minutes);
      EXPECT_EQ(f.grade, spec.grade);
      std::map<std::pair<std::string, std::string>, int> cells;
      std::set<std::string> ids;
      for (const Item& item : f.booklet.items) {
        const BankItem& b = bank_item(item.id);
        ++cells[{b.area, b.level}];
        ids.insert(item.id);
        ASSERT_TRUE(f.keys.contains(item.id));
        EXPECT_EQ(f.keys.at(item.id).partial, spec.partial);
      }
      for (const auto& row : spec.blueprint)
        EXPECT_EQ((cells[{row.area, row.level}]), row.count) << f.id << " " << row.area;
      auto [at, fresh] = items_of_variant.emplace(f.booklet.variant, ids);
      if (!fresh) {
        EXPECT_EQ(at->second, ids) << "language versions of a variant differ: " << f.id;
      }
    }
    // The sample bank is written so that two variants share no item.
    std::vector<std::string> shared;
    std::ranges::set_intersection(items_of_variant[1], items_of_variant[2],
                                  std::back_inserter(shared));
    EXPECT_TRUE(shared.empty()) << spec.id << " shares " << shared.front();
    // Parallel variants are scored out of the same total.
    EXPECT_EQ(points_of_variant[1], points_of_variant[2]) << spec.id;
  }
}

TEST(Assembly, TheSameSeedGivesTheSameFormsAndAnotherSeedOtherOnes) {
  const auto& bank = sample_bank().bank;
  for (const Spec& spec : bank.specs) {
    const auto a = assemble(bank, spec, 2, 7, "p/");
    const auto b = assemble(bank, spec, 2, 7, "p/");
    ASSERT_TRUE(a && b);
    for (std::size_t i = 0; i < a->size(); ++i)
      EXPECT_EQ(form_json((*a)[i]), form_json((*b)[i])) << spec.id;
  }
  int differ = 0;
  for (std::uint64_t seed = 8; seed < 12; ++seed)
    for (const Spec& spec : bank.specs) {
      const auto a = assemble(bank, spec, 2, 7, "p/");
      const auto c = assemble(bank, spec, 2, seed, "p/");
      differ += form_json(a->front()) != form_json(c->front());
    }
  EXPECT_GT(differ, 0);
}

TEST(Assembly, ShuffledOptionsKeepTheirKeyAndAreTheSameInEveryLanguage) {
  const auto& bank = sample_bank().bank;
  const Spec* g9 = nullptr;
  for (const auto& s : bank.specs)
    if (s.id == "g9-math") g9 = &s;
  ASSERT_NE(g9, nullptr);
  int moved = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto forms = assemble(bank, *g9, 2, seed, "p/");
    ASSERT_TRUE(forms);
    for (const TestForm& f : *forms)
      for (const Item& item : f.booklet.items) {
        const BankItem& b = bank_item(item.id);
        const Version& v = b.versions.at(f.booklet.language);
        const ItemKey& key = f.keys.at(item.id);
        if (item.kind == ItemKind::single_choice) {
          // The option now under the key letter is the one the author keyed.
          const auto& shown = *std::ranges::find(item.choices, key.choices[0], &Choice::id);
          const auto& authored = *std::ranges::find(v.options, b.key[0], &Choice::id);
          EXPECT_EQ(shown.text, authored.text) << item.id;
          moved += key.choices[0] != b.key[0];
        }
        if (item.kind == ItemKind::ordering) {
          for (std::size_t i = 0; i < key.order.size(); ++i)
            EXPECT_EQ(std::ranges::find(item.choices, key.order[i], &Choice::id)->text,
                      std::ranges::find(v.options, b.key[i], &Choice::id)->text);
        }
        if (item.kind == ItemKind::matching) {
          EXPECT_EQ(item.choices.size(), v.prompts.size());
          EXPECT_EQ(item.targets.size(), v.options.size());
        }
      }
    // Language versions of a variant carry the same key letters.
    for (const TestForm& f : *forms)
      for (const TestForm& g : *forms)
        if (f.booklet.variant == g.booklet.variant)
          for (const auto& [id, k] : f.keys) {
            EXPECT_EQ(k.choices, g.keys.at(id).choices);
            EXPECT_EQ(k.pairs, g.keys.at(id).pairs);
            EXPECT_EQ(k.order, g.keys.at(id).order);
          }
  }
  EXPECT_GT(moved, 0) << "no option was ever moved: the shuffle does nothing";
}

TEST(Assembly, ItemsWithImagesCarryTheirFigures) {
  const auto& bank = sample_bank().bank;
  for (const auto& s : bank.specs) {
    if (s.id != "g9-math") continue;
    const auto forms = assemble(bank, s, 2, 3, "p/");
    int figures = 0;
    for (const auto& f : *forms)
      for (const auto& item : f.booklet.items)
        for (const auto& fig : item.figures) {
          ++figures;
          EXPECT_EQ(fig.media_type, "image/svg+xml");
          EXPECT_NE(fig.data.find("<svg"), std::string::npos);
        }
    EXPECT_GT(figures, 0);
  }
}

TEST(Assembly, RefusesASpecTheBankCannotFillWithTheReason) {
  Bank bank = sample_bank().bank;
  Spec spec = bank.specs.front();
  spec.blueprint.front().count = 50;
  const auto forms = assemble(bank, spec, 2, 1, "p/");
  ASSERT_FALSE(forms);
  EXPECT_NE(forms.error().what.find("cannot assemble variant 1"), std::string::npos);
}

}  // namespace
}  // namespace bbzhm::item_bank
