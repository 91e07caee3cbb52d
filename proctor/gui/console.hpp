// The console program: the representative's window over a ConsoleClient.
#pragma once

#include <filesystem>

#include "common/domain.hpp"

namespace bbzhm::proctor::gui {

struct ConsoleOptions {
  std::filesystem::path dir;  // the paired console folder (bbzhm-proctor pair)
  // A PNG of each screen the first time it shows in a language, and again on F12:
  // <dir>/proctor-<screen>-<lang>.png (tests, the README). From BBZHM_SCREENSHOT_DIR.
  std::filesystem::path screenshots;
  // One stdout line per screen change, reply and room change (tests). From BBZHM_CONSOLE_TRACE=1.
  bool trace = false;
  // Where printed forms are saved as PDF (default: <dir>/printed).
  std::filesystem::path print_dir;
  // The language the window opens in (BBZHM_LANG; switchable in the top bar).
  Language language = Language::kk;
};

// Runs the console until its window is closed; returns the exit status.
int run_console(const ConsoleOptions& options);

}  // namespace bbzhm::proctor::gui
