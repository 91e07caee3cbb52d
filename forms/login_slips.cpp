// Login slips (p.19: before the test each student receives a login and a password), cut apart.
#include "common/i18n.hpp"
#include "forms/checks.hpp"
#include "forms/documents.hpp"
#include "forms/labels.hpp"
#include "forms/layout.hpp"

namespace bbzhm::forms {
namespace {

constexpr int kColumns = 2;
constexpr double kSlipHeight = 138;

Result<void> check(const LoginSlips& slips) {
  Checker c("login slips");
  c.organization(slips.organization).sitting(slips.sitting).text("room", slips.room);
  c.that(!slips.slips.empty(), "the list of slips", "is empty");
  for (std::size_t i = 0; i < slips.slips.size(); ++i) {
    const LoginSlip& s = slips.slips[i];
    const std::string where = "slip " + std::to_string(i + 1) + ": ";
    c.student(where, s.student, true);
    c.positive(where + "seat", s.seat);
    c.text(where + "station", s.station, false);
    c.text(where + "login", s.login).text(where + "password", s.password);
  }
  return c.result();
}

}  // namespace

Result<void> render_login_slips(const LoginSlips& slips, Language lang,
                                const std::filesystem::path& pdf) {
  if (auto ok = check(slips); !ok) return ok;
  const auto t = [lang](std::string_view key) { return std::string(i18n::text(lang, key)); };

  Document doc(lang, Family::sans, t("forms.login.title"));
  doc.paragraph(i18n::format(lang, "forms.login.heading",
                             {slips.organization.name, slips.room, date_text(slips.sitting.date)}),
                TextStyle{.size = 9});
  doc.space(6);
  const std::string campaign = campaign_text(lang, slips.sitting.campaign) + " · " +
                               grade_text(lang, slips.sitting) + " · " +
                               date_text(slips.sitting.date);
  doc.slips(slips.slips.size(), kColumns, kSlipHeight, [&](std::size_t i, Box& box) {
    const LoginSlip& s = slips.slips[i];
    box.line(campaign, TextStyle{.size = 7.5});
    box.space(3);
    box.line(s.student.full_name, TextStyle{.size = 11, .bold = true});
    box.space(1);
    std::string place =
        i18n::format(lang, "forms.login.place", {s.student.class_name, std::to_string(s.seat)});
    if (!s.station.empty()) place += " · " + i18n::format(lang, "forms.login.station", {s.station});
    box.line(place, TextStyle{.size = 9});
    box.space(5);
    // A monospaced face keeps 0 and O, 1 and l apart for a ten-year-old typing them.
    const TextStyle secret{.size = 13, .bold = true, .family = Family::mono};
    box.field(t("forms.login.login"), s.login, secret);
    box.space(2);
    box.field(t("forms.login.password"), s.password, secret);
    box.space(5);
    box.line(i18n::text(s.test_language, "forms.login.instruction"),
             TextStyle{.size = 8, .italic = true});
  });
  doc.set_footer(i18n::format(lang, "forms.login.footer", {slips.room}));
  return doc.write(pdf);
}

}  // namespace bbzhm::forms
