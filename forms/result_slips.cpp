// Per-student result slips: the results the station showed at the end of testing (p.24), on paper.
#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

constexpr int kColumns = 2;
constexpr double kSlipHeight = 150;

Result<void> check(const ResultSlips& slips) {
  Checker c("result slips");
  c.organization(slips.organization).sitting(slips.sitting);
  c.that(!slips.slips.empty(), "the list of slips", "is empty");
  for (std::size_t i = 0; i < slips.slips.size(); ++i) {
    const ResultSlip& s = slips.slips[i];
    const std::string where = "slip " + std::to_string(i + 1) + ": ";
    c.student(where, s.student, true);
    c.that(!s.scores.empty(), where + "list of scores", "is empty");
    for (const SubjectScore& score : s.scores) c.score(where, score);
    c.text(where + "receipt code", s.receipt_code);
  }
  return c.result();
}

}  // namespace

Result<void> render_result_slips(const ResultSlips& slips, Language lang,
                                 const std::filesystem::path& pdf) {
  if (auto ok = check(slips); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.result_slip.title"));
  const std::string heading =
      campaign_text(lang, slips.sitting.campaign) + " · " + date_text(slips.sitting.date);
  doc.slips(slips.slips.size(), kColumns, kSlipHeight, [&](std::size_t i, Box& box) {
    const ResultSlip& s = slips.slips[i];
    box.line(heading, TextStyle{.size = 8.5, .bold = true});
    box.line(slips.organization.name, TextStyle{.size = 7.5});
    box.space(4);
    box.line(s.student.full_name, TextStyle{.size = 11, .bold = true});
    box.line(i18n::format(lang, "forms.result_slip.class", {s.student.class_name}) + " · " +
                 t("forms.common.personal_code") + " " + s.student.personal_code.value,
             TextStyle{.size = 9});
    box.space(4);
    for (const SubjectScore& score : s.scores) {
      box.pair(subject_test_text(lang, score.test),
               i18n::format(lang, "forms.result_slip.score",
                            {std::to_string(score.score), std::to_string(score.max),
                             level_name(lang, score.level)}),
               TextStyle{.size = 9});
    }
    box.space(4);
    box.field(t("forms.result_slip.receipt"), s.receipt_code,
              TextStyle{.size = 10, .bold = true, .family = Family::mono});
  });
  doc.set_footer(i18n::format(lang, "forms.result_slip.footer", {heading}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
