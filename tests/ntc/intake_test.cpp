// Intake at the NTC, from a real school database: export, upload over HTTPS to a real
// `bbzhm-ntc serve`, receipts, retries, duplicates, and every refusal, on SQLite and on a real
// PostgreSQL server.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "ntc/store.hpp"
#include "server/bundle.hpp"
#include "tests/ntc/ntc_world.hpp"

namespace bbzhm::test {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Output school_command(const std::filesystem::path& data, std::vector<std::string> args) {
  args.insert(args.begin(), BBZHM_SERVER_BIN);
  args.push_back("--data");
  args.push_back(data.string());
  return run(args);
}

class Intake : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    world();
    if (GetParam() == "postgresql") {
      if (!postgres().available()) GTEST_SKIP() << "no PostgreSQL server can be started here";
      db = postgres().new_database();
    }
    school = copy_school(dir.path());
  }

  Ntc make(const std::string& registry) { return make_ntc(dir / "ntc", db, registry); }
  Ntc make() { return make(registry_csv(world().school_key_hex)); }

  std::filesystem::path export_bundle(const std::filesystem::path& data, const std::string& name) {
    const auto out = dir / name;
    auto r = school_command(data, {"export-bundle", "--out", out.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    return out;
  }

  std::optional<Child> serve(const Ntc& n, std::uint16_t port = 0) {
    std::optional<Child> c;
    c.emplace(std::vector<std::string>{BBZHM_NTC_BIN, "serve", "--data", n.data.string(), "--db",
                                       n.db.empty() ? (n.data / "ntc.db").string() : n.db,
                                       "--listen", "127.0.0.1:" + std::to_string(port)},
              dir / ("ntc-serve-" + std::to_string(++serves) + ".log"));
    const std::string line = c->wait_for_line("listening on", std::chrono::seconds(20));
    EXPECT_FALSE(line.empty()) << read_file(c->log());
    ntc_port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
    return c;
  }

  void pin(const Ntc& n) {
    auto r = school_command(school, {"trust-ntc-cert", "--fingerprint", n.fingerprint});
    ASSERT_EQ(r.status, 0) << r.err;
  }

  TempDir dir;
  std::string db;
  std::filesystem::path school;
  std::uint16_t ntc_port = 0;
  int serves = 0;
};

TEST_P(Intake, UploadOverHttpsStoresReScoresAndKeepsTheSignedReceipt) {
  const Ntc n = make();
  pin(n);
  auto server = serve(n);
  const std::string url = "https://127.0.0.1:" + std::to_string(ntc_port);
  auto r = school_command(school, {"upload", "--ntc", url, "--give-up-after", "20"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "received the bundle")) << r.out;
  // Everything arrived: every student of 9А, three with answers, one absent for illness.
  ASSERT_GT(world().school->slips.size(), 4u);
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM students"),
            std::to_string(world().school->slips.size()) + "\n");
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM students WHERE absence_reason = 'illness'"), "1\n");
  EXPECT_EQ(n.query("SELECT COUNT(DISTINCT personal_code) FROM results WHERE absent = 0 AND "
                    "level <> ''"),
            "3\n");
  // The NTC's scores equal the school's when nobody changed anything.
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM disagreements"), "0\n");
  const std::string school_total = run({"/usr/bin/sqlite3", (school / "school.db").string(),
                                        "SELECT SUM(score) FROM results r JOIN participants p ON "
                                        "p.id = r.participant_id WHERE p.sitting_id = 2"})
                                       .out;
  EXPECT_EQ(n.query("SELECT CAST(SUM(score) AS BIGINT) FROM results"), school_total);
  // The school keeps the receipt; a second upload sends nothing.
  EXPECT_EQ(run({"/usr/bin/sqlite3", (school / "school.db").string(),
                 "SELECT COUNT(*) FROM ntc_receipts"})
                .out,
            "1\n");
  r = school_command(school, {"upload", "--ntc", url, "--give-up-after", "5"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "already received")) << r.out;
  // The same sitting exported to a stick and taken in by hand: acknowledged, not stored twice.
  const auto file = export_bundle(school, "again.bbzr");
  r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "already received")) << r.out;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "1\n");
  // What the statistics read: every student per subject, pseudonymous, absences and the three
  // who sat the test with every item of their forms, scored by the NTC.
  auto store = ntc::Store::open(n.data, n.db);
  ASSERT_TRUE(store) << store.error().what;
  const ntc::CampaignData data = (*store)->load_campaign("2027-04");
  EXPECT_EQ(data.students.size(), 3 * world().school->slips.size());
  int tested = 0, ill = 0;
  for (const auto& s : data.students) {
    EXPECT_EQ(s.student_key.size(), 24u);
    EXPECT_EQ(s.school_code, "010203");
    if (!s.responses.empty()) {
      ++tested;
      double sum = 0;
      for (const auto& item : s.responses) sum += item.score;
      EXPECT_EQ(sum, s.score) << s.subject;
    }
    ill += s.absence_reason == "illness";
  }
  EXPECT_EQ(tested, 9);
  EXPECT_EQ(ill, 3);
  EXPECT_FALSE(data.items.empty());
  // p.25: the sitting's surveys arrived, unlinked: two students' and one teacher's, with no
  // column towards a student, and their distribution per question.
  EXPECT_EQ(n.query("SELECT kind, COUNT(*) FROM surveys GROUP BY kind ORDER BY kind"),
            "student|2\nteacher|1\n");
  const std::string columns =
      n.query(GetParam() == "postgresql"
                  ? "SELECT column_name FROM information_schema.columns WHERE table_name = "
                    "'surveys' ORDER BY column_name"
                  : "SELECT name FROM pragma_table_info('surveys') ORDER BY name");
  EXPECT_EQ(columns,
            "answers\nbundle_id\ncampaign\nday\ngrade\nkind\nlanguage\nn\nschool_code\n"
            "subjects\n");
  const auto tallies = (*store)->survey_tallies("2027-04");
  ASSERT_EQ(tallies.size(), 4u + 5u);
  EXPECT_EQ(tallies[0].kind, "student");
  EXPECT_EQ(tallies[0].options, (std::vector<std::int64_t>{2}));  // both said "yes" to q1
  EXPECT_EQ(tallies[1].options, (std::vector<std::int64_t>{1, 0, 1}));
  EXPECT_EQ(tallies[3].options, (std::vector<std::int64_t>{0, 0, 2}));
  EXPECT_EQ(tallies[4].kind, "teacher");
  EXPECT_EQ(tallies[8].options, (std::vector<std::int64_t>{0, 0, 1}));
  // The school fetches its report back over the same HTTPS, once the NTC has made it.
  const auto pdf = dir / "report.pdf";
  r = school_command(
      school, {"fetch-report", "--ntc", url, "--campaign", "2027-04", "--out", pdf.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "no report for school 010203 in campaign 2027-04 yet")) << r.err;
  const std::string report_bytes = "%PDF-1.4 report of 010203 for 2027-04";
  {
    ntc::Transaction tx((*store)->db());
    ASSERT_TRUE((*store)->store_report("2027-04", "010203", as_bytes(report_bytes)));
    tx.commit();
  }
  r = school_command(
      school, {"fetch-report", "--ntc", url, "--campaign", "2027-04", "--out", pdf.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(pdf), report_bytes);
  // The school's journal records the receipt and still verifies.
  const auto journal = school_command(school, {"verify-journal"});
  EXPECT_EQ(journal.status, 0) << journal.err;
}

TEST_P(Intake, UploadRetriesUntilTheNtcComesUp) {
  const Ntc n = make();
  pin(n);
  const std::uint16_t port = free_port();
  Child upload({BBZHM_SERVER_BIN, "upload", "--data", school.string(), "--ntc",
                "https://127.0.0.1:" + std::to_string(port), "--give-up-after", "40"},
               dir / "upload.log");
  ASSERT_FALSE(upload.wait_for_line("retrying", std::chrono::seconds(20)).empty())
      << read_file(upload.log());
  auto server = serve(n, port);
  int status = -1;
  ASSERT_TRUE(upload.wait_for(std::chrono::seconds(40), &status)) << read_file(upload.log());
  EXPECT_EQ(status, 0) << read_file(upload.log());
  EXPECT_TRUE(has(read_file(upload.log()), "received the bundle")) << read_file(upload.log());
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "1\n");
}

// The intake runs off the I/O thread (checking pool, the store's thread): two schools uploading
// at the same moment are both answered, and the same sitting sent twice at once is stored once.
TEST_P(Intake, TwoConcurrentUploadsAreBothAnsweredAndStoredOnce) {
  const Ntc n = make();
  pin(n);
  // The second school server: a copy of the first, pinned certificate included.
  std::filesystem::create_directories(dir / "second");
  const auto other = dir / "second" / "school";
  ASSERT_EQ(run({"/bin/cp", "-a", school.string(), other.string()}).status, 0);
  auto server = serve(n);
  const std::string url = "https://127.0.0.1:" + std::to_string(ntc_port);
  Child a({BBZHM_SERVER_BIN, "upload", "--data", school.string(), "--ntc", url, "--give-up-after",
           "60"},
          dir / "upload-a.log");
  Child b(
      {BBZHM_SERVER_BIN, "upload", "--data", other.string(), "--ntc", url, "--give-up-after", "60"},
      dir / "upload-b.log");
  int status_a = -1, status_b = -1;
  ASSERT_TRUE(a.wait_for(std::chrono::seconds(90), &status_a)) << read_file(a.log());
  ASSERT_TRUE(b.wait_for(std::chrono::seconds(90), &status_b)) << read_file(b.log());
  EXPECT_EQ(status_a, 0) << read_file(a.log());
  EXPECT_EQ(status_b, 0) << read_file(b.log());
  const std::string logs = read_file(a.log()) + read_file(b.log());
  EXPECT_TRUE(has(logs, "received the bundle")) << logs;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "1\n");
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM students"),
            std::to_string(world().school->slips.size()) + "\n");
  // Both schools hold the NTC's signed receipt.
  for (const auto& data : {school, other})
    EXPECT_EQ(run({"/usr/bin/sqlite3", (data / "school.db").string(),
                   "SELECT COUNT(*) FROM ntc_receipts"})
                  .out,
              "1\n");
}

TEST_P(Intake, RefusesAnUnpinnedCertificate) {
  const Ntc n = make();
  auto r = school_command(school, {"trust-ntc-cert", "--fingerprint", std::string(64, 'b')});
  ASSERT_EQ(r.status, 0) << r.err;
  auto server = serve(n);
  r = school_command(school, {"upload", "--ntc", "https://127.0.0.1:" + std::to_string(ntc_port),
                              "--give-up-after", "2"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "not the pinned one")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "0\n");
}

TEST_P(Intake, RefusesATamperedBundleWhole) {
  const Ntc n = make();
  const auto file = export_bundle(school, "tampered.bbzr");
  std::string bytes = read_file(file);
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  auto r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "altered on the way")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM students"), "0\n");
}

TEST_P(Intake, RefusesABundleSignedWithAnotherKeyThanTheRegisteredOne) {
  const Ntc n = make(registry_csv(std::string(63, '1') + "2"));
  const auto file = export_bundle(school, "b.bbzr");
  auto r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "not the registered key of school 010203")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "0\n");
}

TEST_P(Intake, RefusesAnUnknownSchoolAndAnotherCampaign) {
  const Ntc n = make(
      "code,name,region,district,settlement,type,languages,contingent,public_key\n"
      "999999,Other,Алматы,Медеу,urban,school,kk,small," +
      std::string(64, 'c') + "\n");
  const auto file = export_bundle(school, "b.bbzr");
  auto r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "unknown school 010203")) << r.err;
  const Ntc other = make_ntc(dir / "ntc2", db.empty() ? "" : postgres().new_database(),
                             registry_csv(world().school_key_hex));
  r = other.run({"intake", "--campaign", "2026-11", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "for campaign 2027-04")) << r.err;
  EXPECT_EQ(other.query("SELECT COUNT(*) FROM bundles"), "0\n");
}

TEST_P(Intake, RefusesABrokenJournal) {
  const Ntc n = make();
  auto q = run({"/usr/bin/sqlite3", (school / "school.db").string(),
                "UPDATE journal SET payload = replace(payload, '9А', '9Б') WHERE kind = "
                "'create_sitting'"});
  ASSERT_EQ(q.status, 0) << q.err;
  const auto file = export_bundle(school, "b.bbzr");
  auto r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "journal is broken")) << r.err;
  EXPECT_TRUE(has(r.err, "hash mismatch")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "0\n");
}

TEST_P(Intake, AScoreAlteredInTheSchoolDatabaseIsReScoredByTheNtc) {
  const Ntc n = make();
  const std::string before =
      run({"/usr/bin/sqlite3", (school / "school.db").string(),
           "SELECT p.personal_code, r.subject, r.score FROM results r JOIN participants p ON p.id "
           "= r.participant_id WHERE p.sitting_id = 2 ORDER BY p.seat, r.subject LIMIT 1"})
          .out;
  ASSERT_FALSE(before.empty());
  const std::string code = before.substr(0, before.find('|'));
  auto q = run({"/usr/bin/sqlite3", (school / "school.db").string(),
                "UPDATE results SET score = score + 5 WHERE rowid = (SELECT r.rowid FROM results r "
                "JOIN participants p ON p.id = r.participant_id WHERE p.sitting_id = 2 ORDER BY "
                "p.seat, r.subject LIMIT 1)"});
  ASSERT_EQ(q.status, 0) << q.err;
  const auto file = export_bundle(school, "b.bbzr");
  auto r = n.run({"intake", file.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "1 scores corrected")) << r.out;
  const std::string subject =
      before.substr(before.find('|') + 1, before.rfind('|') - before.find('|') - 1);
  const std::string score = before.substr(before.rfind('|') + 1);
  // Stored with the NTC's score (the original one), the school's claim kept beside it.
  EXPECT_EQ(n.query("SELECT CAST(score AS BIGINT) FROM results WHERE personal_code = '" + code +
                    "' AND subject = '" + subject + "'"),
            score);
  EXPECT_EQ(n.query("SELECT CAST(school_score - ntc_score AS BIGINT) FROM disagreements"), "5\n");
}

TEST_P(Intake, RegistryErrorsNameTheLineAndFieldAndStoreNothing) {
  const Ntc n = make();
  const auto csv = dir / "bad.csv";
  std::ofstream(csv)
      << "code,name,region,district,settlement,type,languages,contingent,public_key\n"
      << "111,A,R,D,urban,school,kk,small," << std::string(64, 'd') << "\n"
      << "111,B,R,D,town,school,kk fr,huge,xyz\n"
      << "222,C,R,D,rural,castle,ru,small," << std::string(64, 'e') << "\n";
  auto r = n.run({"import-schools", csv.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "bad.csv:3: code: 111 is already on line 2")) << r.err;
  EXPECT_TRUE(has(r.err, "bad.csv:3: settlement: the settlement is urban or rural, not town"))
      << r.err;
  EXPECT_TRUE(has(r.err, "bad.csv:3: languages: unknown language of instruction fr")) << r.err;
  EXPECT_TRUE(has(r.err, "bad.csv:3: contingent:")) << r.err;
  EXPECT_TRUE(has(r.err, "bad.csv:3: public_key:")) << r.err;
  EXPECT_TRUE(has(r.err, "bad.csv:4: type: unknown organization type castle")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM schools WHERE code IN ('111', '222')"), "0\n");
}

TEST_P(Intake, AFrozenCampaignTakesNoMoreResults) {
  const Ntc n = make();
  const auto manifest = dir / "manifest.txt";
  auto r = n.run({"freeze", "--campaign", "2027-04", "--out", manifest.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(read_file(manifest), "\"campaign\":\"2027-04\"")) << read_file(manifest);
  r = n.run({"freeze", "--campaign", "2027-04"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "already frozen")) << r.err;
  const auto file = export_bundle(school, "b.bbzr");
  r = n.run({"intake", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "campaign 2027-04 is frozen")) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM bundles"), "0\n");
  // Every other write to the campaign is refused too, through the store and the commands.
  auto store = ntc::Store::open(n.data, n.db);
  ASSERT_TRUE(store) << store.error().what;
  {
    ntc::Transaction tx((*store)->db());
    const auto report = (*store)->store_report("2027-04", "010203", as_bytes("%PDF-1.4"));
    ASSERT_FALSE(report);
    EXPECT_TRUE(has(report.error().what, "frozen")) << report.error().what;
    ntc::SamplingDraw draw;
    draw.campaign = "2027-04";
    draw.seed = "1";
    draw.schools = {{"010203", "urban"}};
    const auto drawn = (*store)->record_draw(draw);
    ASSERT_FALSE(drawn);
    EXPECT_TRUE(has(drawn.error().what, "frozen")) << drawn.error().what;
    const auto reps = (*store)->import_representatives({{"R1", "Әлия", "2027-04", {"010203"}}});
    ASSERT_FALSE(reps);
    ntc::IntakeRecord record;
    record.bundle_id = "x";
    record.school_code = "010203";
    record.campaign = "2027-04";
    const auto intake = (*store)->store_intake(record, ntc::Receipt{});
    ASSERT_FALSE(intake);
    EXPECT_TRUE(has(intake.error().what, "frozen")) << intake.error().what;
    tx.commit();
  }
  r = n.run({"sample", "--campaign", "2027-04", "--share", "0.5", "--seed", "3"});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_TRUE(has(r.err, "frozen")) << r.err;
  const auto list = dir / "reps.csv";
  std::ofstream(list) << "id,full_name,schools\n"
                      << "R1,Әлия Нұрланқызы,010203\n";
  r = n.run({"import-representatives", "--campaign", "2027-04", "--out", (dir / "creds").string(),
             list.string()});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_TRUE(has(r.err, "frozen")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "creds" / "R1.credential"));
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM reports"), "0\n");
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM draws"), "0\n");
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM representatives"), "0\n");
}

TEST_P(Intake, TheSchoolAddsOnlyARepresentativeTheNtcIssuedACredentialFor) {
  const Ntc n = make();
  const auto bad = dir / "bad-reps.csv";
  std::ofstream(bad) << "id,full_name,schools\n"
                     << "R1,Әлия Нұрланқызы,010203 777777\n";
  auto r = n.run({"import-representatives", "--campaign", "2027-04", "--out",
                  (dir / "creds").string(), bad.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "bad-reps.csv:2: schools: no school 777777 in the registry")) << r.err;
  const auto list = dir / "reps.csv";
  std::ofstream(list) << "id,full_name,schools\n"
                      << "R1,Әлия Нұрланқызы,010203\n"
                      << "R2,Серік Бек,020304\n";
  r = n.run({"import-representatives", "--campaign", "2027-04", "--out", (dir / "creds").string(),
             list.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  // The school trusts the NTC key (it loaded the package): no credential, no representative.
  r = school_command(school, {"add-representative", "--login", "aliya", "--full-name",
                              "Әлия Нұрланқызы", "--password", "secret-1"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "needs the NTC's credential")) << r.err;
  r = school_command(
      school, {"add-representative", "--login", "serik", "--full-name", "Серік Бек", "--password",
               "secret-2", "--credential", (dir / "creds" / "R2.credential").string()});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "does not assign this school (010203)")) << r.err;
  std::string forged = read_file(dir / "creds" / "R2.credential");
  forged.replace(forged.find("020304"), 6, "010203");
  std::ofstream(dir / "forged.credential") << forged;
  r = school_command(
      school, {"add-representative", "--login", "serik", "--full-name", "Серік Бек", "--password",
               "secret-2", "--credential", (dir / "forged.credential").string()});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "not signed by the trusted NTC key")) << r.err;
  r = school_command(school, {"add-representative", "--login", "aliya", "--full-name",
                              "Әлия Нұрланқызы", "--password", "secret-1", "--credential",
                              (dir / "creds" / "R1.credential").string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(n.query("SELECT COUNT(*) FROM representative_schools"), "2\n");
}

// p.17: a credential is valid for its period only; the school server refuses it before and after.
TEST_P(Intake, TheSchoolRefusesAnExpiredOrNotYetValidCredential) {
  const Ntc n = make();
  const auto list = dir / "reps.csv";
  std::ofstream(list) << "id,full_name,schools\n"
                      << "R1,Әлия Нұрланқызы,010203\n";
  auto r =
      n.run({"import-representatives", "--campaign", "2027-04", "--out", (dir / "old").string(),
             "--valid-from", "2020-01-01", "--valid-until", "2020-01-31", list.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "that period is over")) << r.err;
  r = n.run({"import-representatives", "--campaign", "2027-04", "--out", (dir / "creds").string(),
             "--valid-until", "2027-02-30", list.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "not a date")) << r.err;
  // Credentials as the NTC signs them, with periods in the past and in the future.
  auto key = crypto::read_key_file(world().ntc_key);
  ASSERT_TRUE(key) << key.error().what;
  const std::int64_t now = ntc::now_ms(), day = 86'400'000;
  auto credential = [&](const std::string& name, std::int64_t from, std::int64_t until) {
    const std::string json =
        "{\"campaign\":\"2027-04\",\"full_name\":\"Әлия Нұрланқызы\",\"id\":"
        "\"R1\",\"issued_at\":0,\"schools\":[\"010203\"],\"valid_from\":" +
        std::to_string(from) + ",\"valid_until\":" + std::to_string(until) + "}";
    const auto path = dir / name;
    std::ofstream(path) << server::sign_credential(json, *key);
    return path.string();
  };
  auto add = [&](const std::string& file) {
    return school_command(
        school, {"add-representative", "--login", "aliya", "--full-name", "Әлия Нұрланқызы",
                 "--password", "secret-1", "--credential", file});
  };
  r = add(credential("expired.credential", now - 30 * day, now - day));
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "expired on " + server::utc_date(now - day))) << r.err;
  r = add(credential("future.credential", now + day, now + 30 * day));
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(has(r.err, "valid only from " + server::utc_date(now + day))) << r.err;
  r = add(credential("current.credential", now - day, now + day));
  EXPECT_EQ(r.status, 0) << r.err;
  // The NTC's own credentials carry today's date to 90 days on.
  r = n.run({"import-representatives", "--campaign", "2027-04", "--out", (dir / "creds").string(),
             list.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string issued = read_file(dir / "creds" / "R1.credential");
  EXPECT_TRUE(has(issued, "\"valid_until\":")) << issued;
  EXPECT_TRUE(server::verify_credential(issued, key->public_key, "010203", "Әлия Нұрланқызы",
                                        now + 89 * day));
  EXPECT_FALSE(server::verify_credential(issued, key->public_key, "010203", "Әлия Нұрланқызы",
                                         now + 91 * day));
}

INSTANTIATE_TEST_SUITE_P(Backends, Intake, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace bbzhm::test
