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
  if (begin_table(f, "##list",
                  {{"console.col.time", 1},
                   {"console.col.seat", 0.6f},
                   {"console.col.student", 2.4f},
                   {"console.col.incident", 2.2f},
                   {"console.col.detail", 2.4f},
                   {"", 1.4f}},
                  false)) {
    // Newest first: what just happened is what the representative must see.
    visible_rows(room.incidents.size(), [&](std::size_t row) {
      const auto& i = room.incidents[room.incidents.size() - 1 - row];
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
    });
    ImGui::EndTable();
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
