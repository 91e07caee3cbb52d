// The live room: one cell per seat laid out like the lab, drawn from the Room the server keeps
// pushing (SeatChanged). 300 seats stay smooth: only the visible rows are drawn (ImGuiListClipper)
// and a cell's text goes through stack buffers, so a frame allocates nothing.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

struct CellLook {
  ImU32 fill, border;
};

CellLook look_of(const protocol::SeatView& s) {
  if (s.status == "annulled") return {IM_COL32(214, 208, 208, 255), kWarn};
  if (s.status == "absent") return {IM_COL32(232, 232, 232, 255), IM_COL32(190, 190, 190, 255)};
  if (s.status == "finished") return {IM_COL32(214, 240, 220, 255), kGood};
  if (s.paused) return {IM_COL32(255, 234, 196, 255), kAmber};
  if (s.status == "testing" && !s.connected) return {IM_COL32(252, 212, 206, 255), kWarn};
  if (s.status == "testing") return {IM_COL32(222, 236, 252, 255), kAccent};
  if (s.status == "admitted") return {IM_COL32(255, 255, 255, 255), kAccent};
  return {IM_COL32(250, 250, 250, 255), IM_COL32(200, 200, 200, 255)};
}

void draw_cell(Frame& f, const protocol::SeatView& s, std::size_t index, ImVec2 size) {
  ImGui::PushID(static_cast<int>(index));
  const ImVec2 a = ImGui::GetCursorScreenPos();
  if (ImGui::InvisibleButton("##cell", size)) f.ui.selected_seat = s.seat;
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b{a.x + size.x, a.y + size.y};
  const CellLook look = look_of(s);
  const bool selected = f.ui.selected_seat == s.seat;
  dl->AddRectFilled(a, b, look.fill, 5 * f.scale);
  dl->AddRect(a, b, selected ? IM_COL32(20, 20, 20, 255) : look.border, 5 * f.scale, 0,
              (selected ? 3.0f : 1.5f) * f.scale);
  ImFont* font = f.fonts.small;
  const float line = font->FontSize + 2 * f.scale;
  const float pad = 6 * f.scale;
  dl->PushClipRect({a.x + pad / 2, a.y}, {b.x - pad / 2, b.y}, true);
  float y = a.y + pad / 2;
  char buf[96];
  const ImU32 ink = IM_COL32(25, 25, 25, 255);
  // Line 1: the seat number and the student.
  std::snprintf(buf, sizeof buf, "%d", s.seat);
  dl->AddText(f.fonts.body, f.fonts.body->FontSize, {a.x + pad, y - 1}, ink, buf);
  const float num_w = f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, 1e9f, 0, buf).x;
  dl->AddText(font, font->FontSize, {a.x + pad + num_w + 6 * f.scale, y + 2 * f.scale}, ink,
              s.full_name.data(), s.full_name.data() + s.full_name.size());
  y += line + 3 * f.scale;
  // Line 2: the status, paused.
  const std::string_view st = status_text(f, s.status);
  ImU32 st_ink = s.status == "annulled" ? kWarn : ink;
  dl->AddText(font, font->FontSize, {a.x + pad, y}, st_ink, st.data(), st.data() + st.size());
  if (s.paused) {
    const float w =
        font->CalcTextSizeA(font->FontSize, 1e9f, 0, st.data(), st.data() + st.size()).x;
    const std::string_view p = tr(f, "console.grid.paused");
    dl->AddText(font, font->FontSize, {a.x + pad + w + 8 * f.scale, y}, kAmber, p.data(),
                p.data() + p.size());
  }
  y += line;
  // Line 3: answered n of N, time left.
  if (s.items > 0 || s.status == "testing") {
    char left[24] = "";
    if (s.status == "testing") format_duration(left, sizeof left, time_left(f, index));
    std::snprintf(buf, sizeof buf, "%d / %d    %s", s.answered, s.items, left);
    dl->AddText(font, font->FontSize, {a.x + pad, y}, ink, buf);
  } else if (s.status == "absent") {
    const std::string_view r = absence_text(f, s.absence_reason);
    dl->AddText(font, font->FontSize, {a.x + pad, y}, kMuted, r.data(), r.data() + r.size());
  }
  y += line;
  // Line 4: the connection and the last durable save.
  if (s.status == "testing" || s.status == "admitted" || !s.station.empty()) {
    const float r = 4.5f * f.scale;
    dl->AddCircleFilled({a.x + pad + r, y + font->FontSize / 2}, r, s.connected ? kGood : kWarn);
    const std::string_view conn =
        s.connected ? std::string_view(s.station) : tr(f, "console.grid.offline");
    dl->AddText(font, font->FontSize, {a.x + pad + 2 * r + 5 * f.scale, y},
                s.connected ? ink : kWarn, conn.data(), conn.data() + conn.size());
    if (s.last_save_ms > 0) {
      char at[24];
      format_clock(at, sizeof at, s.last_save_ms);
      const float w = font->CalcTextSizeA(font->FontSize, 1e9f, 0, at).x;
      dl->AddText(font, font->FontSize, {b.x - pad - w, y}, kMuted, at);
    }
  }
  dl->PopClipRect();
}

// Picks a seat by personal code or by number, as typed in the grid's field.
int find_seat(const Room& r, std::string_view typed) {
  if (const auto* s = r.seat_by_code(typed)) return s->seat;
  int n = 0;
  const auto [end, ec] = std::from_chars(typed.data(), typed.data() + typed.size(), n);
  if (ec == std::errc{} && end == typed.data() + typed.size() && seat_by_number(r, n)) return n;
  return 0;
}

}  // namespace

void draw_grid(Frame& f) {
  begin_page(f, "##grid");
  UiState& ui = f.ui;
  const auto& room = *f.room.room;
  const auto& seats = room.seats;
  if (ui.selected_seat == 0 && !seats.empty()) ui.selected_seat = seats.front().seat;

  // The toolbar: find a seat, the room's counts, end and cancel.
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.grid.find"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(180 * f.scale);
  if (ImGui::InputText("##find", &ui.find,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
    if (int seat = find_seat(f.room, ui.find); seat != 0) {
      ui.selected_seat = seat;
    } else {
      ui.notice = trf(f, "console.grid.not_found", {ui.find});
      ui.notice_ok = false;
    }
  }
  if (room.sitting.state == "open") {
    const std::string end_label = label(f, "console.end.button", "end");
    const std::string cancel_label = label(f, "console.cancel.button", "cancel");
    const float bw = ImGui::CalcTextSize(end_label.c_str(), nullptr, true).x +
                     ImGui::CalcTextSize(cancel_label.c_str(), nullptr, true).x +
                     4 * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - bw));
    if (button(end_label.c_str(), {0, 0}, true) || function_key(8)) ui.confirm_end = true;
    ImGui::SameLine();
    if (danger_button(cancel_label.c_str())) ui.cancel_open = true;
  }
  int testing = 0, offline = 0, paused = 0, finished = 0;
  for (const auto& s : seats) {
    testing += s.status == "testing";
    offline += s.status == "testing" && !s.connected;
    paused += s.paused;
    finished += s.status == "finished";
  }
  char counts[200];
  const std::string_view w_testing = tr(f, "console.grid.count_testing"),
                         w_offline = tr(f, "console.grid.count_offline"),
                         w_paused = tr(f, "console.grid.count_paused"),
                         w_finished = tr(f, "console.grid.count_finished");
  std::snprintf(counts, sizeof counts, "%.*s %d   %.*s %d   %.*s %d   %.*s %d",
                static_cast<int>(w_testing.size()), w_testing.data(), testing,
                static_cast<int>(w_offline.size()), w_offline.data(), offline,
                static_cast<int>(w_paused.size()), w_paused.data(), paused,
                static_cast<int>(w_finished.size()), w_finished.data(), finished);
  ImGui::TextUnformatted(counts);

  // The cells, and the selected seat's panel on the right.
  const float panel_w = std::min(400 * f.scale, ImGui::GetContentRegionAvail().x * 0.4f);
  const float grid_w = ImGui::GetContentRegionAvail().x - panel_w - ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginChild("##cells", {grid_w, 0}, false);
  const float gap = 8 * f.scale;
  ImVec2 cell{196 * f.scale, 4 * (f.fonts.small->FontSize + 2 * f.scale) + 14 * f.scale};
  const float avail = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(1, static_cast<int>((avail + gap) / (cell.x + gap)));
  cell.x = (avail - gap * static_cast<float>(columns - 1)) /
           static_cast<float>(columns);  // fill the row
  const int rows = (static_cast<int>(seats.size()) + columns - 1) / columns;
  ImGuiListClipper clipper;
  clipper.Begin(rows, cell.y + gap);
  while (clipper.Step())
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int col = 0; col < columns; ++col) {
        const std::size_t i = static_cast<std::size_t>(row * columns + col);
        if (i >= seats.size()) break;
        if (col > 0) ImGui::SameLine(0, gap);
        draw_cell(f, seats[i], i, cell);
      }
      ImGui::Dummy({1, gap - ImGui::GetStyle().ItemSpacing.y});
    }
  // Arrows move the selection like a cursor over the lab's rows.
  if (!ImGui::GetIO().WantTextInput && !seats.empty()) {
    int at = 0;
    for (std::size_t i = 0; i < seats.size(); ++i)
      if (seats[i].seat == ui.selected_seat) at = static_cast<int>(i);
    const int before = at;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) ++at;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) --at;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) at += columns;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) at -= columns;
    at = std::clamp(at, 0, static_cast<int>(seats.size()) - 1);
    if (at != before) {
      ui.selected_seat = seats[static_cast<std::size_t>(at)].seat;
      const float y = static_cast<float>(at / columns) * (cell.y + gap);
      if (y < ImGui::GetScrollY() || y + cell.y > ImGui::GetScrollY() + ImGui::GetWindowHeight())
        ImGui::SetScrollY(y);
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##panel", {0, 0}, true);
  for (std::size_t i = 0; i < seats.size(); ++i)
    if (seats[i].seat == ui.selected_seat) draw_seat_panel(f, seats[i], i);
  ImGui::EndChild();
  end_page();
}

}  // namespace bbzhm::proctor::gui
