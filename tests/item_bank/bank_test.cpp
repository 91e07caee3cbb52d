// The authoring format's checks: every kind of problem is reported as file:line: reason.
#include "item_bank/bank.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>

#include "tests/support/process.hpp"

namespace bbzhm::item_bank {
namespace {

namespace fs = std::filesystem;

// A small valid bank: one spec asking for one single-choice item in kk and ru, one item, one
// passage with one item, one image.
class Bank : public ::testing::Test {
 protected:
  void SetUp() override {
    write("specs/t.spec",
          "spec: t\ngrade: 9\nsubject: math\ncampaign: 2027-04\nlanguages: kk, ru\nminutes: 45\n"
          "types: single, short, matching, ordering, numeric, multiple\n"
          "levels: low 0, medium 40, high 75\nscoring: strict\n\n[blueprint]\n"
          "algebra/knowledge: 1\n");
    write("a.item", kItem);
    write("images/fig.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  }

  static constexpr const char* kItem =
      "id: T-1\ntype: single\ngrade: 9\nsubject: math\narea: algebra\nlevel: knowledge\n"
      "key: B\n\n[kk]\nstem: Сұрақ?\nA: бір\nB: екі\n\n[ru]\nstem: Вопрос?\nA: один\nB: два\n";

  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir.path() / name).parent_path());
    std::ofstream(dir.path() / name) << text;
  }

  // Problems after replacing `from` by `to` in the item file (or writing `file` anew).
  std::vector<std::string> problems() {
    std::vector<std::string> out;
    for (const auto& p : load_bank(dir.path()).problems) out.push_back(describe(p));
    return out;
  }
  std::string with_item(const std::string& from, const std::string& to) {
    std::string text = kItem;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write("a.item", text);
    const auto all = problems();
    std::string joined;
    for (const auto& p : all) joined += p + "\n";
    return joined;
  }

  test::TempDir dir;
};

TEST_F(Bank, ValidBankHasNoProblems) {
  EXPECT_TRUE(problems().empty());
}

TEST_F(Bank, TheSampleBankIsValid) {
  const auto loaded = load_bank(BBZHM_SAMPLE_BANK_DIR);
  for (const auto& p : loaded.problems) ADD_FAILURE() << describe(p);
  EXPECT_GE(loaded.bank.items.size(), 60u);
  EXPECT_EQ(loaded.bank.specs.size(), 7u);
}

TEST_F(Bank, ReportsALineThatIsNotAField) {
  EXPECT_NE(
      with_item("key: B\n", "key: B\nthis is no field\n").find("a.item:8: expected 'field: value'"),
      std::string::npos);
}

TEST_F(Bank, ReportsAnUnknownField) {
  EXPECT_NE(with_item("key: B\n", "colour: red\nkey: B\n").find("a.item:7: unknown field 'colour'"),
            std::string::npos);
}

TEST_F(Bank, ReportsAMissingRequiredField) {
  EXPECT_NE(with_item("area: algebra\n", "").find("a.item:1: missing 'area:'"), std::string::npos);
}

TEST_F(Bank, ReportsAnUnknownType) {
  EXPECT_NE(with_item("type: single", "type: essay").find("a.item:2: type 'essay'"),
            std::string::npos);
}

TEST_F(Bank, ReportsABadCognitiveLevel) {
  EXPECT_NE(with_item("level: knowledge", "level: hard").find("a.item:6: level 'hard'"),
            std::string::npos);
}

TEST_F(Bank, ReportsAMissingLanguageVersionTheSpecNeeds) {
  const auto out = with_item("\n[ru]\nstem: Вопрос?\nA: один\nB: два\n", "");
  EXPECT_NE(out.find("a.item:1: item T-1 has no [ru] version, which spec t needs"),
            std::string::npos)
      << out;
}

TEST_F(Bank, ReportsASectionThatIsNotALanguage) {
  EXPECT_NE(with_item("[ru]", "[de]").find("a.item:14: [de] is not a language"), std::string::npos);
}

TEST_F(Bank, ReportsAKeyNotAmongTheOptions) {
  EXPECT_NE(with_item("key: B", "key: D").find("a.item:7: key D is not among the options A, B"),
            std::string::npos);
}

TEST_F(Bank, ReportsASingleChoiceItemWithTwoKeys) {
  EXPECT_NE(with_item("key: B", "key: A, B").find("a.item:7: a single-choice item has exactly one"),
            std::string::npos);
}

TEST_F(Bank, ReportsLanguageVersionsWithDifferentOptions) {
  EXPECT_NE(with_item("B: два\n", "B: два\nC: три\n").find("a.item:14: [ru] has options A, B, C"),
            std::string::npos);
}

TEST_F(Bank, ReportsAVersionWithoutAStem) {
  EXPECT_NE(with_item("stem: Вопрос?\n", "").find("a.item:14: [ru] has no stem"),
            std::string::npos);
}

TEST_F(Bank, ReportsAMissingImageAndAWrongImageType) {
  auto out = with_item("key: B\n", "key: B\nimage: images/none.png\n");
  EXPECT_NE(out.find("a.item:8: image 'images/none.png' is missing"), std::string::npos) << out;
  out = with_item("key: B\n", "key: B\nimage: images/fig.gif\n");
  EXPECT_NE(out.find("a.item:8: image 'images/fig.gif' is neither PNG nor SVG"), std::string::npos);
  out = with_item("key: B\n", "key: B\nimage: images/fig.svg\n");
  EXPECT_EQ(out, "");
}

TEST_F(Bank, ReportsADuplicateItemId) {
  write("b.item", kItem);
  const auto all = problems();
  ASSERT_FALSE(all.empty());
  EXPECT_NE(all[0].find("b.item:1: item id T-1 is also used in a.item:1"), std::string::npos);
}

TEST_F(Bank, ReportsAMissingPassage) {
  EXPECT_NE(with_item("key: B\n", "key: B\npassage: P9\n").find("a.item:8: passage 'P9' does not"),
            std::string::npos);
}

TEST_F(Bank, ReportsAPassageWithoutTheItemsLanguage) {
  write("p.passage", "id: P1\ngrade: 9\nsubject: math\n\n[kk]\ntitle: Т\ntext: |\n  Мәтін.\n");
  const auto out = with_item("key: B\n", "key: B\npassage: P1\n");
  EXPECT_NE(out.find("a.item:15: passage 'P1' has no [ru] version"), std::string::npos) << out;
}

TEST_F(Bank, ReportsANumericItemWithABadAnswerOrTolerance) {
  auto out = with_item("type: single", "type: numeric");
  EXPECT_NE(out.find("a numeric item has no options"), std::string::npos) << out;
  write("a.item",
        "id: N-1\ntype: numeric\ngrade: 9\nsubject: math\narea: algebra\nlevel: knowledge\n"
        "answer: seven\ntolerance: -1\n\n[kk]\nstem: ?\n\n[ru]\nstem: ?\n");
  out.clear();
  for (const auto& p : problems()) out += p + "\n";
  EXPECT_NE(out.find("a.item:7: answer must be a number"), std::string::npos) << out;
  EXPECT_NE(out.find("a.item:8: tolerance must be a number, 0 or more"), std::string::npos);
}

TEST_F(Bank, ReportsAMatchingKeyThatIsNotAPairing) {
  write("a.item",
        "id: M-1\ntype: matching\ngrade: 9\nsubject: math\narea: algebra\nlevel: knowledge\n"
        "key: 1-A, 2-A\n\n[kk]\nstem: ?\n1: a\n2: b\nA: x\nB: y\n\n[ru]\nstem: ?\n1: a\n2: b\n"
        "A: x\nB: y\n");
  std::string out;
  for (const auto& p : problems()) out += p + "\n";
  EXPECT_NE(out.find("a.item:7: the key of a matching item pairs every prompt with a different"),
            std::string::npos)
      << out;
}

TEST_F(Bank, ReportsAnOrderingKeyThatIsNotAPermutation) {
  auto out = with_item("type: single", "type: ordering");
  EXPECT_NE(out.find("a.item:7: the key of an ordering item lists every option (A, B) once"),
            std::string::npos)
      << out;
}

TEST_F(Bank, ReportsAShortItemWithoutAcceptedAnswers) {
  write("a.item",
        "id: S-1\ntype: short\ngrade: 9\nsubject: math\narea: algebra\nlevel: knowledge\n\n"
        "[kk]\nstem: ?\naccept: жеті\n\n[ru]\nstem: ?\n");
  std::string out;
  for (const auto& p : problems()) out += p + "\n";
  EXPECT_NE(out.find("a.item:12: [ru] has no accepted answer"), std::string::npos) << out;
}

TEST_F(Bank, ReportsASpecAskingForMoreItemsThanTheBankHas) {
  write("specs/t.spec",
        "spec: t\ngrade: 9\nsubject: math\ncampaign: 2027-04\nlanguages: kk, ru\nminutes: 45\n"
        "types: single\nlevels: low 0, high 75\n\n[blueprint]\nalgebra/knowledge: 3\n");
  const auto all = problems();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0],
            "specs/t.spec:11: the spec asks for 3 items of algebra/knowledge but the bank has 1");
}

TEST_F(Bank, ReportsASpecNoVariantCanMeetBecausePassageUnitsAreWhole) {
  // Two algebra/knowledge items in one passage unit, and a spec asking for one: enough items,
  // but no variant can take the unit without overfilling the cell.
  write("p.passage",
        "id: P1\ngrade: 9\nsubject: math\n\n[kk]\ntitle: Т\ntext: Мәтін.\n\n[ru]\ntitle: Т\n"
        "text: Текст.\n");
  std::string in_unit = kItem;
  in_unit.insert(in_unit.find("key: B\n"), "passage: P1\n");
  write("a.item", in_unit);
  in_unit.replace(in_unit.find("T-1"), 3, "T-2");
  write("b.item", in_unit);
  const auto all = problems();
  ASSERT_EQ(all.size(), 1u) << all[0];
  EXPECT_EQ(all[0],
            "specs/t.spec:1: cannot assemble variant 1 of spec t from the bank: no combination "
            "of passage units gives the blueprint");
}

TEST_F(Bank, ReportsBadSpecFields) {
  write("specs/t.spec",
        "spec: t\ngrade: 5\nsubject: history\ncampaign: April\nlanguages: kk, de\nminutes: 0\n"
        "types: single, essay\nlevels: low 10\nscoring: lenient\n\n[blueprint]\nalgebra: 1\n"
        "algebra/knowledge: none\n");
  std::string out;
  for (const auto& p : problems()) out += p + "\n";
  for (const char* want :
       {"t.spec:2: grade must be", "t.spec:3: subject must be", "t.spec:4: campaign is written",
        "t.spec:5: 'de' is not a language", "t.spec:6: minutes must be", "t.spec:7: type 'essay'",
        "t.spec:8: the lowest level starts at 0", "t.spec:9: scoring is partial or strict",
        "t.spec:12: a blueprint line is AREA/LEVEL", "t.spec:13: the count of items"})
    EXPECT_NE(out.find(want), std::string::npos) << want << "\n" << out;
}

TEST_F(Bank, ValidateCommandPrintsEveryProblemAndFails) {
  with_item("key: B", "key: D");
  const auto out = test::run({BBZHM_BANK_BIN, "validate", dir.path().string()});
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find("a.item:7: key D is not among the options"), std::string::npos) << out.err;
  const auto ok = test::run({BBZHM_BANK_BIN, "validate", BBZHM_SAMPLE_BANK_DIR});
  EXPECT_EQ(ok.status, 0) << ok.err;
}

}  // namespace
}  // namespace bbzhm::item_bank
