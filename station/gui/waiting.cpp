// The waiting screen: what a student sees when sitting down, before the login.
#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_waiting(Frame& f) {
  begin_page(f, "##waiting");
  const float h = ImGui::GetWindowHeight();
  ImGui::Dummy({1, h * 0.12f});
  ImGui::SetWindowFontScale(1.5f);
  text_centered(tr(f, "kiosk.waiting.title"), f.fonts.large);
  ImGui::SetWindowFontScale(1);
  text_centered(tr(f, "kiosk.waiting.subtitle"), f.fonts.body);
  ImGui::Dummy({1, h * 0.05f});
  const Snapshot& s = f.snapshot;
  if (s.policy && !s.policy->station_name.empty())
    text_centered(trf(f, "kiosk.status.station", {s.policy->station_name}), f.fonts.large);
  std::string_view link = s.link == Link::online       ? tr(f, "kiosk.waiting.online")
                          : s.link == Link::connecting ? tr(f, "kiosk.waiting.connecting")
                                                       : tr(f, "kiosk.waiting.offline");
  ImGui::PushStyleColor(ImGuiCol_Text, s.link == Link::online ? kAnswered : kMuted);
  text_centered(link, f.fonts.body);
  ImGui::PopStyleColor();
  if (s.phase == Phase::superseded) {
    ImGui::Dummy({1, 10 * f.scale});
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    text_centered(tr(f, "kiosk.waiting.superseded"), f.fonts.body);
    ImGui::PopStyleColor();
  }

  ImGui::Dummy({1, h * 0.06f});
  const ImVec2 start{360 * f.scale, 84 * f.scale};
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - start.x) / 2);
  ImGui::PushFont(f.fonts.large);
  if (big_button(std::string(tr(f, "kiosk.waiting.start")).append("##start").c_str(), start,
                 true) ||
      shortcut(ImGuiKey_Enter)) {
    f.ui.screen = Screen::login;
    f.ui.focus_login = true;
  }
  ImGui::PopFont();

  // Before a login the student picks the interface language; after it, the test decides.
  ImGui::Dummy({1, h * 0.06f});
  const float bw = 200 * f.scale, gap = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - 3 * bw - 2 * gap) / 2);
  for (Language l : kAllLanguages) {
    const std::string label =
        std::string(i18n::text(l, "kiosk.language.self")) + "##lang" + std::string(code(l));
    if (big_button(label.c_str(), {bw, 56 * f.scale}, l == f.ui.language)) f.ui.language = l;
    ImGui::SameLine();
  }
  ImGui::NewLine();

  // p.25: any teacher may answer the teachers' anonymous survey here, before the students come.
  ImGui::Dummy({1, h * 0.04f});
  const float tw = 420 * f.scale;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - tw) / 2);
  if (big_button(
          std::string(tr(f, "kiosk.waiting.teacher_survey")).append("##teacher-survey").c_str(),
          {tw, 52 * f.scale}, false)) {
    f.ui.teacher_survey.clear();
    f.ui.teacher_survey_sent = false;
    f.ui.screen = Screen::teacher_survey;
  }
  end_page();
}

}  // namespace bbzhm::station::gui
