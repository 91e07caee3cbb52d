// Annex 1 (p.20): the act of confiscation of prohibited items and removal from the room. The
// representative lists the items found (name, brand, quantity) and those who drew the act up;
// saving it removes the student, ends the test and annuls the results.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_act_confiscation(Frame& f) {
  ActDraft& d = begin_act(f, "##act1", "console.act.confiscation_title");

  heading(tr(f, "console.act.items"), f.fonts.body);
  if (ImGui::BeginTable("##items", 4,
                        ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(std::string(tr(f, "console.act.item_name")).c_str(),
                            ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(std::string(tr(f, "console.act.item_brand")).c_str(),
                            ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn(std::string(tr(f, "console.act.item_quantity")).c_str(),
                            ImGuiTableColumnFlags_WidthStretch, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 44 * f.scale);
    ImGui::TableHeadersRow();
    std::size_t remove = d.items.size();
    for (std::size_t i = 0; i < d.items.size(); ++i) {
      ActItem& item = d.items[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      if (i == 0 && d.focus_first) {
        ImGui::SetKeyboardFocusHere();  // the representative types the first item at once
      }
      ImGui::InputText("##name", &item.name);
      if (ImGui::IsItemActive()) d.focus_first = false;
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputText("##brand", &item.brand);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputInt("##quantity", &item.quantity, 1, 1);
      item.quantity = std::clamp(item.quantity, 1, 99);
      ImGui::TableNextColumn();
      if (d.items.size() > 1 && ImGui::Button("×")) remove = i;
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (remove < d.items.size())
      d.items.erase(d.items.begin() + static_cast<std::ptrdiff_t>(remove));
  }
  if (button(label(f, "console.act.add_item", "add_item").c_str())) d.items.push_back({});

  ImGui::Dummy({1, 6 * f.scale});
  heading(tr(f, "console.act.decision"), f.fonts.body);
  text_wrapped(trf(f, "console.act.confiscation_decision", {d.full_name, d.personal_code}));

  ImGui::Dummy({1, 6 * f.scale});
  heading(tr(f, "console.act.drawn_up_by"), f.fonts.body);
  for (std::size_t i = 0; i < d.drawn_up_by.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::SetNextItemWidth(std::min(520 * f.scale, ImGui::GetContentRegionAvail().x));
    ImGui::InputText("##who", &d.drawn_up_by[i]);
    ImGui::PopID();
  }
  if (button(label(f, "console.act.add_person", "add_person").c_str()))
    d.drawn_up_by.emplace_back();
  text_colored(tr(f, "console.act.signatures"), kMuted);

  const bool has_item =
      std::any_of(d.items.begin(), d.items.end(), [](const ActItem& i) { return !i.name.empty(); });
  end_act(f, false, has_item, "console.act.need_item");
}

}  // namespace bbzhm::proctor::gui
