// The kiosk program: the station's window over a StationClient, and the screen gallery.
#pragma once

#include <filesystem>

namespace bbzhm::station::gui {

struct KioskOptions {
  std::filesystem::path dir;  // the paired station folder
  // A PNG of each screen the first time it shows in a language: <dir>/station-<screen>-<lang>.png
  // (tests, the README). From BBZHM_SCREENSHOT_DIR.
  std::filesystem::path screenshots;
  // One stdout line per screen change and per frame after input (tests, the bench).
  // From BBZHM_KIOSK_TRACE=1.
  bool trace = false;
};

// Runs the kiosk until the representative's exit code unlocks it; returns the exit status.
int run_kiosk(const KioskOptions& options);

// Draws every screen in every language from sample data (the test forms in `forms`) and writes
// them as station-<screen>-<lang>.png into `out`: for translators and the README.
int run_gallery(const std::filesystem::path& forms, const std::filesystem::path& out);

}  // namespace bbzhm::station::gui
