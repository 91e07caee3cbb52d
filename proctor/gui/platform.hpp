// The console's window: the shared GLFW window (common/gui/window) as an ordinary desktop window
// (not a kiosk: the representative may move, resize and close it), with type for an adult at a
// desk and small grid cells for 300 seats. Screens see Dear ImGui only.
#pragma once

#include <memory>

#include "common/gui/window.hpp"

namespace bbzhm::proctor::gui {

using bbzhm::gui::Fonts;

struct PlatformOptions {
  int width = 0;  // 0: the primary monitor's width
  int height = 0;
};

class Platform : public bbzhm::gui::Window {
 public:
  // Opens the window; an error says what is missing (no display, no OpenGL, no font).
  static Result<std::unique_ptr<Platform>> open(const PlatformOptions& options);
};

}  // namespace bbzhm::proctor::gui
