// The kiosk's shared widgets.
#include "station/gui/widgets.hpp"

#include <cstring>

#include "common/gui/widgets.hpp"
#include "common/i18n.hpp"

namespace bbzhm::station::gui {

std::string_view name(Screen s) {
  switch (s) {
    case Screen::waiting:
      return "waiting";
    case Screen::login:
      return "login";
    case Screen::confirm:
      return "confirm";
    case Screen::instructions:
      return "instructions";
    case Screen::item:
      return "item";
    case Screen::review:
      return "review";
    case Screen::results:
      return "results";
    case Screen::survey:
      return "survey";
    case Screen::teacher_survey:
      return "teacher-survey";
    case Screen::unlock:
      return "unlock";
    case Screen::periodic_table:
      return "periodic-table";
    case Screen::solubility_table:
      return "solubility-table";
  }
  return "?";
}

float status_line_height(const Frame& f) {
  return f.fonts.small->FontSize + 2 * ImGui::GetStyle().FramePadding.y + 12 * f.scale;
}

void begin_page(const Frame& f, const char* id) {
  bbzhm::gui::begin_page(id, 0, status_line_height(f), f.fonts.body);
}

void end_page() {
  bbzhm::gui::end_page();
}

void draw_status_line(Frame& f) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = status_line_height(f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(226, 230, 236, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {16 * f.scale, 6 * f.scale});
  bbzhm::gui::begin_fixed("##status", {vp->Pos.x, vp->Pos.y + vp->Size.y - h}, {vp->Size.x, h});
  ImGui::PushFont(f.fonts.small);
  const Snapshot& s = f.snapshot;
  std::string station = s.policy && !s.policy->station_name.empty()
                            ? trf(f, "kiosk.status.station", {s.policy->station_name})
                            : std::string(tr(f, "kiosk.status.station_unnamed"));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(station.c_str());
  ImGui::SameLine(0, 28 * f.scale);
  // The indicator the issue asks for: saved / saving / offline, from the link and the queue.
  std::string_view state;
  ImU32 colour = kAnswered;
  if (s.link != Link::online) {
    state = s.phase == Phase::testing ? tr(f, "kiosk.status.offline_saving")
                                      : tr(f, "kiosk.status.offline");
    colour = kWarn;
  } else if (s.unacknowledged > 0) {
    state = tr(f, "kiosk.status.saving");
    colour = kFlag;
  } else {
    state = s.phase == Phase::testing ? tr(f, "kiosk.status.saved") : tr(f, "kiosk.status.online");
  }
  bbzhm::gui::state_dot(state, colour, 7 * f.scale, 6 * f.scale, ImGui::GetFrameHeight());
  const std::string_view exit = tr(f, "kiosk.status.representative");
  const float w = ImGui::CalcTextSize(exit.data(), exit.data() + exit.size()).x +
                  2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine(ImGui::GetWindowWidth() - w - 16 * f.scale);
  if (f.ui.screen != Screen::unlock &&
      big_button(std::string(exit).append("##exit").c_str(), {0, 0})) {
    f.ui.back_from_unlock = f.ui.screen;
    f.ui.unlock_code.clear();
    f.ui.unlock_failed = false;
    f.ui.focus_code = true;
    f.ui.screen = Screen::unlock;
  }
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

namespace {
std::vector<ButtonSpot>* g_buttons = nullptr;
}

void record_buttons(std::vector<ButtonSpot>* sink) {
  g_buttons = sink;
}

bool big_button(const char* label, ImVec2 size, bool primary) {
  const bool pressed =
      primary ? bbzhm::gui::filled_button(label, size) : ImGui::Button(label, size);
  if (g_buttons) {
    const char* id = std::strstr(label, "##");
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_buttons->push_back({id ? id + 2 : label, (a.x + b.x) / 2, (a.y + b.y) / 2});
  }
  return pressed;
}

void text_centered(std::string_view text, ImFont* font) {
  bbzhm::gui::text_centered(text, font);
}

void text_wrapped(std::string_view text, ImFont* font) {
  bbzhm::gui::text_wrapped(text, font);
}

void text_colored(std::string_view text, ImFont* font, ImU32 colour) {
  bbzhm::gui::text_colored(text, colour, font);
}

bool shortcut(int key) {
  return !ImGui::GetIO().WantTextInput && !ImGui::GetIO().KeyCtrl && !ImGui::GetIO().KeyAlt &&
         ImGui::IsKeyPressed(key, false);
}

bool shortcut(ImGuiKey_ key) {
  return shortcut(ImGui::GetKeyIndex(key));
}

std::string format_time_left(std::int64_t ms) {
  return bbzhm::gui::format_duration(ms);
}

std::string time_shown(const Frame& f, std::int64_t ms) {
  if (ms <= kSecondsShownBelowMs) return format_time_left(ms);
  return trf(f, "kiosk.time.minutes", {std::to_string((ms + 59'999) / 60'000)});
}

std::int64_t until_time_shown_changes(std::int64_t ms) {
  if (ms <= 0) return 1000;
  const std::int64_t step = ms > kSecondsShownBelowMs ? 60'000 : 1000;
  return (ms - 1) % step + 1;
}

const Booklet* current_booklet(const Frame& f) {
  const auto& sitting = f.snapshot.sitting;
  if (!sitting || f.ui.booklet >= sitting->booklets.size()) return nullptr;
  return &sitting->booklets[f.ui.booklet];
}

const Item* current_item(const Frame& f) {
  const Booklet* b = current_booklet(f);
  if (!b || f.ui.item >= b->items.size()) return nullptr;
  return &b->items[f.ui.item];
}

std::size_t item_count(const Snapshot& s) {
  std::size_t n = 0;
  if (s.sitting)
    for (const auto& b : s.sitting->booklets) n += b.items.size();
  return n;
}

std::size_t answered_count(const Snapshot& s) {
  std::size_t n = 0;
  if (s.sitting)
    for (const auto& b : s.sitting->booklets)
      for (const auto& i : b.items) {
        auto it = s.answers.find(i.id);
        if (it != s.answers.end() && !it->second.empty()) ++n;
      }
  return n;
}

bool step_item(const Snapshot& s, UiState& ui, int delta) {
  if (!s.sitting) return false;
  const auto& booklets = s.sitting->booklets;
  std::size_t b = ui.booklet, i = ui.item;
  if (delta > 0) {
    if (b < booklets.size() && i + 1 < booklets[b].items.size()) {
      ++i;
    } else {
      do ++b;
      while (b < booklets.size() && booklets[b].items.empty());
      if (b >= booklets.size()) return false;
      i = 0;
    }
  } else {
    if (i > 0) {
      --i;
    } else {
      do {
        if (b == 0) return false;
        --b;
      } while (booklets[b].items.empty());
      i = booklets[b].items.size() - 1;
    }
  }
  ui.booklet = b;
  ui.item = i;
  return true;
}

}  // namespace bbzhm::station::gui
