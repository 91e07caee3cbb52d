// The start of the sitting: who is in, who is absent, who has not come; starting opens the
// sitting for the admitted students, whose stations then accept their logins (p.19).
#include <imgui.h>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_start(Frame& f) {
  begin_page(f, "##start");
  const auto& room = *f.room.room;
  heading(tr(f, "console.start.title"), f.fonts.large);
  int admitted = 0, absent = 0, waiting = 0;
  for (const auto& s : room.seats) {
    if (s.status == "registered")
      ++waiting;
    else if (s.status == "absent")
      ++absent;
    else if (s.status != "annulled")
      ++admitted;
  }
  text(trf(f, "console.identify.counts",
           {std::to_string(admitted), std::to_string(absent), std::to_string(waiting)}));
  ImGui::Dummy({1, 4 * f.scale});
  // The seating sheet at the door (p.19) and the login slips (new passwords: before the start).
  print_row(f, {"seating-sheet", "login-slips"});
  ImGui::Dummy({1, 8 * f.scale});
  const std::string& state = room.sitting.state;
  if (state == "prepared") {
    if (waiting > 0)
      text_colored(trf(f, "console.start.not_identified", {std::to_string(waiting)}), kAmber);
    if (admitted == 0) text_colored(tr(f, "console.start.nobody"), kWarn);
    text_colored(tr(f, "console.start.explain"), kMuted);
    ImGui::Dummy({1, 6 * f.scale});
    ImGui::BeginDisabled(admitted == 0);
    if (button(label(f, "console.start.button", "start").c_str(), {320 * f.scale, 0}, true) ||
        (admitted > 0 && function_key(9)))
      f.ui.confirm_start = true;
    ImGui::EndDisabled();
  } else {
    text(trf(f, "console.start.state", {status_text(f, state)}));
    if (state == "open" &&
        button(label(f, "console.start.to_grid", "to_grid").c_str(), {0, 0}, true))
      f.ui.screen = Screen::grid;
  }
  if (state == "prepared" || state == "open") {
    ImGui::Dummy({1, 24 * f.scale});
    text_colored(tr(f, "console.cancel.explain"), kMuted);
    if (danger_button(label(f, "console.cancel.button", "cancel").c_str())) f.ui.cancel_open = true;
  }
  end_page();
  if (confirm_box(f, "##confirm_start", trf(f, "console.start.confirm", {std::to_string(admitted)}),
                  f.ui.confirm_start))
    f.out.commands.push_back(start_sitting(f.ui.sitting));
}

}  // namespace bbzhm::proctor::gui
