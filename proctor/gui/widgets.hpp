// The console's building blocks shared by the screens: catalog text, the page under the top
// bar, the top bar with the screens and languages, the status line, buttons, confirmations,
// keyboard shortcuts and the words and colours of seat states.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "common/gui/widgets.hpp"
#include "proctor/gui/ui_state.hpp"

namespace bbzhm::proctor::gui {

// GLFW key codes (screens do not include GLFW): F1 is 290, F12 is 301.
inline constexpr int kKeyF1 = 290;
inline constexpr int kKeyEnter = 257;
inline constexpr int kKeyKeypadEnter = 335;
inline constexpr int kKeyEscape = 256;
inline constexpr int kKeyPageUp = 266;  // GLFW_KEY_PAGE_UP
inline constexpr int kKeyPageDown = 267;

// A column of a table: its header's catalog key ("" for none) and its share of the width.
struct TableColumn {
  std::string_view key;
  float weight;
};
// A scrolling table that fills the rest of the page, its header row frozen on top; `striped`
// shades every other row. False when it is not shown (then there is nothing to end).
bool begin_table(const Frame& f, const char* id, std::initializer_list<TableColumn> columns,
                 bool striped = true);
// Calls `row(i)` for each of the `count` rows that are on screen (rows must be of one height).
template <class Row>
void visible_rows(std::size_t count, Row&& row) {
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
      row(static_cast<std::size_t>(i));
}

// Catalog text in the interface language.
using bbzhm::gui::tr;
using bbzhm::gui::trf;
// ImGui wants a label with a hidden id: "Кіргізу (F9)##admit".
std::string label(const Frame& f, std::string_view key, std::string_view id);

// A page between the top bar and the status line; end_page() closes it.
void begin_page(const Frame& f, const char* id);
void end_page();
void draw_top_bar(Frame& f);
void draw_status_line(Frame& f);

bool button(const char* text, ImVec2 size = {0, 0}, bool primary = false);
bool danger_button(const char* text, ImVec2 size = {0, 0});
void heading(std::string_view text, ImFont* font);
void text(std::string_view text);
void text_colored(std::string_view text, ImU32 colour);
void text_wrapped(std::string_view text);
// A loud box (an unknown code, a student already admitted): large text on a coloured field.
void alert_box(const Frame& f, std::string_view title, std::string_view detail, ImU32 fill);

// F1..F12 pressed this frame: they work while a text field has the keyboard (the scanner's
// field keeps it), so they are the console's shortcuts.
bool function_key(int n);
// Enter or Escape pressed this frame while no text field has the keyboard.
bool enter_pressed();
bool escape_pressed();

// A centred window over the page with `question`, Yes (Enter) and No (Escape). Returns true
// once when confirmed; `open` is cleared on either answer.
bool confirm_box(const Frame& f, const char* id, std::string_view question, bool& open);

// The catalog word for a seat status (registered, admitted, ...), and its grid colours.
std::string_view status_text(const Frame& f, std::string_view status);
std::string_view absence_text(const Frame& f, std::string_view reason_code);
std::string_view incident_text(const Frame& f, protocol::IncidentKind kind);
// "42:10" or "1:02:05" into `out` (no allocation: the grid draws 300 of these).
void format_duration(char* out, std::size_t size, std::int64_t ms);
// The local time of day "10:42:05" (or the date and time) of a wall-clock millisecond.
void format_clock(char* out, std::size_t size, std::int64_t wall_ms, bool with_date = false);

// The seat's time left now, counted down from when the server sent it.
std::int64_t time_left(const Frame& f, std::size_t seat_index);

// The watched sitting's seat with this number, or nullptr.
const protocol::SeatView* seat_by_number(const Room& r, int seat);
// Starts a seat's row in a table: its seat number, the student's name and personal code.
void seat_row_start(const protocol::SeatView& s);

inline constexpr ImU32 kAccent = bbzhm::gui::kAccent;
inline constexpr ImU32 kGood = IM_COL32(40, 130, 70, 255);
inline constexpr ImU32 kWarn = IM_COL32(200, 40, 30, 255);
inline constexpr ImU32 kAmber = IM_COL32(200, 120, 20, 255);
inline constexpr ImU32 kMuted = IM_COL32(105, 105, 105, 255);

}  // namespace bbzhm::proctor::gui
