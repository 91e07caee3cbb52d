// p.19: before testing the representative checks the lab. The console fills what it knows from
// the server (the link, the sitting, the roster) and the representative confirms the rest; the
// sign-off goes to the server's journal and becomes the lab readiness protocol (forms).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include "common/pairing.hpp"
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

struct StationChecks {
  int needed = 0, online = 0;
  bool clocks = true, screens = true, disks = true, versions = true;
  std::string version;
};

StationChecks check_stations(const Frame& f) {
  StationChecks c;
  for (const auto& s : f.room.room->seats) c.needed += s.status != "absent" ? 1 : 0;
  if (!f.room.stations) return c;
  for (const auto& v : f.room.stations->stations) {
    if (v.console || !v.online) continue;
    ++c.online;
    if (v.reported_at_ms == 0) continue;
    c.clocks = c.clocks && std::abs(v.clock_offset_ms) < 60'000;
    c.disks = c.disks && v.free_disk_mb >= 200;
    if (c.version.empty()) c.version = v.version;
    c.versions = c.versions && v.version == c.version;
    int w = 0, h = 0;
    if (!v.screen.empty() && std::sscanf(v.screen.c_str(), "%dx%d", &w, &h) == 2)
      c.screens = c.screens && w >= 1024 && h >= 768;
  }
  return c;
}

void stations_table(Frame& f) {
  const auto& list = *f.room.stations;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##stations", 7, flags)) return;
  for (const char* key :
       {"console.col.station", "console.col.connection", "console.col.version", "console.col.clock",
        "console.col.screen", "console.col.renderer", "console.col.disk"})
    ImGui::TableSetupColumn(std::string(tr(f, key)).c_str());
  ImGui::TableHeadersRow();
  for (const auto& v : list.stations) {
    if (v.console) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    text(v.name);
    ImGui::TableNextColumn();
    text_colored(tr(f, v.online ? "console.station.online" : "console.station.offline"),
                 v.online ? kGood : kWarn);
    ImGui::TableNextColumn();
    text(v.version.empty() ? "—" : v.version);
    ImGui::TableNextColumn();
    if (v.reported_at_ms != 0) {
      const bool ok = std::abs(v.clock_offset_ms) < 60'000;
      char offset[32];
      std::snprintf(offset, sizeof offset, "%+.1f s",
                    static_cast<double>(v.clock_offset_ms) / 1000);
      text_colored(offset, ok ? kGood : kWarn);
    } else {
      text("—");
    }
    ImGui::TableNextColumn();
    text(v.screen.empty() ? "—" : v.screen);
    ImGui::TableNextColumn();
    text(v.renderer.empty() ? "—" : v.renderer);
    ImGui::TableNextColumn();
    if (v.free_disk_mb >= 0)
      text_colored(std::to_string(v.free_disk_mb) + " MB", v.free_disk_mb >= 200 ? kGood : kWarn);
    else
      text("—");
  }
  ImGui::EndTable();
}

// The code a technician types on a new station (`bbzhm-station pair --code`), and the server's
// fingerprint the station prints back, to compare by eye.
void pairing_panel(Frame& f) {
  UiState& ui = f.ui;
  const bool open = !ui.pairing_code.empty() && f.room.stations &&
                    ui.pairing_expires_ms > f.room.stations->server_time_ms;
  if (button(label(f, "console.pair.button", "pair").c_str()))
    f.out.commands.push_back(new_pairing_code());
  ImGui::SameLine();
  text_colored(trf(f, "console.pair.fingerprint", {f.room.server_fingerprint}), kMuted);
  if (!open) return;
  ImGui::PushFont(f.fonts.large);
  text(pairing::display_code(ui.pairing_code));
  ImGui::PopFont();
  char until[32];
  format_clock(until, sizeof until, ui.pairing_expires_ms);
  text_colored(trf(f, "console.pair.hint", {until}), kMuted);
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
  // The stations' own reports (p.19), asked for again every few seconds while this shows.
  if (f.now - ui.stations_asked > std::chrono::seconds(3)) {
    f.out.list_stations = true;
    ui.stations_asked = f.now;
  }
  const StationChecks st = check_stations(f);
  const bool listed = f.room.stations.has_value();
  const std::string online_text = trf(f, "console.ready.stations_online",
                                      {std::to_string(st.online), std::to_string(st.needed)});
  const std::string spare_text(tr(f, "console.ready.spare_online"));
  const std::string version_text =
      trf(f, "console.ready.versions", {st.version.empty() ? "—" : st.version});
  const std::string disk_text =
      trf(f, "console.ready.server_disk",
          {std::to_string(listed ? f.room.stations->server_free_disk_mb : -1)});
  const bool package = listed && f.room.stations->package_ready;
  const bool server_disk = listed && f.room.stations->server_free_disk_mb >= 1024;
  const bool online_ok = listed && st.online >= st.needed && st.needed > 0;
  const bool spare_ok = listed && st.online > st.needed;
  check_row(f, online_text, online_ok, true);
  check_row(f, spare_text, spare_ok, true);
  check_row(f, version_text, listed && st.versions && st.online > 0, true);
  check_row(f, tr(f, "console.ready.clocks"), listed && st.clocks && st.online > 0, true);
  check_row(f, tr(f, "console.ready.screens"), listed && st.screens && st.online > 0, true);
  check_row(f, tr(f, "console.ready.station_disks"), listed && st.disks && st.online > 0, true);
  check_row(f, tr(f, "console.ready.package"), package, true);
  check_row(f, disk_text, server_disk, true);
  ImGui::Dummy({1, 4 * f.scale});
  if (listed) stations_table(f);
  pairing_panel(f);
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
  if (ui.readiness_record != 0) {
    text_colored(trf(f, "console.ready.signed", {std::to_string(ui.readiness_record)}), kGood);
    print_row(f, {"readiness"});
  }

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
    add(online_text, online_ok, tr(f, "console.ready.automatic"));
    add(spare_text, spare_ok, tr(f, "console.ready.automatic"));
    add(version_text, listed && st.versions, tr(f, "console.ready.automatic"));
    add(tr(f, "console.ready.clocks"), listed && st.clocks, tr(f, "console.ready.automatic"));
    add(tr(f, "console.ready.screens"), listed && st.screens, tr(f, "console.ready.automatic"));
    add(tr(f, "console.ready.station_disks"), listed && st.disks, tr(f, "console.ready.automatic"));
    add(tr(f, "console.ready.package"), package, tr(f, "console.ready.automatic"));
    add(disk_text, server_disk, tr(f, "console.ready.automatic"));
    for (std::size_t i = 0; i < std::size(kConfirmed); ++i)
      add(tr(f, kConfirmed[i]), ui.confirmed[i], "");
    f.out.commands.push_back(std::move(c));
    ui.readiness_sending = true;
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
