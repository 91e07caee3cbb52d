// p.25: the anonymous satisfaction survey after the results. Nothing in it names the student;
// the station keeps the answers (StationClient::record_survey) until the server side exists.
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

constexpr int kQuestions = 4;
constexpr int kOptions = 3;  // yes, partly, no: short words a ten-year-old answers at once

}  // namespace

void draw_survey(Frame& f) {
  begin_page(f, "##survey");
  UiState& ui = f.ui;
  ui.survey.resize(kQuestions, 0);
  text_centered(tr(f, "kiosk.survey.title"), f.fonts.large);
  text_centered(tr(f, "kiosk.survey.anonymous"), f.fonts.small);
  ImGui::Dummy({1, 10 * f.scale});
  if (ui.survey_sent) {
    ImGui::Dummy({1, ImGui::GetWindowHeight() * 0.15f});
    text_centered(tr(f, "kiosk.survey.thanks"), f.fonts.large);
    text_centered(tr(f, "kiosk.survey.wait"), f.fonts.body);
    end_page();
    return;
  }
  const float w = std::min(ImGui::GetWindowWidth() * 0.9f, 1200 * f.scale);
  const float x = (ImGui::GetWindowWidth() - w) / 2;
  const float option_w = 180 * f.scale;
  for (int q = 0; q < kQuestions; ++q) {
    ImGui::SetCursorPosX(x);
    ImGui::PushTextWrapPos(x + w);
    text_wrapped(trf(f, "kiosk.survey.q" + std::to_string(q + 1), {std::to_string(q + 1)}),
                 f.fonts.body);
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPosX(x + 30 * f.scale);
    for (int o = 1; o <= kOptions; ++o) {
      const std::string label = std::string(tr(f, "kiosk.survey.option" + std::to_string(o))) +
                                "##q" + std::to_string(q) + "o" + std::to_string(o);
      if (big_button(label.c_str(), {option_w, 54 * f.scale}, ui.survey[q] == o)) ui.survey[q] = o;
      ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Dummy({1, 6 * f.scale});
  }
  const bool all = std::none_of(ui.survey.begin(), ui.survey.end(), [](int v) { return v == 0; });
  ImGui::Dummy({1, 10 * f.scale});
  const float bw = 420 * f.scale;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - bw) / 2);
  ImGui::PushFont(f.fonts.large);
  ImGui::BeginDisabled(!all);
  if (big_button(std::string(tr(f, "kiosk.survey.send")).append("##send").c_str(),
                 {bw, 72 * f.scale}, true)) {
    f.out.survey = ui.survey;
    ui.survey_sent = true;
  }
  ImGui::EndDisabled();
  ImGui::PopFont();
  end_page();
}

}  // namespace bbzhm::station::gui
