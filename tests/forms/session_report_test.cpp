// The session report: admitted, absent by every p.12 reason, removed, finished, and incidents.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(SessionReport, KazakhReportCountsEveryAbsenceReasonAndListsIncidents) {
  const auto pdf = artefact("session-report", Language::kk);
  ASSERT_TRUE(
      rendered(render_session_report(sample_session_report(Language::kk), Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(
      flat(pdf_text(pdf)),
      {"Тестілеудің өткізілуі туралы есеп", "Тестілеуге жіберілді 24", "Қатыспады, оның ішінде: 3",
       "үйде оқиды (денсаулық жағдайы бойынша) 0",
       "санаторийлік үлгідегі сауықтыру мекемесінде оқиды 0", "денсаулық жағдайы бойынша 1",
       "жақын туысы қайтыс болуына байланысты 0",
       "жарыстар мен олимпиадаларға қатысуына байланысты 2",
       "Аудиториядан шығарылды (нәтижелері жойылды) 1", "Тестілеуді аяқтады 23",
       "Тестілеу барысындағы оқиғалар", "10:25", "Ұялы телефон табылды, № 7 акт жасалды", "11:02",
       "Электр қуаты 3 минутқа өшті"}));
}

TEST(SessionReport, RussianReportWithoutIncidentsSaysSo) {
  SessionReport report = sample_session_report(Language::ru);
  report.incidents.clear();
  const auto pdf = artefact("session-report", Language::ru);
  ASSERT_TRUE(rendered(render_session_report(report, Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(flat(pdf_text(pdf)),
                           {"Отчет о проведении тестирования", "Допущено к тестированию 24",
                            "Отсутствовало, в том числе: 3", "по состоянию здоровья 1",
                            "Происшествий не зафиксировано."}));
}

TEST(SessionReport, RefusesANegativeCount) {
  SessionReport report = sample_session_report(Language::kk);
  report.absent[AbsenceReason::bereavement] = -1;
  TempDir dir;
  const auto r = render_session_report(report, Language::kk, dir / "r.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "session report: number absent for bereavement is negative");
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms
