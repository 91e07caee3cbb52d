// A sitting run from an NTC package on the real server: load, unlock, create the sitting, and
// what a station receives at login: its student's variant and language, and no key of any kind.
#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <sstream>

#include "common/protocol.hpp"
#include "item_bank/package.hpp"
#include "item_bank/test_form.hpp"
#include "station/client.hpp"
#include "tests/item_bank/package_fixture.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

class PackageSitting : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto key = bank({"keygen", "--out", (school.dir / "ntc.key").string()});
    ASSERT_EQ(key.status, 0) << key.err;
    std::string out = key.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    ntc_hex = out.substr(out.rfind('\n') + 1);
    package = school.dir / "2027-04.bbzp";
    const auto built = bank({"build", "--bank", source_path("item_bank/bank"), "--spec",
                             "g9-reading,g9-math,g9-science", "--variants", "2", "--seed", "11",
                             "--key", (school.dir / "ntc.key").string(), "--expires", "2099-05-01",
                             "--package-id", "2027-04-schools", "--out", package.string()});
    ASSERT_EQ(built.status, 0) << built.err;
    const auto code =
        bank({"unlock-code", "--key", (school.dir / "ntc.key").string(), package.string()});
    ASSERT_EQ(code.status, 0) << code.err;
    unlock_code = code.out.substr(0, code.out.find('\n'));
  }

  School school;
  std::string ntc_hex;
  std::filesystem::path package;
  std::string unlock_code;
};

TEST_F(PackageSitting, RefusesAPackageWithoutAPinnedKeyAndATamperedOne) {
  auto r = school.server_command({"load-package", package.string()});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("trusts no NTC key"), std::string::npos) << r.err;
  std::string bytes = read_file(package);
  bytes[bytes.size() / 2] ^= 0x20;
  const auto bad = school.dir / "bad.bbzp";
  std::ofstream(bad, std::ios::binary) << bytes;
  r = school.server_command({"load-package", bad.string(), "--ntc-key", ntc_hex});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("package refused: the package's signature does not verify"),
            std::string::npos)
      << r.err;
  // Nothing of the refused package was kept, not even the key given with it.
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM settings WHERE key = 'ntc_public_key'"), "0\n");
  const auto other = bank({"keygen", "--out", (school.dir / "other.key").string()});
  std::string other_hex = other.out;
  while (!other_hex.empty() && other_hex.back() == '\n') other_hex.pop_back();
  other_hex = other_hex.substr(other_hex.rfind('\n') + 1);
  r = school.server_command({"load-package", package.string(), "--ntc-key", other_hex});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("foreign"), std::string::npos) << r.err;
}

TEST_F(PackageSitting, ATypoInTheCodeIsCaughtAndTheLockedPackageMakesNoSitting) {
  ASSERT_EQ(school.server_command({"load-package", package.string(), "--ntc-key", ntc_hex}).status,
            0);
  const auto logins = school.dir / "logins2.csv";
  auto r = school.server_command({"create-sitting", "--campaign", "2027-04", "--grade", "9",
                                  "--class", "9А", "--package", "2027-04-schools", "--logins-out",
                                  logins.string(), "--password-cost", "minimum"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("still locked"), std::string::npos) << r.err;
  std::string typo = unlock_code;
  typo[3] = typo[3] == 'A' ? 'B' : 'A';
  r = school.server_command({"unlock", typo});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a character is mistyped"), std::string::npos) << r.err;
}

TEST_F(PackageSitting, StationsReceiveTheirVariantInTheirLanguageAndNoKey) {
  const auto slips = start_package_sitting(
      school, {package, school.dir / "ntc.key", ntc_hex, unlock_code}, "2027-04-schools", "9А");
  ASSERT_GE(slips.size(), 2u);
  school.serve();

  // The keys of every form, as the package holds them, to look for in what stations receive.
  const auto keys_json =
      school.query("SELECT content FROM forms WHERE id LIKE '2027-04-schools/%'");
  ASSERT_NE(keys_json.find("\"accepted\""), std::string::npos);

  auto config = station::load_config(school.pair_station("S01"));
  ASSERT_TRUE(config) << config.error().what;
  std::map<int, std::set<int>> variants_by_seat_parity;
  for (std::size_t i = 0; i < 2; ++i) {
    auto client = station::StationClient::start(*config);
    ASSERT_TRUE(client) << client.error().what;
    (*client)->login(slips[i].login, slips[i].password);
    auto snap = (*client)->snapshot();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (snap.phase != station::Phase::testing && std::chrono::steady_clock::now() < deadline)
      snap = (*client)->wait_for_change(snap.version, std::chrono::milliseconds(200));
    ASSERT_EQ(snap.phase, station::Phase::testing) << snap.last_error;
    const protocol::LoginOk& ok = *snap.sitting;
    ASSERT_EQ(ok.booklets.size(), 3u);
    const Bytes wire = protocol::encode(protocol::Message(ok));
    const std::string text(wire.begin(), wire.end());
    // No key field, no accepted answer, no unlock code, no NTC key material.
    for (const char* field :
         {"\"key_pairs\"", "\"key_order\"", "\"accepted\"", "\"key_value\"", "\"key\""})
      EXPECT_EQ(text.find(field), std::string::npos) << field;
    EXPECT_EQ(text.find(unlock_code), std::string::npos);
    // Accepted short answers of every package form (those the stem does not show itself).
    std::istringstream rows(
        school.query("SELECT content FROM forms WHERE id LIKE '2027-04-schools/%'"));
    int short_answers = 0;
    for (std::string row; std::getline(rows, row);) {
      const auto form = item_bank::parse_form(row, "forms");
      ASSERT_TRUE(form) << form.error().what;
      for (const Item& item : form->booklet.items)
        for (const auto& a : form->keys.at(item.id).accepted)
          if (item.stem.find(a) == std::string::npos) {
            ++short_answers;
            EXPECT_EQ(text.find(a), std::string::npos) << a;
          }
    }
    EXPECT_GT(short_answers, 0);
    // Neither the package's unlock secret nor NTC's secret key.
    const auto ntc = crypto::read_key_file(school.dir / "ntc.key");
    ASSERT_TRUE(ntc);
    const auto secret = item_bank::unlock_secret(*ntc, "2027-04-schools");
    const std::string secret_bytes(secret.data(), secret.data() + secret.size());
    const std::string ntc_seed(ntc->secret_key.data(), ntc->secret_key.data() + 32);
    EXPECT_EQ(text.find(secret_bytes), std::string::npos);
    EXPECT_EQ(text.find(ntc_seed), std::string::npos);
    const std::string student_language = school.query(
        "SELECT s.language FROM students s JOIN participants p ON p.student_id = s.id "
        "WHERE p.login = '" +
        slips[i].login + "'");
    for (const Booklet& b : ok.booklets) {
      EXPECT_EQ(b.variant, static_cast<int>(i % 2) + 1) << "seat " << slips[i].seat;
      if (b.subject != Subject::reading) {
        EXPECT_EQ(std::string(code(b.language)) + "\n", student_language);
      }
      for (const Item& item : b.items) {
        if (item.kind == ItemKind::short_text) {
          EXPECT_TRUE(item.choices.empty());
        }
      }
    }
    variants_by_seat_parity[slips[i].seat % 2].insert(ok.booklets.front().variant);
  }
  EXPECT_NE(variants_by_seat_parity[0], variants_by_seat_parity[1]);
  const auto journal = school.server_command({"verify-journal"});
  EXPECT_EQ(journal.status, 0) << journal.err;
  school.stop_server();
}

}  // namespace
}  // namespace bbzhm::test
