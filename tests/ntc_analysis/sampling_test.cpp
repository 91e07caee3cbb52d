// p.14 sampling: proportions per stratum, exclusion of earlier participants, repeatable by seed,
// refusal naming the stratum that cannot be filled.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "ntc/analysis/random.hpp"
#include "ntc/analysis/sampling.hpp"

namespace bbzhm::ntc {
namespace {

// 400 schools in 12 strata of uneven sizes (2 localities x 3 types x 2 languages, contingent
// by code), codes K0001..K0400.
std::vector<SchoolInfo> registry(std::size_t n = 400) {
  std::vector<SchoolInfo> out;
  const char* types[] = {"school", "gymnasium", "lyceum"};
  for (std::size_t i = 0; i < n; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "K%04zu", i + 1);
    SchoolInfo s;
    s.code = code;
    s.name = code;
    s.region = "R";
    s.district = "D";
    s.urban = i % 3 != 0;
    s.type = types[(i / 2) % 3 == 2 && i % 5 != 0 ? 0 : (i / 2) % 3];
    s.contingent = i % 7 == 0 ? "small" : "large";
    s.languages =
        i % 4 == 0 ? std::vector<std::string>{"ru", "kk"} : std::vector<std::string>{"kk"};
    out.push_back(s);
  }
  return out;
}

TEST(NtcSampling, GeneratorMatchesTheReferenceImplementation) {
  // SplitMix64 from state 0 gives 0xE220A8397B1DCDAF first (Vigna's splitmix64.c); xoshiro256**
  // seeded with its first four outputs then gives these (computed with an independent Python
  // transcription of xoshiro256starstar.c).
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
  Xoshiro256 rng(0);
  EXPECT_EQ(rng.next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(rng.next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(rng.next(), 0x1a5f849d4933e6e0ULL);
}

TEST(NtcSampling, EachStratumGetsItsShareAndTheTotalIsTheShareOfAll) {
  const auto schools = registry();
  const auto sample = draw_sample(schools, {}, 0.25, 42);
  ASSERT_TRUE(sample) << sample.error().what;
  EXPECT_EQ(sample->selected.size(), 100u);  // round(0.25 · 400)
  EXPECT_GE(sample->strata.size(), 8u);
  std::size_t sum = 0;
  for (const SampleStratum& st : sample->strata) {
    const double exact = 0.25 * static_cast<double>(st.schools);
    EXPECT_GE(st.quota, static_cast<std::size_t>(std::floor(exact))) << st.key;
    EXPECT_LE(st.quota, static_cast<std::size_t>(std::ceil(exact))) << st.key;
    EXPECT_EQ(st.selected.size(), st.quota) << st.key;
    sum += st.quota;
    // Every selected school is of this stratum.
    for (const std::string& code : st.selected) {
      const auto it =
          std::ranges::find_if(schools, [&](const SchoolInfo& s) { return s.code == code; });
      ASSERT_NE(it, schools.end());
      EXPECT_EQ(stratum_key(*it), st.key);
    }
  }
  EXPECT_EQ(sum, 100u);
  // No school twice.
  auto sorted = sample->selected;
  EXPECT_EQ(std::ranges::unique(sorted).begin(), sorted.end());
  // Languages are sorted in the key: a school teaching ru and kk is in a "kk+ru" stratum.
  EXPECT_EQ(stratum_key(schools[0]), "rural|school|small|kk+ru");
}

TEST(NtcSampling, SchoolsOfEarlierCampaignsAreNeverSelected) {
  const auto schools = registry();
  std::set<std::string> earlier;
  for (std::size_t i = 1; i < schools.size(); i += 4) earlier.insert(schools[i].code);  // 100
  const auto sample = draw_sample(schools, earlier, 0.25, 7);
  ASSERT_TRUE(sample) << sample.error().what;
  EXPECT_EQ(sample->excluded, 100u);
  EXPECT_EQ(sample->selected.size(), 100u);
  for (const std::string& code : sample->selected) EXPECT_FALSE(earlier.contains(code)) << code;
}

constexpr const char* kPinnedDraw = "K0001 K0002 K0003 K0004 K0007 K0011 ";

TEST(NtcSampling, SameSeedSameDrawOtherSeedOtherDraw) {
  const auto schools = registry();
  const auto a = draw_sample(schools, {}, 0.25, 2026);
  const auto b = draw_sample(schools, {}, 0.25, 2026);
  const auto c = draw_sample(schools, {}, 0.25, 2027);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->selected, b->selected);
  EXPECT_NE(a->selected, c->selected);
  // The registry's order does not matter, only its content.
  auto reversed = schools;
  std::ranges::reverse(reversed);
  EXPECT_EQ(draw_sample(reversed, {}, 0.25, 2026)->selected, a->selected);
  // Pinned: this draw must never change across compilers and standard libraries.
  const auto small = draw_sample(registry(12), {}, 0.5, 1);
  ASSERT_TRUE(small);
  std::string joined;
  for (const auto& code : small->selected) joined += code + " ";
  EXPECT_EQ(joined, kPinnedDraw);
}

TEST(NtcSampling, RefusesAStratumThatCannotBeFilledAndNamesIt) {
  std::vector<SchoolInfo> schools = registry(40);
  std::set<std::string> earlier;
  // Every school of the stratum of K0002 took part earlier.
  const std::string stratum = stratum_key(schools[1]);
  for (const SchoolInfo& s : schools)
    if (stratum_key(s) == stratum) earlier.insert(s.code);
  const auto sample = draw_sample(schools, earlier, 0.25, 1);
  ASSERT_FALSE(sample);
  EXPECT_EQ(sample.error().key, "ntc.sample.error.stratum");
  EXPECT_NE(sample.error().what.find("stratum " + stratum + " cannot be filled"), std::string::npos)
      << sample.error().what;

  EXPECT_EQ(draw_sample(schools, {}, 0, 1).error().key, "ntc.sample.error.share");
  EXPECT_EQ(draw_sample(schools, {}, 1.5, 1).error().key, "ntc.sample.error.share");
  schools.push_back(schools[3]);
  EXPECT_EQ(draw_sample(schools, {}, 0.25, 1).error().key, "ntc.sample.error.duplicate");
}

TEST(NtcSampling, RoundedUpSeatsGoWhereASchoolIsLeft) {
  // A stratum of 1-3 schools has a floor quota of 0 at 25%: when all of its schools took part
  // earlier, its rounded-up seat goes to another stratum and the total is still round(0.25·N).
  const auto schools = registry(40);
  const auto plain = draw_sample(schools, {}, 0.25, 9);
  ASSERT_TRUE(plain);
  const SampleStratum* small = nullptr;
  for (const SampleStratum& st : plain->strata)
    if (st.schools < 4 && st.quota == 1) small = &st;
  ASSERT_NE(small, nullptr);
  std::set<std::string> earlier;
  for (const SchoolInfo& s : schools)
    if (stratum_key(s) == small->key) earlier.insert(s.code);
  const auto sample = draw_sample(schools, earlier, 0.25, 9);
  ASSERT_TRUE(sample) << sample.error().what;
  EXPECT_EQ(sample->selected.size(), 10u);
  for (const std::string& code : sample->selected) EXPECT_FALSE(earlier.contains(code));
  // With only 6 schools left in all, 10 cannot be drawn: refused, saying so.
  std::set<std::string> most;
  for (std::size_t i = 6; i < schools.size(); ++i) most.insert(schools[i].code);
  const auto refused = draw_sample(schools, most, 0.25, 9);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().key == "ntc.sample.error.total" ||
              refused.error().key == "ntc.sample.error.stratum")
      << refused.error().key;
}

TEST(NtcSampling, PrintedDrawListsStrataAndSchoolsInKazakh) {
  const auto sample = draw_sample(registry(40), {}, 0.25, 5);
  ASSERT_TRUE(sample);
  const std::string text = format_sample(*sample, Language::kk);
  EXPECT_NE(text.find("Іріктелді: 10 мектеп (40 мектептің ішінен, үлесі 0.25), сид 5"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Страта rural|school|small|kk+ru"), std::string::npos) << text;
  for (const auto& code : sample->selected) EXPECT_NE(text.find(code + "\n"), std::string::npos);
}

}  // namespace
}  // namespace bbzhm::ntc
