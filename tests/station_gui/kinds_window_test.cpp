// Every item kind in the kiosk window: an NTC package with a matching, an ordering, a short-text
// item and a single-choice item with a PNG figure, sat through the real bbzhm-station on Xvfb by
// clicking and typing as a student does. The server must hold each response in the canonical form
// it scores, and score the whole test right.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "item_bank/test_form.hpp"
#include "tests/item_bank/package_fixture.hpp"
#include "tests/station_gui/kiosk_driver.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Grade 9 sits reading, math and science: math has the kinds, the others one plain item each.
const std::vector<std::pair<std::string, std::string>> kBank = {
    {"specs/w-reading.spec",
     "spec: w-reading\ngrade: 9\nsubject: reading\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 10\ntypes: single\nlevels: low 0, medium 40, high 75\nscoring: strict\n\n"
     "[blueprint]\nall/knowledge: 1\n"},
    {"specs/w-science.spec",
     "spec: w-science\ngrade: 9\nsubject: science\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 10\ntypes: single\nlevels: low 0, medium 40, high 75\nscoring: strict\n\n"
     "[blueprint]\nall/knowledge: 1\n"},
    {"r/single.item",
     "id: W-READ\ntype: single\ngrade: 9\nsubject: reading\narea: all\nlevel: knowledge\n"
     "key: A\n\n[kk]\nstem: Мәтіннің тақырыбы?\nA: жыл мезгілдері\nB: теңіз\nC: тау\n"},
    {"s/single.item",
     "id: W-SCI\ntype: single\ngrade: 9\nsubject: science\narea: all\nlevel: knowledge\n"
     "key: C\n\n[kk]\nstem: Суды құрайтын элементтер?\nA: C, O\nB: N, H\nC: H, O\n"},
    {"specs/w-math.spec",
     "spec: w-math\ngrade: 9\nsubject: math\ncampaign: 2027-04\nlanguages: kk\nminutes: 20\n"
     "types: single, matching, ordering, short\nlevels: low 0, medium 40, high 75\n"
     "scoring: strict\n\n[blueprint]\nall/knowledge: 4\n"},
    {"m/figure.item",
     "id: W-FIGURE\ntype: single\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "image: images/chart.png\nkey: B\n\n[kk]\nstem: Диаграммада ең көп кітап қай айда?\n"
     "A: қыркүйек\nB: қазан\nC: қараша\n"},
    {"m/matching.item",
     "id: W-MATCH\ntype: matching\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: 1-B, 2-C, 3-A\n\n[kk]\nstem: Фигура мен төбелер санын сәйкестендіріңіз.\n"
     "1: үшбұрыш\n2: шаршы\n3: бесбұрыш\nA: 5\nB: 3\nC: 4\n"},
    {"m/ordering.item",
     "id: W-ORDER\ntype: ordering\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "points: 2\nkey: B, D, A, C\n\n[kk]\nstem: Кішісінен үлкеніне қарай орналастырыңыз.\n"
     "A: 1 090\nB: 109\nC: 1 900\nD: 910\n"},
    {"m/short.item",
     "id: W-SHORT\ntype: short\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n\n[kk]\n"
     "stem: Дөңгелектің екі радиус пен доғамен шектелген бөлігі қалай аталады?\n"
     "accept: сектор\n"},
};

TEST(Kiosk, StudentAnswersEveryKindByClickingAndTypingAndTheServerScoresIt) {
  School school{"tests/item_bank/data/roster-9k.csv", 9, "9К"};
  const fs::path bank_dir = school.dir / "bank";
  write_bank(bank_dir, kBank);
  fs::create_directories(bank_dir / "images");
  fs::copy_file(source_path("item_bank/bank/images/g4m-books-chart.png"),
                bank_dir / "images/chart.png");
  const BuiltPackage package =
      build_package(school.dir.path(), bank_dir, "w-reading,w-math,w-science", "window", 1);
  const std::vector<Slip> slips = start_package_sitting(school, package, "window", "9К", 1);
  ASSERT_FALSE(slips.empty());
  // The form as the server keeps it: the items (choices shuffled by the variant) and keys.
  std::map<std::string, Item> items;
  std::map<std::string, item_bank::ItemKey> keys;
  {
    std::istringstream rows(school.query("SELECT content FROM forms WHERE id LIKE 'window/%'"));
    for (std::string row; std::getline(rows, row);) {
      auto form = item_bank::parse_form(row, "forms");
      ASSERT_TRUE(form) << form.error().what;
      for (const Item& item : form->booklet.items) {
        items[item.id] = item;
        keys[item.id] = form->keys.at(item.id);
      }
    }
  }
  ASSERT_EQ(items.size(), 6u);
  school.serve();

  const auto station = school.pair_station("W01");
  XServer x;
  Kiosk k(school, station, x);
  k.screen("waiting");
  wait_for_kiosk_focus(x);
  x.click(k.button("start"));
  k.screen("login");
  x.type(slips[0].login);
  x.key("Return");
  x.type(slips[0].password);
  x.key("Return");
  k.screen("confirm", 60s);
  x.click(k.button("yes"));
  k.screen("instructions");
  x.click(k.button("begin"));
  k.next("screen=item ");

  std::map<std::string, std::string> expected;  // what the server must hold, canonical
  for (int n = 0; n < 6; ++n) {
    const std::string line = k.next("item=");
    ASSERT_FALSE(line.empty());
    const std::string id = line.substr(5, line.find(' ') - 5);
    ASSERT_TRUE(items.contains(id)) << line;
    const Item& item = items.at(id);
    const item_bank::ItemKey& key = keys.at(id);
    k.next("buttons");
    std::this_thread::sleep_for(200ms);
    switch (item.kind) {
      case ItemKind::single_choice: {
        // The figure decoded and drawn under the stem.
        if (id == "W-FIGURE") {
          EXPECT_NE(line.find("figures=1/1"), std::string::npos) << line;
        }
        const auto c = std::ranges::find(item.choices, key.choices.at(0), &Choice::id);
        x.key(std::to_string(c - item.choices.begin() + 1));
        EXPECT_EQ(k.next("answer="), "answer=" + id);
        expected[id] = key.choices[0];
        break;
      }
      case ItemKind::matching:
        // Each prompt's letter pressed; one wrong letter first, then changed.
        x.click(k.button("m" + key.pairs[0].substr(0, key.pairs[0].find('-')) + "-" +
                         key.pairs[1].substr(key.pairs[1].find('-') + 1)));
        EXPECT_EQ(k.next("answer="), "answer=" + id);
        for (const std::string& pair : key.pairs) {
          x.click(k.button("m" + pair));
          EXPECT_EQ(k.next("answer="), "answer=" + id);
        }
        expected[id] = [&] {
          std::string s;
          for (const auto& p : key.pairs) s += (s.empty() ? "" : ",") + p;
          return s;
        }();
        break;
      case ItemKind::ordering: {
        // Lines moved up one press at a time until the order is right.
        std::vector<std::string> order;
        for (const Choice& c : item.choices) order.push_back(c.id);
        int presses = 0;
        for (std::size_t i = 0; i < key.order.size(); ++i) {
          auto at = std::ranges::find(order, key.order[i]) - order.begin();
          while (static_cast<std::size_t>(at) > i) {
            x.click(k.button("up-" + key.order[i]));
            EXPECT_EQ(k.next("answer="), "answer=" + id);
            k.next("buttons");
            std::swap(order[at], order[at - 1]);
            --at;
            ++presses;
          }
        }
        if (presses == 0) {
          x.click(k.button("keep"));
          EXPECT_EQ(k.next("answer="), "answer=" + id);
        }
        expected[id] = [&] {
          std::string s;
          for (const auto& c : key.order) s += (s.empty() ? "" : ",") + c;
          return s;
        }();
        break;
      }
      case ItemKind::short_text:
        // Typed on the Latin layout with letters that look Cyrillic, a capital and a space after:
        // stored as typed (trimmed), scored as a teacher would read it ("сектор").
        x.type("Cektop ");
        x.key("Return");
        EXPECT_EQ(k.next("answer="), "answer=" + id);
        expected[id] = "Cektop";
        break;
      default:
        ADD_FAILURE() << "unexpected kind in " << line;
    }
    x.key("Return");  // next item (the last one leads to the review page)
  }
  k.screen("review");
  x.click(k.button("finish"));
  x.click(k.button("yes"));
  k.screen("results", 60s);

  std::string held;
  for (const auto& [id, response] : expected) held += id + "|" + response + "\n";
  std::string stored;
  for (const auto& a : school.answers(2)) stored += a.item_id + "|" + a.response + "\n";
  EXPECT_EQ(stored, held);
  // Every point: math 1 + 2 + 2 + 1.
  const std::string seat = std::to_string(slips[0].seat);
  EXPECT_EQ(results_of(school, 2),
            seat + " math 6/6\n" + seat + " reading 1/1\n" + seat + " science 1/1\n");
}

}  // namespace
}  // namespace bbzhm::test
