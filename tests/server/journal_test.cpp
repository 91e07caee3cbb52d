// The signed, hash-chained journal: intact after real work, and any edit is found and named.
#include <gtest/gtest.h>

#include "server/store.hpp"
#include "tests/support/process.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::server {
namespace {

class Journal : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    ASSERT_TRUE(Store::create(dir / "school", School{"010203", "Мектеп"}));
    auto roster =
        parse_roster(test::read_file(test::source_path("scripts/demo-data/roster-9a.csv")));
    ASSERT_TRUE(roster);
    auto s = Store::open(dir / "school");
    ASSERT_TRUE(s);
    sqlite::Transaction tx((*s)->db());
    (*s)->import_roster(*roster, "roster-9a.csv");
    tx.commit();
  }
  Result<std::int64_t> verify() {
    auto s = Store::open(dir / "school");
    return (*s)->verify_journal();
  }
  void tamper(const std::string& sql) {
    sqlite::Database db(dir / "school" / kDatabaseFile, sqlite::Database::Mode::read_write);
    db.exec(sql);
  }
  test::TempDir dir;
};

TEST_F(Journal, IsIntactAfterInitAndImport) {
  auto n = verify();
  ASSERT_TRUE(n) << n.error().what;
  EXPECT_EQ(*n, 2);
}

TEST_F(Journal, AnEditedPayloadIsNamedByItsEntry) {
  tamper("UPDATE journal SET payload = replace(payload, '24', '25') WHERE seq = 2");
  auto n = verify();
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().what.find("journal entry 2 (import_roster)"), std::string::npos)
      << n.error().what;
  EXPECT_NE(n.error().what.find("altered"), std::string::npos);
}

TEST_F(Journal, ADeletedEntryIsFound) {
  tamper("DELETE FROM journal WHERE seq = 1");
  auto n = verify();
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().what.find("entry 1 is missing"), std::string::npos) << n.error().what;
}

TEST_F(Journal, ARecomputedHashWithoutTheServerKeyIsFound) {
  // Someone with the database but not the key cannot produce the server's signature.
  tamper("UPDATE journal SET signature = zeroblob(64) WHERE seq = 2");
  auto n = verify();
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().what.find("signature"), std::string::npos) << n.error().what;
}

}  // namespace
}  // namespace bbzhm::server
