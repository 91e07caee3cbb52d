// The protocol of the lab's readiness, checked by the representative before testing (p.19).
#include <algorithm>

#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const ReadinessProtocol& p) {
  Checker c("lab readiness protocol");
  c.organization(p.organization).text("room", p.room).date("date", p.date).time("time", p.time);
  c.representative(p.representative);
  c.text("head's full name", p.head_full_name, false);
  c.text("technician's full name", p.technician_full_name, false);
  c.that(!p.items.empty(), "the checklist", "is empty");
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const std::string where = "checklist item " + std::to_string(i + 1) + ": ";
    c.text(where + "text", p.items[i].text).text(where + "note", p.items[i].note, false, true);
  }
  return c.result();
}

}  // namespace

Result<void> render_readiness_protocol(const ReadinessProtocol& protocol, Language lang,
                                       const std::filesystem::path& pdf) {
  if (auto ok = check(protocol); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.readiness.title"));
  doc.title(t("forms.readiness.title"));
  const Fact facts[] = {
      {t("forms.common.organization"), organization_text(protocol.organization)},
      {t("forms.common.room"), protocol.room},
      {t("forms.common.date"), date_text(protocol.date) + ", " + time_text(protocol.time)},
      {t("forms.common.representative"), protocol.representative.full_name},
  };
  doc.facts(facts);
  doc.space(8);

  const Column columns[] = {{"№", 24, Align::center},
                            {t("forms.readiness.item"), 0, Align::left},
                            {t("forms.readiness.result"), 80, Align::center},
                            {t("forms.readiness.note"), 140, Align::left}};
  std::vector<Row> rows;
  for (std::size_t i = 0; i < protocol.items.size(); ++i) {
    const ChecklistItem& item = protocol.items[i];
    rows.push_back(Row{
        {.text = std::to_string(i + 1)},
        {.text = item.text},
        {.text = t(item.ok ? "forms.readiness.ok" : "forms.readiness.not_ok"), .bold = !item.ok},
        {.text = item.note}});
  }
  doc.table(columns, rows, 9.5);
  doc.space(10);
  const bool ready = std::ranges::all_of(protocol.items, &ChecklistItem::ok);
  doc.paragraph(t(ready ? "forms.readiness.ready" : "forms.readiness.not_ready"),
                TextStyle{.bold = true});
  doc.space(16);

  doc.keep(160);
  doc.signature_line(protocol.representative.full_name, t("forms.common.representative_signature"));
  doc.space(8);
  doc.signature_line(protocol.head_full_name, t("forms.readiness.head_signature"));
  doc.space(8);
  doc.signature_line(protocol.technician_full_name, t("forms.readiness.technician_signature"));
  doc.set_footer(
      i18n::format(lang, "forms.readiness.footer", {protocol.room, date_text(protocol.date)}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
