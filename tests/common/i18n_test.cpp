// The translation catalog: every key exists in kk, ru and en; Kazakh text uses Kazakh letters.
#include "common/i18n.hpp"

#include <gtest/gtest.h>

#include <set>

namespace bbzhm::i18n {

TEST(Catalog, EveryKeyExistsInEveryLanguage) {
  std::set<std::string> all;
  for (Language l : kAllLanguages)
    for (auto k : keys(l)) all.insert(std::string(k));
  ASSERT_FALSE(all.empty());
  for (Language l : kAllLanguages) {
    const auto mine = keys(l);
    const std::set<std::string> have(mine.begin(), mine.end());
    for (const auto& k : all) {
      std::string seen_in;
      for (Language other : kAllLanguages)
        if (!origin(other, k).empty()) seen_in = std::string(origin(other, k));
      EXPECT_TRUE(have.contains(k))
          << "key '" << k << "' (" << seen_in << ") is missing in " << code(l);
    }
  }
}

TEST(Catalog, KazakhCatalogUsesEveryKazakhSpecificLetter) {
  std::string text;
  for (auto k : keys(Language::kk)) text += std::string(i18n::text(Language::kk, k));
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"})
    EXPECT_NE(text.find(letter), std::string::npos) << letter;
}

TEST(Catalog, FormatFillsPlaceholders) {
  EXPECT_EQ(format(Language::en, "server.checkin.admitted", {"Әйгерім"}), "Admitted: Әйгерім");
  EXPECT_EQ(format(Language::kk, "server.checkin.admitted", {"Әйгерім"}), "Кіргізілді: Әйгерім");
}

TEST(Catalog, MissingKeyFallsBackToTheKey) {
  EXPECT_EQ(text(Language::kk, "no.such.key"), "no.such.key");
}

}  // namespace bbzhm::i18n
