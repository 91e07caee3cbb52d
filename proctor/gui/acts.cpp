// What both acts share: the draft opened for a seat with what the console knows (organization,
// representative, room, seat, student, personal code, date and time), the header that shows it,
// and the confirmation before sending — an act cannot be deleted, and it annuls the results.
#include <imgui.h>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

void field(const Frame& f, std::string_view key, std::string_view value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  text_wrapped(tr(f, key));
  ImGui::PopStyleColor();
  ImGui::TableNextColumn();
  text_wrapped(value);
}

// A draft for the student at `seat`, opened at `wall_ms`.
ActDraft draft_for(const protocol::SeatView& seat, std::int64_t wall_ms) {
  ActDraft d;
  d.seat = seat.seat;
  d.personal_code = seat.personal_code;
  d.full_name = seat.full_name;
  d.class_name = seat.class_name;
  d.opened_at_ms = wall_ms;
  return d;
}

}  // namespace

void open_act(Frame& f, const protocol::SeatView& seat, bool impostor, Screen back) {
  ActDraft d = draft_for(seat, f.wall_ms);
  d.items.push_back({});
  if (f.room.welcome) d.drawn_up_by.push_back(f.room.welcome->representative);
  d.back = back;
  f.ui.act = std::move(d);
  f.ui.act_corrects = 0;
  f.ui.screen = impostor ? Screen::act_impostor : Screen::act_confiscation;
}

void open_correction(UiState& ui, const Room& room, const protocol::SeatView& seat,
                     const protocol::ActFields& act, std::int64_t wall_ms) {
  ActDraft d = draft_for(seat, wall_ms);
  for (std::size_t i = 0; i < act.item_names.size(); ++i)
    d.items.push_back({act.item_names[i], i < act.item_brands.size() ? act.item_brands[i] : "",
                       i < act.item_quantities.size() ? act.item_quantities[i] : 1});
  if (d.items.empty()) d.items.push_back({});
  d.drawn_up_by = act.drawn_up_by;
  if (d.drawn_up_by.empty() && room.welcome) d.drawn_up_by.push_back(room.welcome->representative);
  d.impostor_full_name = act.impostor_full_name;
  d.found_at_admission = act.found_at_admission;
  d.back = ui.screen == Screen::results ? Screen::results : Screen::grid;
  ui.act = std::move(d);
  ui.act_corrects = act.corrects;
  // The correction is an act of the same annex as the one it corrects.
  ui.screen = act.impostor ? Screen::act_impostor : Screen::act_confiscation;
}

namespace {

void draw_act_header(Frame& f) {
  const ActDraft& d = f.ui.act;
  const auto& w = *f.room.welcome;
  char when[40];
  format_clock(when, sizeof when, d.opened_at_ms, true);
  if (!ImGui::BeginTable("##header", 2,
                         ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthStretch, 1);
  ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch, 2.2f);
  field(f, "console.act.organization", w.school_code + " · " + w.school_name);
  field(f, "console.act.when", when);
  field(f, "console.act.representative", w.representative);
  field(f, "console.act.room_seat",
        trf(f, "console.act.room_seat_value",
            {f.room.room ? f.room.room->sitting.room : "", std::to_string(d.seat)}));
  field(f, "console.act.student", d.full_name + " (" + d.class_name + ")");
  field(f, "console.act.code", d.personal_code);
  if (f.ui.act_corrects > 0)
    field(f, "console.act.corrects",
          trf(f, "console.act.corrects_value", {std::to_string(f.ui.act_corrects)}));
  // The variant is assigned by the server at login; the console does not receive it yet.
  field(f, "console.act.variant", tr(f, "console.act.variant_server"));
  ImGui::EndTable();
}

// The confirmation and the command.
void draw_act_confirmation(Frame& f, bool impostor) {
  ActDraft& d = f.ui.act;
  if (!confirm_box(f, "##confirm_act", trf(f, "console.act.confirm", {d.full_name}), d.confirming))
    return;
  protocol::Command c;
  c.kind = protocol::CommandKind::record_act;
  c.sitting = f.ui.sitting;
  c.personal_code = d.personal_code;
  c.act.impostor = impostor;
  if (impostor) {
    c.act.impostor_full_name = d.impostor_full_name;
    c.act.found_at_admission = d.found_at_admission;
  } else {
    for (const ActItem& i : d.items) {
      if (i.name.empty()) continue;  // an empty row left over from "add a row"
      c.act.item_names.push_back(i.name);
      c.act.item_brands.push_back(i.brand);
      c.act.item_quantities.push_back(i.quantity);
    }
  }
  for (const auto& who : d.drawn_up_by)
    if (!who.empty()) c.act.drawn_up_by.push_back(who);
  c.act.corrects = f.ui.act_corrects;
  f.out.commands.push_back(std::move(c));
  d.sending = true;
}

}  // namespace

ActDraft& begin_act(Frame& f, const char* id, std::string_view title_key) {
  begin_page(f, id);
  heading(tr(f, title_key), f.fonts.large);
  draw_act_header(f);
  ImGui::Dummy({1, 6 * f.scale});
  return f.ui.act;
}

void end_act(Frame& f, bool impostor, bool complete, std::string_view missing_key) {
  ActDraft& d = f.ui.act;
  ImGui::Dummy({1, 8 * f.scale});
  const bool can = complete && !d.sending;
  ImGui::BeginDisabled(!can);
  if (danger_button(label(f, "console.act.record", "record").c_str()) || (can && function_key(9)))
    d.confirming = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (button(label(f, "console.act.back", "back").c_str()) || (!d.confirming && escape_pressed()))
    f.ui.screen = d.back;
  if (!complete) {
    ImGui::SameLine();
    text_colored(tr(f, missing_key), kMuted);
  }
  end_page();
  draw_act_confirmation(f, impostor);
}

}  // namespace bbzhm::proctor::gui
