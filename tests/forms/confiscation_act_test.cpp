// The Annex 1 act (p.20): every field of the annex in Kazakh and in Russian, the footer with the
// act's number and journal hash, and no act at all without its student.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(ConfiscationAct, KazakhActCarriesEveryFieldOfAnnex1) {
  const auto pdf = artefact("confiscation-act", Language::kk);
  ASSERT_TRUE(
      rendered(render_confiscation_act(sample_confiscation_act(Language::kk), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_EQ(page_count(pdf), 1);
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Білім алушылардың білім жетістіктеріне мониторинг жүргізу қағидаларына 1-қосымша",
       "Тыйым салынған заттардың тәркіленуі және тестіленушіні аудиториядан шығару туралы акт",
       "№ 7",
       "Білім беру ұйымы 050000123",
       "«Әл-Фараби атындағы № 12 мектеп-гимназиясы» КММ",
       "(код)",
       "(атауы)",
       "« 15 » сәуір 2025 жыл 10 сағат 25 минут",
       "Министрлік өкілі Сәрсенбаев Ерлан Қайратұлы",
       "Т.А.Ә. (бар болған жағдайда)",
       "Тестілеу уақытында: № 12 аудиторияның, № 5 орнында отырған тестіленуші",
       "Қоңырбаев Ілияс Серікұлы , ТЖК 250415001186 , нұсқа № 0342",
       "қағидаларының 20-тармағы бұзылғандығын дәлелдейтін төмендегі заттар табылды:",
       "Табылған заттың атауы",
       "Маркасы",
       "Саны",
       "Ұялы телефон",
       "Samsung Galaxy A14",
       "Шпаргалка (қағаз парақтары)",
       "Аталған фактіні ескере отырып,",
       "– емтихан материалын алу;",
       "аудиториядан шығару және тестілеу нәтижелерін жою туралы шешім қабылданды.",
       "Әбенова Гүлнар Маратқызы",
       "(осы актіні құрған тұлғалардың Т.А.Ә. (бар болған жағдайда), қолдары)",
       "Актімен таныстым:",
       "(тестіленушінің қолы және Т.А.Ә. (бар болған жағдайда))",
       "(Министрліктің уәкілетті өкілінің қолы және Т.А.Ә.)",
       "№ 7 акт · журнал жазбасы 3fa9c2d1e0b4",
       "1 / 1"}));
}

TEST(ConfiscationAct, RussianActCarriesEveryFieldOfAnnex1) {
  const auto pdf = artefact("confiscation-act", Language::ru);
  ASSERT_TRUE(
      rendered(render_confiscation_act(sample_confiscation_act(Language::ru), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Приложение 1 к Правилам проведения мониторинга образовательных достижений обучающихся",
       "Акт о конфискации запрещенных предметов и удалении тестируемого из аудитории",
       "Организация образования 050000123",
       "(наименование)",
       "« 15 » апреля 2025 года 10 час. 25 мин.",
       "Представитель Министерства Сәрсенбаев Ерлан Қайратұлы",
       "Ф.И.О. (при его наличии)",
       "сидящего в аудитории № 12 на месте № 5",
       "ИКТ 250415001186",
       "вариант № 0342",
       "нарушение пункта 20 Правил",
       "Мобильный телефон",
       "Шпаргалка (листы бумаги)",
       "– изъять экзаменационный материал;",
       "– удалить тестируемого",
       "и аннулировать результаты тестирования.",
       "С актом ознакомлен(а):",
       "(подпись и Ф.И.О. (при его наличии) тестируемого)",
       "(подпись и Ф.И.О. уполномоченного представителя Министерства)",
       "Акт № 7 · запись журнала 3fa9c2d1e0b4"}));
}

TEST(ConfiscationAct, WithoutStudentIsRefusedAndNoFileIsLeft) {
  ConfiscationAct act = sample_confiscation_act(Language::kk);
  act.student = {};
  TempDir dir;
  const auto r = render_confiscation_act(act, Language::kk, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_EQ(r.error().what, "Annex 1 act: student's full name is empty");
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(ConfiscationAct, RefusesATimeThatIsNoTime) {
  ConfiscationAct act = sample_confiscation_act(Language::ru);
  act.time = {24, 5};
  TempDir dir;
  const auto r = render_confiscation_act(act, Language::ru, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("time"), std::string::npos) << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(ConfiscationAct, RefusesAnItemWithoutQuantity) {
  ConfiscationAct act = sample_confiscation_act(Language::kk);
  act.items[1].quantity = 0;
  TempDir dir;
  const auto r = render_confiscation_act(act, Language::kk, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("item 2: quantity"), std::string::npos) << r.error().what;
}

TEST(ConfiscationAct, RecordsARemovalWithNothingConfiscated) {
  // p.20 also forbids talking: the act is drawn up with no item found.
  ConfiscationAct act = sample_confiscation_act(Language::kk);
  act.items.clear();
  act.drawn_up_by.clear();
  TempDir dir;
  ASSERT_TRUE(rendered(render_confiscation_act(act, Language::kk, dir / "act.pdf")));
  EXPECT_TRUE(well_formed(dir / "act.pdf"));
  EXPECT_TRUE(contains_all(flat(pdf_text(dir / "act.pdf")), {"Заттар табылған жоқ"}));
}

TEST(ConfiscationAct, ManyItemsRunOnToAnotherPageWithHeaderAndFooter) {
  ConfiscationAct act = sample_confiscation_act(Language::ru);
  for (int i = 0; i < 40; ++i)
    act.items.push_back(
        {.name = "Лист бумаги с формулами № " + std::to_string(i + 1), .brand = "", .quantity = 1});
  TempDir dir;
  ASSERT_TRUE(rendered(render_confiscation_act(act, Language::ru, dir / "act.pdf")));
  EXPECT_TRUE(well_formed(dir / "act.pdf"));
  const int pages = page_count(dir / "act.pdf");
  ASSERT_GE(pages, 2);
  for (int p = 1; p <= pages; ++p)
    EXPECT_TRUE(contains_all(flat(pdf_text(dir / "act.pdf", p)),
                             {"Акт № 7 · запись журнала 3fa9c2d1e0b4",
                              std::to_string(p) + " / " + std::to_string(pages)}));
  EXPECT_TRUE(
      contains_all(flat(pdf_text(dir / "act.pdf", 2)), {"Наименование найденного предмета"}));
}

}  // namespace
}  // namespace bbzhm::forms
