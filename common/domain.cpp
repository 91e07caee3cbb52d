// Codes of the domain enumerations, as they appear in files, on the wire and in the catalog.
#include "common/domain.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace bbzhm {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

template <class E, std::size_t N>
std::optional<E> parse_code(std::string_view s, const E (&all)[N]) {
  const std::string l = lower(s);
  for (E e : all)
    if (code(e) == l) return e;
  return std::nullopt;
}

constexpr Subject kAllSubjects[] = {Subject::reading, Subject::math, Subject::science};

}  // namespace

std::string_view code(Language l) {
  switch (l) {
    case Language::kk:
      return "kk";
    case Language::ru:
      return "ru";
    case Language::en:
      return "en";
  }
  return "?";
}
std::optional<Language> parse_language(std::string_view s) {
  return parse_code(s, kAllLanguages);
}

std::string_view code(Subject s) {
  switch (s) {
    case Subject::reading:
      return "reading";
    case Subject::math:
      return "math";
    case Subject::science:
      return "science";
  }
  return "?";
}
std::optional<Subject> parse_subject(std::string_view s) {
  return parse_code(s, kAllSubjects);
}

std::string_view code(AbsenceReason r) {
  switch (r) {
    case AbsenceReason::home_schooled_health:
      return "home_schooled_health";
    case AbsenceReason::sanatorium:
      return "sanatorium";
    case AbsenceReason::illness:
      return "illness";
    case AbsenceReason::bereavement:
      return "bereavement";
    case AbsenceReason::competition:
      return "competition";
  }
  return "?";
}
std::optional<AbsenceReason> parse_absence_reason(std::string_view s) {
  return parse_code(s, kAllAbsenceReasons);
}

}  // namespace bbzhm
