// Tests of the student list import: Excel's CSV variants, every kind of bad line, the messages.
#include "server/roster.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/i18n.hpp"
#include "common/iin.hpp"

namespace bbzhm::server {
namespace {

constexpr std::string_view kHeader = "iin,last_name,first_name,middle_name,grade,class,language\n";

// The n-th valid IIN (n from 0) of a child born on 15 March 2008.
std::string iin(int n) {
  for (int serial = 0;; ++serial) {
    const std::string first11 = "0803155" + std::to_string(10000 + serial).substr(1);
    if (const char c = iin_control_digit(first11); c != 0 && n-- == 0) return first11 + c;
  }
}

std::string wrong_control_digit(std::string iin) {
  iin.back() = iin.back() == '9' ? '0' : static_cast<char>(iin.back() + 1);
  return iin;
}

// A valid school line of student n with one field replaced.
std::string line(int n, std::string_view field = {}, std::string_view value = {}) {
  std::vector<std::pair<std::string_view, std::string>> fields = {
      {"iin", iin(n)},          {"last_name", "Сәрсенбаев"},
      {"first_name", "Нұрлан"}, {"middle_name", "Қайратұлы"},
      {"grade", "9"},           {"class", "9Ә"},
      {"language", "kk"}};
  std::string out;
  for (const auto& [name, v] : fields) {
    out += name == field ? std::string(value) : v;
    out += ',';
  }
  out.back() = '\n';
  return out;
}

// Each problem as "LINE FIELD KEY", in the order reported: a failure shows the whole list.
std::vector<std::string> problems_in(std::string_view file) {
  const auto roster = parse_roster(file);
  if (roster) return {"(accepted)"};
  std::vector<std::string> out;
  for (const RosterProblem& p : roster.error())
    out.push_back(std::to_string(p.line) + " " + p.field + " " + p.key);
  return out;
}

std::vector<std::string> args_of_only_problem(std::string_view file) {
  const auto roster = parse_roster(file);
  if (roster || roster.error().size() != 1) return {"(not exactly one problem)"};
  return roster.error()[0].args;
}

using Lines = std::vector<std::string>;

// [SECTION] Files that import

TEST(Roster, ReadsEveryFieldOfASchoolList) {
  const auto roster =
      parse_roster(std::string(kHeader) + line(0) + iin(1) + ",Иванова,Анна,,4,4Б,RU\n");
  ASSERT_TRUE(roster.has_value());
  ASSERT_EQ(roster->size(), 2u);
  const RosterStudent& s = (*roster)[0];
  EXPECT_EQ(s.iin, iin(0));
  EXPECT_EQ(s.last_name, "Сәрсенбаев");
  EXPECT_EQ(s.first_name, "Нұрлан");
  EXPECT_EQ(s.middle_name, "Қайратұлы");
  EXPECT_EQ(s.stage, Stage::school);
  EXPECT_EQ(s.grade, 9);
  EXPECT_EQ(s.class_name, "9Ә");
  EXPECT_EQ(s.language, Language::kk);
  EXPECT_FALSE(s.reading_language.has_value());
  EXPECT_EQ(s.line, 2);
  const RosterStudent& t = (*roster)[1];
  EXPECT_EQ(t.middle_name, "");
  EXPECT_EQ(t.grade, 4);
  EXPECT_EQ(t.language, Language::ru);
  EXPECT_EQ(t.line, 3);
}

TEST(Roster, KazakhNamesRoundTripByteExact) {
  const std::string names[][3] = {
      {"Құрманғазиева", "Әйгерім", "Өмірбекқызы"},
      {"Үкібаев", "Ұлықбек", "Һидаятұлы"},
      {"Іңкәрова", "Ғалия", "Ерланқызы"},
      {"ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі", "Д’Арта-Ньян"},
  };
  std::string file(kHeader);
  for (int k = 0; k < 4; ++k)
    file += iin(k) + "," + names[k][0] + "," + names[k][1] + "," + names[k][2] + ",9,9Ғ,kk\n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  ASSERT_EQ(roster->size(), 4u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ((*roster)[k].last_name, names[k][0]);
    EXPECT_EQ((*roster)[k].first_name, names[k][1]);
    EXPECT_EQ((*roster)[k].middle_name, names[k][2]);
    EXPECT_EQ((*roster)[k].class_name, "9Ғ");
  }
}

TEST(Roster, ImportsExcelFileWithBomCrlfAndSemicolons) {
  const std::string file =
      "\xEF\xBB\xBFiin;last_name;first_name;middle_name;grade;class;language\r\n" + iin(0) +
      ";Әлиева;Дана;Серікқызы;9;9А;kk\r\n" + iin(1) +
      ";Ким;Виктор;;4;4В;ru\n" +  // a line edited elsewhere: LF
      iin(2) + ";Smith;John;;9;9А;EN\r\n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  ASSERT_EQ(roster->size(), 3u);
  EXPECT_EQ((*roster)[0].iin, iin(0));
  EXPECT_EQ((*roster)[0].last_name, "Әлиева");
  EXPECT_EQ((*roster)[0].class_name, "9А");
  EXPECT_EQ((*roster)[1].middle_name, "");
  EXPECT_EQ((*roster)[2].language, Language::en);
  EXPECT_EQ((*roster)[2].line, 4);
}

TEST(Roster, ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
  const std::string file = std::string(kHeader) + "\"" + iin(0) +
                           "\",\"Әлиев\",Ерлан,,9,\"9 \"\"А\"\", 2-смена\",kk\n" + iin(1) +
                           ",Берік,\"Айдана\n\",,9,9А,kk\n" +  // Alt+Enter left in a cell
                           iin(2) + ",Омаров,\"Ғани\",\"\",4,4А,kk\n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  ASSERT_EQ(roster->size(), 3u);
  EXPECT_EQ((*roster)[0].iin, iin(0));
  EXPECT_EQ((*roster)[0].class_name, "9 \"А\", 2-смена");
  EXPECT_EQ((*roster)[1].first_name, "Айдана");
  // The line break inside the quotes counts: the third student starts on line 5.
  EXPECT_EQ((*roster)[2].line, 5);
  EXPECT_EQ((*roster)[2].first_name, "Ғани");
}

TEST(Roster, ReadsCollegeColumnsInAnyOrderAndCase) {
  const std::string file =
      " Group ;COURSE;Language;IIN;Last_Name;First_Name;Middle_Name\n"
      "ТО-21;2;ru;" +
      iin(0) +
      ";Петров;Пётр;Петрович\n"
      "ЭС-20;3;kk;" +
      iin(1) + ";Жұмабек;Арман;\n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  ASSERT_EQ(roster->size(), 2u);
  EXPECT_EQ((*roster)[0].stage, Stage::college);
  EXPECT_EQ((*roster)[0].grade, 2);
  EXPECT_EQ((*roster)[0].class_name, "ТО-21");
  EXPECT_EQ((*roster)[0].iin, iin(0));
  EXPECT_EQ((*roster)[1].grade, 3);
  EXPECT_EQ((*roster)[1].language, Language::kk);
}

TEST(Roster, NamesCollegeProblemsByCollegeColumns) {
  const std::string file = "iin,last_name,first_name,middle_name,course,group,language\n" + iin(0) +
                           ",Петров,Пётр,,4,ТО-21,ru\n" + iin(1) + ",Жұмабек,Арман,,2,,kk\n";
  EXPECT_EQ(problems_in(file),
            (Lines{"2 course roster.course.value", "3 group roster.value.empty"}));
}

TEST(Roster, IgnoresBlankLinesEmptyExcelRowsAndTrailingEmptyFields) {
  const std::string file = "\n" + std::string(kHeader) + "\n" + line(0) + ",,,,,,\n" + "   \n" +
                           iin(1) + ",Ахметов,Бауыржан,,9,9А,kk,,\n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  ASSERT_EQ(roster->size(), 2u);
  EXPECT_EQ((*roster)[0].line, 4);
  EXPECT_EQ((*roster)[1].line, 7);
}

TEST(Roster, TrimsSpacesIncludingNoBreakSpaces) {
  const std::string file =
      std::string(kHeader) + " " + iin(0) + "\t, Әлиев ,\xC2\xA0Ерлан\xC2\xA0, , 9 , 9А , kk \n";
  const auto roster = parse_roster(file);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(file));
  EXPECT_EQ((*roster)[0].iin, iin(0));
  EXPECT_EQ((*roster)[0].last_name, "Әлиев");
  EXPECT_EQ((*roster)[0].first_name, "Ерлан");
  EXPECT_EQ((*roster)[0].class_name, "9А");
}

TEST(Roster, AcceptsNamesWithHyphensApostrophesSpacesAndCombiningAccents) {
  std::string file(kHeader);
  file += line(0, "last_name", "Абай-Құнанбаев");
  file += line(1, "last_name", "O'Brien");
  file += line(2, "first_name", "Анна Мария");
  file += line(3, "first_name", "Андреи\xCC\x86");  // Й written as И + U+0306, as macOS does
  file += line(4, "last_name", "Müller");
  EXPECT_TRUE(parse_roster(file).has_value()) << ::testing::PrintToString(problems_in(file));
}

// [SECTION] Reading literacy language (p.8)

TEST(Roster, ReadingLanguageIsForGradeNineOnly) {
  const std::string header =
      "iin,last_name,first_name,middle_name,grade,class,language,reading_language\n";
  const std::string good = header + iin(0) + ",Әлиев,Ерлан,,9,9А,kk,en\n" + iin(1) +
                           ",Ким,Анна,,9,9Б,ru,\n" + iin(2) + ",Ли,Олег,,4,4А,ru,\n";
  const auto roster = parse_roster(good);
  ASSERT_TRUE(roster.has_value()) << ::testing::PrintToString(problems_in(good));
  EXPECT_EQ((*roster)[0].reading_language, Language::en);
  EXPECT_FALSE((*roster)[1].reading_language.has_value());
  EXPECT_FALSE((*roster)[2].reading_language.has_value());

  const std::string bad =
      header + iin(0) + ",Әлиев,Ерлан,,4,4А,kk,ru\n" + iin(1) + ",Ким,Анна,,9,9Б,ru,de\n";
  EXPECT_EQ(problems_in(bad), (Lines{"2 reading_language roster.reading_language.grade",
                                     "3 reading_language roster.reading_language.value"}));
}

TEST(Roster, CollegeStudentsHaveNoReadingLanguage) {
  const std::string file =
      "iin,last_name,first_name,middle_name,course,group,language,reading_language\n" + iin(0) +
      ",Әлиев,Ерлан,,2,ТО-21,kk,\n" + iin(1) + ",Ким,Анна,,3,ТО-20,ru,en\n";
  EXPECT_EQ(problems_in(file), (Lines{"3 reading_language roster.reading_language.college"}));
}

// [SECTION] Bad lines

TEST(Roster, RejectsBadIinChecksumWithLineNumber) {
  const std::string bad = wrong_control_digit(iin(1));
  const std::string file = std::string(kHeader) + line(0) + line(1, "iin", bad) + line(2);
  EXPECT_EQ(problems_in(file), (Lines{"3 iin roster.iin.checksum"}));
  EXPECT_EQ(args_of_only_problem(file), (Lines{bad}));
}

TEST(Roster, SaysWhyEachBadIinIsRefused) {
  const std::string file = std::string(kHeader) +
                           line(0, "iin", "08031550001") +   // 11 digits, no valid 0-prefix
                           line(1, "iin", "0803155000Б") +   // a letter (12 bytes)
                           line(2, "iin", "081315500011") +  // month 13
                           line(3, "iin", "080315700011") +  // century digit 7
                           line(4, "iin", wrong_control_digit(iin(4))) + line(5, "iin", "");
  EXPECT_EQ(problems_in(file), (Lines{"2 iin roster.iin.length", "3 iin roster.iin.not_digits",
                                      "4 iin roster.iin.birth_date", "5 iin roster.iin.century",
                                      "6 iin roster.iin.checksum", "7 iin roster.value.empty"}));
  const auto roster = parse_roster(file);
  ASSERT_FALSE(roster.has_value());
  EXPECT_EQ(roster.error()[0].args, (Lines{"08031550001", "11"}));
  EXPECT_EQ(roster.error()[3].args, (Lines{"080315700011", "7"}));
}

TEST(Roster, SaysWhenExcelMangledTheIin) {
  // Born in 2005: the IIN starts with 0, which a number column drops.
  std::string zero_first;
  for (int serial = 0; zero_first.empty(); ++serial) {
    const std::string first11 = "0501205" + std::to_string(10000 + serial).substr(1);
    if (const char c = iin_control_digit(first11)) zero_first = first11 + c;
  }
  const std::string file = std::string(kHeader) + line(0, "iin", zero_first.substr(1)) +
                           line(1, "iin", "\"8,03156E+11\"") + line(2, "iin", "8.03156e+11");
  EXPECT_EQ(problems_in(file),
            (Lines{"2 iin roster.iin.leading_zero", "3 iin roster.iin.excel_number",
                   "4 iin roster.iin.excel_number"}));
}

TEST(Roster, RefusesEachKindOfBadFieldWithItsLineAndField) {
  const std::string file = std::string(kHeader) + line(0, "last_name", "") +  // 2
                           line(1, "first_name", " ") +                       // 3
                           line(2, "last_name", "Иван0в") +                   // 4
                           line(3, "first_name", std::string(101, 'a')) +     // 5
                           line(4, "middle_name", "Ерлан  ұлы") +             // 6
                           line(5, "last_name", "--") +                       // 7
                           line(6, "first_name", "\xD0\xE0\xF3\xE0") +        // 8: Windows-1251
                           line(7, "last_name", "Ива\tнов") +                 // 9
                           line(8, "grade", "5") +                            // 10
                           line(9, "grade", "9А") +                           // 11
                           line(10, "class", "") +                            // 12
                           line(11, "class", "9А класс вторая смена") +       // 13: 21 chars
                           line(12, "language", "kz") +                       // 14
                           line(13, "language", "") +                         // 15
                           iin(14) + ",Әлиев,Ерлан,,9,9А\n" +                 // 16: 6 fields
                           iin(15) + ",Әлиев,Ерлан,,9,9А,kk,ru,x\n" +         // 17: 9 fields
                           line(16, "first_name", "Ерлан\xE2\x80\x8B");  // 18: zero-width space
  EXPECT_EQ(problems_in(file),
            (Lines{"2 last_name roster.value.empty", "3 first_name roster.value.empty",
                   "4 last_name roster.name.character", "5 first_name roster.value.length",
                   "6 middle_name roster.name.spaces", "7 last_name roster.name.no_letter",
                   "8 first_name roster.text.encoding", "9 last_name roster.text.control",
                   "10 grade roster.grade.value", "11 grade roster.grade.value",
                   "12 class roster.value.empty", "13 class roster.value.length",
                   "14 language roster.language.value", "15 language roster.value.empty",
                   "16 line roster.line.field_count", "17 line roster.line.field_count",
                   "18 first_name roster.text.control"}));
}

TEST(Roster, NamesTheRefusedCharacter) {
  const std::string file = std::string(kHeader) + line(0, "last_name", "Иван0в") +
                           line(1, "first_name", "Анна\xC2\xA0Мария") +
                           line(2, "first_name", "\xCC\x86Анна") + line(3, "last_name", "Ива\tнов");
  const auto roster = parse_roster(file);
  ASSERT_FALSE(roster.has_value());
  ASSERT_EQ(roster.error().size(), 4u);
  EXPECT_EQ(roster.error()[0].args, (Lines{"Иван0в", "0", "U+0030"}));
  EXPECT_EQ(roster.error()[1].args[2], "U+00A0");  // a no-break space inside a name
  EXPECT_EQ(roster.error()[2].args[2], "U+0306");  // an accent on nothing
  EXPECT_EQ(roster.error()[3].args, (Lines{"U+0009"}));
}

TEST(Roster, NameOfExactlyOneHundredCharactersIsAccepted) {
  std::string hundred;
  for (int k = 0; k < kMaxNameLength; ++k) hundred += "Ә";
  EXPECT_TRUE(parse_roster(std::string(kHeader) + line(0, "last_name", hundred)).has_value());
  EXPECT_EQ(problems_in(std::string(kHeader) + line(0, "last_name", hundred + "ә")),
            (Lines{"2 last_name roster.value.length"}));
}

TEST(Roster, ReportsEveryProblemOfEveryLineTogether) {
  const std::string file = std::string(kHeader) + line(0) + iin(1) +
                           ",,Ерлан,,5,9А,kz\n" +  // three problems on one line
                           line(2) + line(3, "iin", wrong_control_digit(iin(3))) +
                           line(4, "class", "") + line(5);
  const auto roster = parse_roster(file);
  ASSERT_FALSE(roster.has_value());  // nothing half-imported
  EXPECT_EQ(problems_in(file),
            (Lines{"3 last_name roster.value.empty", "3 grade roster.grade.value",
                   "3 language roster.language.value", "5 iin roster.iin.checksum",
                   "6 class roster.value.empty"}));
}

TEST(Roster, DuplicateIinNamesTheFirstLine) {
  const std::string file =
      std::string(kHeader) + line(0) + line(1) + line(2) + line(1, "last_name", "Басқа") + line(1);
  EXPECT_EQ(problems_in(file), (Lines{"5 iin roster.iin.duplicate", "6 iin roster.iin.duplicate"}));
  const auto roster = parse_roster(file);
  ASSERT_FALSE(roster.has_value());
  EXPECT_EQ(roster.error()[0].args, (Lines{iin(1), "3"}));
  EXPECT_EQ(roster.error()[1].args, (Lines{iin(1), "3"}));
}

TEST(Roster, RefusesQuoteThatNeverCloses) {
  const std::string file =
      std::string(kHeader) + line(0) + iin(1) + ",\"Әлиев,Ерлан,,9,9А,kk\n" + line(2) + line(3);
  EXPECT_EQ(problems_in(file), (Lines{"3 line roster.line.unclosed_quote"}));
}

// [SECTION] Header and file

TEST(Roster, HeaderMissingAColumnIsOneProblemNamingIt) {
  const std::string file =
      "iin,last_name,first_name,grade,class,language\n" + iin(0) + ",Әлиев,Ерлан,9,9А,kk\n";
  EXPECT_EQ(problems_in(file), (Lines{"1 header roster.header.missing"}));
  EXPECT_EQ(args_of_only_problem(file), (Lines{"middle_name"}));
}

TEST(Roster, UnknownColumnIsNamedAndLinesAreStillChecked) {
  const std::string file = "iin,last_name,first_name,middle_name,Телефон,grade,class,language\n" +
                           iin(0) + ",Әлиев,Ерлан,,+77010000000,9,9А,kk\n" + iin(1) +
                           ",Әлиев,Ерлан,,,7,9А,kk\n";
  EXPECT_EQ(problems_in(file),
            (Lines{"1 header roster.header.unknown", "3 grade roster.grade.value"}));
  EXPECT_EQ(parse_roster(file).error()[0].args, (Lines{"Телефон"}));
}

TEST(Roster, HeaderThatCannotBeReadStopsTheCheck) {
  EXPECT_EQ(
      problems_in("iin,iin,last_name,first_name,middle_name,grade,class,language\n" + line(0)),
      (Lines{"1 header roster.header.duplicate"}));
  EXPECT_EQ(problems_in("iin,last_name,first_name,middle_name,grade,group,language\n" + line(0)),
            (Lines{"1 header roster.header.mixed"}));
  EXPECT_EQ(problems_in("iin,last_name,first_name,middle_name,language\n" + line(0)),
            (Lines{"1 header roster.header.stage"}));
  EXPECT_EQ(problems_in("iin,last_name,,first_name,middle_name,grade,class,language\n" + line(0)),
            (Lines{"1 header roster.header.blank", "2 line roster.line.field_count"}));
}

TEST(Roster, FileWithoutHeaderIsOneProblem) {
  EXPECT_EQ(problems_in(line(0) + line(1)), (Lines{"1 header roster.header.none"}));
  // A tab-separated export: the header is one unknown name.
  EXPECT_EQ(problems_in("iin\tlast_name\tfirst_name\tmiddle_name\tgrade\tclass\tlanguage\n"),
            (Lines{"1 header roster.header.none"}));
}

TEST(Roster, HeaderWithoutStudentsIsOneProblem) {
  EXPECT_EQ(problems_in(std::string(kHeader)), (Lines{"1 header roster.file.no_students"}));
  EXPECT_EQ(problems_in(std::string(kHeader) + "\r\n,,,,,,\r\n"),
            (Lines{"1 header roster.file.no_students"}));
}

TEST(Roster, EmptyFileIsAProblem) {
  for (const std::string_view file : {"", "\xEF\xBB\xBF", "\n\r\n  \n"})
    EXPECT_EQ(problems_in(file), (Lines{"1 header roster.file.empty"}));
}

TEST(Roster, Utf16FileIsRefusedWithTheWayToSaveIt) {
  EXPECT_EQ(problems_in(std::string("\xFF\xFEi\0i\0n\0", 8)),
            (Lines{"1 header roster.file.utf16"}));
}

// [SECTION] Messages

TEST(Roster, DescribeGivesFileLineFieldAndReason) {
  std::string file(kHeader);
  for (int k = 0; k < 15; ++k) file += line(k);
  const std::string bad = wrong_control_digit(iin(15));
  file += line(15, "iin", bad);
  const auto roster = parse_roster(file);
  ASSERT_FALSE(roster.has_value());
  ASSERT_EQ(roster.error().size(), 1u);
  const RosterProblem& p = roster.error()[0];
  EXPECT_EQ(describe(p, "roster.csv", Language::en),
            "roster.csv:17: iin: control digit is wrong: " + bad);
  EXPECT_EQ(describe(p, "roster.csv", Language::kk),
            "roster.csv:17: iin: бақылау цифры қате: " + bad);
  EXPECT_EQ(describe(p, "roster.csv", Language::ru),
            "roster.csv:17: iin: неверная контрольная цифра: " + bad);
}

TEST(Roster, DescribeFillsEveryArgument) {
  const RosterProblem p{5, "iin", "roster.iin.duplicate", {"080315500011", "3"}};
  EXPECT_EQ(describe(p, "9A.csv", Language::en),
            "9A.csv:5: iin: IIN 080315500011 is already on line 3");
  EXPECT_EQ(describe(p, "9A.csv", Language::kk),
            "9A.csv:5: iin: 080315500011 ЖСН 3-жолда бұрын көрсетілген");
}

TEST(Roster, EveryReasonIsInEveryLanguage) {
  const std::string_view used[] = {"roster.file.empty",
                                   "roster.file.utf16",
                                   "roster.file.no_students",
                                   "roster.header.none",
                                   "roster.header.unknown",
                                   "roster.header.duplicate",
                                   "roster.header.blank",
                                   "roster.header.missing",
                                   "roster.header.mixed",
                                   "roster.header.stage",
                                   "roster.line.field_count",
                                   "roster.line.unclosed_quote",
                                   "roster.text.encoding",
                                   "roster.text.control",
                                   "roster.value.empty",
                                   "roster.value.length",
                                   "roster.iin.length",
                                   "roster.iin.not_digits",
                                   "roster.iin.birth_date",
                                   "roster.iin.century",
                                   "roster.iin.checksum",
                                   "roster.iin.leading_zero",
                                   "roster.iin.excel_number",
                                   "roster.iin.duplicate",
                                   "roster.name.character",
                                   "roster.name.spaces",
                                   "roster.name.no_letter",
                                   "roster.grade.value",
                                   "roster.course.value",
                                   "roster.language.value",
                                   "roster.reading_language.value",
                                   "roster.reading_language.grade",
                                   "roster.reading_language.college"};
  for (const std::string_view key : used)
    for (const Language l : kAllLanguages)
      EXPECT_FALSE(i18n::origin(l, key).empty()) << key << " in " << code(l);
  // No language has a roster key the others lack.
  const auto roster_keys = [](Language l) {
    std::vector<std::string_view> out;
    for (const std::string_view k : i18n::keys(l))
      if (k.starts_with("roster.")) out.push_back(k);
    return out;
  };
  EXPECT_EQ(roster_keys(Language::kk), roster_keys(Language::en));
  EXPECT_EQ(roster_keys(Language::ru), roster_keys(Language::en));
  EXPECT_EQ(roster_keys(Language::en).size(), std::size(used));
}

}  // namespace
}  // namespace bbzhm::server
