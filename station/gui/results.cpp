// p.24: the results on screen when the test ends: score and level per subject in the subject's
// language, and the receipt code the student can later show to prove what was recorded.
#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_results(Frame& f) {
  begin_page(f, "##results");
  const float h = ImGui::GetWindowHeight();
  ImGui::Dummy({1, h * 0.04f});
  text_centered(tr(f, "kiosk.results.title"), f.fonts.large);
  if (f.snapshot.sitting) text_centered(f.snapshot.sitting->student_name, f.fonts.body);
  ImGui::Dummy({1, h * 0.03f});
  const auto& results = f.snapshot.results;
  if (!results) {
    text_centered(tr(f, "kiosk.review.finishing"), f.fonts.body);
    end_page();
    return;
  }
  if (results->annulled) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
    text_centered(tr(f, "kiosk.results.annulled"), f.fonts.large);
    ImGui::PopStyleColor();
  } else {
    const float w = std::min(ImGui::GetWindowWidth() * 0.86f, 1100 * f.scale);
    const float x = (ImGui::GetWindowWidth() - w) / 2;
    ImGui::SetCursorPosX(x);
    if (ImGui::BeginTable("##scores", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg,
                          {w, 0})) {
      ImGui::TableSetupColumn("subject", ImGuiTableColumnFlags_WidthStretch, 3);
      ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthStretch, 1);
      ImGui::TableSetupColumn("level", ImGuiTableColumnFlags_WidthStretch, 1.4f);
      ImGui::TableNextRow();
      for (std::string_view k :
           {"kiosk.results.subject", "kiosk.results.score", "kiosk.results.level"}) {
        ImGui::TableNextColumn();
        text_colored(tr(f, k), f.fonts.small, kMuted);
      }
      for (const protocol::SubjectResult& r : results->subjects) {
        // Each subject in its test's language (p.24, and the reading test may be in English).
        const Language l = r.language;
        ImGui::TableNextRow(0, 64 * f.scale);
        ImGui::TableNextColumn();
        text_wrapped(i18n::text(l, "subject." + std::string(code(r.subject))), f.fonts.body);
        ImGui::TableNextColumn();
        ImGui::PushFont(f.fonts.large);
        ImGui::Text("%d / %d", r.score, r.max_score);
        ImGui::PopFont();
        ImGui::TableNextColumn();
        text_wrapped(i18n::text(l, "level." + r.level), f.fonts.body);
      }
      ImGui::EndTable();
    }
  }
  ImGui::Dummy({1, h * 0.04f});
  text_centered(tr(f, "kiosk.results.receipt"), f.fonts.body);
  ImGui::SetWindowFontScale(1.4f);
  text_centered(results->receipt, f.fonts.large);
  ImGui::SetWindowFontScale(1);
  text_centered(tr(f, "kiosk.results.receipt_hint"), f.fonts.small);
  ImGui::Dummy({1, h * 0.04f});
  const float w = 420 * f.scale;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - w) / 2);
  ImGui::PushFont(f.fonts.large);
  // p.25: annulled results carry no right to the survey.
  if (!results->annulled &&
      big_button(std::string(tr(f, "kiosk.results.to_survey")).append("##survey").c_str(),
                 {w, 72 * f.scale}, true))
    f.ui.screen = Screen::survey;
  ImGui::PopFont();
  end_page();
}

}  // namespace bbzhm::station::gui
