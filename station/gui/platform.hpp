// The kiosk's window: the shared GLFW window (common/gui/window) locked down for a test — full
// screen on the primary monitor, no decorations, always on top, closing ignored, the clipboard cut
// off — with large type for children. Screens see Dear ImGui only.
#pragma once

#include <memory>

#include "common/gui/window.hpp"

namespace bbzhm::station::gui {

using bbzhm::gui::Fonts;
using bbzhm::gui::WindowEvents;

struct PlatformOptions {
  bool kiosk = true;  // full screen, undecorated, always on top; false: a plain window (bench)
  int width = 0;      // windowed size; 0 takes the primary monitor's
  int height = 0;
  bool fonts = true;  // false: ImGui's default font only (the bench's bare window)
  bool imgui = true;  // false: GLFW + OpenGL only (the bench's reference for RSS)
};

class Platform : public bbzhm::gui::Window {
 public:
  // Opens the kiosk window; an error says what is missing (no display, GL, font).
  static Result<std::unique_ptr<Platform>> open(const PlatformOptions& options);
};

// Characters the fonts must hold beyond Cyrillic (test content): en dash, subscripts, ...
const char* required_sample_text();

}  // namespace bbzhm::station::gui
