// Scoring of every item kind, the partial credit rule, and short answers' normalization.
#include <gtest/gtest.h>

#include <algorithm>

#include "item_bank/answer_text.hpp"
#include "item_bank/test_form.hpp"

namespace bbzhm::item_bank {
namespace {

Item item_of(ItemKind kind, int points) {
  Item i;
  i.id = "X";
  i.kind = kind;
  i.points = points;
  i.choices = {{"A", "a"}, {"B", "b"}, {"C", "c"}, {"D", "d"}};
  if (kind == ItemKind::matching) {
    i.choices = {{"1", "x"}, {"2", "y"}, {"3", "z"}};
    i.targets = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
  }
  return i;
}

TEST(Scoring, MultipleChoiceIsStrictUnlessPartialThenOnePointOffPerMistake) {
  const Item item = item_of(ItemKind::multiple_choice, 2);
  ItemKey key;
  key.choices = {"A", "C"};
  EXPECT_EQ(score_item(item, key, "A,C"), 2);
  EXPECT_EQ(score_item(item, key, "A"), 0);
  key.partial = true;
  EXPECT_EQ(score_item(item, key, "A,C"), 2);
  EXPECT_EQ(score_item(item, key, "A"), 1);      // one missing
  EXPECT_EQ(score_item(item, key, "A,B,C"), 1);  // one extra
  EXPECT_EQ(score_item(item, key, "B,D"), 0);
}

TEST(Scoring, MatchingAndOrdering) {
  const Item m = item_of(ItemKind::matching, 2);
  ItemKey key;
  key.pairs = {"1-B", "2-C", "3-A"};
  key.partial = true;
  EXPECT_EQ(score_item(m, key, "1-B,2-C,3-A"), 2);
  EXPECT_EQ(score_item(m, key, "1-B,2-C"), 1);
  EXPECT_EQ(score_item(m, key, "1-C,2-B"), 0);
  const Item o = item_of(ItemKind::ordering, 2);
  ItemKey order;
  order.order = {"C", "A", "D", "B"};
  order.partial = true;
  EXPECT_EQ(score_item(o, order, "C,A,D,B"), 2);
  EXPECT_EQ(score_item(o, order, "A,C,D,B"), 1);  // two exchanged: one mistake
  order.partial = false;
  EXPECT_EQ(score_item(o, order, "A,C,D,B"), 0);
}

TEST(Scoring, ShortAnswersIgnoreCaseSpacesAndLookAlikeLetters) {
  EXPECT_EQ(normalize_answer_text("  Гипотенуза  "), "гипотенуза");
  EXPECT_EQ(normalize_answer_text("ҚАЗАҚСТАН  Республикасы"), "қазақстан республикасы");
  EXPECT_EQ(normalize_answer_text("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
  // Latin look-alikes typed on a Latin layout: "coк" (Latin c, o) is "сок".
  EXPECT_EQ(normalize_answer_text("coк"), normalize_answer_text("сок"));
  EXPECT_EQ(normalize_answer_text("зелёный"), normalize_answer_text("Зеленый"));
  const Item s = item_of(ItemKind::short_text, 1);
  ItemKey key;
  key.accepted = {"газ"};
  EXPECT_EQ(score_item(s, key, "  ГАЗ "), 1);
  EXPECT_EQ(score_item(s, key, "су"), 0);
}

TEST(Scoring, CanonicalResponsesOfTheNewKinds) {
  const Item m = item_of(ItemKind::matching, 2);
  EXPECT_EQ(normalize_response(m, "2-C,1-B").value(), "1-B,2-C");
  EXPECT_FALSE(normalize_response(m, "1-B,2-B"));
  EXPECT_FALSE(normalize_response(m, "1-Q"));
  const Item o = item_of(ItemKind::ordering, 1);
  EXPECT_EQ(normalize_response(o, "D,C,B,A").value(), "D,C,B,A");
  EXPECT_FALSE(normalize_response(o, "D,C,B"));
  const Item s = item_of(ItemKind::short_text, 1);
  EXPECT_EQ(normalize_response(s, "  жасыл ").value(), "жасыл");
}

TEST(Scoring, FormsOfTheNewKindsRoundTripThroughTheirJson) {
  TestForm f;
  f.id = "p/x-v1-kk";
  f.grade = 9;
  f.booklet.minutes = 45;
  f.levels = {{"low", 0}, {"high", 75}};
  Item m = item_of(ItemKind::matching, 2);
  m.figures.push_back({"a.png", "image/png", std::string("\x89PNG\0\x01", 6)});
  f.booklet.items.push_back(m);
  ItemKey k;
  k.pairs = {"1-A", "2-B", "3-C"};
  k.partial = true;
  f.keys["X"] = k;
  const auto back = parse_form(form_json(f), "test");
  ASSERT_TRUE(back) << back.error().what;
  EXPECT_EQ(form_json(*back), form_json(f));
  EXPECT_EQ(back->booklet.items[0].figures[0].data, std::string("\x89PNG\0\x01", 6));
  EXPECT_TRUE(back->keys.at("X").partial);
}

}  // namespace
}  // namespace bbzhm::item_bank
