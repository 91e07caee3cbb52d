// Tests of the IIN check: each problem, the birth date and sex, and both control-digit passes.
#include "common/iin.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/i18n.hpp"

namespace bbzhm {
namespace {

// A valid IIN: the given birth date and century digit, the first serial from `serial` on that
// has a control digit.
std::string valid_iin(std::string_view yymmdd = "080315", char century = '5', int serial = 0) {
  for (;; ++serial) {
    std::string first11 = std::string(yymmdd) + century + std::to_string(10000 + serial).substr(1);
    if (const char c = iin_control_digit(first11)) return first11 + c;
  }
}

std::string with_last_digit(std::string iin, char d) {
  iin.back() = d;
  return iin;
}

TEST(Iin, AcceptsValidIinAndReadsBirthDateAndSex) {
  const auto info = check_iin(valid_iin("080315", '6'));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->year, 2008);
  EXPECT_EQ(info->month, 3);
  EXPECT_EQ(info->day, 15);
  EXPECT_TRUE(info->female);
}

TEST(Iin, CenturyDigitGivesCenturyAndSex) {
  struct Case {
    char digit;
    int year;
    bool female;
  };
  for (const Case c : {Case{'1', 1899, false}, Case{'2', 1899, true}, Case{'3', 1999, false},
                       Case{'4', 1999, true}, Case{'5', 2099, false}, Case{'6', 2099, true}}) {
    const auto info = check_iin(valid_iin("991231", c.digit));
    ASSERT_TRUE(info.has_value()) << c.digit;
    EXPECT_EQ(info->year, c.year) << c.digit;
    EXPECT_EQ(info->female, c.female) << c.digit;
  }
}

TEST(Iin, RejectsWrongLength) {
  const std::string iin = valid_iin();
  EXPECT_EQ(check_iin(iin.substr(0, 11)).error(), IinProblem::length);
  EXPECT_EQ(check_iin(iin + "0").error(), IinProblem::length);
  EXPECT_EQ(check_iin("").error(), IinProblem::length);
}

TEST(Iin, RejectsCharactersOtherThanDigits) {
  EXPECT_EQ(check_iin("08031550001A").error(), IinProblem::not_digits);
  EXPECT_EQ(check_iin("0803155 0001").error(), IinProblem::not_digits);
  EXPECT_EQ(check_iin("-80315500011").error(), IinProblem::not_digits);
  // Ten digits and a Cyrillic О: twelve bytes, still not an IIN.
  EXPECT_EQ(check_iin("0803155000\xD0\x9E").error(), IinProblem::not_digits);
}

TEST(Iin, RejectsBirthDatesThatDoNotExist) {
  for (const char* date : {"080015", "081315", "080300", "080332", "080431", "080230", "990229"})
    EXPECT_EQ(check_iin(valid_iin(date)).error(), IinProblem::birth_date) << date;
}

TEST(Iin, KnowsLeapYearsOfEachCentury) {
  EXPECT_TRUE(check_iin(valid_iin("000229", '5')).has_value());  // 2000: divisible by 400
  EXPECT_TRUE(check_iin(valid_iin("080229", '6')).has_value());
  EXPECT_TRUE(check_iin(valid_iin("960229", '3')).has_value());
  EXPECT_EQ(check_iin(valid_iin("000229", '3')).error(), IinProblem::birth_date);  // 1900
  EXPECT_EQ(check_iin(valid_iin("000229", '1')).error(), IinProblem::birth_date);  // 1800
  EXPECT_EQ(check_iin(valid_iin("070229", '5')).error(), IinProblem::birth_date);
}

TEST(Iin, RejectsCenturyDigitOutsideOneToSix) {
  for (const char d : {'0', '7', '8', '9'})
    EXPECT_EQ(check_iin(valid_iin("080315", d)).error(), IinProblem::century) << d;
  // 29 February of a year divisible by four exists in some century: the digit is to blame.
  EXPECT_EQ(check_iin(valid_iin("000229", '0')).error(), IinProblem::century);
  EXPECT_EQ(check_iin(valid_iin("070229", '0')).error(), IinProblem::birth_date);
}

TEST(Iin, RejectsEveryWrongControlDigit) {
  const std::string iin = valid_iin();
  for (char d = '0'; d <= '9'; ++d) {
    if (d == iin.back()) continue;
    EXPECT_EQ(check_iin(with_last_digit(iin, d)).error(), IinProblem::checksum) << d;
  }
}

TEST(Iin, ControlDigitFromFirstPass) {
  // 0·1 + 8·2 + 0·3 + 3·4 + 1·5 + 5·6 + 6·7 + 0·8 + 0·9 + 0·10 + 0·11 = 105 = 9·11 + 6
  EXPECT_EQ(iin_control_digit("08031560000"), '6');
  EXPECT_TRUE(check_iin("080315600006").has_value());
}

TEST(Iin, ControlDigitFromSecondPassWhenFirstGivesTen) {
  // First pass: 0·1 + 8·2 + 0·3 + 3·4 + 1·5 + 5·6 + 5·7 + 0·8 + 0·9 + 0·10 + 1·11 = 109 = 9·11
  // + 10. Second: 0·3 + 8·4 + 0·5 + 3·6 + 1·7 + 5·8 + 5·9 + 0·10 + 0·11 + 0·1 + 1·2 = 144 = 13·11
  // + 1.
  EXPECT_EQ(iin_control_digit("08031550001"), '1');
  EXPECT_TRUE(check_iin("080315500011").has_value());
  // The first pass's 10 must not leak through as a digit.
  EXPECT_EQ(check_iin("080315500010").error(), IinProblem::checksum);
}

TEST(Iin, NoControlDigitWhenBothPassesGiveTen) {
  // First pass: 16 + 12 + 5 + 30 + 35 = 98 = 8·11 + 10; second: 32 + 18 + 7 + 40 + 45 = 142 =
  // 12·11 + 10. No IIN begins with these eleven digits.
  EXPECT_EQ(iin_control_digit("08031550000"), 0);
  for (char d = '0'; d <= '9'; ++d)
    EXPECT_EQ(check_iin(std::string("08031550000") + d).error(), IinProblem::checksum) << d;
}

TEST(Iin, ControlDigitOfMalformedInputIsNone) {
  EXPECT_EQ(iin_control_digit(""), 0);
  EXPECT_EQ(iin_control_digit("0803155000"), 0);
  EXPECT_EQ(iin_control_digit("080315500000"), 0);
  EXPECT_EQ(iin_control_digit("0803155000A"), 0);
}

TEST(Iin, EachProblemHasItsReasonInEveryLanguage) {
  const std::pair<IinProblem, std::string_view> expected[] = {
      {IinProblem::length, "roster.iin.length"},
      {IinProblem::not_digits, "roster.iin.not_digits"},
      {IinProblem::birth_date, "roster.iin.birth_date"},
      {IinProblem::century, "roster.iin.century"},
      {IinProblem::checksum, "roster.iin.checksum"}};
  for (const auto& [problem, key] : expected) {
    EXPECT_EQ(catalog_key(problem), key);
    for (const Language l : kAllLanguages)
      EXPECT_FALSE(i18n::origin(l, key).empty()) << key << " in " << code(l);
  }
}

}  // namespace
}  // namespace bbzhm
