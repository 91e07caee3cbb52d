// The only file of the console that knows GLFW and OpenGL: an ordinary desktop window (not a
// kiosk: the representative may move, resize and close it), fonts, event waiting, screenshots.
// Screens see Dear ImGui only.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "common/error.hpp"

struct ImFont;

namespace bbzhm::proctor::gui {

struct PlatformOptions {
  int width = 0;  // 0: the primary monitor's width
  int height = 0;
};

struct Fonts {
  ImFont* body = nullptr;   // fields, buttons, lists
  ImFont* large = nullptr;  // headings, the identified student's name, loud warnings
  ImFont* small = nullptr;  // grid cells, hints
};

class Platform {
 public:
  // Opens the window; an error says what is missing (no display, no OpenGL 3, no font).
  static Result<std::unique_ptr<Platform>> open(const PlatformOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Sleeps until an event arrives or `timeout` passes (zero polls).
  void wait(std::chrono::milliseconds timeout);
  // Wakes wait() from any thread (the console client's network thread after a change).
  static void wake();

  bool should_close() const;  // the window manager's close box or Alt+F4
  bool take_input();          // any key, character, click, motion or scroll since the last call

  void begin_frame();
  // Renders and swaps; a non-empty `screenshot` gets the frame as a PNG first.
  void end_frame(const std::filesystem::path& screenshot = {});

  float scale() const { return scale_; }
  const Fonts& fonts() const { return fonts_; }

  struct Window;  // GLFW state, defined in platform.cpp

 private:
  Platform() = default;
  bool write_screenshot(const std::filesystem::path& png) const;
  std::unique_ptr<Window> window_;
  Fonts fonts_;
  float scale_ = 1;
};

}  // namespace bbzhm::proctor::gui
