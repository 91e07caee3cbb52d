// The kiosk under test: the real bbzhm-station on the shared Xvfb fixture, read through its
// trace (BBZHM_KIOSK_TRACE: screens, items, answers handed to the client, button positions).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "tests/support/school.hpp"
#include "tests/support/xserver.hpp"

namespace bbzhm::test {

inline const std::filesystem::path kScreenshots = BBZHM_SCREENSHOTS_DIR;

// The kiosk process and its trace (BBZHM_KIOSK_TRACE): screens, items, button positions.
class Kiosk {
 public:
  Kiosk(const School& school, const std::filesystem::path& station, const XServer& x)
      : trace_(school.dir / ("kiosk-" + station.filename().string() + ".log")) {
    EXPECT_TRUE(x.ok()) << "no X server";
    auto env = x.env();
    env["BBZHM_KIOSK_TRACE"] = "1";
    env["BBZHM_SCREENSHOT_DIR"] = kScreenshots.string();
    child.emplace(std::vector<std::string>{BBZHM_STATION_BIN, "--dir", station.string()},
                  trace_.log(), env);
  }

  // The next trace line (after those already taken) that starts with `prefix`.
  std::string next(const std::string& prefix,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30), bool must = true) {
    std::string line = trace_.next(prefix, timeout);
    if (line.empty() && must)
      ADD_FAILURE() << "no trace line '" << prefix << "' in:\n" << read_file(log());
    return line;
  }

  // Waits until `name` is on screen and settled (its buttons reported), so input reaches it.
  std::string screen(const std::string& name,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::string line = next("screen=" + name + " ", timeout);
    next("buttons", timeout);
    return line;
  }

  // Where the button `id` is now, from the last "buttons" line that has it.
  std::pair<int, int> button(const std::string& id) {
    auto at = trace_.button(id);
    if (!at) ADD_FAILURE() << "no button " << id << " in:\n" << read_file(log());
    return at.value_or(std::pair{0, 0});
  }

  bool running() {
    int status = 0;
    return !child->wait_for(std::chrono::milliseconds(50), &status);
  }
  const std::filesystem::path& log() const { return trace_.log(); }

  std::optional<Child> child;

 private:
  Trace trace_;
};

inline void wait_for_kiosk_focus(const XServer& x) {
  EXPECT_TRUE(x.wait_for_focus("bbzhm-station")) << "the kiosk window never got the keyboard";
}

}  // namespace bbzhm::test
