// Xvfb, xdotool and trace reading for the window tests.
#include "tests/support/xserver.hpp"

#include <unistd.h>

#include <sstream>
#include <thread>

namespace bbzhm::test {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
bool display_free(int n) {
  return !fs::exists("/tmp/.X11-unix/X" + std::to_string(n)) &&
         !fs::exists("/tmp/.X" + std::to_string(n) + "-lock");
}
}  // namespace

XServer::XServer(bool window_manager) {
  int number = 100 + getpid() % 800;
  for (int attempt = 0; attempt < 20 && !ok_; ++attempt, ++number) {
    while (!display_free(number)) ++number;
    display_ = ":" + std::to_string(number);
    xvfb_.reset();
    // -noreset: an X server resets (its keyboard layouts too) when its last client leaves, so
    // setxkbmap's layouts were gone before the window connected, and xdotool then remapped a
    // spare key for each letter, racing the window's keymap (the lost Kazakh letters).
    xvfb_.emplace(std::vector<std::string>{"/usr/bin/Xvfb", display_, "-screen", "0",
                                           "1280x1024x24", "-nolisten", "tcp", "-noreset"},
                  dir_ / "xvfb.log");
    const fs::path socket = "/tmp/.X11-unix/X" + std::to_string(number);
    int status = 0;
    for (int i = 0; i < 200 && !ok_; ++i) {
      if (xvfb_->wait_for(25ms, &status)) break;  // another server took the number: next one
      ok_ = fs::exists(socket);
    }
    // The socket may be another server's that won the same number: the lock file names the
    // owner's process.
    if (ok_) {
      const std::string lock = read_file("/tmp/.X" + std::to_string(number) + "-lock");
      const auto digits = lock.find_first_of("0123456789");
      ok_ = digits != std::string::npos && std::stol(lock.substr(digits)) == xvfb_->pid();
    }
  }
  if (ok_ && window_manager) {
    wm_.emplace(std::vector<std::string>{"/usr/bin/openbox", "--sm-disable"}, dir_ / "wm.log",
                env());
    std::this_thread::sleep_for(800ms);
  }
}

XServer::~XServer() {
  wm_.reset();
  xvfb_.reset();
}

std::map<std::string, std::string> XServer::env() const {
  return {
      {"DISPLAY", display_}, {"LIBGL_ALWAYS_SOFTWARE", "1"}, {"LSAN_OPTIONS", "detect_leaks=0"}};
}

Output XServer::xdo(std::vector<std::string> args) const {
  args.insert(args.begin(), "/usr/bin/xdotool");
  Output out = run(args, env());
  std::this_thread::sleep_for(150ms);  // the window sees the event a frame later
  return out;
}

bool XServer::set_layouts(const std::string& layouts) const {
  return run({"/usr/bin/setxkbmap", "-layout", layouts}, env()).status == 0;
}

void XServer::key(const std::string& k) const {
  xdo({"key", k});
}

void XServer::type(const std::string& text, int delay_ms) const {
  xdo({"type", "--delay", std::to_string(delay_ms), text});
}

void XServer::click(std::pair<int, int> at) const {
  xdo({"mousemove", std::to_string(at.first), std::to_string(at.second)});
  xdo({"click", "1"});
}

bool XServer::wait_for_focus(const std::string& class_name,
                             std::chrono::milliseconds timeout) const {
  // Not `search --sync`: it waits forever for a window that never appears.
  const auto end = std::chrono::steady_clock::now() + timeout;
  std::string window;
  while (window.empty() && std::chrono::steady_clock::now() < end) {
    const Output id = run({"/usr/bin/xdotool", "search", "--classname", class_name}, env());
    window = id.out.substr(0, id.out.find('\n'));
    if (window.empty()) std::this_thread::sleep_for(50ms);
  }
  while (!window.empty() && std::chrono::steady_clock::now() < end) {
    const Output focus = run({"/usr/bin/xdotool", "getwindowfocus"}, env());
    if (focus.out.substr(0, focus.out.find('\n')) == window) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string Trace::next(const std::string& prefix, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  do {
    std::istringstream lines(read_file(log_));
    std::size_t n = 0;
    for (std::string line; std::getline(lines, line); ++n) {
      if (n < taken_) continue;
      if (line.starts_with(prefix)) {
        taken_ = n + 1;
        return line;
      }
    }
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < end);
  return {};
}

std::string Trace::last(const std::string& prefix) const {
  std::istringstream lines(read_file(log_));
  std::string found;
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(prefix)) found = line;
  return found;
}

std::optional<std::pair<int, int>> Trace::button(const std::string& id,
                                                 std::chrono::milliseconds timeout) const {
  const std::string needle = " " + id + "@";
  const auto end = std::chrono::steady_clock::now() + timeout;
  do {
    std::istringstream lines(read_file(log_));
    std::string found;
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("buttons") && line.find(needle) != std::string::npos) found = line;
    if (!found.empty()) {
      const auto at = found.find(needle) + needle.size();
      const auto comma = found.find(',', at);
      return std::pair{std::stoi(found.substr(at, comma - at)), std::stoi(found.substr(comma + 1))};
    }
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < end);
  return std::nullopt;
}

}  // namespace bbzhm::test
