// Incidents the stations report (focus lost, a close attempt, a second display, remote-desktop
// programs, a virtual machine, a wrong clock) stay highlighted until the representative
// acknowledges each; the server journals who acknowledged it and when.
#include <imgui.h>

#include <cstdio>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_incidents(Frame& f) {
  begin_page(f, "##incidents");
  const auto& room = *f.room.room;
  heading(tr(f, "console.incidents.title"), f.fonts.large);
  const int open = f.room.unacknowledged_incidents();
  if (room.incidents.empty()) {
    text_colored(tr(f, "console.incidents.none"), kMuted);
    end_page();
    return;
  }
  text_colored(trf(f, "console.incidents.open", {std::to_string(open)}), open > 0 ? kWarn : kGood);
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##list", 6, flags, ImGui::GetContentRegionAvail())) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(std::string(tr(f, "console.col.time")).c_str(), 0, 1);
    ImGui::TableSetupColumn(std::string(tr(f, "console.col.seat")).c_str(), 0, 0.6f);
    ImGui::TableSetupColumn(std::string(tr(f, "console.col.student")).c_str(), 0, 2.4f);
    ImGui::TableSetupColumn(std::string(tr(f, "console.col.incident")).c_str(), 0, 2.2f);
    ImGui::TableSetupColumn(std::string(tr(f, "console.col.detail")).c_str(), 0, 2.4f);
    ImGui::TableSetupColumn("", 0, 1.4f);
    ImGui::TableHeadersRow();
    // Newest first: what just happened is what the representative must see.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(room.incidents.size()));
    while (clipper.Step())
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const auto& i = room.incidents[room.incidents.size() - 1 - static_cast<std::size_t>(row)];
        ImGui::TableNextRow();
        if (!i.acknowledged)
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(252, 214, 206, 255));
        ImGui::TableNextColumn();
        char at[24];
        format_clock(at, sizeof at, i.at_ms);
        ImGui::TextUnformatted(at);
        ImGui::TableNextColumn();
        if (i.seat > 0) ImGui::Text("%d", i.seat);
        ImGui::TableNextColumn();
        if (const auto* s = seat_by_number(f.room, i.seat))
          text(s->full_name);
        else
          text(i.station);
        ImGui::TableNextColumn();
        text_colored(incident_text(f, i.kind), i.acknowledged ? IM_COL32(30, 30, 30, 255) : kWarn);
        ImGui::TableNextColumn();
        text_wrapped(i.detail);
        ImGui::TableNextColumn();
        if (i.acknowledged) {
          text_colored(tr(f, "console.incidents.acknowledged"), kMuted);
        } else {
          ImGui::PushID(static_cast<int>(i.id));
          if (button(label(f, "console.incidents.acknowledge", "ack").c_str(), {0, 0}, true))
            f.out.commands.push_back(acknowledge_incident(f.ui.sitting, i.id));
          ImGui::PopID();
        }
      }
    ImGui::EndTable();
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
