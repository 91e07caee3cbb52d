// The sitting as a whole: ending it (every running test finishes and the stations show their
// results, p.24) and cancelling it (p.15: an emergency or restrictions), which needs a reason and
// keeps every student's work, marked. Both are asked over whatever screen is shown.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_sitting_end(Frame& f) {
  UiState& ui = f.ui;
  if (ui.confirm_end) {
    int testing = 0;
    if (f.room.room)
      for (const auto& s : f.room.room->seats) testing += s.status == "testing";
    if (confirm_box(f, "##confirm_end", trf(f, "console.end.confirm", {std::to_string(testing)}),
                    ui.confirm_end))
      f.out.commands.push_back(end_sitting(ui.sitting));
  }
  if (!ui.cancel_open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(vp->Size.x * 0.8f, 760 * f.scale);
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y * 0.4f},
                          ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({w, 0});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 244, 242, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, kWarn);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3 * f.scale);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {24 * f.scale, 20 * f.scale});
  ImGui::Begin("##cancel", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(f.fonts.body);
  heading(tr(f, "console.cancel.title"), f.fonts.large);
  text_wrapped(tr(f, "console.cancel.explain"));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::InputTextWithHint("##reason", std::string(tr(f, "console.cancel.reason")).c_str(),
                           &ui.cancel_reason);
  const float bw = (w - 48 * f.scale - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginDisabled(ui.cancel_reason.empty());
  if (danger_button(label(f, "console.cancel.confirm", "do_cancel").c_str(), {bw, 0})) {
    f.out.commands.push_back(cancel_sitting(ui.sitting, ui.cancel_reason));
    ui.cancel_open = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (button(label(f, "console.confirm.no", "keep").c_str(), {bw, 0}) || escape_pressed())
    ui.cancel_open = false;
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
}

}  // namespace bbzhm::proctor::gui
