// The kiosk's building blocks shared by the screens: catalog text, the full-screen page, large
// buttons, the status line with the saved/saving/offline indicator, and the item list.
#pragma once

#include <imgui.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/gui/widgets.hpp"
#include "station/gui/ui_state.hpp"

namespace bbzhm::station::gui {

// An item's figure grows with the window up to this many times its own size (smaller ones are
// clearer larger for a child); SVG figures are rasterised at that size.
inline constexpr float kFigureGrowth = 1.5f;

// GLFW key codes for letters and digits are their ASCII capitals (screens do not include GLFW).
inline constexpr int kKeyDigit1 = '1';
inline constexpr int kKeyF = 'F';

// Catalog text in the interface language.
using bbzhm::gui::tr;
using bbzhm::gui::trf;

// A page that covers the window above the status line; end_page() closes it.
void begin_page(const Frame& f, const char* id);
void end_page();
// The line at the bottom of every screen: station, connection, saved state, the exit button.
void draw_status_line(Frame& f);
float status_line_height(const Frame& f);

// Where the big buttons of this frame are (the kiosk's trace for tests and the bench, which click
// them like a student would). nullptr turns the recording off.
struct ButtonSpot {
  std::string id;  // the label's part after "##"
  float x = 0, y = 0;
};
void record_buttons(std::vector<ButtonSpot>* sink);

// A large button; `primary` ones are filled with the accent colour.
bool big_button(const char* label, ImVec2 size, bool primary = false);
// Text in `font`, centred horizontally in the current window.
void text_centered(std::string_view text, ImFont* font);
// Wrapped text in `font` at the cursor.
void text_wrapped(std::string_view text, ImFont* font);
void text_colored(std::string_view text, ImFont* font, ImU32 colour);

// A key pressed this frame, while no text field has the keyboard.
bool shortcut(int key);
bool shortcut(ImGuiKey_ key);  // Enter, the arrows, Escape

// "12:05" or "1:02:05".
std::string format_time_left(std::int64_t ms);
// The countdown as the test screens show it: whole minutes ("42 мин") while more than ten are
// left, then minutes and seconds. A calm clock for children, and a window that redraws once a
// minute instead of every second (old lab PCs).
inline constexpr std::int64_t kSecondsShownBelowMs = 10 * 60'000;
std::string time_shown(const Frame& f, std::int64_t ms);
// Milliseconds until time_shown() changes for `ms` left (at least 1).
std::int64_t until_time_shown_changes(std::int64_t ms);

// The items of the sitting, in order over all booklets.
const Item* current_item(const Frame& f);
const Booklet* current_booklet(const Frame& f);
std::size_t item_count(const Snapshot& s);
std::size_t answered_count(const Snapshot& s);
// Moves by `delta` items across booklet boundaries; false at either end.
bool step_item(const Snapshot& s, UiState& ui, int delta);

inline constexpr ImU32 kAccent = bbzhm::gui::kAccent;
inline constexpr ImU32 kAnswered = IM_COL32(66, 150, 92, 255);
inline constexpr ImU32 kFlag = IM_COL32(222, 140, 30, 255);
inline constexpr ImU32 kWarn = IM_COL32(196, 60, 40, 255);
inline constexpr ImU32 kMuted = IM_COL32(100, 100, 100, 255);

}  // namespace bbzhm::station::gui
