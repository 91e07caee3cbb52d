// The representative's unlock: the only way out of the kiosk (p.22-23: students leave only with
// the representative's permission). The code is checked on the station against the hash the
// server gave it, so it works with the network down too.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_unlock(Frame& f) {
  begin_page(f, "##unlock");
  UiState& ui = f.ui;
  const float h = ImGui::GetWindowHeight();
  ImGui::Dummy({1, h * 0.05f});
  text_centered(tr(f, "kiosk.unlock.title"), f.fonts.large);
  if (ui.not_me) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    text_centered(tr(f, "kiosk.confirm.call_representative"), f.fonts.body);
    ImGui::PopStyleColor();
  }
  text_centered(tr(f, "kiosk.unlock.hint"), f.fonts.small);
  ImGui::Dummy({1, 10 * f.scale});
  const bool known = f.snapshot.policy && !f.snapshot.policy->exit_code_hash.empty();
  const float w = 480 * f.scale;
  const float x = (ImGui::GetWindowWidth() - w) / 2;
  bool submit = false;
  ImGui::PushFont(f.fonts.large);
  ImGui::SetCursorPosX(x);
  ImGui::SetNextItemWidth(w);
  if (ui.focus_code) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_code = false;
  }
  if (ImGui::InputText("##code", &ui.unlock_code,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue))
    submit = true;
  // A keypad for touch screens and mice; most exit codes are digits.
  const float key = (w - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  for (int row = 0; row < 4; ++row) {
    ImGui::SetCursorPosX(x);
    for (int col = 0; col < 3; ++col) {
      const int k = row * 3 + col;
      std::string label = k < 9 ? std::to_string(k + 1) : k == 10 ? "0" : "";
      if (k == 9) label = tr(f, "kiosk.login.erase");
      if (k == 11) label = "OK";
      label += "##pad" + std::to_string(k);
      if (ImGui::Button(label.c_str(), {key, 62 * f.scale})) {
        if (k < 9) ui.unlock_code += static_cast<char>('1' + k);
        if (k == 10) ui.unlock_code += '0';
        if (k == 9 && !ui.unlock_code.empty()) ui.unlock_code.pop_back();
        if (k == 11) submit = true;
      }
      if (col < 2) ImGui::SameLine();
    }
  }
  ImGui::PopFont();
  ImGui::Dummy({1, 8 * f.scale});
  ImGui::SetCursorPosX(x);
  ImGui::PushTextWrapPos(x + w);
  if (!known) {
    text_colored(tr(f, "kiosk.unlock.no_code"), f.fonts.body, kWarn);
  } else if (ui.unlock_failed) {
    text_colored(tr(f, "kiosk.unlock.wrong"), f.fonts.body, kWarn);
  }
  ImGui::PopTextWrapPos();
  ImGui::Dummy({1, 8 * f.scale});
  ImGui::SetCursorPosX(x);
  ImGui::PushFont(f.fonts.large);
  if (big_button(std::string("‹ ").append(tr(f, "kiosk.unlock.back")).append("##back").c_str(),
                 {w, 64 * f.scale})) {
    ui.unlock_code.clear();
    ui.screen = ui.back_from_unlock;
  }
  ImGui::PopFont();
  if (submit && !ui.unlock_code.empty()) {
    f.out.unlock = ui.unlock_code;
    ui.focus_code = true;  // Enter left the field: a second try types straight in again
    std::fill(ui.unlock_code.begin(), ui.unlock_code.end(), '\0');
    ui.unlock_code.clear();
  }
  end_page();
}

}  // namespace bbzhm::station::gui
