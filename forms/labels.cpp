// Prints domain values through the catalog, so that every label of every form is translated.
#include "forms/labels.hpp"

#include <cstdio>

#include "common/i18n.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

std::string key(std::string_view prefix, std::string_view code) {
  return std::string(prefix) + std::string(code);
}

}  // namespace

std::string_view code(Level level) {
  switch (level) {
    case Level::low:
      return "low";
    case Level::medium:
      return "medium";
    case Level::high:
      return "high";
  }
  return "?";
}

std::string two_digits(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string date_text(std::chrono::year_month_day date) {
  return two_digits(static_cast<int>(static_cast<unsigned>(date.day()))) + "." +
         two_digits(static_cast<int>(static_cast<unsigned>(date.month()))) + "." +
         std::to_string(static_cast<int>(date.year()));
}

std::string time_text(TimeOfDay time) {
  return two_digits(time.hour) + ":" + two_digits(time.minute);
}

std::string_view month_name(Language lang, std::chrono::month month) {
  return i18n::text(lang, key("forms.month.", std::to_string(static_cast<unsigned>(month))));
}

std::string_view subject_name(Language lang, Subject subject) {
  return i18n::text(lang, key("forms.subject.", code(subject)));
}

std::string_view language_short(Language lang, Language test_language) {
  return i18n::text(lang, key("forms.language_short.", code(test_language)));
}

std::string subject_test_text(Language lang, const SubjectTest& test) {
  return i18n::format(lang, "forms.subject_test",
                      {subject_name(lang, test.subject), language_short(lang, test.language)});
}

std::string subject_tests_text(Language lang, const std::vector<SubjectTest>& tests) {
  std::string out;
  for (Subject s : {Subject::reading, Subject::math, Subject::science}) {
    std::string languages;
    for (const SubjectTest& t : tests) {
      if (t.subject != s) continue;
      if (!languages.empty()) languages += ", ";
      languages += language_short(lang, t.language);
    }
    if (languages.empty()) continue;
    if (!out.empty()) out += '\n';
    out += i18n::format(lang, "forms.subject_test", {subject_name(lang, s), languages});
  }
  return out;
}

std::string_view level_name(Language lang, Level level) {
  return i18n::text(lang, key("forms.level.", code(level)));
}

std::string_view absence_name(Language lang, AbsenceReason reason) {
  return i18n::text(lang, key("forms.absence.", code(reason)));
}

std::string score_text(Language lang, const SubjectScore& score) {
  return i18n::format(lang, "forms.score",
                      {subject_test_text(lang, score.test), std::to_string(score.score),
                       std::to_string(score.max), level_name(lang, score.level)});
}

std::string campaign_text(Language lang, const Campaign& campaign) {
  // p.11: schools sit in April, colleges in November.
  return i18n::format(
      lang, campaign.stage == Stage::school ? "forms.campaign.school" : "forms.campaign.college",
      {std::to_string(campaign.year)});
}

std::string grade_text(Language lang, const Sitting& sitting) {
  return i18n::format(
      lang, sitting.campaign.stage == Stage::school ? "forms.grade.school" : "forms.grade.college",
      {std::to_string(sitting.grade)});
}

std::string organization_text(const Organization& organization) {
  return organization.code + " — " + organization.name;
}

void sitting_heading(Document& doc, Language lang, std::string_view title_key,
                     const Organization& organization, const Sitting& sitting,
                     const std::string& room, const Representative& representative) {
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };
  doc.title(t(title_key), campaign_text(lang, sitting.campaign));
  const Fact facts[] = {
      {t("forms.common.organization"), organization_text(organization)},
      {t("forms.common.grade"), grade_text(lang, sitting)},
      {t("forms.common.date"), date_text(sitting.date)},
      {t("forms.common.room"), room},
      {t("forms.common.representative"), representative.full_name},
  };
  doc.facts(facts);
}

}  // namespace bbzhm::forms
