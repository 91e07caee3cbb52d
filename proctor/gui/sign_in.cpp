// The representative signs in with the account the technician made on the server
// (`bbzhm-server add-representative`); the server rate-limits attempts.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

std::string_view refusal_key(protocol::LoginRefusal r) {
  switch (r) {
    case protocol::LoginRefusal::wrong_credentials:
      return "console.sign_in.wrong";
    case protocol::LoginRefusal::rate_limited:
      return "console.sign_in.rate_limited";
    default:
      return "console.sign_in.refused";
  }
}

}  // namespace

void draw_sign_in(Frame& f) {
  begin_page(f, "##sign_in");
  UiState& ui = f.ui;
  const float width = std::min(ImGui::GetWindowWidth() * 0.8f, 620 * f.scale);
  const float left = (ImGui::GetWindowWidth() - width) / 2;
  ImGui::Dummy({1, ImGui::GetWindowHeight() * 0.12f});
  ImGui::SetCursorPosX(left);
  heading(tr(f, "console.title"), f.fonts.large);
  ImGui::SetCursorPosX(left);
  ImGui::PushTextWrapPos(left + width);
  text_colored(tr(f, "console.sign_in.hint"), kMuted);
  ImGui::PopTextWrapPos();
  ImGui::Dummy({1, 12 * f.scale});

  bool submit = false;
  const float label_w = 180 * f.scale;
  ImGui::SetCursorPosX(left);
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.sign_in.login"));
  ImGui::SameLine(left + label_w);
  ImGui::SetNextItemWidth(width - label_w);
  // Asked again until the field has the keyboard: the window's first frames may not take it.
  if (ui.focus_login) ImGui::SetKeyboardFocusHere();
  if (ImGui::InputText("##login", &ui.login,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsNoBlank))
    ui.focus_password = true;
  if (ImGui::IsItemActive()) ui.focus_login = false;
  ImGui::SetCursorPosX(left);
  ImGui::AlignTextToFramePadding();
  text(tr(f, "console.sign_in.password"));
  ImGui::SameLine(left + label_w);
  ImGui::SetNextItemWidth(width - label_w);
  if (ui.focus_password) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_password = false;
  }
  if (ImGui::InputText("##password", &ui.password,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue))
    submit = true;
  ImGui::Dummy({1, 6 * f.scale});
  ImGui::SetCursorPosX(left + label_w);
  const bool can = !ui.login.empty() && !ui.password.empty();
  ImGui::BeginDisabled(!can);
  if (button(label(f, "console.sign_in.enter", "enter").c_str(), {width - label_w, 0}, true))
    submit = true;
  ImGui::EndDisabled();

  ImGui::Dummy({1, 10 * f.scale});
  ImGui::SetCursorPosX(left);
  ImGui::PushTextWrapPos(left + width);
  if (f.room.refusal) {
    text_colored(tr(f, refusal_key(f.room.refusal->reason)), kWarn);
  } else if (f.room.link == station::Link::connecting) {
    text_colored(tr(f, "console.link.connecting"), kMuted);
  } else if (f.room.link == station::Link::offline && !f.room.last_error.empty()) {
    text_colored(trf(f, "console.sign_in.no_server", {f.room.last_error}), kWarn);
  }
  ImGui::PopTextWrapPos();

  if (submit && can) {
    f.out.sign_in = std::pair{ui.login, ui.password};
    // The password stays only in the client, which needs it to sign in again after a lost link.
    std::fill(ui.password.begin(), ui.password.end(), '\0');
    ui.password.clear();
  }
  end_page();
}

}  // namespace bbzhm::proctor::gui
