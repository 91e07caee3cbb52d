// Annex 2 act: an impostor found at admission to the building or during testing (p.21).
#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const ImpostorAct& act) {
  Checker c("Annex 2 act");
  c.text("act number", act.number).text("journal hash", act.journal_hash);
  c.organization(act.organization).date("date", act.date).time("time", act.time);
  c.representative(act.representative);
  c.student("", act.student, false).text("impostor's full name", act.impostor_full_name);
  // The impostor is removed from a room only when found during testing.
  c.text("room", act.room, act.found_at == ImpostorFoundAt::testing);
  return c.result();
}

}  // namespace

Result<void> render_impostor_act(const ImpostorAct& act, Language lang,
                                 const std::filesystem::path& pdf) {
  if (auto ok = check(act); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };
  const auto blank = [](std::string value, std::string caption = {}, double min_width = 0) {
    return Blank{.value = std::move(value), .caption = std::move(caption), .min_width = min_width};
  };
  const auto to_margin = [](std::string value, std::string caption = {}) {
    return Blank{.value = std::move(value), .caption = std::move(caption), .to_margin = true};
  };
  const bool admission = act.found_at == ImpostorFoundAt::admission;
  const std::string student = i18n::format(
      lang, "forms.act2.student_value", {act.student.full_name, act.student.personal_code.value});

  Document doc(lang, Family::serif, t("forms.act2.title"));
  doc.annex_heading(t("forms.act2.annex"));
  doc.space(18);
  // A correction is a new act: its subtitle names the act it corrects (p.20-21).
  std::string subtitle = i18n::format(lang, "forms.act.number", {act.number});
  if (!act.corrects.empty())
    subtitle += " · " + i18n::format(lang, "forms.act.corrects", {act.corrects});
  doc.title(t("forms.act2.title"), subtitle);

  const Blank organization[] = {blank(act.organization.code, t("forms.act.code"), 50),
                                to_margin(act.organization.name, t("forms.act.name"))};
  doc.form_line(t("forms.act.organization"), organization);
  const Blank when[] = {blank(two_digits(static_cast<int>(static_cast<unsigned>(act.date.day())))),
                        blank(std::string(month_name(lang, act.date.month())), {}, 70),
                        blank(std::to_string(static_cast<int>(act.date.year()))),
                        blank(two_digits(act.time.hour)), blank(two_digits(act.time.minute))};
  doc.form_line(t("forms.act2.when"), when);
  const Blank representative[] = {
      to_margin(act.representative.full_name, t("forms.act.full_name"))};
  doc.form_line(t("forms.act2.representative"), representative);
  doc.space(4);
  const Blank fact[] = {blank(student, t("forms.act2.student_caption")),
                        blank(act.impostor_full_name, t("forms.act2.impostor_caption"))};
  doc.form_line(t(admission ? "forms.act2.fact_admission" : "forms.act2.fact_testing"), fact);
  doc.space(4);
  doc.paragraph(t("forms.act2.considering"));
  const Blank decision[] = {blank(student, t("forms.act2.decision_caption")),
                            blank(act.room, {}, 30)};
  // p.21: not admitted to the building, or removed from the room; the results are annulled.
  doc.form_line(t(admission ? "forms.act2.decision_admission" : "forms.act2.decision_testing"),
                decision);
  doc.space(14);

  doc.keep(150);
  doc.paragraph(t("forms.act2.acquainted"));
  doc.signature_line("", t("forms.act2.person_signature"));
  doc.space(10);
  doc.signature_line(act.representative.full_name, t("forms.common.representative_signature"));
  doc.set_footer(i18n::format(lang, "forms.act.footer", {act.number, act.journal_hash}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
