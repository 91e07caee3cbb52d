// The layout engine on its own: every Kazakh letter in every face, real point sizes, wrapping,
// "n / N" footers, and a PDF that is either written whole or not at all.
#include "forms/layout.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using test::TempDir;

constexpr std::string_view kKazakhLetters = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і";

TEST(Layout, RendersEveryKazakhLetterInEveryFace) {
  Document doc(Language::kk, Family::serif, "letters");
  for (Family f : {Family::serif, Family::sans, Family::mono}) {
    doc.paragraph(kKazakhLetters, TextStyle{.family = f});
    doc.paragraph(kKazakhLetters, TextStyle{.bold = true, .family = f});
  }
  doc.paragraph(kKazakhLetters, TextStyle{.italic = true});
  const auto pdf = test::artefact("layout-letters", Language::kk);
  ASSERT_TRUE(test::rendered(doc.write(pdf)));
  EXPECT_TRUE(test::well_formed(pdf));
  EXPECT_EQ(test::count(test::squeeze(test::pdf_text(pdf)), test::squeeze(kKazakhLetters)), 7u);
  std::set<std::string> families;
  for (const test::Font& f : test::fonts(pdf)) families.insert(f.name.substr(f.name.find('+') + 1));
  for (const char* face :
       {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Regular", "NotoSans-Bold",
        "NotoSansMono-Regular", "NotoSansMono-Bold", "NotoSerif-Italic"})
    EXPECT_TRUE(families.contains(face)) << face;
}

TEST(Layout, SetsPointsNotPixels) {
  // pangocairo's default 96 dpi would make 20 pt text 26.7 pt tall on paper.
  Document doc(Language::kk, Family::sans, "size");
  doc.paragraph("Ұлттық", TextStyle{.size = 20});
  TempDir dir;
  ASSERT_TRUE(test::rendered(doc.write(dir / "size.pdf")));
  const auto words = test::words(dir / "size.pdf");
  ASSERT_FALSE(words.empty());
  const double height = words.front().y_max - words.front().y_min;
  EXPECT_GT(height, 20.0);
  EXPECT_LT(height, 20.0 * 1.45);
}

TEST(Layout, WrapsLongWordsAndNamesInsideTheColumn) {
  Document doc(Language::kk, Family::serif, "wrap");
  const std::string word(400, 'W');
  doc.paragraph(word);
  const Blank blank{.value = "Мұхамеджанова-Сәрсенбаева Аяулым-Гүлжазира Бауыржанқызы " + word,
                    .caption = "(Т.А.Ә.)"};
  doc.form_line("Тестіленуші {0} аудиториядан шығарылды.", std::span(&blank, 1));
  const auto pdf = test::artefact("layout-wrap", Language::kk);
  ASSERT_TRUE(test::rendered(doc.write(pdf)));
  EXPECT_TRUE(test::well_formed(pdf));
}

TEST(Layout, NumbersEveryPageNOfN) {
  Document doc(Language::ru, Family::sans, "pages");
  for (int i = 0; i < 3; ++i) {
    doc.paragraph("Страница " + std::to_string(i + 1));
    doc.page_break();
  }
  doc.paragraph("Последняя");
  doc.set_footer("Нижний колонтитул");
  TempDir dir;
  ASSERT_TRUE(test::rendered(doc.write(dir / "pages.pdf")));
  ASSERT_EQ(test::page_count(dir / "pages.pdf"), 4);
  for (int p = 1; p <= 4; ++p) {
    const std::string text = test::flat(test::pdf_text(dir / "pages.pdf", p));
    EXPECT_TRUE(test::contains_all(text, {std::to_string(p) + " / 4", "Нижний колонтитул"}));
  }
}

TEST(Layout, LeavesOnlyTheFinishedFileBehind) {
  TempDir dir;
  {
    std::ofstream old(dir / "act.pdf");
    old << "an older, broken file";
  }
  Document doc(Language::kk, Family::serif, "act");
  doc.paragraph("Акт");
  ASSERT_TRUE(test::rendered(doc.write(dir / "act.pdf")));
  EXPECT_EQ(test::entries(dir.path()), std::vector<std::string>{"act.pdf"});
  EXPECT_EQ(test::page_count(dir / "act.pdf"), 1);
}

TEST(Layout, ReportsAMissingDirectoryAndWritesNothing) {
  TempDir dir;
  Document doc(Language::kk, Family::serif, "act");
  doc.paragraph("Акт");
  const auto r = doc.write(dir / "no-such-dir" / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.write");
  EXPECT_NE(r.error().what.find("no-such-dir"), std::string::npos) << r.error().what;
  EXPECT_TRUE(test::entries(dir.path()).empty());
}

TEST(Layout, RefusesAQrPayloadTooLongForAQrCode) {
  TempDir dir;
  Document doc(Language::kk, Family::sans, "qr");
  const Column columns[] = {{"QR", 60, Align::center}};
  const Row rows[] = {{Cell{.qr = std::string(8000, '7')}}};
  doc.table(columns, rows);
  const auto r = doc.write(dir / "qr.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_TRUE(test::entries(dir.path()).empty());
}

TEST(Layout, EveryFormRendersInEnglishToo) {
  using namespace test;
  TempDir dir;
  const Language en = Language::en;
  ASSERT_TRUE(rendered(render_seating_sheet(sample_seating_sheet(3), en, dir / "1.pdf")));
  ASSERT_TRUE(rendered(render_login_slips(sample_login_slips(3), en, dir / "2.pdf")));
  ASSERT_TRUE(rendered(render_confiscation_act(sample_confiscation_act(en), en, dir / "3.pdf")));
  ASSERT_TRUE(rendered(
      render_impostor_act(sample_impostor_act(ImpostorFoundAt::testing), en, dir / "4.pdf")));
  ASSERT_TRUE(
      rendered(render_readiness_protocol(sample_readiness_protocol(en), en, dir / "5.pdf")));
  ASSERT_TRUE(rendered(render_results_sheet(sample_results_sheet(12), en, dir / "6.pdf")));
  ASSERT_TRUE(rendered(render_result_slips(sample_result_slips(3), en, dir / "7.pdf")));
  ASSERT_TRUE(rendered(render_session_report(sample_session_report(en), en, dir / "8.pdf")));
  for (int i = 1; i <= 8; ++i) EXPECT_TRUE(well_formed(dir / (std::to_string(i) + ".pdf"))) << i;
}

}  // namespace
}  // namespace bbzhm::forms
