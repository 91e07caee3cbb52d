// Protocol messages: every message round-trips; malformed input is refused, never half-read.
#include "common/protocol.hpp"

#include <gtest/gtest.h>

#include <set>

namespace bbzhm::protocol {

TEST(Protocol, LoginOkRoundTripsWithBooklets) {
  LoginOk ok;
  ok.student_name = "Ахметова Әйгерім Нұрланқызы";
  ok.personal_code = "1234567";
  ok.language = Language::kk;
  Booklet b;
  b.subject = Subject::reading;
  b.language = Language::en;
  b.minutes = 45;
  b.passages.push_back({"P1", "Title", "Text"});
  b.items.push_back(
      {"G9R-01", ItemKind::single_choice, "Stem?", "P1", {{"A", "a"}, {"B", "b"}}, "", 1});
  ok.booklets.push_back(b);
  ok.answers.push_back({"G9R-01", "B", 3});
  ok.next_seq = 4;
  ok.remaining_ms = 123456;
  const auto back = decode(encode(ok));
  ASSERT_TRUE(back);
  const auto& m = std::get<LoginOk>(*back);
  EXPECT_EQ(m.student_name, ok.student_name);
  ASSERT_EQ(m.booklets.size(), 1u);
  EXPECT_EQ(m.booklets[0].language, Language::en);
  EXPECT_EQ(m.booklets[0].items[0].choices[1].id, "B");
  EXPECT_EQ(m.answers[0].seq, 3u);
  EXPECT_EQ(m.remaining_ms, 123456);
}

TEST(Protocol, EveryMessageRoundTrips) {
  const Message all[] = {
      LoginStart{"b123456"},
      LoginChallenge{"b123456", Bytes(16, 3), 16384, 2},
      Login{"b123456", Bytes(32, 7), 1},
      LoginRefused{LoginRefusal::rate_limited, 30000},
      SaveAnswer{5, "G4M-01", "A,C"},
      SaveAck{5, 1000},
      SaveRefused{5, SaveRefusal::time_over},
      Finish{},
      Results{{{Subject::math, Language::ru, 7, 10, "medium"}}, "ABCD-EF01-2345", false},
      Sync{},
      TimeLeft{10, 20},
      Superseded{},
      Command{7, CommandKind::release_station, 1, "", "PC-07", 0, {}, {}},
      Release{},
      Results{{}, "ABCD-EF01-2345", false, Bytes{0, 0, 0, 0, 0, 0, 0, 7, 0xAA, 0xBB}},
      SurveyAnswers{SurveyKind::teacher, Bytes(16, 9), {}, Language::ru, {1, 2, 3, 1, 2}},
      SurveyAck{Bytes(16, 9), SurveyStatus::rate_limited, 9000}};
  for (const Message& m : all) {
    const auto back = decode(encode(m));
    ASSERT_TRUE(back) << name(m);
    EXPECT_EQ(back->index(), m.index());
    EXPECT_EQ(encode(*back), encode(m)) << name(m);
  }
}

TEST(Protocol, RefusesUnknownTypeTruncationTrailingBytesAndBadEnums) {
  EXPECT_FALSE(decode(Bytes{}));
  EXPECT_FALSE(decode(Bytes{0x7F}));
  Bytes save = encode(SaveAnswer{1, "G4M-01", "A"});
  Bytes truncated(save.begin(), save.end() - 1);
  EXPECT_FALSE(decode(truncated));
  Bytes trailing = save;
  trailing.push_back(0);
  EXPECT_FALSE(decode(trailing));
  Bytes refused = encode(SaveRefused{1, SaveRefusal::time_over});
  refused.back() = 99;
  EXPECT_FALSE(decode(refused));
  Bytes ack = encode(SurveyAck{Bytes(16, 1), SurveyStatus::stored, 0});
  ack[1 + 4 + 16] = 6;  // no such status
  EXPECT_FALSE(decode(ack));
}

TEST(Protocol, EveryLoginRefusalHasItsOwnCode) {
  std::set<std::string_view> codes;
  for (int r = 1; r <= 6; ++r) {
    const auto name = code(static_cast<LoginRefusal>(r));
    EXPECT_NE(name, "unknown") << r;
    EXPECT_TRUE(codes.insert(name).second) << name;
  }
  EXPECT_EQ(code(LoginRefusal::rate_limited), "rate_limited");
}

}  // namespace bbzhm::protocol
