// The station's journal of unacknowledged answers: survives a restart, forgets acknowledged
// ones, shrugs off a torn last record, and is unreadable without the station's key.
#include "station/pending_journal.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/process.hpp"

namespace bbzhm::station {
namespace {

crypto::Secret key() {
  return crypto::Secret::from(as_bytes("0123456789abcdef0123456789abcdef"));
}

TEST(PendingJournal, UnacknowledgedSavesSurviveARestart) {
  crypto::init();
  test::TempDir dir;
  {
    auto j = PendingJournal::open(dir / "p", key());
    ASSERT_TRUE(j);
    ASSERT_TRUE(j->record_save("b123456", 1, {"G9M-01", "A"}));
    ASSERT_TRUE(j->record_save("b123456", 2, {"G9M-02", "A,C"}));
    j->record_ack("b123456", 1);
  }
  auto j = PendingJournal::open(dir / "p", key());
  ASSERT_TRUE(j);
  const auto pending = j->pending("b123456");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending.at(2).item_id, "G9M-02");
  EXPECT_EQ(pending.at(2).response, "A,C");
}

TEST(PendingJournal, SurveysSurviveARestartWithoutALoginUntilDone) {
  crypto::init();
  test::TempDir dir;
  const Bytes message = {31, 1, 2, 3, 0, 255};  // any bytes: the encoded SurveyAnswers
  {
    auto j = PendingJournal::open(dir / "p", key());
    ASSERT_TRUE(j);
    ASSERT_TRUE(j->record_save("b123456", 1, {"G9M-01", "A"}));
    ASSERT_TRUE(j->record_survey("aa01", message));
    j->record_ack("b123456", 1);  // the answers are done, the survey is not: nothing truncated
  }
  {
    auto j = PendingJournal::open(dir / "p", key());
    ASSERT_TRUE(j);
    ASSERT_EQ(j->surveys().size(), 1u);
    EXPECT_EQ(j->surveys().at("aa01"), message);
    EXPECT_TRUE(j->pending("b123456").empty());
    j->record_survey_done("aa01");
  }
  EXPECT_EQ(std::filesystem::file_size(dir / "p"), 0u);
  auto j = PendingJournal::open(dir / "p", key());
  ASSERT_TRUE(j);
  EXPECT_TRUE(j->surveys().empty());
}

TEST(PendingJournal, TornLastRecordLosesOnlyThatRecord) {
  crypto::init();
  test::TempDir dir;
  {
    auto j = PendingJournal::open(dir / "p", key());
    ASSERT_TRUE(j->record_save("b1", 1, {"G9M-01", "A"}));
    ASSERT_TRUE(j->record_save("b1", 2, {"G9M-02", "B"}));
  }
  std::filesystem::resize_file(dir / "p", std::filesystem::file_size(dir / "p") - 5);
  auto j = PendingJournal::open(dir / "p", key());
  ASSERT_TRUE(j);
  EXPECT_EQ(j->pending("b1").size(), 1u);
}

TEST(PendingJournal, IsEncryptedAndUnreadableWithAnotherKey) {
  crypto::init();
  test::TempDir dir;
  {
    auto j = PendingJournal::open(dir / "p", key());
    ASSERT_TRUE(j->record_save("b777777", 1, {"G9R-05", "Әйгерім"}));
  }
  const std::string raw = test::read_file(dir / "p");
  EXPECT_EQ(raw.find("b777777"), std::string::npos);
  EXPECT_EQ(raw.find("G9R-05"), std::string::npos);
  auto other = PendingJournal::open(
      dir / "p", crypto::Secret::from(as_bytes("ffffffffffffffffffffffffffffffff")));
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->pending("b777777").empty());
}

TEST(PendingJournal, FinishedLoginIsForgotten) {
  crypto::init();
  test::TempDir dir;
  auto j = PendingJournal::open(dir / "p", key());
  ASSERT_TRUE(j->record_save("b1", 1, {"G9M-01", "A"}));
  j->forget("b1");
  EXPECT_TRUE(j->pending("b1").empty());
  auto again = PendingJournal::open(dir / "p", key());
  EXPECT_TRUE(again->pending("b1").empty());
}

}  // namespace
}  // namespace bbzhm::station
