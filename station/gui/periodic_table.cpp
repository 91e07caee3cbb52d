// p.20 allows exactly two references in the room: the periodic table and the solubility table.
// The kiosk draws them itself (no files, no browser): this is the periodic table, 18 groups,
// with the lanthanides and actinides in two rows below, readable at 1024x768.
#include <array>

#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

struct Element {
  const char* symbol;
  const char* mass;  // relative atomic mass as school tables round it; [n]: the longest-lived
};

// Index = atomic number - 1.
constexpr std::array<Element, 118> kElements{{
    {"H", "1.008"},  {"He", "4.003"}, {"Li", "6.94"},  {"Be", "9.012"}, {"B", "10.81"},
    {"C", "12.01"},  {"N", "14.01"},  {"O", "16.00"},  {"F", "19.00"},  {"Ne", "20.18"},
    {"Na", "22.99"}, {"Mg", "24.31"}, {"Al", "26.98"}, {"Si", "28.09"}, {"P", "30.97"},
    {"S", "32.06"},  {"Cl", "35.45"}, {"Ar", "39.95"}, {"K", "39.10"},  {"Ca", "40.08"},
    {"Sc", "44.96"}, {"Ti", "47.87"}, {"V", "50.94"},  {"Cr", "52.00"}, {"Mn", "54.94"},
    {"Fe", "55.85"}, {"Co", "58.93"}, {"Ni", "58.69"}, {"Cu", "63.55"}, {"Zn", "65.38"},
    {"Ga", "69.72"}, {"Ge", "72.63"}, {"As", "74.92"}, {"Se", "78.97"}, {"Br", "79.90"},
    {"Kr", "83.80"}, {"Rb", "85.47"}, {"Sr", "87.62"}, {"Y", "88.91"},  {"Zr", "91.22"},
    {"Nb", "92.91"}, {"Mo", "95.95"}, {"Tc", "[98]"},  {"Ru", "101.1"}, {"Rh", "102.9"},
    {"Pd", "106.4"}, {"Ag", "107.9"}, {"Cd", "112.4"}, {"In", "114.8"}, {"Sn", "118.7"},
    {"Sb", "121.8"}, {"Te", "127.6"}, {"I", "126.9"},  {"Xe", "131.3"}, {"Cs", "132.9"},
    {"Ba", "137.3"}, {"La", "138.9"}, {"Ce", "140.1"}, {"Pr", "140.9"}, {"Nd", "144.2"},
    {"Pm", "[145]"}, {"Sm", "150.4"}, {"Eu", "152.0"}, {"Gd", "157.3"}, {"Tb", "158.9"},
    {"Dy", "162.5"}, {"Ho", "164.9"}, {"Er", "167.3"}, {"Tm", "168.9"}, {"Yb", "173.0"},
    {"Lu", "175.0"}, {"Hf", "178.5"}, {"Ta", "180.9"}, {"W", "183.8"},  {"Re", "186.2"},
    {"Os", "190.2"}, {"Ir", "192.2"}, {"Pt", "195.1"}, {"Au", "197.0"}, {"Hg", "200.6"},
    {"Tl", "204.4"}, {"Pb", "207.2"}, {"Bi", "209.0"}, {"Po", "[209]"}, {"At", "[210]"},
    {"Rn", "[222]"}, {"Fr", "[223]"}, {"Ra", "[226]"}, {"Ac", "[227]"}, {"Th", "232.0"},
    {"Pa", "231.0"}, {"U", "238.0"},  {"Np", "[237]"}, {"Pu", "[244]"}, {"Am", "[243]"},
    {"Cm", "[247]"}, {"Bk", "[247]"}, {"Cf", "[251]"}, {"Es", "[252]"}, {"Fm", "[257]"},
    {"Md", "[258]"}, {"No", "[259]"}, {"Lr", "[262]"}, {"Rf", "[267]"}, {"Db", "[268]"},
    {"Sg", "[269]"}, {"Bh", "[270]"}, {"Hs", "[269]"}, {"Mt", "[278]"}, {"Ds", "[281]"},
    {"Rg", "[282]"}, {"Cn", "[285]"}, {"Nh", "[286]"}, {"Fl", "[289]"}, {"Mc", "[290]"},
    {"Lv", "[293]"}, {"Ts", "[294]"}, {"Og", "[294]"},
}};

struct Cell {
  int row;    // 0-6: periods 1-7; 7, 8: lanthanides, actinides
  int group;  // 1-18
};

// Where element `z` sits in the 18-column table.
constexpr Cell place(int z) {
  if (z == 1) return {0, 1};
  if (z == 2) return {0, 18};
  constexpr int starts[] = {3, 11, 19, 37, 55, 87, 119};
  int period = 1;
  while (z >= starts[period]) ++period;  // period index 1..6 → periods 2..7
  const int first = starts[period - 1], offset = z - first;
  if (period <= 2) return {period, offset < 2 ? offset + 1 : offset + 11};
  if (period <= 4) return {period, offset + 1};
  // Periods 6 and 7: La-Lu and Ac-Lr go to the rows below; the rest continue from group 4.
  if (offset < 2) return {period, offset + 1};
  if (offset < 17) return {period + 2, offset + 2};  // column 4.. in the f-rows
  return {period, offset - 13};
}
static_assert(place(26).row == 3 && place(26).group == 8);     // Fe
static_assert(place(57).row == 7 && place(57).group == 4);     // La, first in the f-row
static_assert(place(72).row == 5 && place(72).group == 4);     // Hf
static_assert(place(118).row == 6 && place(118).group == 18);  // Og
static_assert(place(17).row == 2 && place(17).group == 17);    // Cl

ImU32 block_colour(int z) {
  const Cell c = place(z);
  if (c.row >= 7) return IM_COL32(232, 220, 246, 255);              // f
  if (c.group <= 2 || z == 2) return IM_COL32(255, 226, 214, 255);  // s
  if (c.group >= 13) return IM_COL32(255, 246, 206, 255);           // p
  return IM_COL32(214, 232, 250, 255);                              // d
}

}  // namespace

void draw_periodic_table(Frame& f) {
  begin_page(f, "##periodic");
  const bool comma = f.ui.language != Language::en;  // kk and ru write 1,008
  text_wrapped(tr(f, "kiosk.reference.periodic"), f.fonts.large);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 260 * f.scale);
  if (big_button(std::string("‹ ").append(tr(f, "kiosk.reference.back")).append("##back").c_str(),
                 {260 * f.scale, 0}, true) ||
      shortcut(ImGuiKey_Escape)) {
    f.ui.screen = f.ui.back_from_reference;
  }
  text_wrapped(tr(f, "kiosk.reference.periodic_legend"), f.fonts.small);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label = 22 * f.scale;  // period numbers on the left, groups on top
  const float gap = 2 * f.scale;
  const float w = (avail.x - label) / 18;
  const float h = std::min(w * 1.15f, (avail.y - label) / 9.5f);
  ImFont* big = f.fonts.body;
  ImFont* small = f.fonts.small;
  const float symbol_px = h * 0.42f, small_px = std::min(h * 0.26f, small->FontSize);
  const ImU32 ink = IM_COL32(30, 30, 30, 255), faint = IM_COL32(90, 90, 90, 255);

  for (int g = 1; g <= 18; ++g) {
    const std::string t = std::to_string(g);
    const ImVec2 sz = small->CalcTextSizeA(small_px, FLT_MAX, 0, t.c_str());
    dl->AddText(small, small_px,
                {origin.x + label + (g - 1) * w + (w - sz.x) / 2, origin.y + (label - sz.y) / 2},
                faint, t.c_str());
  }
  auto cell_at = [&](int row, int group) {
    const float y = origin.y + label + row * h + (row >= 7 ? h * 0.5f : 0);
    return ImVec2{origin.x + label + (group - 1) * w, y};
  };
  for (int p = 0; p < 7; ++p) {
    const std::string t = std::to_string(p + 1);
    const ImVec2 at = cell_at(p, 1);
    dl->AddText(small, small_px, {origin.x + 4 * f.scale, at.y + h / 2 - small_px / 2}, faint,
                t.c_str());
  }
  for (int z = 1; z <= 118; ++z) {
    const Cell c = place(z);
    const ImVec2 a = cell_at(c.row, c.group);
    const ImVec2 b{a.x + w - gap, a.y + h - gap};
    dl->AddRectFilled(a, b, block_colour(z), 3 * f.scale);
    dl->AddRect(a, b, IM_COL32(150, 150, 150, 255), 3 * f.scale);
    const Element& e = kElements[static_cast<std::size_t>(z - 1)];
    const std::string number = std::to_string(z);
    dl->AddText(small, small_px, {a.x + 3 * f.scale, a.y + 1 * f.scale}, faint, number.c_str());
    const ImVec2 ss = big->CalcTextSizeA(symbol_px, FLT_MAX, 0, e.symbol);
    dl->AddText(big, symbol_px, {a.x + (w - gap - ss.x) / 2, a.y + h * 0.26f}, ink, e.symbol);
    std::string mass = e.mass;
    if (comma) std::replace(mass.begin(), mass.end(), '.', ',');
    const ImVec2 ms = small->CalcTextSizeA(small_px, FLT_MAX, 0, mass.c_str());
    dl->AddText(small, small_px, {a.x + (w - gap - ms.x) / 2, b.y - small_px - 2 * f.scale}, ink,
                mass.c_str());
  }
  // Group 3 of periods 6 and 7 points to the rows below.
  for (int row : {5, 6}) {
    const ImVec2 a = cell_at(row, 3);
    const char* range = row == 5 ? "57–71" : "89–103";
    dl->AddRect(a, {a.x + w - gap, a.y + h - gap}, IM_COL32(150, 150, 150, 255), 3 * f.scale);
    const ImVec2 rs = small->CalcTextSizeA(small_px, FLT_MAX, 0, range);
    dl->AddText(small, small_px, {a.x + (w - gap - rs.x) / 2, a.y + (h - rs.y) / 2}, faint, range);
  }
  ImGui::Dummy({avail.x, label + 9.5f * h});
  end_page();
}

}  // namespace bbzhm::station::gui
