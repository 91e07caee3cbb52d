// The results sheet (p.24): a column per subject and language, absences with their p.12 reason,
// annulled results with their act, and 100 students over pages with the header row on each.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(ResultsSheet, KazakhSheetShowsScoresLevelsAbsencesAndAnnulments) {
  const auto pdf = artefact("results-sheet", Language::kk);
  ASSERT_TRUE(rendered(render_results_sheet(sample_results_sheet(20), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(
      text, {"Тестілеу нәтижелерінің тізімдемесі",
             "ББЖМ 2025, сәуір",
             "ОС",
             "МС",
             "ЖҒС",
             "қаз.",
             "орыс.",
             "ағыл.",
             "0 / 20",
             "20 / 20",
             "төмен",
             "орташа",
             "жоғары",
             "Қатыспады: денсаулық жағдайы бойынша",
             "Қатыспады: жарыстар мен олимпиадаларға қатысуына байланысты",
             "Нәтижелері жойылды (№ 7 акт)",
             "Нәтижелері жойылды (№ 17 акт)",
             "ОС — оқу сауаттылығы",
             "Барлығы: 20; нәтижесі барлар: 16; қатыспағандар: 2; нәтижелері жойылғандар: 2.",
             "(Министрліктің уәкілетті өкілінің қолы және Т.А.Ә.)"}));
}

TEST(ResultsSheet, RussianSheetHasRussianLabels) {
  const auto pdf = artefact("results-sheet", Language::ru);
  ASSERT_TRUE(rendered(render_results_sheet(sample_results_sheet(20), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Ведомость результатов тестирования", "ЧГ", "МГ", "ЕНГ", "каз.", "рус.", "англ.", "низкий",
       "средний", "высокий", "Отсутствовал(а): по состоянию здоровья",
       "Результаты аннулированы (акт № 7)", "ЧГ — читательская грамотность"}));
}

TEST(ResultsSheet, HundredStudentsRunOverPagesWithTheHeaderRowOnEach) {
  const ResultsSheet sheet = sample_results_sheet(100);
  const auto pdf = artefact("results-sheet-100", Language::kk);
  ASSERT_TRUE(rendered(render_results_sheet(sheet, Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const int pages = page_count(pdf);
  // Rows of two lines: between 20 and 30 a page.
  EXPECT_GE(pages, 4);
  EXPECT_LE(pages, 6);
  std::string all;
  for (int p = 1; p <= pages; ++p) {
    const std::string text = flat(pdf_text(pdf, p));
    EXPECT_TRUE(contains_all(text, {"Тестіленушінің Т.А.Ә.", "Сынып", "ТЖК", "ЖҒС",
                                    std::to_string(p) + " / " + std::to_string(pages)}))
        << "page " << p;
    all += text;
  }
  for (const StudentResult& r : sheet.students)
    EXPECT_EQ(count(all, r.student.personal_code.value), 1u) << r.student.personal_code.value;
}

TEST(ResultsSheet, RefusesAScoreAboveTheMaximum) {
  ResultsSheet sheet = sample_results_sheet(3);
  std::get<Scored>(sheet.students[1].outcome).scores[2].score = 21;
  TempDir dir;
  const auto r = render_results_sheet(sheet, Language::kk, dir / "r.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_NE(r.error().what.find("student 2: score"), std::string::npos) << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(ResultsSheet, RefusesAnAnnulmentWithoutItsAct) {
  ResultsSheet sheet = sample_results_sheet(3);
  sheet.students[0].outcome = Annulment{};
  TempDir dir;
  const auto r = render_results_sheet(sheet, Language::ru, dir / "r.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "results sheet: student 1: act number of the annulment is empty");
}

}  // namespace
}  // namespace bbzhm::forms
