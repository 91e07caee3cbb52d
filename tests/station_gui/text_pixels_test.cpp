// The kiosk's fonts reach the screen as glyphs: text drawn in its window has strokes, holes and
// soft edges, not the solid boxes that a renderer ignoring the font atlas's alpha draws (each
// glyph as its whole quad). Read back from the window's own screenshot, under Xvfb + llvmpipe.
// A `Kiosk.` test: Mesa runs in this process, and its driver leaks at exit (the ASan pass leaves
// the kiosk's window tests to the optimized one, scripts/test.sh).
#include <gtest/gtest.h>
#include <imgui.h>
#include <stb_image.h>

#include <cstdlib>

#include "station/gui/platform.hpp"
#include "tests/support/process.hpp"
#include "tests/support/xserver.hpp"

namespace bbzhm {
namespace {

namespace fs = std::filesystem;

struct Ink {
  long dark = 0;  // nearly the text's colour
  long soft = 0;  // between it and the background: an anti-aliased edge
  long area = 0;
};

// Counts the pixels of `png` inside [x0, x1) x [y0, y1) by how far they are from the background.
Ink ink_within(const fs::path& png, int x0, int y0, int x1, int y1, int background) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 1);  // as grey
  Ink ink;
  if (!pixels) return ink;
  for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
      const int depth = background - pixels[y * w + x];  // 0: background, ~background: black
      ++ink.area;
      if (depth > background * 3 / 4)
        ++ink.dark;
      else if (depth > background / 6)
        ++ink.soft;
    }
  stbi_image_free(pixels);
  return ink;
}

int grey_at(const fs::path& png, int x, int y) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 1);
  if (!pixels) return -1;
  const int grey = x < w && y < h ? pixels[y * w + x] : -1;
  stbi_image_free(pixels);
  return grey;
}

TEST(Kiosk, TextIsDrawnAsGlyphsWithSoftEdgesNotAsBoxes) {
  test::XServer x;
  ASSERT_TRUE(x.ok());
  for (const auto& [name, value] : x.env()) setenv(name.c_str(), value.c_str(), 1);
  test::TempDir dir;
  station::gui::PlatformOptions options;
  options.kiosk = false;
  options.width = 1024;
  options.height = 768;
  auto window = station::gui::Platform::open(options);
  ASSERT_TRUE(window) << window.error().what;

  // Every Kazakh letter, large and black, on the page's background.
  const char* text = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі";
  ImVec2 min, max;
  const fs::path shot = dir / "text.png";
  for (int frame = 0; frame < 3; ++frame) {
    (*window)->begin_frame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("text", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    ImGui::PushFont((*window)->fonts().large);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 1));
    ImGui::TextUnformatted(text);
    min = ImGui::GetItemRectMin();
    max = ImGui::GetItemRectMax();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::End();
    (*window)->end_frame(frame == 2 ? shot : fs::path{});
  }
  ASSERT_TRUE(fs::exists(shot));
  ASSERT_GT(max.x - min.x, 100);

  // The background beside the line, then the line itself.
  const int background = grey_at(shot, static_cast<int>(max.x) + 20, static_cast<int>(min.y) + 5);
  ASSERT_GT(background, 180) << "the page's background should be light";
  const Ink ink = ink_within(shot, static_cast<int>(min.x), static_cast<int>(min.y),
                             static_cast<int>(max.x), static_cast<int>(max.y), background);
  ASSERT_GT(ink.area, 1000);
  // Glyphs cover a fifth of their line's box (boxes: half of it, the line's spacing included) ...
  EXPECT_GT(ink.dark, ink.area / 20) << "no text drawn";
  EXPECT_LT(ink.dark, ink.area / 3) << "the glyphs are drawn as solid boxes";
  // ... and their edges are soft (a third of the dark pixels again; boxes: none).
  EXPECT_GT(ink.soft, ink.dark / 8) << "the glyphs have no anti-aliased edges";
}

}  // namespace
}  // namespace bbzhm
