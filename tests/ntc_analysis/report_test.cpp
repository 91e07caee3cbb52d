// The NTC's reports read back with poppler-utils: Kazakh and Russian text, the values the
// statistics computed, every font embedded; the CSV exports; a campaign's whole report run.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ntc/analysis/report.hpp"
#include "ntc/analysis/synthetic.hpp"
#include "ntc/analysis/text.hpp"
#include "tests/forms/pdf.hpp"

namespace bbzhm::ntc {
namespace {

using forms::test::artefact;
using forms::test::contains_all;
using forms::test::pdf_text;
using forms::test::TempDir;
using forms::test::well_formed;

// 30 schools, 1500 students, 20 items; items I004 and I012 one logit harder in Russian.
const CampaignData& campaign() {
  static const CampaignData data = [] {
    SyntheticSpec spec;
    spec.seed = 11;
    spec.schools = 30;
    spec.students = 1500;
    spec.items = 20;
    spec.ru_share = 0.5;
    spec.ru_dif = {{3, 1.2}, {11, 1.2}};
    return synthesize(spec);
  }();
  return data;
}

const CampaignAnalysis& analysis() {
  static const CampaignAnalysis a = analyze_campaign(campaign());
  return a;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(NtcReport, SchoolReportShowsItsResultsAgainstDistrictRegionAndNationInKazakh) {
  const SchoolInfo& school = campaign().schools[0];
  const auto pdf = artefact("ntc-school-report", Language::kk);
  ASSERT_TRUE(forms::test::rendered(
      write_school_report(campaign(), analysis(), school, Language::kk, pdf)));
  ASSERT_TRUE(well_formed(pdf));
  const std::string text = pdf_text(pdf);
  EXPECT_EQ(text.find("ntc."), std::string::npos) << "an untranslated key";
  const GroupSummary* own = analysis().find(Grouping::school, "math", school.code);
  const GroupSummary* nation = analysis().find(Grouping::national, "math", "");
  const GroupSummary* region = analysis().find(Grouping::region, "math", school.region);
  ASSERT_TRUE(own && nation && region);
  EXPECT_TRUE(contains_all(text, {"ББЖМ нәтижелері: 2026-04",
                                  school.name,
                                  school.code,
                                  school.region,
                                  "Математикалық сауаттылық",
                                  "Мектеп",
                                  "Аудан",
                                  "Өңір",
                                  "Республика",
                                  "Жетістік деңгейлері",
                                  "Балдардың үлестірімі",
                                  "төмен",
                                  "орташа",
                                  "жоғары",
                                  "Сыныптар бойынша нәтижелер",
                                  "9А",
                                  std::to_string(own->sat),
                                  fixed(own->percent.mean, 1, Language::kk),
                                  fixed(nation->percent.mean, 1, Language::kk),
                                  fixed(region->percent.mean, 1, Language::kk),
                                  fixed(own->percent.ci.low, 1, Language::kk) + "–" +
                                      fixed(own->percent.ci.high, 1, Language::kk),
                                  "27-тармағы"}));
}

TEST(NtcReport, SchoolReportInRussian) {
  const SchoolInfo& school = campaign().schools[1];
  const auto pdf = artefact("ntc-school-report", Language::ru);
  ASSERT_TRUE(forms::test::rendered(
      write_school_report(campaign(), analysis(), school, Language::ru, pdf)));
  ASSERT_TRUE(well_formed(pdf));
  const GroupSummary* own = analysis().find(Grouping::school, "math", school.code);
  ASSERT_TRUE(own);
  EXPECT_TRUE(contains_all(
      pdf_text(pdf), {"Результаты МОДО: 2026-04", "Математическая грамотность", "Школа", "Район",
                      "Регион", "Республика", "Уровни достижений", "Распределение баллов", "низкий",
                      "Результаты по классам", fixed(own->percent.mean, 1, Language::ru)}));
}

TEST(NtcReport, NationalSummaryHasItemsReliabilityAndDifTables) {
  const auto pdf = artefact("ntc-national", Language::kk);
  ASSERT_TRUE(
      forms::test::rendered(write_national_summary(campaign(), analysis(), Language::kk, pdf)));
  ASSERT_TRUE(well_formed(pdf));
  const std::string text = pdf_text(pdf);
  EXPECT_EQ(text.find("ntc."), std::string::npos) << "an untranslated key";
  const TestStats& t = analysis().tests.front();
  EXPECT_TRUE(
      contains_all(text, {"республикалық жиынтық есеп", "Тест сенімділігі", "Кронбах α",
                          fixed(t.alpha, 3, Language::kk), "Тапсырмаларды талдау", "I001", "I020",
                          "Мантел-Хензел", "қазақ тілі", "орыс тілі", "қала", "ауыл", "9-сынып"}));
  // The two simulated DIF items are class C in the table: "I004 kk / ru ... C".
  int c_rows = 0;
  for (const DifResult& d : analysis().dif) {
    if (d.mh.ets != EtsClass::C) continue;
    ++c_rows;
    EXPECT_TRUE(contains_all(
        text, {d.item_id + "kk/ru" + std::to_string(d.mh.reference) + std::to_string(d.mh.focal) +
               fixed(d.mh.alpha, 2, Language::kk) + fixed(d.mh.d_dif, 2, Language::kk)}));
  }
  EXPECT_EQ(c_rows, 2);
}

TEST(NtcReport, CsvExportsCarryPseudonymousKeysAndEveryTable) {
  TempDir dir;
  ASSERT_TRUE(forms::test::rendered(write_csv_exports(campaign(), analysis(), dir.path())));
  const std::string students = read(dir / "students.csv");
  EXPECT_TRUE(students.starts_with("student_key,school,class,grade,language,subject,variant,"));
  EXPECT_EQ(forms::test::count(students, "\r\n"), campaign().students.size() + 1);
  EXPECT_NE(students.find("P0000001,"), std::string::npos);
  const std::string dif = read(dir / "dif.csv");
  EXPECT_NE(dif.find("math,I004,kk,ru,"), std::string::npos);
  EXPECT_NE(dif.find(",C\r\n"), std::string::npos);
  for (const char* f : {"groups.csv", "items.csv", "distractors.csv", "tests.csv", "rasch.csv"})
    EXPECT_GT(std::filesystem::file_size(dir / f), 100u) << f;
  EXPECT_NE(read(dir / "distractors.csv").find("math,I001,omitted,0,"), std::string::npos);
  EXPECT_EQ(forms::test::entries(dir.path()).size(), 7u);  // no temporary file left
}

TEST(NtcReport, CampaignRunWritesEverySchoolInBothLanguages) {
  TempDir dir;
  SyntheticSpec spec;
  spec.schools = 6;
  spec.students = 120;
  spec.items = 8;
  const CampaignData small = synthesize(spec);
  const auto run = write_campaign_reports(small, dir.path(), 2);
  ASSERT_TRUE(run) << run.error().what;
  EXPECT_EQ(run->school_reports, 12u);
  EXPECT_EQ(run->national_reports, 2u);
  for (const SchoolInfo& s : small.schools) {
    EXPECT_TRUE(std::filesystem::exists(dir / "schools" / (s.code + ".kk.pdf"))) << s.code;
    EXPECT_TRUE(std::filesystem::exists(dir / "schools" / (s.code + ".ru.pdf"))) << s.code;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "national.kk.pdf"));
  EXPECT_TRUE(std::filesystem::exists(dir / "csv" / "students.csv"));
}

TEST(NtcReport, UnwritableDestinationIsRefusedAndLeavesNothing) {
  TempDir dir;
  const auto missing = dir / "no-such-dir" / "r.pdf";
  const auto r =
      write_school_report(campaign(), analysis(), campaign().schools[0], Language::kk, missing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.write");
  EXPECT_TRUE(forms::test::entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::ntc
