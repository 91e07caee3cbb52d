// Validation of a Kazakhstan IIN: birth date, century and sex digit, and the control digit.
#include "common/iin.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace bbzhm {
namespace {

constexpr std::size_t kIinLength = 12;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
int digit(char c) {
  return c - '0';
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int month, bool leap) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Digit 7: 1/2 born in the 1800s, 3/4 in the 1900s, 5/6 in the 2000s; odd male, even female.
std::optional<int> century_start(int d7) {
  if (d7 < 1 || d7 > 6) return std::nullopt;
  return 1800 + (d7 - 1) / 2 * 100;
}

}  // namespace

char iin_control_digit(std::string_view first11) {
  if (first11.size() != kIinLength - 1 || !std::ranges::all_of(first11, is_digit)) return 0;
  // The first pass weighs digit i by i; a result of 10 is not a digit, so a second pass uses the
  // weights 3..11,1,2; if that too gives 10 no IIN with these eleven digits is ever issued.
  constexpr std::array<int, 11> kSecondWeights = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
  int first = 0;
  int second = 0;
  for (std::size_t i = 0; i < first11.size(); ++i) {
    first += digit(first11[i]) * static_cast<int>(i + 1);
    second += digit(first11[i]) * kSecondWeights[i];
  }
  int c = first % 11;
  if (c == 10) c = second % 11;
  return c == 10 ? char{0} : static_cast<char>('0' + c);
}

std::expected<IinInfo, IinProblem> check_iin(std::string_view iin) {
  if (iin.size() != kIinLength) return std::unexpected(IinProblem::length);
  if (!std::ranges::all_of(iin, is_digit)) return std::unexpected(IinProblem::not_digits);

  const int yy = digit(iin[0]) * 10 + digit(iin[1]);
  const int month = digit(iin[2]) * 10 + digit(iin[3]);
  const int day = digit(iin[4]) * 10 + digit(iin[5]);
  const int d7 = digit(iin[6]);
  const std::optional<int> century = century_start(d7);
  if (month < 1 || month > 12) return std::unexpected(IinProblem::birth_date);
  // With a bad century digit 29 February of a year divisible by four might still be real (2000
  // was leap), so it is judged by the century check rather than called a bad date.
  const bool leap = century ? is_leap(*century + yy) : yy % 4 == 0;
  if (day < 1 || day > days_in_month(month, leap)) return std::unexpected(IinProblem::birth_date);
  if (!century) return std::unexpected(IinProblem::century);

  if (iin_control_digit(iin.substr(0, kIinLength - 1)) != iin[kIinLength - 1])
    return std::unexpected(IinProblem::checksum);
  return IinInfo{.year = *century + yy, .month = month, .day = day, .female = d7 % 2 == 0};
}

std::string_view catalog_key(IinProblem p) {
  switch (p) {
    case IinProblem::length:
      return "roster.iin.length";
    case IinProblem::not_digits:
      return "roster.iin.not_digits";
    case IinProblem::birth_date:
      return "roster.iin.birth_date";
    case IinProblem::century:
      return "roster.iin.century";
    case IinProblem::checksum:
      return "roster.iin.checksum";
  }
  return "roster.iin.checksum";
}

}  // namespace bbzhm
