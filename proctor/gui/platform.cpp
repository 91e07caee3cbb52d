// The console's look over the shared window.
#include "proctor/gui/platform.hpp"

namespace bbzhm::proctor::gui {
namespace {

// Latin-1 (« »), Cyrillic with every Kazakh letter (U+0400-052F), general punctuation (en dash,
// ellipsis, ‹ ›) and № (U+2116) of acts and rooms. No arrows: Noto Sans has none.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0400, 0x052F, 0x2010,
                                    0x203A, 0x2116, 0x2116, 0};

}  // namespace

Result<std::unique_ptr<Platform>> Platform::open(const PlatformOptions& options) {
  bbzhm::gui::WindowOptions w;
  w.title = "ББЖМ — өкіл";
  w.maximized = true;
  w.width = options.width;
  w.height = options.height;
  w.fallback_width = 1280;
  w.fallback_height = 900;
  // Base sizes at 900 lines: an adult at a desk reads 19 px; 300 seats need small cells.
  w.look.base_height = 900;
  w.look.min_scale = 0.8f;
  w.look.max_scale = 1.6f;
  w.look.body_px = 19;
  w.look.large_px = 28;
  w.look.small_px = 16;
  w.look.glyphs = kGlyphRanges;
  w.look.rounding = 5;
  w.look.frame_border = 1;
  w.look.frame_padding = {10, 6};
  w.look.item_spacing = {10, 8};
  w.look.window_padding = {16, 12};
  w.look.scrollbar = 18;
  auto p = std::make_unique<Platform>();
  if (auto opened = p->Window::open(w); !opened) return std::unexpected(opened.error());
  return p;
}

}  // namespace bbzhm::proctor::gui
