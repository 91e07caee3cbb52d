// The server's command line as a technician uses it: clear errors, exit codes, nothing half-done.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

TEST(Commands, BadRosterIsRefusedWholeWithEveryLineNamedAndExitStatus2) {
  School school;
  const auto before = school.query("SELECT COUNT(*), MAX(seq) FROM students, journal");
  const auto file = school.dir / "bad.csv";
  std::ofstream(file) << "iin,last_name,first_name,middle_name,grade,class,language\n"
                      << "110315500012,Ахметов,Нұрсұлтан,,9,9Ә,kk\n"
                      << "110315500013,Серікова,Әйгерім,,9,9Ә,kk\n"
                      << "110315500012,Бекова,,,7,9Ә,de\n";
  auto out = school.server_command({"import-roster", file.string()});
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find(file.string() + ":3: iin:"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find(file.string() + ":4: first_name:"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find(file.string() + ":4: grade:"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find(file.string() + ":4: language:"), std::string::npos) << out.err;
  EXPECT_EQ(school.query("SELECT COUNT(*), MAX(seq) FROM students, journal"), before);
}

TEST(Commands, InitRefusesToOverwriteExistingData) {
  School school;
  auto again = school.server_command({"init", "--school-code", "1", "--school-name", "x"});
  EXPECT_NE(again.status, 0);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

TEST(Commands, ExcelRosterWithBomCrlfAndSemicolonsImports) {
  School school("scripts/demo-data/roster-4b.csv", 4, "4Б");
  EXPECT_EQ(school.slips.size(), 20u);
  EXPECT_NE(school.query("SELECT last_name || ' ' || first_name FROM students").find("ә"),
            std::string::npos);
}

TEST(Commands, VerifyJournalNamesTheFirstBrokenEntry) {
  School school;
  school.admit_all();
  ASSERT_EQ(school.server_command({"verify-journal"}).status, 0);
  school.query(
      "UPDATE journal SET payload = replace(payload, 'admitted', 'absent') WHERE kind = 'check_in' "
      "AND seq = 5");
  auto out = school.server_command({"verify-journal"});
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find("journal entry 5 (check_in)"), std::string::npos) << out.err;
}

TEST(Commands, CheckInRefusesUnknownCodeAndReasonOutsideP12) {
  School school;
  auto unknown = school.server_command({"check-in", "--sitting", "1", "--code", "0000000"});
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.err.find("no student with personal code 0000000"), std::string::npos)
      << unknown.err;
  auto reason = school.server_command({"check-in", "--sitting", "1", "--code",
                                       school.slips[0].personal_code, "--absent", "overslept"});
  EXPECT_NE(reason.status, 0);
  EXPECT_NE(reason.err.find("not a reason of p.12"), std::string::npos) << reason.err;
}

TEST(Commands, KeyFilesAndDatabaseArePrivate) {
  School school;
  for (const char* f : {"server.key", "school.db"}) {
    const auto perms = std::filesystem::status(school.data / f).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << f;
  }
}

}  // namespace
}  // namespace bbzhm::test
