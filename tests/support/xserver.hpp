// The shared fixture of the window tests and the kiosk bench: an X server of its own (Xvfb, with
// Mesa's software OpenGL and, when asked, a window manager), real X input through xdotool, and
// the program's trace read line by line. Everything is stopped in every outcome (Child).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/process.hpp"

namespace bbzhm::test {

class XServer {
 public:
  // A free display from a number that depends on the process id (parallel tests rarely race for
  // one; a lost race moves on to the next number).
  explicit XServer(bool window_manager = false);
  ~XServer();
  XServer(const XServer&) = delete;
  XServer& operator=(const XServer&) = delete;

  bool ok() const { return ok_; }  // Xvfb (and the window manager) are up
  const std::string& display() const { return display_; }
  // DISPLAY, software OpenGL, and no leak checks in window processes (under ASan, Mesa's
  // software driver leaks at exit from a library it has already unloaded: nothing to suppress).
  std::map<std::string, std::string> env() const;

  // The keyboard layouts of a lab PC, e.g. "kz,us" (setxkbmap): letters of these layouts are
  // typed through their own keys, as a student types them. Letters of no layout are mapped by
  // xdotool to a spare key one by one, which races with the window reading the keymap. The
  // layouts stay while the fixture lives (Xvfb -noreset), clients or not.
  bool set_layouts(const std::string& layouts) const;

  // xdotool with `args`; waits a little after it, as a person would before the next action.
  Output xdo(std::vector<std::string> args) const;
  void key(const std::string& k) const;
  // Letters outside the keymap (Kazakh, Russian) are mapped to a spare keycode one by one: the
  // window must read each before the next remapping, so such text wants a longer delay.
  void type(const std::string& text, int delay_ms = 60) const;
  void click(std::pair<int, int> at) const;
  // Waits until the window of X class `class_name` holds the keyboard; false if it never does.
  bool wait_for_focus(const std::string& class_name,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

 private:
  TempDir dir_;
  std::string display_;
  std::optional<Child> xvfb_, wm_;
  bool ok_ = false;
};

// A program's trace (one event a line in its log), taken in order.
class Trace {
 public:
  explicit Trace(std::filesystem::path log) : log_(std::move(log)) {}

  // The next line (after those already taken) that starts with `prefix`; empty on timeout.
  std::string next(const std::string& prefix,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The last line so far that starts with `prefix` (taken or not).
  std::string last(const std::string& prefix) const;
  // Where the button `id` is, from the last "buttons id@x,y ..." line that names it.
  std::optional<std::pair<int, int>> button(
      const std::string& id, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  const std::filesystem::path& log() const { return log_; }

 private:
  std::filesystem::path log_;
  std::size_t taken_ = 0;
};

}  // namespace bbzhm::test
