// p.28 publication: the static pages in a real headless browser (chromium-headless-shell) with a
// screenshot, suppression of small groups, and no personal data in any published file.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "ntc/analysis/publication.hpp"
#include "ntc/analysis/synthetic.hpp"
#include "tests/forms/pdf.hpp"

namespace bbzhm::ntc {
namespace {

using forms::test::quote;
using forms::test::run;
using forms::test::TempDir;

// What a student could be recognized by, planted where the campaign data can hold free text (a
// typed response, the class name): none of it may reach a published file.
constexpr const char* kIin = "040512300128";
constexpr const char* kName = "Әйгерімжан Серікқызы";

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// 30 schools, 1500 students, and a small region of 4 students that must be suppressed.
CampaignData campaign() {
  SyntheticSpec spec;
  spec.seed = 28;
  spec.schools = 30;
  spec.students = 1500;
  spec.items = 12;
  CampaignData d = synthesize(spec);
  d.schools.push_back(SchoolInfo{.code = "S900001",
                                 .name = "Шағын мектеп",
                                 .region = "Ұлытау облысы",
                                 .district = "Жаңаарқа ауданы",
                                 .urban = false,
                                 .type = "school",
                                 .languages = {"kk"},
                                 .contingent = "small"});
  for (int i = 0; i < 4; ++i) {
    StudentResult s = d.students[static_cast<std::size_t>(i)];
    s.student_key = "PSMALL" + std::to_string(i);
    s.school_code = "S900001";
    d.students.push_back(s);
  }
  d.students[5].class_name = std::string("9А ") + kName;
  for (auto& r : d.students[6].responses) r.response = std::string(kName) + " " + kIin;
  return d;
}

// A small hand-made nation: regions of 12, 15 and 4 students; R2's districts of 11 and 4.
CampaignData small_nation() {
  CampaignData d;
  d.campaign = "t";
  d.schools = {SchoolInfo{.code = "A", .region = "R1", .district = "D1"},
               SchoolInfo{.code = "B", .region = "R2", .district = "D1"},
               SchoolInfo{.code = "C", .region = "R2", .district = "D2"},
               SchoolInfo{.code = "E", .region = "R3", .district = "D1"}};
  const auto add = [&](const std::string& school, int n) {
    for (int i = 0; i < n; ++i)
      d.students.push_back(StudentResult{.student_key = school + std::to_string(i),
                                         .school_code = school,
                                         .grade = 9,
                                         .language = "kk",
                                         .subject = "math",
                                         .score = 5,
                                         .max_score = 10,
                                         .level = "medium"});
  };
  add("A", 12);
  add("B", 11);
  add("C", 4);
  add("E", 4);
  return d;
}

TEST(NtcPublication, SmallGroupsAreSuppressedAndCannotBeRecoveredFromTotals) {
  const CampaignData d = small_nation();
  const CampaignAnalysis a = analyze_campaign(d);
  // Regions: R3 (4) is under 10; with it alone hidden, nation minus R1 minus R2 would give it
  // away, so the smallest other region, R1 (12), is hidden too. R2 (15) stays.
  const auto regions = published_groups(a, Grouping::region, "math", 10);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_TRUE(regions[0].suppressed);   // R1, 12
  EXPECT_FALSE(regions[1].suppressed);  // R2, 15
  EXPECT_TRUE(regions[2].suppressed);   // R3, 4
  // Districts of R2: D2 (4) hidden, so D1 (11) too; R1's and R3's single districts: R1/D1 (12)
  // shown, R3/D1 (4) hidden.
  const auto districts = published_groups(a, Grouping::district, "math", 10);
  ASSERT_EQ(districts.size(), 4u);
  EXPECT_EQ(districts[0].summary->key, "R1 / D1");
  EXPECT_FALSE(districts[0].suppressed);
  EXPECT_TRUE(districts[1].suppressed);  // R2 / D1, 11
  EXPECT_TRUE(districts[2].suppressed);  // R2 / D2, 4
  EXPECT_TRUE(districts[3].suppressed);  // R3 / D1, 4
  // One language for all: 31 students, shown.
  EXPECT_FALSE(published_groups(a, Grouping::language, "math", 10)[0].suppressed);
  // A lower threshold shows everything.
  for (const auto& p : published_groups(a, Grouping::region, "math", 4)) EXPECT_FALSE(p.suppressed);
}

class NtcPublicationPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new CampaignData(campaign());
    dir_ = new TempDir();
    const CampaignAnalysis a = analyze_campaign(*data_);
    auto r = publish_campaign(*data_, a, dir_->path());
    ASSERT_TRUE(r) << r.error().what;
    run_ = new PublishRun(*r);
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
    delete data_;
  }
  // The page as the browser built it (its DOM after loading), from a file:// URL: offline.
  static std::string dump_dom(Language lang) {
    const auto page = dir_->path() / std::string(code(lang)) / "index.html";
    const auto r = run("chromium-headless-shell --no-sandbox --disable-gpu --dump-dom " +
                       quote("file://" + page.string()) + " 2>/dev/null");
    EXPECT_EQ(r.status, 0);
    return r.out;
  }
  static CampaignData* data_;
  static TempDir* dir_;
  static PublishRun* run_;
};
CampaignData* NtcPublicationPages::data_ = nullptr;
TempDir* NtcPublicationPages::dir_ = nullptr;
PublishRun* NtcPublicationPages::run_ = nullptr;

TEST_F(NtcPublicationPages, KazakhPageRendersInAHeadlessBrowserWithItsCharts) {
  const std::string dom = dump_dom(Language::kk);
  EXPECT_NE(dom.find("<html lang=\"kk\">"), std::string::npos);
  EXPECT_NE(dom.find("ББЖМ нәтижелері, 2026-04"), std::string::npos);
  EXPECT_NE(dom.find("Математикалық сауаттылық"), std::string::npos);
  for (const char* heading : {"Өңірлер бойынша", "Аудандар бойынша", "Тест тілі бойынша",
                              "Қала және ауыл", "Сыныптар бойынша", "9-сынып", "Абай облысы"})
    EXPECT_NE(dom.find(heading), std::string::npos) << heading;
  // The small region is in the table, suppressed, with no numbers.
  const auto row = dom.find("<tr class=\"suppressed\"><td>Ұлытау облысы</td>");
  ASSERT_NE(row, std::string::npos);
  EXPECT_NE(dom.find("жарияланбайды (&lt; 10)", row), std::string::npos);
  // Every chart the page shows is there and is SVG.
  std::smatch m;
  std::string rest = dom;
  int charts = 0;
  for (const std::regex img("src=\"(charts/[^\"]+\\.svg)\""); std::regex_search(rest, m, img);
       rest = m.suffix()) {
    const auto svg = dir_->path() / "kk" / m[1].str();
    ASSERT_TRUE(std::filesystem::exists(svg)) << svg;
    EXPECT_TRUE(read(svg).starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    ++charts;
  }
  EXPECT_EQ(charts, 4);  // region, language, locality, grade for the one subject

  // A screenshot of the page as a reader sees it, kept under the build directory.
  const std::filesystem::path shots = BBZHM_NTC_PUBLISH_ARTEFACTS;
  std::filesystem::create_directories(shots);
  const auto png = shots / "publish-kk.png";
  std::filesystem::remove(png);
  const auto r =
      run("chromium-headless-shell --no-sandbox --disable-gpu --hide-scrollbars "
          "--window-size=1200,1600 --screenshot=" +
          quote(png) + " " + quote("file://" + (dir_->path() / "kk" / "index.html").string()) +
          " >/dev/null 2>&1");
  EXPECT_EQ(r.status, 0);
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 20000u);  // a rendered page, not a blank one
}

TEST_F(NtcPublicationPages, RussianPageRendersToo) {
  const std::string dom = dump_dom(Language::ru);
  EXPECT_NE(dom.find("<html lang=\"ru\">"), std::string::npos);
  for (const char* text :
       {"Результаты МОДО, 2026-04", "Математическая грамотность", "По регионам", "По районам",
        "По языку теста", "Город и село", "По классам", "не публикуется (&lt; 10)", "казахский"})
    EXPECT_NE(dom.find(text), std::string::npos) << text;
}

TEST_F(NtcPublicationPages, JsonHasTheNumbersAndNothingOfSuppressedGroups) {
  const auto j = nlohmann::json::parse(read(dir_->path() / "data.json"));
  EXPECT_EQ(j["campaign"], "2026-04");
  EXPECT_EQ(j["min_group"], 10);
  const auto& regions = j["subjects"]["math"]["region"];
  bool found = false;
  for (const auto& r : regions) {
    if (r["key"] != "Ұлытау облысы") continue;
    found = true;
    EXPECT_TRUE(r["suppressed"].get<bool>());
    EXPECT_FALSE(r.contains("students"));
    EXPECT_FALSE(r.contains("mean_percent"));
  }
  EXPECT_TRUE(found);
  EXPECT_GT(j["subjects"]["math"]["national"]["students"].get<int>(), 1000);
}

TEST_F(NtcPublicationPages, NoPublishedFileHoldsAStudentKeyIinNameOrSchool) {
  std::set<std::string> keys;
  for (const StudentResult& s : data_->students) keys.insert(s.student_key);
  const std::regex twelve_digits("[0-9]{12}");
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_->path())) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string text = read(e.path());
    EXPECT_FALSE(std::regex_search(text, twelve_digits)) << e.path() << ": an IIN-like number";
    EXPECT_EQ(text.find(kName), std::string::npos) << e.path();
    EXPECT_EQ(text.find("9А"), std::string::npos) << e.path() << ": a class";
    for (const SchoolInfo& s : data_->schools) {
      EXPECT_EQ(text.find(s.code), std::string::npos) << e.path() << ": school " << s.code;
      EXPECT_EQ(text.find(s.name), std::string::npos) << e.path() << ": school " << s.name;
    }
    for (const std::string& k : keys)
      if (text.find(k) != std::string::npos) ADD_FAILURE() << e.path() << ": student key " << k;
  }
  EXPECT_EQ(files, run_->files.size());
  EXPECT_GE(files, 12u);  // index, 2 pages, 8 charts, data.json, style.css
}

}  // namespace
}  // namespace bbzhm::ntc
