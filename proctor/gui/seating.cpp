// The seating plan (issue 6 step 3): which station each student sits at. The server makes the
// automatic plan (neighbours with different variants, spare stations kept free) and keeps it;
// the representative changes a seat by hand (another station, or none). The seating sheet
// printed for the door shows the plan.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <set>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_seating(Frame& f) {
  begin_page(f, "##seating");
  UiState& ui = f.ui;
  const auto& room = *f.room.room;
  heading(tr(f, "console.seating.title"), f.fonts.large);
  // The paired stations (the readiness list): those the plan leaves free are the spares.
  const auto now = f.now;
  if (now - ui.stations_asked > std::chrono::seconds(5)) {
    ui.stations_asked = now;
    f.out.list_stations = true;
  }
  std::set<std::string> used;
  int planned = 0, seated = 0;
  for (const auto& s : room.seats) {
    if (s.status == "absent") continue;
    ++seated;
    if (!s.assigned_station.empty()) {
      used.insert(s.assigned_station);
      ++planned;
    }
  }
  std::string spares;
  if (f.room.stations)
    for (const auto& st : f.room.stations->stations)
      if (!st.console && !used.contains(st.name)) spares += (spares.empty() ? "" : ", ") + st.name;
  if (f.room.stations)
    f.out.trace.push_back("seating planned=" + std::to_string(planned) +
                          " seated=" + std::to_string(seated) + " spares=" + spares);
  text(trf(f, "console.seating.counts", {std::to_string(planned), std::to_string(seated)}));
  // Before a plan every paired station is free, but none is a spare yet.
  text_colored(trf(f, planned == 0 ? "console.seating.no_plan" : "console.seating.spares",
                   {spares.empty() ? "—" : spares}),
               planned == 0     ? kMuted
               : spares.empty() ? kAmber
                                : kGood);
  const bool prepared = room.sitting.state == "prepared";
  ImGui::BeginDisabled(!prepared);
  if (button(label(f, "console.seating.auto", "plan").c_str(), {0, 0}, true) ||
      (prepared && function_key(9)))
    f.out.commands.push_back(plan_seating(ui.sitting));
  ImGui::EndDisabled();
  ImGui::SameLine();
  print_row(f, {"seating-sheet"});
  text_colored(tr(f, "console.seating.explain"), kMuted);
  ImGui::Dummy({1, 4 * f.scale});
  // A manual change: the seat picked in the table, and the station typed for it ("" clears).
  if (ui.seating_seat > 0) {
    text(trf(f, "console.seating.change", {std::to_string(ui.seating_seat)}));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200 * f.scale);
    ImGui::InputTextWithHint("##seat_station", std::string(tr(f, "console.move.station")).c_str(),
                             &ui.seating_station);
    ImGui::SameLine();
    if (button(label(f, "console.seating.assign", "assign").c_str())) {
      f.out.commands.push_back(assign_station(ui.sitting, ui.seating_seat, ui.seating_station));
      ui.seating_seat = 0;
      ui.seating_station.clear();
    }
  }
  if (begin_table(f, "##seating_table",
                  {{"console.col.seat", 0.5f},
                   {"console.col.student", 3},
                   {"console.col.status", 1.4f},
                   {"console.col.station", 1.4f}})) {
    visible_rows(room.seats.size(), [&](std::size_t i) {
      const auto& s = room.seats[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[32];
      std::snprintf(id, sizeof id, "%d##seatrow%d", s.seat, s.seat);
      if (ImGui::Selectable(id, ui.seating_seat == s.seat, ImGuiSelectableFlags_SpanAllColumns) &&
          prepared) {
        ui.seating_seat = s.seat;
        ui.seating_station = s.assigned_station;
      }
      ImGui::TableNextColumn();
      text(s.full_name);
      ImGui::TableNextColumn();
      text(status_text(f, s.status));
      ImGui::TableNextColumn();
      if (s.assigned_station.empty())
        text_colored("—", s.status == "absent" ? kMuted : kAmber);
      else
        text(s.assigned_station);
    });
    ImGui::EndTable();
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
