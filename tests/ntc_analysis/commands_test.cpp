// bbzhm-ntc sample, report and publish as an operator runs them, on a real NTC store (SQLite)
// holding a campaign with students' IINs and names, which must never reach a published file.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "ntc/analysis/synthetic.hpp"
#include "ntc/store.hpp"
#include "tests/forms/pdf.hpp"

namespace bbzhm::ntc {
namespace {

using forms::test::quote;
using forms::test::TempDir;

constexpr const char* kCampaign = "2026-04";

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A fake IIN and name per student: what the NTC keeps apart from the results.
std::string iin_of(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0405%08zu", 12300000 + n);
  return buf;
}
std::string surname_of(std::size_t n) {
  return "Серікқызы" + std::to_string(n);
}

// An NTC store with 24 schools; 16 of them sent results in 2026-04 (one bundle each).
class NtcCommands : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SyntheticSpec spec;
    spec.seed = 3;
    spec.schools = 24;
    spec.students = 900;
    spec.items = 10;
    const CampaignData d = synthesize(spec);
    ASSERT_TRUE(Store::create(data(), std::nullopt, ""));
    auto store = Store::open(data());
    ASSERT_TRUE(store) << store.error().what;
    std::vector<RegisteredSchool> registry;
    for (const SchoolInfo& s : d.schools) registry.push_back({s, {}});
    (*store)->import_schools(registry);
    for (std::size_t k = 0; k < 16; ++k) {
      const SchoolInfo& school = d.schools[k];
      IntakeRecord rec;
      rec.bundle_id = "bundle-" + school.code;
      rec.school_code = school.code;
      rec.campaign = kCampaign;
      rec.sitting = 1;
      rec.received_ms = now_ms();
      rec.file = Bytes{0x42};  // the sealed bundle as received (not opened here)
      rec.acts_json = rec.incidents_json = rec.readiness_json = rec.journal_json = "[]";
      for (std::size_t n = 0; n < d.students.size(); ++n) {
        const StudentResult& r = d.students[n];
        if (r.school_code != school.code) continue;
        IntakeStudent s;
        s.student_key = r.student_key;
        s.personal_code = std::to_string(1000000 + n);
        s.iin = iin_of(n);
        s.last_name = surname_of(n);
        s.first_name = "Әйгерім";
        s.class_name = r.class_name;
        s.grade = r.grade;
        s.language = r.language;
        s.status = r.absent ? "absent" : "finished";
        s.absence_reason = r.absence_reason;
        s.results = {r};
        rec.students.push_back(std::move(s));
      }
      Transaction t((*store)->db());
      ASSERT_TRUE((*store)->store_intake(rec, Receipt{.json = "{}", .signature = {}}));
      t.commit();
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::filesystem::path data() { return dir_->path() / "ntc"; }
  static forms::test::Run ntc(const std::string& args) {
    return forms::test::run("BBZHM_LANG=kk " + std::string(BBZHM_NTC_BIN) + " " + args +
                            " --data " + quote(data()) + " 2>&1");
  }
  static TempDir* dir_;
};
TempDir* NtcCommands::dir_ = nullptr;

TEST_F(NtcCommands, SampleExcludesEarlierParticipantsPrintsAndStoresTheDraw) {
  const auto a = ntc("sample --campaign 2027-04 --share 0.25 --seed 77");
  ASSERT_EQ(a.status, 0) << a.out;
  EXPECT_NE(a.out.find("Іріктелді: 6 мектеп (24 мектептің ішінен, үлесі 0.25), сид 77; бұрынғы "
                       "науқандарға қатысқандар шығарылды: 16"),
            std::string::npos)
      << a.out;
  // round(0.25 · 24) = 6, all from the 8 schools without 2026-04 results (S000017..S000024).
  const std::regex code("S0000(\\d\\d)\n");
  int drawn = 0;
  for (std::sregex_iterator it(a.out.begin(), a.out.end(), code), end; it != end; ++it) {
    EXPECT_GE(std::stoi((*it)[1].str()), 17) << a.out;
    ++drawn;
  }
  EXPECT_EQ(drawn, 6);
  EXPECT_NE(a.out.find("Іріктеу сидімен бірге сақталды: № "), std::string::npos);
  // The same seed gives the same schools; the draw is kept with its seed.
  const auto b = ntc("sample --campaign 2027-04 --share 0.25 --seed 77");
  ASSERT_EQ(b.status, 0);
  EXPECT_EQ(a.out.substr(0, a.out.rfind("№")), b.out.substr(0, b.out.rfind("№")));
  auto store = Store::open(data());
  ASSERT_TRUE(store);
  const auto draws = (*store)->draws("2027-04");
  ASSERT_GE(draws.size(), 2u);
  EXPECT_EQ(draws[0].seed, "77");
  EXPECT_DOUBLE_EQ(draws[0].share, 0.25);
  EXPECT_EQ(draws[0].schools.size(), 6u);
  EXPECT_NE(draws[0].parameters_json.find("xoshiro256**"), std::string::npos);
}

TEST_F(NtcCommands, SampleRefusesWhatCannotBeDrawn) {
  // 16 of 24 took part: a share of 0.9 needs more schools than some strata have left.
  const auto full = ntc("sample --campaign 2027-04 --share 0.9 --seed 1");
  EXPECT_EQ(full.status, 2) << full.out;
  // Refused as a stratum that cannot be filled or as too few schools in all; both say why.
  EXPECT_NE(full.out.find("бұрын қатыспаған мектептер"), std::string::npos) << full.out;
  EXPECT_NE(full.out.find("did not take part earlier"), std::string::npos) << full.out;
  const auto bad_share = ntc("sample --campaign 2027-04 --share 25% --seed 1");
  EXPECT_EQ(bad_share.status, 2);
  EXPECT_NE(bad_share.out.find("--share 25%"), std::string::npos) << bad_share.out;
  const auto bad_seed = ntc("sample --campaign 2027-04 --share 0.25 --seed -3");
  EXPECT_EQ(bad_seed.status, 2);
  EXPECT_NE(bad_seed.out.find("Сид"), std::string::npos) << bad_seed.out;
}

TEST_F(NtcCommands, ReportWritesEverySchoolsPdfAndStoresThem) {
  const auto out = dir_->path() / "reports";
  const auto r = ntc("report --campaign 2026-04 --threads 2 --out " + quote(out));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Мектептер есептері: 32 PDF (16 мектептің есебі сақталды)"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(std::filesystem::exists(out / "schools" / "S000001.kk.pdf"));
  EXPECT_TRUE(std::filesystem::exists(out / "schools" / "S000001.ru.pdf"));
  EXPECT_FALSE(std::filesystem::exists(out / "schools" / "S000017.kk.pdf"));  // no results
  EXPECT_TRUE(std::filesystem::exists(out / "national.ru.pdf"));
  auto store = Store::open(data());
  ASSERT_TRUE(store);
  const auto pdf = (*store)->report(kCampaign, "S000001");
  ASSERT_TRUE(pdf);
  EXPECT_GT(pdf->size(), 10000u);
  EXPECT_TRUE(std::string(pdf->begin(), pdf->begin() + 5) == "%PDF-");
  // The analysts' CSV has pseudonymous keys, never an IIN.
  const std::string students = read(out / "csv" / "students.csv");
  EXPECT_NE(students.find("\r\nP0"), std::string::npos);
  EXPECT_EQ(students.find(iin_of(0)), std::string::npos);
  // A campaign without results is refused by name.
  const auto none = ntc("report --campaign 1999-04 --out " + quote(dir_->path() / "none"));
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.out.find("Бұл науқанда нәтиже жоқ"), std::string::npos) << none.out;
}

TEST_F(NtcCommands, PublishedPagesHoldNoIinNameOrStudentKeyFromTheStore) {
  const auto out = dir_->path() / "site";
  const auto r = ntc("publish --campaign 2026-04 --out " + quote(out));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Жарияланды: "), std::string::npos) << r.out;
  std::size_t files = 0;
  const std::regex twelve_digits("[0-9]{12}");
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string text = read(e.path());
    EXPECT_FALSE(std::regex_search(text, twelve_digits)) << e.path();
    EXPECT_EQ(text.find("Серікқызы"), std::string::npos) << e.path();
    EXPECT_EQ(text.find("Әйгерім"), std::string::npos) << e.path();
    EXPECT_EQ(text.find("P000"), std::string::npos) << e.path() << ": a student key";
    EXPECT_EQ(text.find("S0000"), std::string::npos) << e.path() << ": a school code";
  }
  EXPECT_GE(files, 10u);
  EXPECT_NE(read(out / "kk" / "index.html").find("ББЖМ нәтижелері, 2026-04"), std::string::npos);
}

}  // namespace
}  // namespace bbzhm::ntc
