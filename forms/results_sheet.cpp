// The sitting's results sheet (p.24): scores and levels, absences with their reason (p.12) and
// results annulled by an act (p.20-21).
#include <algorithm>
#include <utility>
#include <variant>

#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const ResultsSheet& sheet) {
  Checker c("results sheet");
  c.organization(sheet.organization).sitting(sheet.sitting).text("room", sheet.room);
  c.representative(sheet.representative);
  c.that(!sheet.students.empty(), "the list of students", "is empty");
  for (std::size_t i = 0; i < sheet.students.size(); ++i) {
    const StudentResult& r = sheet.students[i];
    const std::string where = "student " + std::to_string(i + 1) + ": ";
    c.student(where, r.student, true);
    if (const auto* scored = std::get_if<Scored>(&r.outcome)) {
      c.that(!scored->scores.empty(), where + "list of scores", "is empty");
      for (const SubjectScore& s : scored->scores) c.score(where, s);
    } else if (const auto* annulled = std::get_if<Annulment>(&r.outcome)) {
      c.text(where + "act number of the annulment", annulled->act_number);
    }
  }
  return c.result();
}

}  // namespace

Result<void> render_results_sheet(const ResultsSheet& sheet, Language lang,
                                  const std::filesystem::path& pdf) {
  if (auto ok = check(sheet); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.results.title"));
  sitting_heading(doc, lang, "forms.results.title", sheet.organization, sheet.sitting, sheet.room,
                  sheet.representative);
  doc.space(8);

  // One column per subject and language sat (p.7-8), in the order of the subjects.
  std::vector<SubjectTest> tests;
  for (const StudentResult& r : sheet.students) {
    if (const auto* s = std::get_if<Scored>(&r.outcome))
      for (const SubjectScore& score : s->scores)
        if (std::ranges::find(tests, score.test) == tests.end()) tests.push_back(score.test);
  }
  std::ranges::sort(tests, {},
                    [](const SubjectTest& t) { return std::pair(t.subject, t.language); });
  const double subject_width =
      tests.empty() ? 0 : std::min(50.0, (doc.width() - 26 - 36 - 68 - 110) / tests.size());
  std::vector<Column> columns{{"№", 26, Align::center},
                              {t("forms.common.full_name"), 0, Align::left},
                              {t("forms.common.class"), 36, Align::center},
                              {t("forms.common.personal_code"), 68, Align::center}};
  for (const SubjectTest& test : tests)
    columns.push_back(
        {std::string(i18n::text(lang, "forms.subject_short." + std::string(code(test.subject)))) +
             "\n" + std::string(language_short(lang, test.language)),
         subject_width, Align::center});

  std::vector<Row> rows;
  int scored = 0, absent = 0, annulled = 0;
  for (std::size_t i = 0; i < sheet.students.size(); ++i) {
    const StudentResult& r = sheet.students[i];
    Row row{{.text = std::to_string(i + 1)},
            {.text = r.student.full_name},
            {.text = r.student.class_name},
            {.text = r.student.personal_code.value}};
    const std::size_t span = std::max<std::size_t>(tests.size(), 1);
    if (const auto* s = std::get_if<Scored>(&r.outcome)) {
      ++scored;
      for (const SubjectTest& test : tests) {
        const auto it = std::ranges::find(s->scores, test, &SubjectScore::test);
        row.push_back({.text = it == s->scores.end()
                                   ? "—"
                                   : std::to_string(it->score) + " / " + std::to_string(it->max) +
                                         "\n" + std::string(level_name(lang, it->level))});
      }
    } else if (const auto* a = std::get_if<Absence>(&r.outcome)) {
      ++absent;
      row.push_back(
          {.text = i18n::format(lang, "forms.results.absent", {absence_name(lang, a->reason)}),
           .span = span});
    } else if (const auto* n = std::get_if<Annulment>(&r.outcome)) {
      ++annulled;
      row.push_back({.text = i18n::format(lang, "forms.results.annulled", {n->act_number}),
                     .bold = true,
                     .span = span});
    }
    rows.push_back(std::move(row));
  }
  doc.table(columns, rows, 8.5);
  doc.space(4);
  doc.paragraph(t("forms.results.legend"), TextStyle{.size = 8, .italic = true});
  doc.space(8);
  doc.keep(90);
  doc.paragraph(i18n::format(lang, "forms.results.summary",
                             {std::to_string(sheet.students.size()), std::to_string(scored),
                              std::to_string(absent), std::to_string(annulled)}),
                TextStyle{.size = 10});
  doc.space(14);
  doc.signature_line(sheet.representative.full_name, t("forms.common.representative_signature"));
  doc.set_footer(
      i18n::format(lang, "forms.results.footer", {sheet.room, date_text(sheet.sitting.date)}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
