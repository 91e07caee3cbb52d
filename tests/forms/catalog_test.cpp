// The forms' catalog keys: every one in Kazakh, Russian and English, with the same placeholders.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/i18n.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"

namespace bbzhm::forms {
namespace {

std::set<std::string> forms_keys() {
  std::set<std::string> keys;
  for (Language l : kAllLanguages)
    for (std::string_view k : i18n::keys(l))
      if (k.starts_with("forms.")) keys.emplace(k);
  return keys;
}

std::set<char> placeholders(std::string_view text) {
  std::set<char> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if (text[i] == '{' && text[i + 2] == '}') out.insert(text[i + 1]);
  return out;
}

TEST(FormsCatalog, EveryKeyExistsInKazakhRussianAndEnglish) {
  const auto keys = forms_keys();
  EXPECT_GT(keys.size(), 100u);
  for (const std::string& k : keys)
    for (Language l : kAllLanguages)
      EXPECT_FALSE(i18n::origin(l, k).empty()) << k << " has no " << code(l) << " text";
}

TEST(FormsCatalog, PlaceholdersAgreeAcrossLanguages) {
  for (const std::string& k : forms_keys()) {
    const auto kk = placeholders(i18n::text(Language::kk, k));
    EXPECT_EQ(kk, placeholders(i18n::text(Language::ru, k))) << k;
    EXPECT_EQ(kk, placeholders(i18n::text(Language::en, k))) << k;
  }
}

TEST(FormsCatalog, LevelsAbsenceReasonsSubjectsAndMonthsHaveLabels) {
  for (Language l : kAllLanguages) {
    for (Level level : {Level::low, Level::medium, Level::high})
      EXPECT_FALSE(level_name(l, level).starts_with("forms.")) << code(level);
    for (AbsenceReason r : kAllAbsenceReasons)
      EXPECT_FALSE(absence_name(l, r).starts_with("forms.")) << code(r);
    for (Subject s : {Subject::reading, Subject::math, Subject::science})
      EXPECT_FALSE(subject_name(l, s).starts_with("forms.")) << code(s);
    for (unsigned m = 1; m <= 12; ++m)
      EXPECT_FALSE(month_name(l, std::chrono::month{m}).starts_with("forms.")) << m;
  }
  EXPECT_EQ(level_name(Language::kk, Level::medium), "орташа");
  EXPECT_EQ(level_name(Language::ru, Level::high), "высокий");
  EXPECT_EQ(month_name(Language::ru, std::chrono::April), "апреля");
}

TEST(FormsCatalog, ActsUseTheWordingOfTheAnnexes) {
  // Annexes 1 and 2 of the rules (order No. 204), in their own words.
  EXPECT_EQ(
      i18n::text(Language::kk, "forms.act1.title"),
      "Тыйым салынған заттардың тәркіленуі және тестіленушіні аудиториядан шығару туралы акт");
  EXPECT_EQ(i18n::text(Language::kk, "forms.act2.title"),
            "Тестілеуге кіргізу/тестілеу барысында бөгде тұлғаның анықталуы туралы акт");
  EXPECT_EQ(i18n::text(Language::kk, "forms.act1.acquainted"), "Актімен таныстым:");
  EXPECT_EQ(i18n::text(Language::kk, "forms.act2.acquainted"), "Актімен таныстырылды:");
}

}  // namespace
}  // namespace bbzhm::forms
