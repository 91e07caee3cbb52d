// The only place that knows GLFW and OpenGL: the kiosk window, its lock-down, fonts, the event
// loop's waiting, and screenshots. Screens see Dear ImGui only.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "common/error.hpp"

struct ImFont;

namespace bbzhm::station::gui {

struct PlatformOptions {
  bool kiosk = true;  // full screen, undecorated, always on top; false: a plain window (bench)
  int width = 0;      // windowed size; 0 takes the primary monitor's
  int height = 0;
  bool fonts = true;  // false: ImGui's default font only (the bench's bare window)
  bool imgui = true;  // false: GLFW + OpenGL only (the bench's reference for RSS)
};

// What happened to the window since the last take_events(): the kiosk reports these.
struct WindowEvents {
  int focus_lost = 0;
  int close_attempts = 0;  // window manager close, Alt+F4
  bool monitors_changed = false;
  bool input = false;  // any key, character, click, motion or scroll
};

// The fonts every screen uses, sized for the window (768 lines high → the base sizes).
struct Fonts {
  ImFont* body = nullptr;   // items, choices, buttons
  ImFont* large = nullptr;  // headings, the timer
  ImFont* small = nullptr;  // status line, table cells
  ImFont* huge = nullptr;   // the waiting screen
};

class Platform {
 public:
  // Opens the window on the primary monitor; an error says what is missing (no display, GL).
  static Result<std::unique_ptr<Platform>> open(const PlatformOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Sleeps until an event arrives or `timeout` passes (zero polls).
  void wait(std::chrono::milliseconds timeout);
  // Wakes wait() from any thread (the network thread after a change).
  static void wake();

  void begin_frame();
  // Renders and swaps; a non-empty `screenshot` gets the frame as a PNG first.
  void end_frame(const std::filesystem::path& screenshot = {});

  WindowEvents take_events();
  bool focused() const;
  // Raises the kiosk and asks for the keyboard (at start, and back after anything took it).
  void take_focus();
  int monitor_count() const;
  std::string monitor_detail() const;     // "1280x1024 + 1920x1080"
  float scale() const { return scale_; }  // window height / 768
  const Fonts& fonts() const { return fonts_; }

  struct Window;  // GLFW state, defined in platform.cpp

 private:
  Platform() = default;
  bool write_screenshot(const std::filesystem::path& png) const;
  std::unique_ptr<Window> window_;
  Fonts fonts_;
  float scale_ = 1;
  bool imgui_ = true;
};

// Characters the fonts must hold beyond Cyrillic (test content): en dash, subscripts, ...
const char* required_sample_text();

}  // namespace bbzhm::station::gui
