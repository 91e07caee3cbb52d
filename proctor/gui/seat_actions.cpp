// The selected seat of the live grid and what the representative may do with it: let the student
// leave the room and come back (p.23; the clock runs unless paused, with a reason), give extra
// time with a reason, move the student to a spare station (answers and time kept), and draw up
// the Annex 1 or Annex 2 act (p.20-21), or a correction of the act that annulled the results.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

void row(const Frame& f, std::string_view key, std::string_view value) {
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  text(tr(f, key));
  ImGui::PopStyleColor();
  ImGui::SameLine(150 * f.scale);
  text(value);
}

}  // namespace

void draw_seat_panel(Frame& f, const protocol::SeatView& s, std::size_t index) {
  UiState& ui = f.ui;
  ImGui::PushTextWrapPos(0);
  heading(s.full_name, f.fonts.large);
  ImGui::PopTextWrapPos();
  char buf[64];
  row(f, "console.col.seat", std::to_string(s.seat));
  row(f, "console.col.code", s.personal_code);
  row(f, "console.col.class", s.class_name);
  row(f, "console.col.status", status_text(f, s.status));
  if (s.paused) text_colored(tr(f, "console.grid.paused_long"), kAmber);
  row(f, "console.col.station", s.station.empty() ? "—" : s.station);
  if (!s.assigned_station.empty()) row(f, "console.move.planned", s.assigned_station);
  row(f, "console.col.connection",
      s.connected ? tr(f, "console.grid.online") : tr(f, "console.grid.offline"));
  std::snprintf(buf, sizeof buf, "%d / %d", s.answered, s.items);
  row(f, "console.col.answered", buf);
  if (s.status == "testing") {
    format_duration(buf, sizeof buf, time_left(f, index));
    row(f, "console.col.time_left", buf);
  }
  if (s.last_save_ms > 0) {
    format_clock(buf, sizeof buf, s.last_save_ms);
    row(f, "console.col.last_save", buf);
  }
  ImGui::Separator();

  const bool running = s.status == "testing" || s.status == "admitted";
  if (running) {
    // p.23: leaving only with the representative's permission.
    heading(tr(f, "console.leave.title"), f.fonts.body);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##leave_reason", std::string(tr(f, "console.leave.reason")).c_str(),
                             &ui.leave_reason);
    ImGui::Checkbox(std::string(tr(f, "console.leave.pause")).c_str(), &ui.leave_pause);
    if (button(label(f, "console.leave.button", "leave").c_str()))
      f.out.commands.push_back(
          leave_room(ui.sitting, s.personal_code, ui.leave_pause, ui.leave_reason));
    ImGui::SameLine();
    if (button(label(f, "console.leave.return", "return").c_str()))
      f.out.commands.push_back(return_to_room(ui.sitting, s.personal_code));
    ImGui::Separator();

    heading(tr(f, "console.extra.title"), f.fonts.body);
    ImGui::SetNextItemWidth(140 * f.scale);
    ImGui::InputInt(std::string(tr(f, "console.extra.minutes")).c_str(), &ui.extra_minutes, 5, 10);
    ui.extra_minutes = std::clamp(ui.extra_minutes, 1, 120);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##extra_reason", std::string(tr(f, "console.extra.reason")).c_str(),
                             &ui.extra_reason);
    ImGui::BeginDisabled(ui.extra_reason.empty());
    if (button(label(f, "console.extra.button", "extra").c_str()))
      f.out.commands.push_back(
          extend_time(ui.sitting, s.personal_code, ui.extra_minutes, ui.extra_reason));
    ImGui::EndDisabled();
    ImGui::Separator();

    // p.23: a broken PC — the student continues on a spare one with the same slip.
    heading(tr(f, "console.move.title"), f.fonts.body);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##spare", std::string(tr(f, "console.move.station")).c_str(),
                             &ui.spare_station);
    ImGui::BeginDisabled(ui.spare_station.empty());
    if (button(label(f, "console.move.button", "move").c_str()))
      f.out.commands.push_back(move_student(ui.sitting, s.personal_code, ui.spare_station));
    ImGui::EndDisabled();
    ImGui::Separator();
  }
  if (s.status != "annulled" && s.status != "absent") {
    heading(tr(f, "console.act.title"), f.fonts.body);
    if (danger_button(label(f, "console.act.confiscation_button", "act1").c_str(), {-1, 0}) ||
        function_key(9))
      open_act(f, s, false, Screen::grid);
    if (danger_button(label(f, "console.act.impostor_button", "act2").c_str(), {-1, 0}) ||
        function_key(10))
      open_act(f, s, true, Screen::grid);
  } else if (s.status == "annulled") {
    text_colored(s.act > 0 ? trf(f, "console.results.annulled_act", {std::to_string(s.act)})
                           : std::string(tr(f, "console.act.annulled")),
                 kWarn);
    // An act is never deleted: a correction is a new act that names the one it corrects.
    if (s.act > 0) {
      ImGui::BeginDisabled(f.ui.correction_pending != 0);
      if (button(label(f, "console.act.correct_button", "correct").c_str(), {-1, 0})) {
        // The draft opens when the server's copy arrives: the same annex, its fields filled in.
        f.ui.correction_pending = s.act;
        auto c = read_act(f.ui.sitting, s.act);
        c.personal_code = s.personal_code;  // whose seat the draft is for
        f.out.commands.push_back(std::move(c));
      }
      ImGui::EndDisabled();
      if (button(label(f, "console.act.print_button", "print-act").c_str(), {-1, 0})) {
        request_print(f, "act", s.act, Language::kk);
        request_print(f, "act", s.act, Language::ru);
      }
    }
  }
  // Issue 5: the kiosk at the student's station leaves its lock-down (as with the exit code).
  if (!s.station.empty()) {
    ImGui::Separator();
    if (button(label(f, "console.release.button", "release").c_str(), {-1, 0}))
      f.out.commands.push_back(release_station(ui.sitting, s.station));
  }
}

}  // namespace bbzhm::proctor::gui
