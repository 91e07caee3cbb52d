// The one place that knows GLFW and OpenGL, for both windows of the product (the student's kiosk
// and the representative's console): the window and its lock-down, fonts, the event loop's
// waiting, keys that come and go between two frames, and screenshots. Screens see Dear ImGui only.
#pragma once

#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "common/error.hpp"

namespace bbzhm::gui {

// How a program's window looks: its sizes at a base height, the glyphs its text needs, spacing.
struct Look {
  float base_height = 768;  // at this many lines the sizes below are taken as they are
  float min_scale = 0.75f, max_scale = 2.0f;
  float body_px = 26, large_px = 36, small_px = 20;
  // Zero-terminated pairs of the characters the fonts must hold (Dear ImGui's ranges): only
  // these are rasterised, so the atlas (memory, start time) stays as small as the text needs.
  const ImWchar* glyphs = nullptr;
  float rounding = 8;
  float frame_border = 0;
  ImVec2 frame_padding{14, 10}, item_spacing{14, 12}, window_padding{24, 20};
  float scrollbar = 22;
  ImVec4 background{0.96f, 0.96f, 0.94f, 1};  // without Dear ImGui; else the style's WindowBg
};

struct WindowOptions {
  const char* title = "ББЖМ";
  const char* class_name = nullptr;  // X11 class and instance: window manager rules, tests
  // Full screen on the primary monitor, undecorated, always on top, never iconified, closing
  // ignored (counted as an attempt), the clipboard cut off. Otherwise an ordinary window.
  bool kiosk = false;
  bool maximized = false;
  int width = 0;  // 0: the primary monitor's size, or the fallback below without one
  int height = 0;
  int fallback_width = 1024, fallback_height = 768;
  bool fonts = true;  // false: Dear ImGui's default font only (the bench's bare window)
  bool imgui = true;  // false: GLFW + OpenGL only (the bench's reference for RSS)
  Look look;
};

// What happened to the window since the last take_events().
struct WindowEvents {
  int focus_lost = 0;
  int close_attempts = 0;  // window manager close, Alt+F4
  bool monitors_changed = false;
  bool input = false;  // any key, character, click, motion, scroll, focus or size change
  int characters = 0;  // characters typed (the kiosk's trace counts them)
};

// The fonts every screen uses, sized for the window.
struct Fonts {
  ImFont* body = nullptr;   // fields, items, choices, buttons
  ImFont* large = nullptr;  // headings, the timer, loud warnings
  ImFont* small = nullptr;  // status line, table and grid cells, hints
  ImFont* huge = nullptr;   // the kiosk's waiting screen (the large font)
};

class Window {
 public:
  Window();
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Opens the window; an error says what is missing (no display, no OpenGL, no font).
  Result<void> open(const WindowOptions& options);

  // Sleeps until an event arrives or `timeout` passes (zero polls).
  void wait(std::chrono::milliseconds timeout);
  // Wakes wait() from any thread (a client's network thread after a change).
  static void wake();

  void begin_frame();
  // Renders and swaps; a non-empty `screenshot` gets the frame as a PNG first.
  void end_frame(const std::filesystem::path& screenshot = {});

  WindowEvents take_events();
  bool take_input();          // take_events().input, the rest kept
  bool should_close() const;  // an ordinary window's close box or Alt+F4 (never in a kiosk)
  bool focused() const;
  // Raises the window and asks for the keyboard (at start, and back after anything took it).
  void take_focus();
  int monitor_count() const;
  std::string monitor_detail() const;  // "1280x1024 + 1920x1080"
  std::string screen_size() const;     // the window's pixels, "1280x1024"
  std::string renderer() const;        // the OpenGL renderer ("llvmpipe (LLVM 15.0.6, 256 bits)")
  float scale() const { return scale_; }
  const Fonts& fonts() const { return fonts_; }

  struct State;  // GLFW state, defined in window.cpp

 private:
  bool write_screenshot(const std::filesystem::path& png) const;
  std::unique_ptr<State> state_;
  Fonts fonts_;
  float scale_ = 1;
};

}  // namespace bbzhm::gui
