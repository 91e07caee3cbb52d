// The review page before finishing: every item with its state, a way back to any of them, and
// the finish button, which asks once more when items are unanswered.
#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {

void draw_review(Frame& f) {
  begin_page(f, "##review");
  const Snapshot& s = f.snapshot;
  if (!s.sitting) {
    end_page();
    return;
  }
  text_centered(tr(f, "kiosk.review.title"), f.fonts.large);
  const std::size_t total = item_count(s), answered = answered_count(s);
  text_centered(trf(f, "kiosk.review.summary",
                    {std::to_string(answered), std::to_string(total),
                     std::to_string(f.ui.flagged.size()), time_shown(f, s.time_left_ms())}),
                f.fonts.body);
  const float button_h = 72 * f.scale;
  ImGui::BeginChild("##list", {0, ImGui::GetContentRegionAvail().y - button_h - 30 * f.scale},
                    true);
  int number = 0;
  const float col = 300 * f.scale;
  const int columns = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / col));
  for (std::size_t b = 0; b < s.sitting->booklets.size(); ++b) {
    const Booklet& booklet = s.sitting->booklets[b];
    text_wrapped(i18n::text(booklet.language, "subject." + std::string(code(booklet.subject))),
                 f.fonts.body);
    for (std::size_t i = 0; i < booklet.items.size(); ++i) {
      const Item& item = booklet.items[i];
      ++number;
      auto it = s.answers.find(item.id);
      const bool answered_here = it != s.answers.end() && !it->second.empty();
      const bool flagged = f.ui.flagged.contains(item.id);
      std::string label = std::to_string(number) + ". " +
                          std::string(answered_here ? tr(f, "kiosk.review.answered")
                                                    : tr(f, "kiosk.review.unanswered"));
      if (flagged) label += " · " + std::string(tr(f, "kiosk.review.flagged"));
      label += "##r" + std::to_string(number);
      ImGui::PushStyleColor(ImGuiCol_Text, flagged ? kFlag : answered_here ? kAnswered : kWarn);
      if (ImGui::Selectable(label.c_str(), false, 0, {col - 20 * f.scale, 0})) {
        f.ui.booklet = b;
        f.ui.item = i;
        f.ui.screen = Screen::item;
      }
      ImGui::PopStyleColor();
      if ((i + 1) % static_cast<std::size_t>(columns) != 0 && i + 1 < booklet.items.size())
        ImGui::SameLine(static_cast<float>((i + 1) % static_cast<std::size_t>(columns)) * col +
                        ImGui::GetStyle().WindowPadding.x);
    }
    ImGui::Dummy({1, 8 * f.scale});
  }
  ImGui::EndChild();

  const ImVec2 size{360 * f.scale, button_h};
  ImGui::PushFont(f.fonts.large);
  if (f.ui.finishing) {
    text_centered(tr(f, "kiosk.review.finishing"), f.fonts.large);
  } else if (f.ui.finish_asked) {
    ImGui::PushFont(f.fonts.body);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(trf(f, "kiosk.review.sure", {std::to_string(total - answered)}).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (big_button(std::string(tr(f, "kiosk.review.finish_now")).append("##yes").c_str(),
                   {0, button_h}, true)) {
      f.out.finish = true;
      f.ui.finishing = true;
    }
    ImGui::SameLine();
    if (big_button(std::string(tr(f, "kiosk.review.keep_working")).append("##no").c_str(),
                   {0, button_h}))
      f.ui.finish_asked = false;
  } else {
    if (big_button(std::string("‹ ").append(tr(f, "kiosk.review.back")).append("##back").c_str(),
                   size))
      f.ui.screen = Screen::item;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - size.x);
    if (big_button(std::string(tr(f, "kiosk.review.finish")).append("##finish").c_str(), size,
                   true))
      f.ui.finish_asked = true;
  }
  ImGui::PopFont();
  end_page();
}

}  // namespace bbzhm::station::gui
