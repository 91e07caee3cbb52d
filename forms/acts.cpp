// The acts of a session: Annex 1, confiscation of prohibited items and removal of the student
// from the room (p.20); Annex 2, an impostor found at admission or during testing (p.21).
#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const ConfiscationAct& act) {
  Checker c("Annex 1 act");
  c.text("act number", act.number).text("journal hash", act.journal_hash);
  c.organization(act.organization).date("date", act.date).time("time", act.time);
  c.representative(act.representative);
  c.text("room", act.room).positive("seat", act.seat);
  c.student("", act.student, false).text("variant", act.variant);
  for (std::size_t i = 0; i < act.items.size(); ++i) {
    const std::string where = "item " + std::to_string(i + 1) + ": ";
    c.text(where + "name", act.items[i].name).text(where + "brand", act.items[i].brand, false);
    c.positive(where + "quantity", act.items[i].quantity);
  }
  for (const std::string& name : act.drawn_up_by) c.text("name of one who drew up the act", name);
  return c.result();
}

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

Blank blank(std::string value, std::string caption = {}, double min_width = 0) {
  return Blank{.value = std::move(value), .caption = std::move(caption), .min_width = min_width};
}

Blank to_margin(std::string value, std::string caption = {}) {
  return Blank{.value = std::move(value), .caption = std::move(caption), .to_margin = true};
}

// What both annexes open with: the heading, the title with the act's number (a correction is a new
// act whose subtitle names the act it corrects, p.20-21), the organization, when, and the
// representative. `annex` is the catalog prefix of the act's own wording ("forms.act1").
template <class Act>
void open_act(Document& doc, Language lang, const Act& act, const std::string& annex) {
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };
  doc.annex_heading(t(annex + ".annex"));
  doc.space(18);
  std::string subtitle = i18n::format(lang, "forms.act.number", {act.number});
  if (!act.corrects.empty())
    subtitle += " · " + i18n::format(lang, "forms.act.corrects", {act.corrects});
  doc.title(t(annex + ".title"), subtitle);

  const Blank organization[] = {blank(act.organization.code, t("forms.act.code"), 50),
                                to_margin(act.organization.name, t("forms.act.name"))};
  doc.form_line(t("forms.act.organization"), organization);
  const Blank when[] = {blank(two_digits(static_cast<int>(static_cast<unsigned>(act.date.day())))),
                        blank(std::string(month_name(lang, act.date.month())), {}, 70),
                        blank(std::to_string(static_cast<int>(act.date.year()))),
                        blank(two_digits(act.time.hour)), blank(two_digits(act.time.minute))};
  doc.form_line(t(annex + ".when"), when);
  const Blank representative[] = {
      to_margin(act.representative.full_name, t("forms.act.full_name"))};
  doc.form_line(t(annex + ".representative"), representative);
}

}  // namespace

Result<void> render_confiscation_act(const ConfiscationAct& act, Language lang,
                                     const std::filesystem::path& pdf) {
  if (auto ok = check(act); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };
  const std::string& name = act.student.full_name;
  const std::string& code = act.student.personal_code.value;

  Document doc(lang, Family::serif, t("forms.act1.title"));
  open_act(doc, lang, act, "forms.act1");
  const Blank place[] = {blank(act.room, {}, 30), blank(std::to_string(act.seat), {}, 30)};
  doc.form_line(t("forms.act1.place"), place);
  const Blank student[] = {blank(name), blank(code), blank(act.variant, {}, 30)};
  doc.form_line(t("forms.act1.student"), student);
  doc.paragraph(t("forms.act1.found"));
  doc.space(4);

  const Column columns[] = {{"№", 24, Align::center},
                            {t("forms.act1.item_name"), 0, Align::left},
                            {t("forms.act1.item_brand"), 120, Align::left},
                            {t("forms.act1.item_quantity"), 76, Align::center}};
  std::vector<Row> rows;
  for (std::size_t i = 0; i < act.items.size(); ++i) {
    const FoundItem& item = act.items[i];
    rows.push_back(Row{{.text = std::to_string(i + 1)},
                       {.text = item.name},
                       {.text = item.brand.empty() ? "—" : item.brand},
                       {.text = std::to_string(item.quantity)}});
  }
  // p.20 also forbids talking: an act may record a removal with nothing confiscated.
  if (rows.empty()) rows.push_back(Row{{.text = "—"}, {.text = t("forms.act1.no_items")}, {}, {}});
  doc.table(columns, rows, 10);
  doc.space(8);

  // p.20: the material is withdrawn, the student removed and the results annulled.
  doc.paragraph(t("forms.act1.considering"));
  doc.paragraph(t("forms.act1.withdraw"));
  const Blank removed[] = {blank(name), blank(code), blank(act.room, {}, 30)};
  doc.form_line(t("forms.act1.remove"), removed);
  doc.space(14);

  doc.keep(230);
  const std::vector<std::string> drawn_up_by =
      act.drawn_up_by.empty() ? std::vector<std::string>{"", ""} : act.drawn_up_by;
  for (std::size_t i = 0; i < drawn_up_by.size(); ++i) {
    if (i > 0) doc.space(6);
    doc.signature_line(drawn_up_by[i],
                       i + 1 == drawn_up_by.size() ? t("forms.act1.drawn_up_by") : "");
  }
  doc.space(10);
  doc.paragraph(t("forms.act1.acquainted"));
  doc.signature_line(name, t("forms.act1.student_signature"));
  doc.space(10);
  doc.signature_line(act.representative.full_name, t("forms.common.representative_signature"));
  doc.set_footer(i18n::format(lang, "forms.act.footer", {act.number, act.journal_hash}));
  return doc.write(pdf);
}

Result<void> render_impostor_act(const ImpostorAct& act, Language lang,
                                 const std::filesystem::path& pdf) {
  if (auto ok = check(act); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };
  const bool admission = act.found_at == ImpostorFoundAt::admission;
  const std::string student = i18n::format(
      lang, "forms.act2.student_value", {act.student.full_name, act.student.personal_code.value});

  Document doc(lang, Family::serif, t("forms.act2.title"));
  open_act(doc, lang, act, "forms.act2");
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
