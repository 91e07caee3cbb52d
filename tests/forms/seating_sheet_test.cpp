// The seating sheet (p.19): labels in kk and ru, 100 students over pages with the header row on
// each, personal codes as QR codes that scan back, long names wrapped inside their cell.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(SeatingSheet, KazakhSheetNamesEveryStudentWithCodeAndTests) {
  const auto pdf = artefact("seating-sheet", Language::kk);
  ASSERT_TRUE(rendered(render_seating_sheet(sample_seating_sheet(12), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(text, {"Отырғызу парағы",
                                  "ББЖМ 2025, сәуір",
                                  "Білім беру ұйымы",
                                  "050000123 — «Әл-Фараби атындағы № 12 мектеп-гимназиясы» КММ",
                                  "9-сынып",
                                  "15.04.2025",
                                  "Министрліктің уәкілетті өкілі",
                                  "Сәрсенбаев Ерлан Қайратұлы",
                                  "Орын",
                                  "ТЖК",
                                  "Пәндер және тестілеу тілі",
                                  "Оқу сауаттылығы (қаз., орыс., ағыл.)",
                                  "Математикалық сауаттылық (қаз.)",
                                  "Жаратылыстану-ғылыми сауаттылық (орыс.)",
                                  "Әбілқайыров",
                                  "Өркен",
                                  "Ұлан",
                                  "Үмбет",
                                  "Аңсар",
                                  "Ғалымжанов",
                                  "250415001001",
                                  "250415001408",
                                  "PC-12",
                                  "Тестіленушілер саны: 12",
                                  "1 / 1"}));
}

TEST(SeatingSheet, RussianSheetHasRussianLabels) {
  const auto pdf = artefact("seating-sheet", Language::ru);
  ASSERT_TRUE(rendered(render_seating_sheet(sample_seating_sheet(12), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Посадочный лист", "МОДО 2025, апрель", "Организация образования", "9 класс",
       "Уполномоченный представитель Министерства", "Место", "ИКТ", "Ф.И.О. тестируемого",
       "Читательская грамотность (каз., рус., англ.)", "Естественнонаучная грамотность (рус.)",
       "Количество тестируемых: 12", "Посадочный лист · аудитория № 12 · 15.04.2025"}));
}

TEST(SeatingSheet, HundredStudentsRunOverPagesWithTheHeaderRowOnEach) {
  const auto pdf = artefact("seating-sheet-100", Language::kk);
  const SeatingSheet sheet = sample_seating_sheet(100);
  ASSERT_TRUE(rendered(render_seating_sheet(sheet, Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const int pages = page_count(pdf);
  // A row holds a 40 pt QR code, so at most 17 fit a page; at least 12 must, or paper is wasted.
  EXPECT_GE(pages, 6);
  EXPECT_LE(pages, 9);
  std::string all;
  for (int p = 1; p <= pages; ++p) {
    const std::string text = flat(pdf_text(pdf, p));
    EXPECT_TRUE(contains_all(
        text, {"Орын", "Тестіленушінің Т.А.Ә.", "Сынып", "ТЖК", "Пәндер және тестілеу тілі",
               "ТЖК (QR)", std::to_string(p) + " / " + std::to_string(pages)}))
        << "page " << p;
    all += text + "\n";
  }
  std::size_t last = 0;
  for (const Seat& seat : sheet.seats) {
    const std::string& code = seat.student.personal_code.value;
    EXPECT_EQ(count(all, code), 1u) << code;
    const std::size_t at = all.find(code);
    EXPECT_GT(at, last) << code << " is out of seat order";
    last = at == std::string::npos ? last : at;
  }
}

TEST(SeatingSheet, PersonalCodesScanBackFromQrCodes) {
  const SeatingSheet sheet = sample_seating_sheet(30);
  TempDir dir;
  ASSERT_TRUE(rendered(render_seating_sheet(sheet, Language::kk, dir / "sheet.pdf")));
  ASSERT_TRUE(render_page(dir / "sheet.pdf", 1, 300, dir / "page1.png"));
  const auto decoded = decode_qr(dir / "page1.png");
  const std::string page1 = pdf_text(dir / "sheet.pdf", 1);
  std::set<std::string> expected;
  for (const Seat& s : sheet.seats)
    if (page1.find(s.student.personal_code.value) != std::string::npos)
      expected.insert(s.student.personal_code.value);
  EXPECT_GE(expected.size(), 10u);
  EXPECT_EQ(std::set<std::string>(decoded.begin(), decoded.end()), expected);
  EXPECT_EQ(decoded.size(), expected.size());
}

TEST(SeatingSheet, LongNamesWrapInsideTheirCell) {
  SeatingSheet sheet = sample_seating_sheet(3);
  sheet.seats[1].student.full_name =
      "Мұхамеджанова-Сәрсенбаева Аяулым-Гүлжазира Бауыржанқызы "
      "Абдрахманқызыжолдасбековаайгерімсұлтанқызы";
  const auto pdf = artefact("seating-sheet-long-name", Language::kk);
  ASSERT_TRUE(rendered(render_seating_sheet(sheet, Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const auto all = words(pdf);
  const auto code = std::ranges::find(all, sheet.seats[1].student.personal_code.value, &Word::text);
  ASSERT_NE(code, all.end());
  std::set<double> lines;
  for (const Word& w : all) {
    if (w.text.find("Сәрсенбаева") == std::string::npos &&
        w.text.find("Гүлжазира") == std::string::npos &&
        w.text.find("Абдрахман") == std::string::npos &&
        w.text.find("Бауыржанқызы") == std::string::npos)
      continue;
    lines.insert(w.y_min);
    // The class column lies between the name and the code: the name must end well before it.
    EXPECT_LT(w.x_max, code->x_min - 36) << w.text << " runs into the next column";
  }
  EXPECT_GE(lines.size(), 3u) << "the long name did not wrap";
}

TEST(SeatingSheet, RefusesATakenSeatAndWritesNothing) {
  SeatingSheet sheet = sample_seating_sheet(3);
  sheet.seats[2].number = 1;
  TempDir dir;
  const auto r = render_seating_sheet(sheet, Language::kk, dir / "sheet.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_NE(r.error().what.find("seat 1: number is taken twice"), std::string::npos)
      << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(SeatingSheet, RefusesAStudentWithoutPersonalCode) {
  SeatingSheet sheet = sample_seating_sheet(3);
  sheet.seats[1].student.personal_code.value = " ";
  TempDir dir;
  const auto r = render_seating_sheet(sheet, Language::ru, dir / "sheet.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("seat 2: student's personal code is empty"), std::string::npos)
      << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(SeatingSheet, RefusesAGradeTheRulesDoNotTest) {
  SeatingSheet sheet = sample_seating_sheet(3);
  sheet.sitting.grade = 5;  // p.6: grades 4 and 9 only
  TempDir dir;
  const auto r = render_seating_sheet(sheet, Language::kk, dir / "sheet.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("grade"), std::string::npos) << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms
