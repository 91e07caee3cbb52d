// The windows' shared widgets.
#include "common/gui/widgets.hpp"

#include <algorithm>
#include <cstdio>

namespace bbzhm::gui {

void begin_fixed(const char* id, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin(id, nullptr, kFixedWindow | extra);
}

void begin_page(const char* id, float top, float bottom, ImFont* font) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  begin_fixed(id, {vp->Pos.x, vp->Pos.y + top}, {vp->Size.x, vp->Size.y - top - bottom},
              ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  ImGui::PushFont(font);
}

void end_page() {
  ImGui::PopFont();
  ImGui::End();
}

bool filled_button(const char* label, ImVec2 size, bool danger) {
  if (danger) {
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(176, 40, 30, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(204, 56, 44, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(140, 30, 20, 255));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(48, 116, 196, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(24, 76, 140, 255));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopStyleColor(4);
  return pressed;
}

void text(std::string_view t) {
  ImGui::TextUnformatted(t.data(), t.data() + t.size());
}

void text_wrapped(std::string_view t, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(t.data(), t.data() + t.size());
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}

void text_colored(std::string_view t, ImU32 colour, ImFont* font) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  text_wrapped(t, font);
  ImGui::PopStyleColor();
}

void text_centered(std::string_view t, ImFont* font) {
  ImGui::PushFont(font);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = ImGui::CalcTextSize(t.data(), t.data() + t.size(), false, avail).x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - w) / 2));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(w, avail) + 1);
  ImGui::TextUnformatted(t.data(), t.data() + t.size());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void state_dot(std::string_view word, ImU32 colour, float radius, float gap, float line_height) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  dl->AddCircleFilled({at.x + radius, at.y + line_height / 2}, radius, colour);
  ImGui::Dummy({2 * radius + gap, line_height});
  ImGui::SameLine();
  text(word);
}

void format_duration(char* out, std::size_t size, std::int64_t ms) {
  const long long total = (std::max<std::int64_t>(ms, 0) + 999) / 1000;
  const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
  if (h > 0)
    std::snprintf(out, size, "%lld:%02lld:%02lld", h, m, s);
  else
    std::snprintf(out, size, "%02lld:%02lld", m, s);
}

std::string format_duration(std::int64_t ms) {
  char buf[32];
  format_duration(buf, sizeof buf, ms);
  return buf;
}

}  // namespace bbzhm::gui
