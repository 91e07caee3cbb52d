// An item's SVG figure in the kiosk window: the sample bank's thermometer (item_bank/bank) in an
// NTC package, sat through the real bbzhm-station on Xvfb; the screenshot of the item must hold
// the thermometer's red (#d22) where librsvg drew it — without SVG support the item shows only
// the "figure unavailable" line.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <fstream>
#include <thread>

#include "tests/item_bank/package_fixture.hpp"
#include "tests/station_gui/kiosk_driver.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::vector<std::pair<std::string, std::string>> kBank = {
    {"specs/f-reading.spec",
     "spec: f-reading\ngrade: 9\nsubject: reading\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 10\ntypes: single\nlevels: low 0, medium 40, high 75\nscoring: strict\n\n"
     "[blueprint]\nall/knowledge: 1\n"},
    {"specs/f-science.spec",
     "spec: f-science\ngrade: 9\nsubject: science\ncampaign: 2027-04\nlanguages: kk\n"
     "minutes: 10\ntypes: single\nlevels: low 0, medium 40, high 75\nscoring: strict\n\n"
     "[blueprint]\nall/knowledge: 1\n"},
    {"specs/f-math.spec",
     "spec: f-math\ngrade: 9\nsubject: math\ncampaign: 2027-04\nlanguages: kk\nminutes: 10\n"
     "types: single\nlevels: low 0, medium 40, high 75\nscoring: strict\n\n"
     "[blueprint]\nall/knowledge: 1\n"},
    {"r/single.item",
     "id: F-READ\ntype: single\ngrade: 9\nsubject: reading\narea: all\nlevel: knowledge\n"
     "key: A\n\n[kk]\nstem: Мәтіннің тақырыбы?\nA: жыл мезгілдері\nB: теңіз\nC: тау\n"},
    {"s/single.item",
     "id: F-SCI\ntype: single\ngrade: 9\nsubject: science\narea: all\nlevel: knowledge\n"
     "key: C\n\n[kk]\nstem: Суды құрайтын элементтер?\nA: C, O\nB: N, H\nC: H, O\n"},
    {"m/svg.item",
     "id: F-SVG\ntype: single\ngrade: 9\nsubject: math\narea: all\nlevel: knowledge\n"
     "image: images/thermometer.svg\nkey: B\n\n[kk]\nstem: Термометр неше градусты көрсетеді?\n"
     "A: 10\nB: 12\nC: 20\n"},
};

// Pixels of `png` within `tolerance` of the colour (r, g, b) in every channel.
std::size_t pixels_of_colour(const fs::path& png, int r, int g, int b, int tolerance) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  if (!pixels) return 0;
  std::size_t n = 0;
  for (int i = 0; i < w * h; ++i)
    if (std::abs(pixels[3 * i] - r) <= tolerance && std::abs(pixels[3 * i + 1] - g) <= tolerance &&
        std::abs(pixels[3 * i + 2] - b) <= tolerance)
      ++n;
  stbi_image_free(pixels);
  return n;
}

TEST(Kiosk, SvgFigureOfAnItemIsDrawnInTheWindow) {
  School school{"tests/item_bank/data/roster-9k.csv", 9, "9К"};
  const fs::path bank_dir = school.dir / "bank";
  write_bank(bank_dir, kBank);
  fs::create_directories(bank_dir / "images");
  fs::copy_file(source_path("item_bank/bank/images/g4s-thermometer.svg"),
                bank_dir / "images/thermometer.svg");
  // NTC's own check of the bank accepts the SVG figure.
  const auto valid = bank({"validate", bank_dir.string()});
  ASSERT_EQ(valid.status, 0) << valid.out << valid.err;
  const BuiltPackage package =
      build_package(school.dir.path(), bank_dir, "f-reading,f-math,f-science", "figure", 1);
  const std::vector<Slip> slips = start_package_sitting(school, package, "figure", "9К", 1);
  ASSERT_FALSE(slips.empty());
  school.serve();

  const auto station = school.pair_station("F01");
  XServer x;
  const fs::path shot = kScreenshots / "station-item-figure-kk.png";
  fs::remove(shot);
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

  bool seen = false;
  for (int n = 0; n < 3 && !seen; ++n) {
    const std::string line = k.next("item=");
    ASSERT_FALSE(line.empty());
    if (line.starts_with("item=F-SVG ")) {
      EXPECT_NE(line.find("figures=1/1"), std::string::npos) << line;
      EXPECT_NE(k.next("screenshot=").find("station-item-figure-kk.png"), std::string::npos);
      seen = true;
      break;
    }
    k.next("buttons");
    x.key("1");
    k.next("answer=");
    x.key("Return");
  }
  ASSERT_TRUE(seen) << read_file(k.log());
  // The thermometer's bulb and column (#d22 = 221, 34, 34): hundreds of pixels at any scale.
  const std::size_t red = pixels_of_colour(shot, 221, 34, 34, 10);
  EXPECT_GT(red, 800u) << shot;
}

}  // namespace
}  // namespace bbzhm::test
