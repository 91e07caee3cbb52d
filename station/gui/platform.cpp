// The kiosk's look and lock-down over the shared window.
#include "station/gui/platform.hpp"

namespace bbzhm::station::gui {
namespace {

// Latin-1 (« » ° · ²), the Russian alphabet with Ё and І (U+0400-045F) and the Kazakh letters
// beyond it (Ғ Қ Ң Ү Ұ Һ Ә Ө and their small letters, in pairs), general punctuation (the en
// dash of item texts, ‹ › of the navigation buttons), super- and subscripts (H₂SO₄, SO₄²⁻).
// Nothing else is rasterised: the atlas (memory, start time) stays small. The gallery test
// fails on any catalog or sample item character outside these.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF,                  // Latin-1
                                    0x0400, 0x045F,                  // Cyrillic: Russian, Ё, І
                                    0x0492, 0x0493, 0x049A, 0x049B,  // Ғ ғ, Қ қ
                                    0x04A2, 0x04A3, 0x04AE, 0x04B1,  // Ң ң, Ү ү Ұ ұ
                                    0x04BA, 0x04BB, 0x04D8, 0x04D9,  // Һ һ, Ә ә
                                    0x04E8, 0x04E9,                  // Ө ө
                                    0x2010, 0x203A, 0x2070, 0x209C, 0};

}  // namespace

const char* required_sample_text() {
  return "ӘҒҚҢӨҰҮҺІ әғқңөұүһі H₂SO₄ SO₄²⁻ 1–2 «»";
}

Result<std::unique_ptr<Platform>> Platform::open(const PlatformOptions& options) {
  bbzhm::gui::WindowOptions w;
  w.title = "ББЖМ";
  // A class name the session's window manager rules (and tests) can find the kiosk by.
  w.class_name = "bbzhm-station";
  w.kiosk = options.kiosk;
  w.width = options.width;
  w.height = options.height;
  w.fonts = options.fonts;
  w.imgui = options.imgui;
  // Base sizes at 768 lines; a child reads 26 px comfortably on a 17" lab monitor.
  w.look.base_height = 768;
  w.look.min_scale = 0.75f;
  w.look.max_scale = 2.0f;
  w.look.body_px = 26;
  w.look.large_px = 36;
  w.look.small_px = 20;
  w.look.glyphs = kGlyphRanges;
  auto p = std::make_unique<Platform>();
  if (auto opened = p->Window::open(w); !opened) return std::unexpected(opened.error());
  return p;
}

}  // namespace bbzhm::station::gui
