// The Annex 2 act (p.21): an impostor found at admission or during testing, in Kazakh and in
// Russian, with the decision that fits where the impostor was found.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(ImpostorAct, KazakhActAtAdmissionCarriesEveryFieldOfAnnex2) {
  const auto pdf = artefact("impostor-act", Language::kk);
  ASSERT_TRUE(rendered(
      render_impostor_act(sample_impostor_act(ImpostorFoundAt::admission), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_EQ(page_count(pdf), 1);
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(
      text, {"мониторинг жүргізу қағидаларына 2-қосымша",
             "Тестілеуге кіргізу/тестілеу барысында бөгде тұлғаның анықталуы туралы акт",
             "№ 8",
             "Білім беру ұйымы 050000123",
             "(код)",
             "(атауы)",
             "Күні « 15 » сәуір 2025 жыл, уақыты 09 с. 05 мин.",
             "Министрліктің уәкілетті өкілі Сәрсенбаев Ерлан Қайратұлы",
             "Тестілеу тапсыру үшін білім беру ұйымының ғимаратына кіру кезінде тестіленуші",
             "Өмірзақов Ұлан Бауыржанұлы, ТЖК 250415002223",
             "орнына бөгде тұлға",
             "Төлеуов Арман Сәкенұлы",
             "кіру фактісі анықталды.",
             "(тестіленушінің Т.А.Ә. (бар болған жағдайда) және ТЖК (бар болған жағдайда))",
             "(бөгде тұлғаның Т.А.Ә. (бар болған жағдайда))",
             "Аталған фактіні ескере отырып:",
             "ғимаратына кіргізбеу және тестілеу нәтижелерін жою туралы шешім қабылданды.",
             "Актімен таныстырылды:",
             "(тестіленушінің/бөгде тұлғаның қолы және Т.А.Ә. (бар болған жағдайда))",
             "(Министрліктің уәкілетті өкілінің қолы және Т.А.Ә.)",
             "№ 8 акт · журнал жазбасы 9b01e77a42cd",
             "1 / 1"}));
  EXPECT_EQ(text.find("аудиториядан шығару"), std::string::npos);
}

TEST(ImpostorAct, KazakhActDuringTestingRemovesFromTheRoom) {
  const auto pdf = artefact("impostor-act-testing", Language::kk);
  ASSERT_TRUE(rendered(
      render_impostor_act(sample_impostor_act(ImpostorFoundAt::testing), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Тестілеу тапсыру кезінде тестіленуші", "емтихан материалдарын",
       "алу және тестілеу нәтижелерін жоя отырып, № 12 аудиториядан шығару туралы шешім "
       "қабылданды."}));
}

TEST(ImpostorAct, RussianActDuringTestingCarriesEveryFieldOfAnnex2) {
  const auto pdf = artefact("impostor-act", Language::ru);
  ASSERT_TRUE(rendered(
      render_impostor_act(sample_impostor_act(ImpostorFoundAt::testing), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Приложение 2 к Правилам проведения мониторинга образовательных достижений обучающихся",
       "Акт о выявлении постороннего лица при допуске к тестированию/во время тестирования",
       "Дата « 15 » апреля 2025 года, время 09 ч. 05 мин.",
       "Уполномоченный представитель Министерства Сәрсенбаев Ерлан Қайратұлы",
       "Во время сдачи тестирования выявлен факт прохода вместо тестируемого",
       "Өмірзақов Ұлан Бауыржанұлы, ИКТ 250415002223", "постороннего лица",
       "Төлеуов Арман Сәкенұлы", "С учетом данного факта принято решение:",
       "изъять экзаменационные материалы тестируемого", "удалить из аудитории № 12",
       "аннулировать результаты тестирования.", "С актом ознакомлен(а):",
       "(подпись и Ф.И.О. (при его наличии) тестируемого/постороннего лица)",
       "Акт № 8 · запись журнала 9b01e77a42cd"}));
}

TEST(ImpostorAct, RussianActAtAdmissionRefusesEntry) {
  const auto pdf = artefact("impostor-act-admission", Language::ru);
  ASSERT_TRUE(rendered(
      render_impostor_act(sample_impostor_act(ImpostorFoundAt::admission), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(flat(pdf_text(pdf)),
                           {"При входе в здание организации образования для сдачи тестирования",
                            "не допускать тестируемого", "аннулировать результаты тестирования."}));
}

TEST(ImpostorAct, WithoutImpostorIsRefusedAndNoFileIsLeft) {
  ImpostorAct act = sample_impostor_act(ImpostorFoundAt::admission);
  act.impostor_full_name = "";
  TempDir dir;
  const auto r = render_impostor_act(act, Language::kk, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_EQ(r.error().what, "Annex 2 act: impostor's full name is empty");
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(ImpostorAct, DuringTestingNeedsTheRoom) {
  ImpostorAct act = sample_impostor_act(ImpostorFoundAt::testing);
  act.room.clear();
  TempDir dir;
  const auto r = render_impostor_act(act, Language::ru, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "Annex 2 act: room is empty");
  act.found_at = ImpostorFoundAt::admission;
  EXPECT_TRUE(rendered(render_impostor_act(act, Language::ru, dir / "act.pdf")));
}

TEST(ImpostorAct, RefusesTextThatIsNotUtf8) {
  ImpostorAct act = sample_impostor_act(ImpostorFoundAt::admission);
  act.student.full_name = "\xd2\x28";
  TempDir dir;
  const auto r = render_impostor_act(act, Language::kk, dir / "act.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "Annex 2 act: student's full name is not valid UTF-8");
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms
