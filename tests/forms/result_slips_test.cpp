// Per-student result slips (p.24): subjects, scores, levels and the receipt code, cut apart.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

TEST(ResultSlips, KazakhSlipsCarryScoresLevelsAndReceiptCodes) {
  const ResultSlips slips = sample_result_slips(8);
  const auto pdf = artefact("result-slips", Language::kk);
  ASSERT_TRUE(rendered(render_result_slips(slips, Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(
      contains_all(text, {"ББЖМ 2025, сәуір · 15.04.2025", "Сынып: 9 «Ә» · ТЖК 250415001001",
                          "Оқу сауаттылығы (ағыл.)", "Жаратылыстану-ғылыми сауаттылық (қаз.)",
                          "20 / 20 · жоғары", "Түбіртек коды:"}));
  for (const ResultSlip& s : slips.slips)
    EXPECT_EQ(count(text, s.receipt_code), 1u) << s.receipt_code;
}

TEST(ResultSlips, RussianSlipsHaveRussianLabels) {
  const auto pdf = artefact("result-slips", Language::ru);
  ASSERT_TRUE(rendered(render_result_slips(sample_result_slips(8), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(flat(pdf_text(pdf)),
                           {"МОДО 2025, апрель", "Класс: 9 «Ә» · ИКТ 250415001001",
                            "Математическая грамотность (каз.)", "Код квитанции:", "средний"}));
}

TEST(ResultSlips, RefusesASlipWithoutReceiptCode) {
  ResultSlips slips = sample_result_slips(3);
  slips.slips[0].receipt_code.clear();
  TempDir dir;
  const auto r = render_result_slips(slips, Language::kk, dir / "s.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, "result slips: slip 1: receipt code is empty");
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms
