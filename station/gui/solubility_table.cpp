// p.20's second allowed reference: the solubility of acids, bases and salts in water, cations
// across and anions down as school chemistry tables print them. Р/М/Н in Kazakh and Russian (the
// letters those tables use), S/SS/I in English; "–" where the substance does not exist or water
// decomposes it.
#include <array>
#include <cfloat>
#include <string_view>

#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

constexpr std::array<const char*, 22> kCations{
    "H⁺",   "Li⁺",  "K⁺",   "Na⁺",  "NH₄⁺", "Ba²⁺", "Ca²⁺", "Mg²⁺", "Sr²⁺", "Al³⁺", "Cr³⁺",
    "Fe²⁺", "Fe³⁺", "Ni²⁺", "Co²⁺", "Mn²⁺", "Zn²⁺", "Ag⁺",  "Hg²⁺", "Pb²⁺", "Sn²⁺", "Cu²⁺"};

struct Row {
  const char* anion;
  std::string_view marks;  // one per cation: s soluble, m slightly, i insoluble, - none/decomposes
};

constexpr std::array<Row, 13> kRows{{
    {"OH⁻", "-sssssmimiiiiiiii--iii"},  // the H⁺ cell is water
    {"F⁻", "smsssmiiimiiisssms-iss"},
    {"Cl⁻", "sssssssssssssssssismss"},
    {"Br⁻", "sssssssssssssssssimmss"},
    {"I⁻", "ssssssssssss-ssssiiim-"},
    {"S²⁻", "ssssssmss--i-iiiiiiiii"},
    {"SO₃²⁻", "sssssiimi--i-iiiii-i--"},
    {"SO₄²⁻", "sssssimsissssssssmsiss"},
    {"NO₃⁻", "ssssssssssssssssssss-s"},
    {"PO₄³⁻", "smsssiiiiiiiiiiiiiiiii"},
    {"CO₃²⁻", "sssssiiii--i-iiiii-i--"},
    {"SiO₃²⁻", "isss-iiii--i-iiii--i--"},
    {"CH₃COO⁻", "sssssssssmss-ssssmss-s"},
}};

constexpr bool rows_complete() {
  for (const Row& r : kRows)
    if (r.marks.size() != kCations.size()) return false;
  return true;
}
static_assert(rows_complete(), "every anion needs a mark for every cation");

const char* mark(char m, Language l) {
  const bool en = l == Language::en;
  switch (m) {
    case 's':
      return en ? "S" : "Р";
    case 'm':
      return en ? "SS" : "М";
    case 'i':
      return en ? "I" : "Н";
  }
  return "–";
}

ImU32 mark_colour(char m) {
  switch (m) {
    case 's':
      return IM_COL32(222, 240, 222, 255);
    case 'm':
      return IM_COL32(252, 242, 208, 255);
    case 'i':
      return IM_COL32(246, 222, 218, 255);
  }
  return IM_COL32(236, 236, 236, 255);
}

}  // namespace

void draw_solubility_table(Frame& f) {
  begin_page(f, "##solubility");
  text_wrapped(tr(f, "kiosk.reference.solubility"), f.fonts.large);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 260 * f.scale);
  if (big_button(std::string("‹ ").append(tr(f, "kiosk.reference.back")).append("##back").c_str(),
                 {260 * f.scale, 0}, true) ||
      shortcut(ImGuiKey_Escape)) {
    f.ui.screen = f.ui.back_from_reference;
  }
  text_wrapped(tr(f, "kiosk.reference.solubility_legend"), f.fonts.small);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImFont* small = f.fonts.small;
  ImFont* body = f.fonts.body;
  const float first = 100 * f.scale;  // the anion column
  const float w = (avail.x - first) / static_cast<float>(kCations.size());
  const float h = std::min(46 * f.scale, avail.y / static_cast<float>(kRows.size() + 1));
  const float px = std::min(small->FontSize, w * 0.36f);
  const ImU32 ink = IM_COL32(30, 30, 30, 255), line = IM_COL32(170, 170, 170, 255);
  auto centred = [&](ImFont* font, float size, ImVec2 a, ImVec2 b, const char* t) {
    const ImVec2 s = font->CalcTextSizeA(size, FLT_MAX, 0, t);
    dl->AddText(font, size, {a.x + (b.x - a.x - s.x) / 2, a.y + (b.y - a.y - s.y) / 2}, ink, t);
  };
  for (std::size_t c = 0; c < kCations.size(); ++c) {
    const ImVec2 a{origin.x + first + static_cast<float>(c) * w, origin.y};
    const ImVec2 b{a.x + w, a.y + h};
    dl->AddRectFilled(a, b, IM_COL32(214, 226, 242, 255));
    dl->AddRect(a, b, line);
    centred(small, px, a, b, kCations[c]);
  }
  for (std::size_t r = 0; r < kRows.size(); ++r) {
    const float y = origin.y + static_cast<float>(r + 1) * h;
    const ImVec2 a{origin.x, y}, b{origin.x + first, y + h};
    dl->AddRectFilled(a, b, IM_COL32(214, 226, 242, 255));
    dl->AddRect(a, b, line);
    centred(small, std::min(small->FontSize, h * 0.5f), a, b, kRows[r].anion);
    for (std::size_t c = 0; c < kCations.size(); ++c) {
      const ImVec2 ca{origin.x + first + static_cast<float>(c) * w, y};
      const ImVec2 cb{ca.x + w, y + h};
      const char m = kRows[r].marks[c];
      dl->AddRectFilled(ca, cb, mark_colour(m));
      dl->AddRect(ca, cb, line);
      centred(body, std::min(body->FontSize, h * 0.62f), ca, cb, mark(m, f.ui.language));
    }
  }
  ImGui::Dummy({avail.x, static_cast<float>(kRows.size() + 1) * h});
  end_page();
}

}  // namespace bbzhm::station::gui
