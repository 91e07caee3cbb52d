// Annex 2 (p.21): the act of an impostor found at admission to the building or during testing.
// The representative names the impostor; saving it keeps the student out or removes them, and
// annuls the results.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_act_impostor(Frame& f) {
  ActDraft& d = begin_act(f, "##act2", "console.act.impostor_title");

  heading(tr(f, "console.act.when_found"), f.fonts.body);
  if (ImGui::RadioButton(std::string(tr(f, "console.act.at_admission")).c_str(),
                         d.found_at_admission))
    d.found_at_admission = true;
  ImGui::SameLine();
  if (ImGui::RadioButton(std::string(tr(f, "console.act.during_testing")).c_str(),
                         !d.found_at_admission))
    d.found_at_admission = false;
  ImGui::Dummy({1, 6 * f.scale});
  heading(tr(f, "console.act.impostor_name"), f.fonts.body);
  ImGui::SetNextItemWidth(std::min(620 * f.scale, ImGui::GetContentRegionAvail().x));
  if (d.focus_first) {
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::InputText("##impostor", &d.impostor_full_name);
  if (ImGui::IsItemActive()) d.focus_first = false;

  ImGui::Dummy({1, 6 * f.scale});
  heading(tr(f, "console.act.decision"), f.fonts.body);
  const std::string room = f.room.room ? f.room.room->sitting.room : "";
  text_wrapped(
      d.found_at_admission
          ? trf(f, "console.act.impostor_decision_admission", {d.full_name, d.personal_code})
          : trf(f, "console.act.impostor_decision_testing", {d.full_name, d.personal_code, room}));
  text_colored(tr(f, "console.act.impostor_signatures"), kMuted);

  end_act(f, true, !d.impostor_full_name.empty(), "console.act.need_impostor");
}

}  // namespace bbzhm::proctor::gui
