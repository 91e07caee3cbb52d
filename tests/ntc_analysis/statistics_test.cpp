// The national statistics against hand-computed small cases and simulated data with known
// parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "ntc/analysis/dif.hpp"
#include "ntc/analysis/items.hpp"
#include "ntc/analysis/rasch.hpp"
#include "ntc/analysis/scores.hpp"
#include "ntc/analysis/synthetic.hpp"

namespace bbzhm::ntc {
namespace {

// A student of school `school` who answered `right` (1/0 per item I1, I2, ...).
StudentResult student(std::string key, std::string school, std::vector<int> right,
                      std::string language = "kk", std::string cls = "9А") {
  StudentResult s;
  s.student_key = std::move(key);
  s.school_code = std::move(school);
  s.class_name = std::move(cls);
  s.grade = 9;
  s.language = std::move(language);
  s.subject = "math";
  s.variant = "1";
  for (std::size_t i = 0; i < right.size(); ++i) {
    ItemResponse r;
    r.item_id = "I" + std::to_string(i + 1);
    r.score = right[i];
    r.chosen = {right[i] ? 0 : 1};
    s.responses.push_back(r);
    s.score += right[i];
    s.max_score += 1;
  }
  s.level = synthetic_level(100 * s.score / s.max_score);
  return s;
}

// Four students, three items, a perfect Guttman pattern:
//   P1 1 1 1 | 3      P2 1 1 0 | 2      P3 1 0 0 | 1      P4 0 0 0 | 0
CampaignData guttman() {
  CampaignData d;
  d.campaign = "test";
  d.schools = {
      SchoolInfo{.code = "A", .name = "A", .region = "R1", .district = "D1", .urban = true},
      SchoolInfo{.code = "B", .name = "B", .region = "R1", .district = "D2"}};
  d.students = {student("P1", "A", {1, 1, 1}), student("P2", "A", {1, 1, 0}),
                student("P3", "B", {1, 0, 0}), student("P4", "B", {0, 0, 0})};
  for (int i = 1; i <= 3; ++i)
    d.items.push_back(ItemInfo{.item_id = "I" + std::to_string(i),
                               .subject = "math",
                               .language = "kk",
                               .kind = "single",
                               .option_count = 3,
                               .key = {0}});
  return d;
}

TEST(NtcStatistics, MeanAndConfidenceIntervalMatchHandComputation) {
  // {50, 60, 70, 80}: mean 65; sd = √(500/3) = 12.9099; t(0.975, 3) = 3.182;
  // half-width = 3.182 · 12.9099 / √4 = 20.5397.
  const Moments m = moments({50, 60, 70, 80});
  EXPECT_EQ(m.n, 4u);
  EXPECT_DOUBLE_EQ(m.mean, 65);
  EXPECT_NEAR(m.sd, 12.9099, 1e-4);
  EXPECT_NEAR(m.ci.low, 44.4603, 1e-3);
  EXPECT_NEAR(m.ci.high, 85.5397, 1e-3);
  // Large samples: the t quantile tends to the normal 1.96 (tables: t(0.975, 120) = 1.980).
  EXPECT_NEAR(t_quantile_975(120), 1.980, 1e-3);
  EXPECT_NEAR(t_quantile_975(1000000), 1.960, 1e-3);
  EXPECT_EQ(moments({}).n, 0u);
  EXPECT_DOUBLE_EQ(moments({42}).ci.low, 42);
}

TEST(NtcStatistics, GroupSummariesCountAbsencesAndAnnulmentsApart) {
  CampaignData d = guttman();
  StudentResult absent = student("P5", "B", {});
  absent.absent = true;
  absent.absence_reason = "illness";
  absent.max_score = 0;
  StudentResult annulled = student("P6", "A", {1, 1, 1});
  annulled.annulled = true;
  // Registered and never came: did not sit, but no p.12 reason was recorded.
  StudentResult never_came = student("P7", "B", {});
  never_came.absent = true;
  never_came.max_score = 0;
  d.students.push_back(absent);
  d.students.push_back(annulled);
  d.students.push_back(never_came);

  const auto schools = summarize(d, Grouping::school);
  ASSERT_EQ(schools.size(), 2u);
  // School A: P1 100%, P2 66.67% (P6 annulled): mean 83.33; levels high, medium.
  EXPECT_EQ(schools[0].key, "A");
  EXPECT_EQ(schools[0].sat, 2u);
  EXPECT_EQ(schools[0].annulled, 1u);
  EXPECT_NEAR(schools[0].percent.mean, 83.3333, 1e-3);
  EXPECT_EQ(schools[0].levels.at("high"), 1u);
  EXPECT_EQ(schools[0].levels.at("medium"), 1u);
  EXPECT_EQ(schools[0].levels.at("low"), 0u);
  // School B: P3 33.33%, P4 0% (P5 absent, P7 never came): mean 16.67, both low.
  EXPECT_EQ(schools[1].absent, 2u);
  EXPECT_EQ(schools[1].excused, 1u);  // "absent for a valid reason" counts only P5
  EXPECT_NEAR(schools[1].percent.mean, 16.6667, 1e-3);
  EXPECT_DOUBLE_EQ(schools[1].level_share("low"), 1.0);

  const auto nation = summarize(d, Grouping::national);
  ASSERT_EQ(nation.size(), 1u);
  EXPECT_EQ(nation[0].sat, 4u);
  EXPECT_NEAR(nation[0].percent.mean, 50, 1e-9);
  const auto locality = summarize(d, Grouping::locality);
  ASSERT_EQ(locality.size(), 2u);
  EXPECT_EQ(locality[0].key, "rural");
  EXPECT_EQ(locality[1].key, "urban");
  const auto district = summarize(d, Grouping::district);
  EXPECT_EQ(district[0].key, "R1 / D1");
  const auto classes = summarize(d, Grouping::class_);
  EXPECT_EQ(classes[0].key, "A/9А");
  EXPECT_EQ(student_scores(d).size(), 4u);  // the absent and the annulled are not scores
}

TEST(NtcStatistics, ItemStatisticsAndAlphaMatchHandComputation) {
  const CampaignData d = guttman();
  const auto items = analyze_items(d);
  ASSERT_EQ(items.size(), 3u);
  // p-values: 3/4, 2/4, 1/4.
  EXPECT_DOUBLE_EQ(items[0].p_value, 0.75);
  EXPECT_DOUBLE_EQ(items[1].p_value, 0.5);
  EXPECT_DOUBLE_EQ(items[2].p_value, 0.25);
  // Item 1 against the rest score (2, 1, 0, 0): Sxy = 0.75, Sxx = 0.75, Syy = 2.75,
  // r = 0.75 / √(0.75 · 2.75) = 0.522233.
  EXPECT_NEAR(items[0].point_biserial, 0.522233, 1e-6);
  // Distractors: option 0 is the key (chosen by P1-P3), option 1 by P4. Ranked by score the
  // thirds of 4 are rank·3/4 = 0, 0, 1, 2: low {P4, P3}, middle {P2}, high {P1}.
  ASSERT_EQ(items[0].options.size(), 4u);  // 3 options + omitted
  EXPECT_TRUE(items[0].options[0].key);
  EXPECT_DOUBLE_EQ(items[0].options[0].all, 0.75);
  EXPECT_DOUBLE_EQ(items[0].options[1].all, 0.25);
  EXPECT_DOUBLE_EQ(items[0].options[1].low, 0.5);
  EXPECT_DOUBLE_EQ(items[0].options[0].low, 0.5);
  EXPECT_DOUBLE_EQ(items[0].options[0].high, 1.0);
  EXPECT_DOUBLE_EQ(items[0].options[1].high, 0.0);
  EXPECT_EQ(items[0].options[3].option, -1);

  const auto tests = analyze_tests(d);
  ASSERT_EQ(tests.size(), 1u);
  // Item variances (n-1): 0.25, 1/3, 0.25, sum 0.8333; totals 3, 2, 1, 0 have variance 5/3.
  // alpha = 3/2 · (1 - 0.8333 / 1.6667) = 0.75; SEM = √(5/3) · √0.25 = 0.645497.
  EXPECT_NEAR(tests[0].alpha, 0.75, 1e-9);
  EXPECT_NEAR(tests[0].sem, 0.645497, 1e-6);
  EXPECT_NEAR(tests[0].mean, 1.5, 1e-9);
}

TEST(NtcStatistics, OmittedResponsesAreCountedPerItem) {
  CampaignData d = guttman();
  d.students[3].responses[0].omitted = true;
  d.students[3].responses[0].chosen.clear();
  const auto items = analyze_items(d);
  EXPECT_DOUBLE_EQ(items[0].omitted_rate, 0.25);
  EXPECT_DOUBLE_EQ(items[0].options.back().all, 0.25);
  EXPECT_DOUBLE_EQ(items[0].options[1].all, 0.0);
}

TEST(NtcStatistics, MantelHaenszelMatchesHandComputation) {
  // Two strata (ref right, ref wrong, focal right, focal wrong): (10,10,5,15) and (20,5,15,10).
  // alpha = (10·15/40 + 20·10/50) / (10·5/40 + 5·15/50) = 7.75 / 2.75 = 2.818182;
  // D-DIF = -2.35 ln 2.818182 = -2.434816. Chi-square: ΣA = 30, ΣE(A) = 7.5 + 17.5 = 25,
  // ΣVar = 2.403846 + 2.678571, (|30-25| - 0.5)² / 5.082418 = 3.984324. RBG var(ln alpha) =
  // 4.74375/(2·7.75²) + 4.6875/(2·7.75·2.75) + 1.06875/(2·2.75²) = 0.220122, SE(D) = 1.102553.
  // |D| >= 1.5 and significant, but (|D| - 1) / SE = 1.30 < 1.645: class B.
  const MhResult r = mantel_haenszel({{10, 10, 5, 15}, {20, 5, 15, 10}});
  EXPECT_NEAR(r.alpha, 2.818182, 1e-6);
  EXPECT_NEAR(r.d_dif, -2.434816, 1e-6);
  EXPECT_NEAR(r.chi_square, 3.984324, 1e-6);
  EXPECT_NEAR(r.se_d_dif, 1.102553, 1e-6);
  EXPECT_EQ(r.ets, EtsClass::B);
  EXPECT_EQ(r.reference, 45u);
  EXPECT_EQ(r.focal, 45u);
  // The same odds in both groups: no DIF at all.
  const MhResult none = mantel_haenszel({{10, 10, 10, 10}, {30, 10, 15, 5}});
  EXPECT_NEAR(none.alpha, 1.0, 1e-12);
  EXPECT_EQ(none.ets, EtsClass::A);
}

TEST(NtcStatistics, RaschRecoversKnownDifficultiesOfSimulatedData) {
  // 2000 students x 30 items, abilities N(0, 1) plus school effects N(0, 0.3), difficulties
  // evenly spaced over [-2, 2] (mean 0, the same origin as the calibration's).
  SyntheticSpec spec;
  spec.seed = 20260423;
  spec.students = 2000;
  spec.items = 30;
  spec.absent_rate = 0;
  spec.annul_rate = 0;
  const CampaignData d = synthesize(spec);
  const auto truth = synthetic_difficulties(spec);
  const auto cal = calibrate_rasch(d);
  ASSERT_EQ(cal.size(), 1u);
  EXPECT_TRUE(cal[0].converged);
  ASSERT_EQ(cal[0].items.size(), 30u);
  double sq = 0, se = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    const RaschItem& it = cal[0].items[i];  // I001..I030, sorted
    ASSERT_TRUE(it.estimated);
    sq += (it.difficulty - truth[i]) * (it.difficulty - truth[i]);
    se += it.se;
    EXPECT_NEAR(it.infit, 1.0, 0.15) << it.item_id;  // data fit the model they came from
  }
  const double rmse = std::sqrt(sq / 30);
  // Stated tolerance (docs/NTC_STATISTICS.md): RMSE < 0.1 logit at this size.
  EXPECT_LT(rmse, 0.1);
  // Standard errors as the information says: ≈ 1/√(2000 · 0.2) ≈ 0.05-0.09 logit here.
  EXPECT_GT(se / 30, 0.04);
  EXPECT_LT(se / 30, 0.09);
  std::printf("rasch_rmse=%.4f mean_se=%.4f iterations=%d\n", rmse, se / 30, cal[0].iterations);
}

TEST(NtcStatistics, RaschLeavesOutExtremeItemsAndPersons) {
  Responses x(3);
  using A = std::pair<std::uint32_t, bool>;
  // Item 2 is right for everyone: no finite difficulty. Person 3 then has all right.
  const std::vector<std::vector<A>> persons = {{{0, 1}, {1, 0}, {2, 1}},
                                               {{0, 0}, {1, 1}, {2, 1}},
                                               {{0, 1}, {1, 1}, {2, 1}},
                                               {{0, 0}, {1, 0}, {2, 1}},
                                               {{0, 1}, {1, 0}, {2, 1}}};
  for (const auto& p : persons) x.add_person(p);
  const RaschFit fit = fit_rasch(x);
  EXPECT_FALSE(fit.estimated[2]);
  EXPECT_TRUE(fit.estimated[0]);
  EXPECT_FALSE(fit.person_used[2]);  // all right
  EXPECT_FALSE(fit.person_used[3]);  // all wrong once item 2 is gone
  // Items 0 and 1 with 3 vs 2... of the persons left (0, 1, 4): item 0 right 2 of 3, item 1
  // right 1 of 3, so item 1 is the harder one, symmetric about 0.
  EXPECT_LT(fit.difficulty[0], 0);
  EXPECT_NEAR(fit.difficulty[0], -fit.difficulty[1], 1e-9);
}

TEST(NtcStatistics, LanguageDifFlagsSimulatedDifItemsAsCAndCleanItemsAsA) {
  // 3000 students; Russian-language students 0.3 logit less able on average (impact, which MH
  // must not mistake for DIF), and items 4, 11, 20 one logit harder in Russian (true DIF:
  // alpha ≈ e^1, D-DIF ≈ -2.35).
  SyntheticSpec spec;
  spec.seed = 8;
  spec.students = 3000;
  spec.items = 30;
  spec.ru_share = 0.5;
  spec.ru_ability_shift = -0.3;
  spec.ru_dif = {{3, 1.0}, {10, 1.0}, {19, 1.0}};
  const CampaignData d = synthesize(spec);
  const auto dif = language_dif(d, "kk", "ru");
  ASSERT_EQ(dif.size(), 30u);
  for (std::size_t i = 0; i < dif.size(); ++i) {
    const bool flagged = i == 3 || i == 10 || i == 19;
    EXPECT_EQ(letter(dif[i].mh.ets), flagged ? 'C' : 'A')
        << dif[i].item_id << " D-DIF " << dif[i].mh.d_dif << " SE " << dif[i].mh.se_d_dif;
    if (flagged) {
      EXPECT_LT(dif[i].mh.d_dif, -1.5);  // harder for the focal group: negative D
    }
  }
}

}  // namespace
}  // namespace bbzhm::ntc
