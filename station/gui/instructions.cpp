// The instructions before the first item, in the language of each test (a Kazakh-school student
// sitting the English reading test reads that test's rules in English too).
#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_instructions(Frame& f) {
  begin_page(f, "##instructions");
  const auto& sitting = f.snapshot.sitting;
  text_centered(tr(f, "kiosk.instructions.title"), f.fonts.large);
  ImGui::Dummy({1, 6 * f.scale});
  const float button_h = 76 * f.scale;
  ImGui::BeginChild("##rules", {0, ImGui::GetContentRegionAvail().y - button_h - 24 * f.scale});
  std::vector<Language> shown;
  if (sitting) {
    shown.push_back(f.ui.language);
    for (const Booklet& b : sitting->booklets)
      if (std::find(shown.begin(), shown.end(), b.language) == shown.end())
        shown.push_back(b.language);
    const std::string time = format_time_left(f.snapshot.time_left_ms());
    for (Language l : shown) {
      if (l != f.ui.language) {
        ImGui::Separator();
        text_wrapped(i18n::text(l, "kiosk.instructions.other_language"), f.fonts.small);
      }
      text_wrapped(i18n::format(l, "kiosk.instructions.body",
                                {std::to_string(item_count(f.snapshot)), time}),
                   f.fonts.body);
    }
  }
  ImGui::EndChild();
  const float w = 420 * f.scale;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - w) / 2);
  ImGui::PushFont(f.fonts.large);
  if (big_button(std::string(tr(f, "kiosk.instructions.begin")).append("##begin").c_str(),
                 {w, button_h}, true) ||
      shortcut(ImGuiKey_Enter)) {
    f.ui.instructions_read = true;
    f.ui.booklet = 0;
    f.ui.item = 0;
  }
  ImGui::PopFont();
  end_page();
}

}  // namespace bbzhm::station::gui
