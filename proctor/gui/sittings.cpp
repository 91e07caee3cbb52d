// The sittings of this school the server holds: the representative chooses the one to run.
// Enter opens the first prepared or running one (the usual case: one sitting per room).
#include <imgui.h>

#include <cstdio>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_sittings(Frame& f) {
  begin_page(f, "##sittings");
  const auto& welcome = *f.room.welcome;
  heading(welcome.school_code + " · " + welcome.school_name, f.fonts.large);
  text(trf(f, "console.sittings.representative", {welcome.representative}));
  ImGui::Dummy({1, 8 * f.scale});
  if (f.ui.sitting != 0) {
    text_colored(tr(f, "console.sittings.loading"), kMuted);
    end_page();
    return;
  }
  if (welcome.sittings.empty()) {
    text_colored(tr(f, "console.sittings.none"), kWarn);
    end_page();
    return;
  }
  text(tr(f, "console.sittings.choose"));
  std::int64_t chosen = 0;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("##list", 7, flags)) {
    for (const char* k :
         {"console.sittings.campaign", "console.sittings.grade", "console.sittings.class",
          "console.sittings.room", "console.sittings.state", "console.sittings.students", ""})
      ImGui::TableSetupColumn(*k ? std::string(tr(f, k)).c_str() : "");
    ImGui::TableHeadersRow();
    std::int64_t first_open = 0;
    for (const auto& s : welcome.sittings) {
      if (first_open == 0 && (s.state == "prepared" || s.state == "open")) first_open = s.id;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(s.campaign);
      ImGui::TableNextColumn();
      ImGui::Text("%d", s.grade);
      ImGui::TableNextColumn();
      text(s.class_name);
      ImGui::TableNextColumn();
      text(s.room);
      ImGui::TableNextColumn();
      text(status_text(f, s.state));
      ImGui::TableNextColumn();
      ImGui::Text("%d", s.students);
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(s.id));
      if (button(label(f, "console.sittings.open", "open").c_str(), {0, 0}, s.id == first_open))
        chosen = s.id;
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (enter_pressed() && first_open != 0) chosen = first_open;
  }
  if (chosen != 0) {
    f.ui.sitting = chosen;
    f.out.watch = chosen;
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
