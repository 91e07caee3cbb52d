// The representative's report on the sitting: who was admitted, absent (p.12), removed
// (p.20-21) and finished, and what happened in the room.
#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const SessionReport& r) {
  Checker c("session report");
  c.organization(r.organization).sitting(r.sitting).text("room", r.room);
  c.representative(r.representative);
  c.that(r.admitted >= 0, "number admitted", "is negative");
  c.that(r.removed >= 0, "number removed", "is negative");
  c.that(r.finished >= 0, "number finished", "is negative");
  for (const auto& [reason, n] : r.absent)
    c.that(n >= 0, "number absent for " + std::string(code(reason)), "is negative");
  for (std::size_t i = 0; i < r.incidents.size(); ++i) {
    const Incident& incident = r.incidents[i];
    const std::string where = "incident " + std::to_string(i + 1) + ": ";
    c.time(where + "time", incident.time);
    c.that(incident.seat >= 0, where + "seat", "is negative");
    c.text(where + "description", incident.description, true, true);
  }
  return c.result();
}

}  // namespace

Result<void> render_session_report(const SessionReport& report, Language lang,
                                   const std::filesystem::path& pdf) {
  if (auto ok = check(report); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.report.title"));
  sitting_heading(doc, lang, "forms.report.title", report.organization, report.sitting, report.room,
                  report.representative);
  doc.space(10);

  const Column count_columns[] = {{t("forms.report.indicator"), 0, Align::left},
                                  {t("forms.report.count"), 80, Align::center}};
  int absent = 0;
  for (const auto& [reason, n] : report.absent) absent += n;
  std::vector<Row> counts{
      {{.text = t("forms.report.admitted")}, {.text = std::to_string(report.admitted)}},
      {{.text = t("forms.report.absent")}, {.text = std::to_string(absent)}}};
  // p.12 lists every reason a student may miss the sitting; each gets its line, even at zero.
  for (AbsenceReason reason : kAllAbsenceReasons) {
    const auto it = report.absent.find(reason);
    counts.push_back(Row{{.text = "    " + std::string(absence_name(lang, reason))},
                         {.text = std::to_string(it == report.absent.end() ? 0 : it->second)}});
  }
  counts.push_back(
      Row{{.text = t("forms.report.removed")}, {.text = std::to_string(report.removed)}});
  counts.push_back(
      Row{{.text = t("forms.report.finished")}, {.text = std::to_string(report.finished)}});
  doc.table(count_columns, counts, 9.5);
  doc.space(14);

  doc.keep(80);
  doc.paragraph(t("forms.report.incidents"), TextStyle{.size = 11, .bold = true});
  doc.space(4);
  if (report.incidents.empty()) {
    doc.paragraph(t("forms.report.no_incidents"));
  } else {
    const Column columns[] = {{"№", 24, Align::center},
                              {t("forms.report.time"), 50, Align::center},
                              {t("forms.report.seat"), 44, Align::center},
                              {t("forms.report.description"), 0, Align::left}};
    std::vector<Row> rows;
    for (std::size_t i = 0; i < report.incidents.size(); ++i) {
      const Incident& incident = report.incidents[i];
      rows.push_back(Row{{.text = std::to_string(i + 1)},
                         {.text = time_text(incident.time)},
                         {.text = incident.seat > 0 ? std::to_string(incident.seat) : "—"},
                         {.text = incident.description}});
    }
    doc.table(columns, rows, 9.5);
  }
  doc.space(20);
  doc.keep(50);
  doc.signature_line(report.representative.full_name, t("forms.common.representative_signature"));
  doc.set_footer(
      i18n::format(lang, "forms.report.footer", {report.room, date_text(report.sitting.date)}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
