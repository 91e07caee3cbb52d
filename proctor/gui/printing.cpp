// Printing from the console (forms issue): a row of buttons, each asking the server for one form
// of the watched sitting; console.cpp saves the PDF and names the file on the status line.
#include <imgui.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void request_print(Frame& f, std::string_view form, std::int64_t act, Language lang) {
  protocol::PrintForm p;
  p.form = std::string(form);
  p.sitting = f.ui.sitting;
  p.act = act;
  p.language = lang;
  f.out.prints.push_back(std::move(p));
}

void print_row(Frame& f, std::initializer_list<std::string_view> forms) {
  text_colored(tr(f, "console.print.title"), kMuted);
  for (const std::string_view form : forms) {
    std::string key = "print.form." + std::string(form);
    std::ranges::replace(key, '-', '_');
    ImGui::SameLine();
    if (button((std::string(tr(f, key)) + "##print-" + std::string(form)).c_str()))
      // The forms exist in Kazakh and Russian (and English for trials); the console's language.
      request_print(f, form, 0, f.ui.language);
  }
}

}  // namespace bbzhm::proctor::gui
