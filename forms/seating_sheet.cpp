// The seating sheet (p.19): by it the representative identifies each student by personal code.
#include <algorithm>
#include <set>

#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

Result<void> check(const SeatingSheet& sheet) {
  Checker c("seating sheet");
  c.organization(sheet.organization).sitting(sheet.sitting).text("room", sheet.room);
  c.representative(sheet.representative);
  c.that(!sheet.seats.empty(), "the list of seats", "is empty");
  std::set<int> numbers;
  for (const Seat& s : sheet.seats) {
    const std::string where = "seat " + std::to_string(s.number) + ": ";
    c.positive("seat number", s.number);
    c.that(numbers.insert(s.number).second, where + "number", "is taken twice");
    c.text(where + "station", s.station, false);
    c.student(where, s.student, true);
    c.that(!s.tests.empty(), where + "list of tests", "is empty");
  }
  return c.result();
}

}  // namespace

Result<void> render_seating_sheet(const SeatingSheet& sheet, Language lang,
                                  const std::filesystem::path& pdf) {
  if (auto ok = check(sheet); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.seating.title"));
  sitting_heading(doc, lang, "forms.seating.title", sheet.organization, sheet.sitting, sheet.room,
                  sheet.representative);
  doc.space(8);

  std::vector<const Seat*> seats;
  for (const Seat& s : sheet.seats) seats.push_back(&s);
  std::ranges::sort(seats, {}, &Seat::number);
  const Column columns[] = {
      {t("forms.seating.seat"), 32, Align::center},
      {t("forms.common.full_name"), 0, Align::left},
      {t("forms.common.class"), 36, Align::center},
      {t("forms.common.personal_code"), 68, Align::center},
      {t("forms.seating.tests"), 198, Align::left},
      {t("forms.seating.qr"), 46, Align::center},
  };
  std::vector<Row> rows;
  for (const Seat* s : seats) {
    std::string seat = std::to_string(s->number);
    if (!s->station.empty()) seat += "\n" + s->station;
    rows.push_back(Row{{.text = seat, .bold = true},
                       {.text = s->student.full_name},
                       {.text = s->student.class_name},
                       {.text = s->student.personal_code.value},
                       {.text = subject_tests_text(lang, s->tests)},
                       // p.19: the code is scanned at the door against the school's list.
                       {.qr = s->student.personal_code.value}});
  }
  doc.table(columns, rows, 8.5);

  doc.space(14);
  doc.keep(60);
  doc.paragraph(i18n::format(lang, "forms.seating.total", {std::to_string(rows.size())}));
  doc.space(10);
  doc.signature_line(sheet.representative.full_name, t("forms.common.representative_signature"));
  doc.set_footer(
      i18n::format(lang, "forms.seating.footer", {sheet.room, date_text(sheet.sitting.date)}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
