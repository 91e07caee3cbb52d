// p.19: before testing the representative checks the lab. The console fills what it knows from
// the server (the link, the sitting, the roster) and the representative confirms the rest; the
// sign-off goes to the server's journal and becomes the lab readiness protocol (forms).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

constexpr const char* kConfirmed[] = {"console.ready.room_prepared", "console.ready.no_materials",
                                      "console.ready.spare_station", "console.ready.stations_on"};

void check_row(const Frame& f, std::string_view text, bool ok, bool automatic) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float box = ImGui::GetTextLineHeight();
  dl->AddRectFilled(at, {at.x + box, at.y + box}, ok ? kGood : IM_COL32(230, 230, 230, 255),
                    3 * f.scale);
  if (ok) {
    // A tick drawn, not a glyph: the font's ✓ is not in the atlas.
    dl->AddPolyline(std::array<ImVec2, 3>{ImVec2{at.x + box * 0.2f, at.y + box * 0.5f},
                                          ImVec2{at.x + box * 0.42f, at.y + box * 0.75f},
                                          ImVec2{at.x + box * 0.8f, at.y + box * 0.25f}}
                        .data(),
                    3, IM_COL32_WHITE, 0, 2.5f * f.scale);
  } else {
    dl->AddRect(at, {at.x + box, at.y + box}, kWarn, 3 * f.scale, 0, 2 * f.scale);
  }
  ImGui::Dummy({box, box});
  ImGui::SameLine();
  text_wrapped(text);
  if (automatic) {
    ImGui::SameLine();
    text_colored(tr(f, "console.ready.automatic"), kMuted);
  }
}

}  // namespace

void draw_readiness(Frame& f) {
  begin_page(f, "##readiness");
  UiState& ui = f.ui;
  const auto& room = *f.room.room;
  ui.confirmed.resize(std::size(kConfirmed), false);
  heading(tr(f, "console.ready.title"), f.fonts.large);
  text_colored(tr(f, "console.ready.hint"), kMuted);
  ImGui::Dummy({1, 6 * f.scale});

  // What the console knows itself.
  const bool link = f.room.link == station::Link::online;
  const bool prepared = room.sitting.state == "prepared" || room.sitting.state == "open";
  bool coded = !room.seats.empty();
  for (const auto& s : room.seats) coded = coded && s.seat > 0 && !s.personal_code.empty();
  const std::string sitting_text =
      trf(f, "console.ready.sitting",
          {room.sitting.class_name, room.sitting.room, std::to_string(room.seats.size())});
  check_row(f, tr(f, "console.ready.link"), link, true);
  check_row(f, sitting_text, prepared, true);
  check_row(f, tr(f, "console.ready.seats_coded"), coded, true);
  ImGui::Dummy({1, 4 * f.scale});
  text_colored(tr(f, "console.ready.stations_unknown"), kAmber);
  ImGui::Dummy({1, 6 * f.scale});

  // What a person confirms.
  heading(tr(f, "console.ready.confirm"), f.fonts.body);
  for (std::size_t i = 0; i < std::size(kConfirmed); ++i) {
    bool v = ui.confirmed[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Checkbox(std::string(tr(f, kConfirmed[i])).c_str(), &v)) ui.confirmed[i] = v;
    ImGui::PopID();
  }
  ImGui::Dummy({1, 6 * f.scale});
  const float label_w = 330 * f.scale;
  const float field_w = std::min(520 * f.scale, ImGui::GetContentRegionAvail().x - label_w);
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.ready.head"));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(field_w);
  ImGui::InputText("##head", &ui.head_full_name);
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.ready.technician"));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(field_w);
  ImGui::InputText("##technician", &ui.technician_full_name);
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.ready.representative"));
  ImGui::SameLine(label_w);
  text(f.room.welcome->representative);

  ImGui::Dummy({1, 8 * f.scale});
  const bool all =
      std::all_of(ui.confirmed.begin(), ui.confirmed.end(), [](bool b) { return b; }) && link &&
      prepared && coded;
  const bool can =
      !ui.head_full_name.empty() && !ui.technician_full_name.empty() && !ui.readiness_sending;
  ImGui::BeginDisabled(!can);
  const bool sign = button(label(f, "console.ready.sign", "sign").c_str(), {0, 0}, true) ||
                    (can && function_key(9));
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!can)
    text_colored(tr(f, "console.ready.names_needed"), kMuted);
  else if (!all)
    text_colored(tr(f, "console.ready.not_all"), kAmber);
  if (ui.readiness_record != 0)
    text_colored(trf(f, "console.ready.signed", {std::to_string(ui.readiness_record)}), kGood);

  if (sign && can) {
    protocol::Command c;
    c.kind = protocol::CommandKind::record_readiness;
    c.sitting = ui.sitting;
    c.readiness.head_full_name = ui.head_full_name;
    c.readiness.technician_full_name = ui.technician_full_name;
    auto add = [&](std::string_view text, bool ok, std::string_view note) {
      c.readiness.texts.emplace_back(text);
      c.readiness.ok.push_back(ok ? 1 : 0);
      c.readiness.notes.emplace_back(note);
    };
    // The protocol records the checks in the words the representative saw.
    add(tr(f, "console.ready.link"), link, tr(f, "console.ready.automatic"));
    add(sitting_text, prepared, tr(f, "console.ready.automatic"));
    add(tr(f, "console.ready.seats_coded"), coded, tr(f, "console.ready.automatic"));
    for (std::size_t i = 0; i < std::size(kConfirmed); ++i)
      add(tr(f, kConfirmed[i]), ui.confirmed[i], "");
    f.out.commands.push_back(std::move(c));
    ui.readiness_sending = true;
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
