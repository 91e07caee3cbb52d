// The binary codec: round trips, and refusal of truncated input and forged counts.
#include "common/codec.hpp"

#include <gtest/gtest.h>

namespace bbzhm {

TEST(Codec, RoundTripsEveryType) {
  Writer w;
  w.u8(7);
  w.u16(0xBEEF);
  w.u32(0xDEADBEEF);
  w.u64(0x0102030405060708ULL);
  w.i64(-42);
  w.boolean(true);
  w.str("Әйгерім Қасымқызы");
  Reader r(w.bytes());
  EXPECT_EQ(r.u8(), 7);
  EXPECT_EQ(r.u16(), 0xBEEF);
  EXPECT_EQ(r.u32(), 0xDEADBEEFu);
  EXPECT_EQ(r.u64(), 0x0102030405060708ULL);
  EXPECT_EQ(r.i64(), -42);
  EXPECT_TRUE(r.boolean());
  EXPECT_EQ(r.str(), "Әйгерім Қасымқызы");
  EXPECT_TRUE(r.done());
}

TEST(Codec, TruncatedInputFailsInsteadOfReadingPastTheEnd) {
  Writer w;
  w.str("hello");
  Bytes b = w.take();
  b.pop_back();
  Reader r(b);
  EXPECT_EQ(r.str(), "");
  EXPECT_FALSE(r.ok());
}

TEST(Codec, ForgedCountLargerThanInputIsRefused) {
  Writer w;
  w.u32(0xFFFFFFFF);
  Reader r(w.bytes());
  EXPECT_EQ(r.count(8), 0u);
  EXPECT_FALSE(r.ok());
}

TEST(Codec, TrailingBytesAreNotDone) {
  Writer w;
  w.u8(1);
  w.u8(2);
  Reader r(w.bytes());
  r.u8();
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.done());
}

}  // namespace bbzhm
