// Every item kind scored by the real server as item_bank/bank/README.md ("Scoring") states it:
// a small bank with one item of each kind (strict and partial specifications) is built into an
// NTC package, loaded, unlocked, made into a sitting, and sat by students over the real protocol.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "item_bank/test_form.hpp"
#include "station/client.hpp"
#include "tests/item_bank/package_fixture.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

// The math spec scores partially, reading and science strictly; one item of each kind.
const std::vector<std::pair<std::string, std::string>> kBank = {
    {"specs/k-math.spec",
     "spec: k-math\ngrade: 9\nsubject: math\ncampaign: 2027-04\nlanguages: kk\nminutes: 20\n"
     "types: single, multiple, numeric, matching, ordering, short\n"
     "levels: low 0, medium 40, high 75\nscoring: partial\n\n[blueprint]\nall/knowledge: 6\n"},
    {"specs/k-science.spec",
     "spec: k-science\ngrade: 9\nsubject: science\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 15\ntypes: multiple, matching, ordering\nlevels: low 0, medium 40, high 75\n"
     "scoring: strict\n\n[blueprint]\nall/knowledge: 3\n"},
    {"specs/k-reading.spec",
     "spec: k-reading\ngrade: 9\nsubject: reading\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 10\ntypes: single, numeric, short\nlevels: low 0, medium 40, high 75\n"
     "scoring: strict\n\n[blueprint]\nall/knowledge: 3\n"},
    {"m/single.item",
     "id: M-SINGLE\ntype: single\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "key: C\n\n[kk]\nstem: 7 + 5 = ?\nA: 11\nB: 13\nC: 12\nD: 75\n"},
    {"m/multiple.item",
     "id: M-MULTI\ntype: multiple\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: A, C\n\n[kk]\nstem: Жай сандарды таңдаңыз.\nA: 2\nB: 4\nC: 7\nD: 9\n"},
    {"m/numeric.item",
     "id: M-NUM\ntype: numeric\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "answer: 2,5\ntolerance: 0.1\n\n[kk]\nstem: 5 см кесіндінің жартысы қанша?\nunit: см\n"},
    {"m/matching.item",
     "id: M-MATCH\ntype: matching\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: 1-B, 2-C, 3-A\n\n[kk]\nstem: Фигура мен төбелер санын сәйкестендіріңіз.\n"
     "1: үшбұрыш\n2: шаршы\n3: бесбұрыш\nA: 5\nB: 3\nC: 4\n"},
    {"m/ordering.item",
     "id: M-ORDER\ntype: ordering\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: B, D, A, C\n\n[kk]\nstem: Кішісінен үлкеніне қарай орналастырыңыз.\n"
     "A: 1 090\nB: 109\nC: 1 900\nD: 910\n"},
    {"m/short.item",
     "id: M-SHORT\ntype: short\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "image: images/right-triangle.svg\n\n[kk]\n"
     "stem: Тік бұрышқа қарсы жатқан қабырға қалай аталады?\naccept: гипотенуза\n"},
    {"s/multiple.item",
     "id: S-MULTI\ntype: multiple\ngrade: 9\nsubject: science\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: B, D\n\n[kk]\nstem: Металдарды таңдаңыз.\nA: оттек\nB: темір\n"
     "C: күкірт\nD: мыс\n"},
    {"s/matching.item",
     "id: S-MATCH\ntype: matching\ngrade: 9\nsubject: science\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: 1-A, 2-B, 3-C\n\n[kk]\nstem: Зат пен күйін сәйкестендіріңіз.\n1: мұз\n"
     "2: су\n3: бу\nA: қатты\nB: сұйық\nC: газ\n"},
    {"s/ordering.item",
     "id: S-ORDER\ntype: ordering\ngrade: 9\nsubject: science\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: D, B, A, C\n\n[kk]\nstem: Бақаның даму кезеңдері.\nA: аяқтары шыққан "
     "итшабақ\nB: итшабақ\nC: ересек бақа\nD: уылдырық\n"},
    {"r/short.item",
     "id: R-SHORT\ntype: short\ngrade: 9\nsubject: reading\narea: all\nlevel: knowledge\n\n"
     "[kk]\nstem: «Қара сөздің» авторы кім?\naccept: Абай\naccept: Абай Құнанбаев\n"},
    {"r/numeric.item",
     "id: R-NUM\ntype: numeric\ngrade: 9\nsubject: reading\narea: all\nlevel: knowledge\n"
     "answer: 12\n\n[kk]\nstem: Мәтінде неше ай аталады?\n"},
    {"r/single.item",
     "id: R-SINGLE\ntype: single\ngrade: 9\nsubject: reading\narea: all\nlevel: knowledge\n"
     "key: A\n\n[kk]\nstem: Мәтіннің тақырыбы?\nA: жыл мезгілдері\nB: теңіз\nC: тау\n"},
    {"images/right-triangle.svg",
     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"90\">"
     "<polygon points=\"10,80 110,80 10,10\" fill=\"none\" stroke=\"black\"/></svg>\n"},
};

std::string join(const std::vector<std::string>& parts, std::size_t skip = SIZE_MAX) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (i != skip) out += (out.empty() ? "" : ",") + parts[i];
  return out;
}

// A choice id of the item that is not in `taken`.
std::string other_choice(const Item& item, const std::vector<std::string>& taken) {
  for (const auto& c : item.choices)
    if (std::ranges::find(taken, c.id) == taken.end()) return c.id;
  return "";
}

class KindsSitting : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto bank_dir = school.dir / "bank";
    write_bank(bank_dir, kBank);
    package = build_package(school.dir.path(), bank_dir, "k-reading,k-math,k-science", "kinds", 1);
    slips = start_package_sitting(school, package, "kinds", "9К");
    ASSERT_EQ(slips.size(), 3u);
    // The forms as the server keeps them: one serialization, keys of every kind included.
    std::istringstream rows(school.query("SELECT content FROM forms WHERE id LIKE 'kinds/%'"));
    for (std::string row; std::getline(rows, row);) {
      auto form = item_bank::parse_form(row, "forms");
      ASSERT_TRUE(form) << form.error().what;
      EXPECT_EQ(item_bank::form_json(*form), row);
      for (const Item& item : form->booklet.items) {
        items[item.id] = item;
        keys[item.id] = form->keys.at(item.id);
      }
    }
    ASSERT_EQ(items.size(), 12u);
    school.serve();
  }

  // Logs in, gives the responses, finishes; the results the server sent.
  protocol::Results sit(const Slip& slip, const std::map<std::string, std::string>& responses) {
    auto config = station::load_config(school.pair_station("K" + std::to_string(slip.seat)));
    EXPECT_TRUE(config) << config.error().what;
    auto client = station::StationClient::start(*config);
    EXPECT_TRUE(client) << client.error().what;
    (*client)->login(slip.login, slip.password);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto snap = (*client)->snapshot();
    while (snap.phase != station::Phase::testing && std::chrono::steady_clock::now() < deadline)
      snap = (*client)->wait_for_change(snap.version, std::chrono::milliseconds(200));
    EXPECT_EQ(snap.phase, station::Phase::testing) << snap.last_error;
    if (snap.sitting) received = snap.sitting->booklets;
    for (const auto& [id, response] : responses) (*client)->answer(id, response);
    while ((snap.answers.size() < responses.size() || snap.unacknowledged > 0) &&
           std::chrono::steady_clock::now() < deadline)
      snap = (*client)->wait_for_change(snap.version, std::chrono::milliseconds(200));
    EXPECT_EQ(snap.answers.size(), responses.size());
    (*client)->finish();
    while (snap.phase != station::Phase::finished && std::chrono::steady_clock::now() < deadline)
      snap = (*client)->wait_for_change(snap.version, std::chrono::milliseconds(200));
    EXPECT_TRUE(snap.results.has_value()) << snap.last_error;
    return snap.results.value_or(protocol::Results{});
  }

  static std::string scores(const protocol::Results& r) {
    std::string out;
    for (const auto& s : r.subjects)
      out += std::string(code(s.subject)) + " " + std::to_string(s.score) + "/" +
             std::to_string(s.max_score) + " " + s.level + "; ";
    return out;
  }

  School school{"tests/item_bank/data/roster-9k.csv", 9, "9К"};
  BuiltPackage package;
  std::vector<Slip> slips;
  std::map<std::string, Item> items;
  std::map<std::string, item_bank::ItemKey> keys;
  std::vector<Booklet> received;  // what the last student's station was given
};

TEST_F(KindsSitting, EveryKindIsScoredByTheServerAsTheRulesSay) {
  const auto& k = keys;
  // Every response right, written the ways a student may: "2,5", spaces and capitals, two spaces.
  const auto all_right = sit(slips[0], {{"M-SINGLE", k.at("M-SINGLE").choices[0]},
                                        {"M-MULTI", join(k.at("M-MULTI").choices)},
                                        {"M-NUM", "2,5"},
                                        {"M-MATCH", join(k.at("M-MATCH").pairs)},
                                        {"M-ORDER", join(k.at("M-ORDER").order)},
                                        {"M-SHORT", "  ГИПОТЕНУЗА "},
                                        {"S-MULTI", join(k.at("S-MULTI").choices)},
                                        {"S-MATCH", join(k.at("S-MATCH").pairs)},
                                        {"S-ORDER", join(k.at("S-ORDER").order)},
                                        {"R-SHORT", "абай  құнанбаев"},
                                        {"R-NUM", "12"},
                                        {"R-SINGLE", k.at("R-SINGLE").choices[0]}});
  EXPECT_EQ(scores(all_right), "reading 3/3 high; math 9/9 high; science 6/6 high; ");
  // The package's picture reaches the station with its item, byte for byte.
  int figures = 0;
  for (const Booklet& b : received)
    for (const Item& i : b.items)
      for (const Figure& f : i.figures) {
        ++figures;
        EXPECT_EQ(i.id, "M-SHORT");
        EXPECT_EQ(f.name, "right-triangle.svg");
        EXPECT_EQ(f.media_type, "image/svg+xml");
        EXPECT_EQ(f.data, kBank.back().second);
      }
  EXPECT_EQ(figures, 1);

  // One slip in each item: partial credit in math (one point off per mistake), none in science.
  auto swapped = k.at("M-ORDER").order;
  std::swap(swapped[1], swapped[2]);
  auto swapped_s = k.at("S-ORDER").order;
  std::swap(swapped_s[0], swapped_s[1]);
  const auto& multi = k.at("M-MULTI").choices;
  auto with_extra = multi;
  with_extra.push_back(other_choice(items.at("M-MULTI"), multi));
  std::ranges::sort(with_extra);
  const auto one_slip = sit(
      slips[1], {{"M-SINGLE", other_choice(items.at("M-SINGLE"), k.at("M-SINGLE").choices)},  // 0
                 {"M-MULTI", join(with_extra)},                // 2 - 1
                 {"M-NUM", "2.58"},                            // within 0.1
                 {"M-MATCH", join(k.at("M-MATCH").pairs, 1)},  // a prompt left unpaired: 2 - 1
                 {"M-ORDER", join(swapped)},                   // two exchanged: one mistake, 2 - 1
                 {"M-SHORT", "гипoтенузa"},                    // Latin o and a: the same word
                 {"S-MULTI", join(k.at("S-MULTI").choices, 0)},  // strict: 0
                 {"S-MATCH", join(k.at("S-MATCH").pairs, 2)},    // strict: 0
                 {"S-ORDER", join(swapped_s)},                   // strict: 0
                 {"R-SHORT", "Абайдың"},                         // not an accepted answer
                 {"R-NUM", "12,0"},
                 {"R-SINGLE", k.at("R-SINGLE").choices[0]}});
  EXPECT_EQ(scores(one_slip), "reading 2/3 medium; math 5/9 medium; science 0/6 low; ");

  // Two mistakes in a 2-point item leave nothing; outside the tolerance is wrong; a reversed
  // order of four is two mistakes; unanswered items give nothing.
  auto reversed = k.at("M-ORDER").order;
  std::ranges::reverse(reversed);
  auto wrong_pairs = k.at("M-MATCH").pairs;  // every prompt with the next prompt's target
  std::vector<std::string> rotated;
  for (std::size_t i = 0; i < wrong_pairs.size(); ++i)
    rotated.push_back(wrong_pairs[i].substr(0, 2) +
                      wrong_pairs[(i + 1) % wrong_pairs.size()].substr(2));
  std::vector<std::string> two_slips = {multi[0],
                                        other_choice(items.at("M-MULTI"), multi)};  // -1, +1
  std::ranges::sort(two_slips);
  const auto mostly_wrong = sit(slips[2], {{"M-SINGLE", k.at("M-SINGLE").choices[0]},
                                           {"M-MULTI", join(two_slips)},
                                           {"M-NUM", "2.7"},
                                           {"M-MATCH", join(rotated)},
                                           {"M-ORDER", join(reversed)},
                                           {"M-SHORT", "катет"},
                                           {"S-MULTI", join(k.at("S-MULTI").choices)},
                                           {"S-MATCH", join(k.at("S-MATCH").pairs)},
                                           {"S-ORDER", join(k.at("S-ORDER").order)}});
  EXPECT_EQ(scores(mostly_wrong), "reading 0/3 low; math 1/9 low; science 6/6 high; ");

  // The server's own record agrees with what the stations were shown.
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participant_forms pf JOIN participants p ON "
                         "p.id = pf.participant_id WHERE p.sitting_id = 2 AND pf.form_id LIKE "
                         "'kinds/%-v1-kk'"),
            "9\n");
  school.stop_server();
}

// The scripted station answers every kind from the package's keys: all right, all wrong.
TEST_F(KindsSitting, ScriptedStationsAnswerEveryKindFromThePackage) {
  const auto right = sit_headless(school, slips[0], package, "1");
  ASSERT_EQ(right.status, 0) << right.err << right.out;
  EXPECT_NE(right.out.find("answered=12"), std::string::npos) << right.out;
  const auto wrong = sit_headless(school, slips[1], package, "0");
  ASSERT_EQ(wrong.status, 0) << wrong.err << wrong.out;
  EXPECT_EQ(results_of(school, 2),
            "1 math 9/9\n1 reading 3/3\n1 science 6/6\n"
            "2 math 0/9\n2 reading 0/3\n2 science 0/6\n");
  school.stop_server();
}

}  // namespace
}  // namespace bbzhm::test
