// Validation of a Kazakhstan individual identification number (ЖСН / ИИН, 12 digits).
#pragma once

#include <expected>
#include <string_view>

namespace bbzhm {

// Why an IIN is refused; each has a catalog entry (catalog_key) for the reason shown to a user.
enum class IinProblem {
  length,      // not exactly 12 characters
  not_digits,  // a character other than 0-9
  birth_date,  // digits 1-6 (YYMMDD) are not a real date
  century,     // digit 7 is not 1-6
  checksum,    // digit 12 differs from the control digit, or no control digit exists
};

// What a valid IIN says about its holder.
struct IinInfo {
  int year;  // full year of birth, 1800-2099
  int month;
  int day;
  bool female;
};

// Checks length, digits, birth date (leap years included), century digit and control digit, in
// that order, and reports the first that fails. The input is taken as is: callers trim.
std::expected<IinInfo, IinProblem> check_iin(std::string_view iin);

// The catalog key of a problem's reason, e.g. "roster.iin.checksum".
std::string_view catalog_key(IinProblem p);

// The control digit ('0'..'9') for the first eleven digits of an IIN; 0 when none exists (both
// weighting passes give 10) or when `first11` is not eleven ASCII digits.
char iin_control_digit(std::string_view first11);

}  // namespace bbzhm
