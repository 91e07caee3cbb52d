// p.25: the anonymous surveys — the students' after the results, the teachers' from the waiting
// screen. Nothing on them names anyone; the station client sends them unlinked (SurveyAnswers)
// and keeps them in its journal until the server has them. The questions are catalog texts
// (kiosk.survey.qN, kiosk.teacher_survey.qN), as many as protocol::survey_questions says.
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

// yes, partly, no: short words a ten-year-old answers at once
constexpr int kOptions = protocol::kSurveyOptions;

// The questions with their option buttons (ids q<N>o<option>), then "send" once all are
// answered. Returns true in the frame "send" is pressed. `compact` (the teachers' five
// questions) spends less height per question, so "send" stays on a 1280x1024 screen.
bool draw_questions(Frame& f, const std::string& prefix, std::vector<int>& answers,
                    bool compact = false) {
  const float w = std::min(ImGui::GetWindowWidth() * 0.9f, 1200 * f.scale);
  const float x = (ImGui::GetWindowWidth() - w) / 2;
  const float option_w = 180 * f.scale;
  const int questions = static_cast<int>(answers.size());
  for (int q = 0; q < questions; ++q) {
    ImGui::SetCursorPosX(x);
    ImGui::PushTextWrapPos(x + w);
    text_wrapped(trf(f, prefix + ".q" + std::to_string(q + 1), {std::to_string(q + 1)}),
                 f.fonts.body);
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPosX(x + 30 * f.scale);
    for (int o = 1; o <= kOptions; ++o) {
      const std::string label = std::string(tr(f, "kiosk.survey.option" + std::to_string(o))) +
                                "##q" + std::to_string(q) + "o" + std::to_string(o);
      if (big_button(label.c_str(), {option_w, (compact ? 40 : 54) * f.scale}, answers[q] == o))
        answers[q] = o;
      ImGui::SameLine();
    }
    ImGui::NewLine();
    if (!compact) ImGui::Dummy({1, 6 * f.scale});
  }
  const bool all = std::none_of(answers.begin(), answers.end(), [](int v) { return v == 0; });
  ImGui::Dummy({1, (compact ? 2 : 10) * f.scale});
  const float bw = 420 * f.scale;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - bw) / 2);
  ImGui::PushFont(f.fonts.large);
  ImGui::BeginDisabled(!all);
  const bool send = big_button(std::string(tr(f, "kiosk.survey.send")).append("##send").c_str(),
                               {bw, (compact ? 56 : 72) * f.scale}, true);
  ImGui::EndDisabled();
  ImGui::PopFont();
  return send;
}

}  // namespace

void draw_survey(Frame& f) {
  begin_page(f, "##survey");
  UiState& ui = f.ui;
  ui.survey.resize(protocol::kStudentSurveyQuestions, 0);
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
  if (draw_questions(f, "kiosk.survey", ui.survey)) {
    f.out.survey = ui.survey;
    ui.survey_sent = true;
  }
  end_page();
}

void draw_teacher_survey(Frame& f) {
  begin_page(f, "##teacher_survey");
  UiState& ui = f.ui;
  ui.teacher_survey.resize(protocol::kTeacherSurveyQuestions, 0);
  text_centered(tr(f, "kiosk.teacher_survey.title"), f.fonts.large);
  text_centered(tr(f, "kiosk.teacher_survey.anonymous"), f.fonts.small);
  if (ui.teacher_survey_sent) {
    ImGui::Dummy({1, ImGui::GetWindowHeight() * 0.15f});
    text_centered(tr(f, "kiosk.survey.thanks"), f.fonts.large);
  } else if (draw_questions(f, "kiosk.teacher_survey", ui.teacher_survey, true)) {
    f.out.teacher_survey = ui.teacher_survey;
    ui.teacher_survey_sent = true;
  }
  // Back to the waiting screen, ready for the next teacher (or a student): in the top corner,
  // where it never pushes the questions off the screen.
  const float bw = 220 * f.scale;
  ImGui::SetCursorPos({ImGui::GetWindowWidth() - bw - 20 * f.scale, 20 * f.scale});
  if (big_button(std::string(tr(f, "kiosk.teacher_survey.back")).append("##back").c_str(),
                 {bw, 56 * f.scale}, false)) {
    ui.teacher_survey.clear();
    ui.teacher_survey_sent = false;
    ui.screen = Screen::waiting;
  }
  end_page();
}

}  // namespace bbzhm::station::gui
