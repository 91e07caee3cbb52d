// The confirmation screen: the student sees whose test this is, so a wrong login (a neighbour's
// slip) is noticed before any answer.
#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_confirm(Frame& f) {
  begin_page(f, "##confirm");
  const auto& sitting = f.snapshot.sitting;
  const float h = ImGui::GetWindowHeight();
  ImGui::Dummy({1, h * 0.06f});
  text_centered(tr(f, "kiosk.confirm.title"), f.fonts.large);
  ImGui::Dummy({1, h * 0.03f});
  if (sitting) {
    ImGui::SetWindowFontScale(1.3f);
    text_centered(sitting->student_name, f.fonts.large);
    ImGui::SetWindowFontScale(1);
    text_centered(trf(f, "kiosk.confirm.class", {sitting->class_name}), f.fonts.body);
    if (!sitting->sitting_title.empty()) text_centered(sitting->sitting_title, f.fonts.small);
    ImGui::Dummy({1, h * 0.03f});
    text_centered(tr(f, "kiosk.confirm.subjects"), f.fonts.body);
    for (const Booklet& b : sitting->booklets) {
      const std::string line =
          std::string(i18n::text(f.ui.language, "subject." + std::string(code(b.subject)))) + " (" +
          std::string(i18n::text(f.ui.language, "language." + std::string(code(b.language)))) +
          ") · " + trf(f, "kiosk.confirm.items", {std::to_string(b.items.size())});
      text_centered(line, f.fonts.body);
    }
  }
  ImGui::Dummy({1, h * 0.05f});
  if (f.ui.not_me) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    text_centered(tr(f, "kiosk.confirm.call_representative"), f.fonts.large);
    ImGui::PopStyleColor();
  } else {
    const ImVec2 size{340 * f.scale, 76 * f.scale};
    const float gap = 40 * f.scale;
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - 2 * size.x - gap) / 2);
    ImGui::PushFont(f.fonts.large);
    if (big_button(std::string(tr(f, "kiosk.confirm.yes")).append("##yes").c_str(), size, true) ||
        shortcut(ImGuiKey_Enter))
      f.ui.confirmed = true;
    ImGui::SameLine(0, gap);
    if (big_button(std::string(tr(f, "kiosk.confirm.no")).append("##no").c_str(), size))
      f.ui.not_me = true;
    ImGui::PopFont();
  }
  end_page();
}

}  // namespace bbzhm::station::gui
