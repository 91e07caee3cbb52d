// p.24: the room after the end: every seat's outcome (finished with scores and levels, absent
// with the reason of p.12, annulled with the act's number), and the results forms to print.
#include <imgui.h>

#include <cstdio>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_results(Frame& f) {
  begin_page(f, "##results");
  const auto& room = *f.room.room;
  heading(tr(f, "console.results.title"), f.fonts.large);
  const std::string& state = room.sitting.state;
  if (state != "ended" && state != "cancelled")
    text_colored(tr(f, "console.results.not_ended"), kAmber);
  else
    text(trf(f, "console.start.state", {status_text(f, state)}));
  int finished = 0, absent = 0, annulled = 0, other = 0;
  for (const auto& s : room.seats) {
    if (s.status == "finished")
      ++finished;
    else if (s.status == "absent")
      ++absent;
    else if (s.status == "annulled")
      ++annulled;
    else
      ++other;
  }
  text(trf(f, "console.results.counts",
           {std::to_string(finished), std::to_string(absent), std::to_string(annulled),
            std::to_string(other)}));
  print_row(f, {"results", "result-slips", "session-report"});
  // p.26: the results go to the NTC (or onto a USB stick); the NTC's report comes back there.
  if (state == "ended") {
    if (button(label(f, "console.upload.open", "ntc").c_str(), {0, 0}, true) || function_key(9))
      f.ui.screen = Screen::upload;
    if (f.room.upload) {
      ImGui::SameLine();
      text_colored(tr(f, "console.upload.state." + f.room.upload->state),
                   f.room.upload->state == "received" ? kGood : kAmber);
    }
  }
  ImGui::Dummy({1, 4 * f.scale});
  if (begin_table(f, "##results_table",
                  {{"console.col.seat", 0.5f},
                   {"console.col.student", 3},
                   {"console.col.code", 1.2f},
                   {"console.col.status", 1.4f},
                   {"console.col.answered", 1},
                   {"console.col.score", 5.5f},
                   {"console.col.note", 2.4f}})) {
    visible_rows(room.seats.size(), [&](std::size_t i) {
      const auto& s = room.seats[i];
      seat_row_start(s);
      ImGui::TableNextColumn();
      const ImU32 c = s.status == "finished"   ? kGood
                      : s.status == "annulled" ? kWarn
                      : s.status == "absent"   ? kAmber
                                               : kMuted;
      ImGui::PushStyleColor(ImGuiCol_Text, c);
      text(status_text(f, s.status));
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      if (s.items > 0 && s.status != "registered" && s.status != "absent")
        ImGui::Text("%d / %d", s.answered, s.items);
      ImGui::TableNextColumn();
      // One line per row: the clipper needs rows of one height.
      std::string scores;
      for (const auto& r : s.results)
        scores += (scores.empty() ? "" : " · ") +
                  std::string(tr(f, "subject." + std::string(code(r.subject)))) + " " +
                  std::to_string(r.score) + "/" + std::to_string(r.max_score) + " (" +
                  std::string(tr(f, "level." + r.level)) + ")";
      text(scores);
      ImGui::TableNextColumn();
      if (s.status == "absent")
        text(absence_text(f, s.absence_reason));
      else if (s.status == "annulled")
        text(s.act > 0 ? trf(f, "console.results.annulled_act", {std::to_string(s.act)})
                       : std::string(tr(f, "console.results.annulled_note")));
    });
    ImGui::EndTable();
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
