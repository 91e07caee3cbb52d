// Building blocks both windows draw with: fixed pages, filled buttons, text in a font, a state
// dot with its word, and durations. Each program's widgets add its own screens' parts.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "common/i18n.hpp"

namespace bbzhm::gui {

// Catalog text in the interface language of a program's frame (anything with `ui.language`).
template <class Frame>
std::string_view tr(const Frame& f, std::string_view key) {
  return i18n::text(f.ui.language, key);
}
template <class Frame>
std::string trf(const Frame& f, std::string_view key,
                std::initializer_list<std::string_view> args) {
  return i18n::format(f.ui.language, key, args);
}

inline constexpr ImU32 kAccent = IM_COL32(32, 96, 168, 255);

// A borderless window that neither moves nor saves settings, at `pos` with `size`.
inline constexpr ImGuiWindowFlags kFixedWindow =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
void begin_fixed(const char* id, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0);

// A page: a fixed window between `top` and `bottom` pixels off the viewport's edges, in `font`.
// end_page() closes it.
void begin_page(const char* id, float top, float bottom, ImFont* font);
void end_page();

// A button filled with the accent colour (primary) or, with `danger`, red; white text.
bool filled_button(const char* label, ImVec2 size, bool danger = false);

// Text at the cursor: plain, wrapped at the window's edge, coloured, or centred horizontally.
// A null font keeps the current one.
void text(std::string_view t);
void text_wrapped(std::string_view t, ImFont* font = nullptr);
void text_colored(std::string_view t, ImU32 colour, ImFont* font = nullptr);
void text_centered(std::string_view t, ImFont* font);

// A filled circle of `colour` and then `word` on the same line (online / saving / offline).
void state_dot(std::string_view word, ImU32 colour, float radius, float gap, float line_height);

// "42:10" or "1:02:05" into `out`, rounding up (0:01 until the last millisecond is gone);
// no allocation (the console's grid draws 300 of these).
void format_duration(char* out, std::size_t size, std::int64_t ms);
std::string format_duration(std::int64_t ms);

}  // namespace bbzhm::gui
