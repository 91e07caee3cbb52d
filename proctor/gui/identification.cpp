// p.19: at the door the representative types or scans the personal code from the seating sheet
// (a barcode/QR scanner types the code and Enter), sees the student from the school's list, and
// admits or marks the student absent with a reason of p.12. An unknown code, and a student who is
// already in, are shown loudly: that is how an impostor or a second sheet is caught.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

void draw_roster(Frame& f) {
  const auto& seats = f.room.room->seats;
  int admitted = 0, absent = 0, waiting = 0;
  for (const auto& s : seats) {
    if (s.status == "registered")
      ++waiting;
    else if (s.status == "absent")
      ++absent;
    else
      ++admitted;
  }
  text(trf(f, "console.identify.counts",
           {std::to_string(admitted), std::to_string(absent), std::to_string(waiting)}));
  if (!begin_table(f, "##roster",
                   {{"console.col.seat", 0.5f},
                    {"console.col.student", 3},
                    {"console.col.code", 1.2f},
                    {"console.col.status", 2}}))
    return;
  visible_rows(seats.size(), [&](std::size_t i) {
    const auto& s = seats[i];
    seat_row_start(s);
    ImGui::TableNextColumn();
    const ImU32 c = s.status == "registered" ? kMuted
                    : s.status == "absent"   ? kAmber
                    : s.status == "annulled" ? kWarn
                                             : kGood;
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    text(status_text(f, s.status));
    if (s.status == "absent" && !s.absence_reason.empty()) {
      ImGui::SameLine();
      text(absence_text(f, s.absence_reason));
    }
    ImGui::PopStyleColor();
  });
  ImGui::EndTable();
}

}  // namespace

void draw_identification(Frame& f) {
  begin_page(f, "##identification");
  UiState& ui = f.ui;
  Identified& who = ui.identified;
  const float panel_w = std::min(ImGui::GetContentRegionAvail().x * 0.48f, 700 * f.scale);
  ImGui::BeginChild("##door", {panel_w, 0});
  heading(tr(f, "console.identify.title"), f.fonts.large);
  text_colored(tr(f, "console.identify.hint"), kMuted);
  ImGui::PushFont(f.fonts.large);
  ImGui::SetNextItemWidth(-1);
  // The field keeps the keyboard: the scanner types into it whenever a sheet is scanned.
  if (ui.focus_code || (!ImGui::IsAnyItemActive() && !ImGui::GetIO().WantTextInput)) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_code = false;
  }
  const bool entered =
      ImGui::InputText("##code", &ui.code,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsNoBlank |
                           ImGuiInputTextFlags_AutoSelectAll);
  ImGui::PopFont();
  if (entered) {
    ui.focus_code = true;
    if (!ui.code.empty()) {
      who = Identified{};
      who.code = ui.code;
      who.pending = true;
      f.out.commands.push_back(identify(ui.sitting, ui.code));
    }
  }
  ImGui::Dummy({1, 6 * f.scale});

  if (who.pending) {
    text_colored(tr(f, "console.identify.checking"), kMuted);
  } else if (!who.code.empty() && !who.found) {
    alert_box(f, trf(f, "console.identify.unknown", {who.code}),
              tr(f, "console.identify.unknown_hint"), kWarn);
  } else if (who.found) {
    const protocol::SeatView* seat = f.room.seat_by_code(who.code);
    const std::string& status = seat ? seat->status : who.status;  // the live room is newer
    const bool in = status == "admitted" || status == "testing" || status == "finished";
    if (in) {
      alert_box(f, tr(f, "console.identify.already"),
                trf(f, "console.identify.already_detail", {who.full_name, status_text(f, status)}),
                kWarn);
    } else if (status == "annulled") {
      alert_box(f, tr(f, "console.identify.annulled"), who.full_name, kWarn);
    }
    heading(who.full_name, f.fonts.large);
    text(trf(f, "console.identify.detail",
             {who.class_name, who.code, seat ? std::to_string(seat->seat) : "—",
              status_text(f, status)}));
    if (status == "absent" && seat) text_colored(absence_text(f, seat->absence_reason), kAmber);
    ImGui::Dummy({1, 6 * f.scale});
    if (!in && status != "annulled") {
      if (button(label(f, "console.identify.admit", "admit").c_str(), {260 * f.scale, 0}, true) ||
          function_key(9)) {
        f.out.commands.push_back(admit(ui.sitting, who.code));
        ui.focus_code = true;
      }
      ImGui::Dummy({1, 4 * f.scale});
      text(tr(f, "console.identify.absent_reason"));
      for (std::size_t i = 0; i < std::size(kAllAbsenceReasons); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::RadioButton(std::string(absence_text(f, code(kAllAbsenceReasons[i]))).c_str(),
                               ui.absence_reason == static_cast<int>(i)))
          ui.absence_reason = static_cast<int>(i);
        ImGui::PopID();
      }
      if (button(label(f, "console.identify.absent", "absent").c_str(), {260 * f.scale, 0}) ||
          function_key(10)) {
        f.out.commands.push_back(mark_absent(
            ui.sitting, who.code, kAllAbsenceReasons[static_cast<std::size_t>(ui.absence_reason)]));
        ui.focus_code = true;
      }
      ImGui::Dummy({1, 4 * f.scale});
    }
    // p.21: somebody else came with this sheet.
    if (seat && status != "annulled" &&
        (button(label(f, "console.identify.impostor", "impostor").c_str(), {0, 0}) ||
         function_key(11))) {
      open_act(f, *seat, true, Screen::identification);
      f.ui.act.found_at_admission = true;
    }
  }
  if (!who.outcome.empty()) {
    ImGui::Dummy({1, 6 * f.scale});
    text_colored(who.outcome, who.outcome_ok ? kGood : kWarn);
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##roster_side", {0, 0});
  draw_roster(f);
  ImGui::EndChild();
  end_page();
}

}  // namespace bbzhm::proctor::gui
