// The lab readiness protocol (p.19): checklist, conclusion and signatures in kk and ru.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(ReadinessProtocol, KazakhProtocolListsEveryCheckAndItsResult) {
  const auto pdf = artefact("readiness-protocol", Language::kk);
  ASSERT_TRUE(rendered(
      render_readiness_protocol(sample_readiness_protocol(Language::kk), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(
      text, {"Компьютерлік аудиторияның дайындығын тексеру хаттамасы", "Білім беру ұйымы",
             "15.04.2025, 08:30", "Тексерілетін талап", "Нәтижесі", "Ескертпе",
             "Компьютерлер саны тестіленушілер санына сәйкес", "Резервтік компьютерлер дайын",
             "Сәйкес емес", "PC-31 іске қосылмайды, ауыстырылады",
             "Қорытынды: компьютерлік аудитория тестілеу өткізуге дайын емес",
             "Жұмабекова Сәуле Әкімқызы", "(білім беру ұйымы басшысының қолы және Т.А.Ә.)",
             "Нұрланов Ғалым Асқарұлы", "(техникалық маманның қолы және Т.А.Ә.)",
             "(Министрліктің уәкілетті өкілінің қолы және Т.А.Ә.)"}));
  EXPECT_EQ(count(text, "Сәйкес емес"), 1u);
}

TEST(ReadinessProtocol, RussianProtocolConcludesTheLabIsReady) {
  ReadinessProtocol p = sample_readiness_protocol(Language::ru);
  p.items.back().ok = true;
  p.items.back().note = "Заменён до начала тестирования";
  const auto pdf = artefact("readiness-protocol", Language::ru);
  ASSERT_TRUE(rendered(render_readiness_protocol(p, Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(
      text,
      {"Протокол проверки готовности компьютерной аудитории", "Проверяемое требование",
       "Соответствует", "Заключение: компьютерная аудитория готова к проведению тестирования.",
       "(подпись и Ф.И.О. руководителя организации образования)"}));
  EXPECT_EQ(text.find("Не соответствует"), std::string::npos);
}

TEST(ReadinessProtocol, RefusesAnEmptyChecklist) {
  ReadinessProtocol p = sample_readiness_protocol(Language::kk);
  p.items.clear();
  TempDir dir;
  const auto r = render_readiness_protocol(p, Language::kk, dir / "p.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "lab readiness protocol: the checklist is empty");
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms
