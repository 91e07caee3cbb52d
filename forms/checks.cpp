// The field checks shared by every form.
#include "forms/checks.hpp"

#include <glib.h>

namespace bbzhm::forms {
namespace {

// A personal code is printed as a QR code too; 64 bytes keep it a small, scannable symbol.
constexpr std::size_t kMaxCodeBytes = 64;

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\u00A0") == std::string_view::npos;
}

}  // namespace

Checker& Checker::that(bool ok, std::string_view field, std::string_view what) {
  if (!ok && fault_.empty()) fault_ = std::string(field) + " " + std::string(what);
  return *this;
}

Checker& Checker::text(std::string_view field, std::string_view value, bool required,
                       bool multiline) {
  if (!fault_.empty()) return *this;
  if (required && blank(value)) return that(false, field, "is empty");
  if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr))
    return that(false, field, "is not valid UTF-8");
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(multiline && c == '\n')) || u == 0x7f)
      return that(false, field, "holds a control character");
  }
  return *this;
}

Checker& Checker::positive(std::string_view field, int value) {
  return that(value > 0, field, "must be a positive number, not " + std::to_string(value));
}

Checker& Checker::date(std::string_view field, std::chrono::year_month_day value) {
  return that(value.ok(), field, "is not a valid date");
}

Checker& Checker::time(std::string_view field, TimeOfDay value) {
  return that(value.hour >= 0 && value.hour < 24 && value.minute >= 0 && value.minute < 60, field,
              "is not a valid time of day (" + std::to_string(value.hour) + ":" +
                  std::to_string(value.minute) + ")");
}

Checker& Checker::organization(const Organization& o) {
  return text("organization's code", o.code).text("organization's name", o.name);
}

Checker& Checker::representative(const Representative& r) {
  return text("representative's full name", r.full_name);
}

Checker& Checker::student(std::string_view prefix, const Student& s, bool with_class) {
  const std::string p(prefix);
  text(p + "student's full name", s.full_name);
  text(p + "student's personal code", s.personal_code.value);
  that(s.personal_code.value.size() <= kMaxCodeBytes, p + "student's personal code",
       "is longer than " + std::to_string(kMaxCodeBytes) + " bytes");
  return text(p + "student's class", s.class_name, with_class);
}

Checker& Checker::sitting(const Sitting& s) {
  positive("campaign's year", s.campaign.year);
  date("sitting's date", s.date);
  // p.6: grades 4 and 9 at school; p.9: 2nd and 3rd year at college.
  const bool grade_ok = s.campaign.stage == Stage::school ? (s.grade == 4 || s.grade == 9)
                                                          : (s.grade == 2 || s.grade == 3);
  return that(grade_ok, "sitting's grade",
              "must be 4 or 9 at school and 2 or 3 at college, not " + std::to_string(s.grade));
}

Checker& Checker::score(std::string_view prefix, const SubjectScore& s) {
  const std::string p(prefix);
  positive(p + "maximum score", s.max);
  return that(s.score >= 0 && s.score <= s.max, p + "score",
              "must lie between 0 and the maximum, not " + std::to_string(s.score) + " of " +
                  std::to_string(s.max));
}

Result<void> Checker::result() const {
  if (fault_.empty()) return {};
  return fail(document_ + ": " + fault_, "forms.error.invalid");
}

}  // namespace bbzhm::forms
