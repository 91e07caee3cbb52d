// The kiosk's look and lock-down over the shared window.
#include "station/gui/platform.hpp"

namespace bbzhm::station::gui {
namespace {

// Latin-1 (« » ° · ²), Cyrillic with every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І are all below
// U+0500), general punctuation (the en dash of item texts, ‹ › of the navigation buttons),
// super- and subscripts (H₂SO₄, SO₄²⁻). Nothing else is rasterised: the atlas stays small.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0400, 0x04FF, 0x2010,
                                    0x203A, 0x2070, 0x209C, 0};

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
