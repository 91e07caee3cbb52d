// The login screen: the login and password from the slip (p.19), typed on the physical keyboard
// or on the on-screen one, whose keys are the letters and digits slips use.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstring>

#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

// The slips' alphabet (server/store.cpp: no 0/o, 1/l/i) in keyboard rows.
constexpr const char* kRows[] = {"23456789", "qwertyupz", "asdfghjkx", "bcmnv"};

std::string_view refusal_key(const protocol::LoginRefused& r) {
  switch (r.reason) {
    case protocol::LoginRefusal::wrong_credentials:
      return "kiosk.login.wrong";
    case protocol::LoginRefusal::rate_limited:
      return "kiosk.login.rate_limited";
    case protocol::LoginRefusal::not_admitted:
      return "kiosk.login.not_admitted";
    case protocol::LoginRefusal::sitting_not_open:
      return "kiosk.login.not_open";
    case protocol::LoginRefusal::annulled:
      return "kiosk.login.annulled";
    case protocol::LoginRefusal::not_logged_in:
      return "kiosk.login.checking";
  }
  return "kiosk.login.wrong";
}

}  // namespace

void draw_login(Frame& f) {
  begin_page(f, "##login");
  UiState& ui = f.ui;
  const Snapshot& s = f.snapshot;
  const float width = std::min(ImGui::GetWindowWidth() * 0.8f, 760 * f.scale);
  const float left = (ImGui::GetWindowWidth() - width) / 2;
  ImGui::Dummy({1, 10 * f.scale});
  text_centered(tr(f, "kiosk.login.title"), f.fonts.large);
  text_centered(tr(f, "kiosk.login.hint"), f.fonts.small);
  ImGui::Dummy({1, 8 * f.scale});

  const bool busy = s.phase == Phase::logging_in;
  bool submit = false;
  ImGui::PushFont(f.fonts.large);
  const float label_w = 220 * f.scale;
  ImGui::SetCursorPosX(left);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(f, "kiosk.login.login").data());
  ImGui::SameLine(left + label_w);
  ImGui::SetNextItemWidth(width - label_w);
  if (ui.focus_login) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_login = false;
  }
  const bool login_enter =
      ImGui::InputText("##login", &ui.login,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsNoBlank);
  if (login_enter) ui.login_field = 1;
  if (ImGui::IsItemActive()) ui.login_field = 0;
  ImGui::SetCursorPosX(left);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(f, "kiosk.login.password").data());
  ImGui::SameLine(left + label_w);
  ImGui::SetNextItemWidth(width - label_w);
  if (login_enter) ImGui::SetKeyboardFocusHere();
  if (ImGui::InputText("##password", &ui.password,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue |
                           ImGuiInputTextFlags_CharsNoBlank))
    submit = true;
  if (ImGui::IsItemActive()) ui.login_field = 1;
  ImGui::PopFont();

  // The on-screen keyboard types into the field chosen last.
  ImGui::Dummy({1, 6 * f.scale});
  const float key = std::min(72 * f.scale, (width - 9 * ImGui::GetStyle().ItemSpacing.x) / 10);
  ImGui::PushFont(f.fonts.large);
  for (const char* row : kRows) {
    const float row_w =
        static_cast<float>(std::strlen(row)) * (key + ImGui::GetStyle().ItemSpacing.x);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - row_w) / 2);
    for (const char* c = row; *c; ++c) {
      const char label[] = {*c, '#', '#', 'k', *c, 0};
      if (ImGui::Button(label, {key, key * 0.85f}))
        (ui.login_field == 0 ? ui.login : ui.password) += *c;
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  ImGui::PopFont();
  ImGui::SetCursorPosX(left);
  const float third = (width - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  std::string& target = ui.login_field == 0 ? ui.login : ui.password;
  if (ImGui::Button(std::string(tr(f, "kiosk.login.erase")).append("##erase").c_str(),
                    {third, 56 * f.scale}) &&
      !target.empty())
    target.pop_back();
  ImGui::SameLine();
  if (ImGui::Button(std::string(ui.login_field == 0 ? tr(f, "kiosk.login.to_password")
                                                    : tr(f, "kiosk.login.to_login"))
                        .append("##switch")
                        .c_str(),
                    {third, 56 * f.scale}))
    ui.login_field = 1 - ui.login_field;
  ImGui::SameLine();
  const bool can_login =
      !busy && ui.start_refusal.empty() && !ui.login.empty() && !ui.password.empty();
  ImGui::BeginDisabled(!can_login);
  if (big_button(std::string(tr(f, "kiosk.login.enter")).append("##enter").c_str(),
                 {third, 56 * f.scale}, true))
    submit = true;
  ImGui::EndDisabled();

  ImGui::Dummy({1, 8 * f.scale});
  ImGui::SetCursorPosX(left);
  ImGui::PushTextWrapPos(left + width);
  if (!ui.start_refusal.empty()) {
    text_colored(ui.start_refusal, f.fonts.body, kWarn);
  } else if (busy && s.refusal && s.refusal->reason == protocol::LoginRefusal::sitting_not_open) {
    text_colored(tr(f, "kiosk.login.not_open"), f.fonts.body, kFlag);
  } else if (busy) {
    text_colored(s.link == Link::online ? tr(f, "kiosk.login.checking")
                                        : tr(f, "kiosk.login.waiting_for_server"),
                 f.fonts.body, kMuted);
  } else if (s.phase == Phase::refused && s.refusal) {
    text_colored(tr(f, refusal_key(*s.refusal)), f.fonts.body, kWarn);
  }
  ImGui::PopTextWrapPos();

  if (submit && can_login) {
    f.out.login = std::pair{ui.login, ui.password};
    std::fill(ui.password.begin(), ui.password.end(), '\0');
    ui.password.clear();
    ui.login_field = 1;
  }
  end_page();
}

}  // namespace bbzhm::station::gui
