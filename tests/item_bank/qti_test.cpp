// QTI import (bbzhm-bank import-qti): sample items in QTI 2.1 (a TAO export with its manifest),
// 2.2 and 3.0 for every supported interaction become bank items that validate, build into a
// package and are scored on the real server; what cannot be represented is refused by file and
// line.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/item_bank/package_fixture.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

const std::string kQti = "tests/item_bank/qti/";

class QtiImport : public ::testing::Test {
 protected:
  // Imports the three sample folders as math, science and reading of grade 9.
  void import_samples() {
    for (const auto& [folder, subject] :
         {std::pair{"qti21", "math"}, {"qti22", "science"}, {"qti30", "reading"}}) {
      const auto r = bank({"import-qti", "--out", out.string(), "--grade", "9", "--subject",
                           subject, source_path(kQti + folder)});
      ASSERT_EQ(r.status, 0) << r.err;
    }
  }
  std::string item(const std::string& id) const { return read_file(out / (id + ".item")); }

  TempDir dir;
  std::filesystem::path out = dir / "bank";
};

TEST_F(QtiImport, EveryInteractionBecomesAnItemInTheAuthoringFormat) {
  import_samples();
  // QTI 2.1 from TAO: two files with one identifier are the kk and ru versions of one item.
  const std::string single = item("i-math-01");
  EXPECT_NE(single.find("type: single\ngrade: 9\nsubject: math\narea: imported\nlevel: "
                        "knowledge\npoints: 1\nkey: C\n"),
            std::string::npos)
      << single;
  EXPECT_NE(single.find("[kk]\nstem: |\n  Рюкзак 8 000 теңге тұрды. Дүкен оған 25 % жеңілдік "
                        "жасады.\n\n  Рюкзак енді қанша тұрады?\nA: 7 975 теңге\n"),
            std::string::npos)
      << single;
  EXPECT_NE(single.find("[ru]\nstem: |\n  Рюкзак стоил"), std::string::npos) << single;
  EXPECT_NE(item("i-math-02").find("type: multiple"), std::string::npos);
  EXPECT_NE(item("i-math-02").find("points: 2\nkey: A, C, D\n"), std::string::npos);
  EXPECT_NE(item("i-math-03").find("type: ordering\n"), std::string::npos);
  EXPECT_NE(item("i-math-03").find("key: C, A, D, B\n"), std::string::npos);
  const std::string match = item("i-math-04");
  EXPECT_NE(match.find("key: 1-B, 2-D, 3-A\n"), std::string::npos) << match;
  EXPECT_NE(match.find("1: 2 м\n2: 15 мм\n3: 0,5 м\nA: 50 см\nB: 200 см\nC: 20 см\nD: 1,5 см\n"),
            std::string::npos)
      << match;
  // Numeric: textEntryInteraction of baseType float, the tolerance of responseProcessing, the
  // picture copied beside the items.
  const std::string numeric = item("i-math-05");
  EXPECT_NE(numeric.find("type: numeric"), std::string::npos);
  EXPECT_NE(numeric.find("answer: 2.5\ntolerance: 0.05\nimage: images/graph.svg\n"),
            std::string::npos)
      << numeric;
  EXPECT_NE(numeric.find("Ответ: ____ м/с"), std::string::npos) << numeric;
  EXPECT_EQ(read_file(out / "images/graph.svg"),
            read_file(source_path(kQti + "qti21/items/math-05/assets/graph.svg")));
  // Short text: the correct response and every mapped answer worth points, not the others.
  const std::string text = item("i-math-06");
  EXPECT_NE(text.find("accept: ромб\naccept: ромбик\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("квадрат"), std::string::npos);
  // QTI 2.2: associateInteraction as matching, extendedText as short text, subscripts.
  EXPECT_NE(item("sci-assoc-01").find("key: 1-A, 2-B\nimage: images/organs.png\n"),
            std::string::npos)
      << item("sci-assoc-01");
  EXPECT_NE(item("sci-text-01").find("углекислый газ CO₂ и воду."), std::string::npos);
  EXPECT_NE(item("sci-text-01").find("accept: кислород\n"), std::string::npos);
  EXPECT_NE(item("sci-choice-01").find("key: B\n"), std::string::npos);
  EXPECT_NE(item("sci-choice-01").find("B: H₂O\n"), std::string::npos);
  // QTI 3.0 (qti-assessment-item): the same mapping.
  EXPECT_NE(item("read-choice-01").find("key: B\n"), std::string::npos);
  EXPECT_NE(item("read-order-01").find("points: 2\nkey: B, C, A\n"), std::string::npos);
  EXPECT_NE(item("read-match-01").find("key: 1-B, 2-A\n"), std::string::npos);
  EXPECT_NE(item("read-text-01").find("accept: Асель\n"), std::string::npos);
  EXPECT_NE(item("read-number-01").find("type: numeric"), std::string::npos);
  EXPECT_NE(item("read-number-01").find("answer: 6\n"), std::string::npos);

  const auto valid = bank({"validate", out.string()});
  EXPECT_EQ(valid.status, 0) << valid.err;
  EXPECT_NE(valid.out.find("14"), std::string::npos) << valid.out;
  // Importing again over the same folder writes nothing over what is there.
  const auto again = bank({"import-qti", "--out", out.string(), "--grade", "9", "--subject", "math",
                           source_path(kQti + "qti21")});
  EXPECT_NE(again.status, 0);
  EXPECT_NE(again.err.find("i-math-01.item already exists"), std::string::npos) << again.err;
}

TEST_F(QtiImport, WhatCannotBeRepresentedIsRefusedByFileAndLineAndNothingIsWritten) {
  const std::string bad = source_path(kQti + "bad");
  const auto r =
      bank({"import-qti", "--out", out.string(), "--grade", "9", "--subject", "math", bad});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, bad +
                       "/formula.xml:10: a MathML formula cannot be represented: write it as "
                       "text (x², H₂O) or as an SVG image\n" +
                       bad +
                       "/gap-match.xml:9: qti-gap-match-interaction is not supported: the "
                       "format has single and multiple choice, matching, ordering, "
                       "numeric and short text entry\n" +
                       bad +
                       "/hotspot.xml:11: hotspotInteraction is not supported: the format "
                       "has single and multiple choice, matching, ordering, numeric and "
                       "short text entry\n" +
                       bad +
                       "/malformed.xml:14: not well-formed XML: Opening and ending tag "
                       "mismatch: p line 9 and itemBody\n4 problem(s) found.\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  // One bad file among good ones: still nothing written.
  const auto mixed = bank({"import-qti", "--out", out.string(), "--grade", "9", "--subject", "math",
                           source_path(kQti + "qti21"), bad + "/hotspot.xml"});
  EXPECT_EQ(mixed.status, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
  // A file named on the command line that is no item; a key naming no choice; no language.
  std::filesystem::create_directories(dir / "more");
  const auto manifest = source_path(kQti + "qti21/imsmanifest.xml");
  std::string text = read_file(source_path(kQti + "qti21/items/math-01/qti.xml"));
  const std::string key = "choice_3]]", lang = " xml:lang=\"ru-RU\"", id = "\"i-math-01\"";
  text.replace(text.find(key), key.size(), "choice_9]]");
  std::ofstream(dir / "more/key.xml") << text;
  text.replace(text.find(lang), lang.size(), "");
  text.replace(text.find(id), id.size(), "\"i-math-99\"");
  std::ofstream(dir / "more/nolang.xml") << text;
  const auto more =
      bank({"import-qti", "--out", out.string(), "--grade", "9", "--subject", "math", manifest,
            (dir / "more/key.xml").string(), (dir / "more/nolang.xml").string()});
  EXPECT_EQ(more.status, 2);
  EXPECT_NE(more.err.find(manifest + ":1: not a QTI item"), std::string::npos) << more.err;
  EXPECT_NE(more.err.find("key.xml:3: the key names choice_9, which is no choice"),
            std::string::npos)
      << more.err;
  EXPECT_NE(more.err.find("nolang.xml:2: no xml:lang: give --lang kk|ru|en"), std::string::npos)
      << more.err;
}

TEST_F(QtiImport, AnImportedBankIsBuiltIntoAPackageAndScoredOnTheServer) {
  import_samples();
  const std::vector<std::pair<std::string, std::string>> specs = {
      {"q-math", "math\nminutes: 20\nscoring: partial\n\n[blueprint]\nimported/knowledge: 6\n"},
      {"q-science",
       "science\nminutes: 15\nscoring: strict\n\n[blueprint]\nimported/knowledge: 3\n"},
      {"q-reading",
       "reading\nminutes: 15\nscoring: strict\n\n[blueprint]\nimported/knowledge: 5\n"}};
  std::filesystem::create_directories(out / "specs");
  for (const auto& [id, rest] : specs)
    std::ofstream(out / "specs" / (id + ".spec"))
        << "spec: " << id << "\ngrade: 9\ncampaign: 2027-04\nlanguages: ru\n"
        << "types: single, multiple, numeric, matching, ordering, short\n"
        << "levels: low 0, medium 40, high 75\nsubject: " << rest;
  const auto valid = bank({"validate", out.string()});
  ASSERT_EQ(valid.status, 0) << valid.err;

  School school("tests/item_bank/data/roster-9q.csv", 9, "9Q");
  const auto package =
      build_package(school.dir.path(), out, "q-math,q-science,q-reading", "qti", 1);
  const auto slips = start_package_sitting(school, package, "qti", "9Q");
  ASSERT_EQ(slips.size(), 2u);
  school.serve();
  const auto right = sit_headless(school, slips[0], package, "1");
  ASSERT_EQ(right.status, 0) << right.err << right.out;
  const auto wrong = sit_headless(school, slips[1], package, "0");
  ASSERT_EQ(wrong.status, 0) << wrong.err << wrong.out;
  // Points: math 1+2+2+2+1+1, science 2+1+1, reading 1+2+2+1+1.
  EXPECT_EQ(results_of(school, 2),
            "1 math 9/9\n1 reading 7/7\n1 science 4/4\n"
            "2 math 0/9\n2 reading 0/7\n2 science 0/4\n");
  school.stop_server();
}

}  // namespace
}  // namespace bbzhm::test
