// The test itself: one item at a time in large, calm type, the reading passage beside its
// questions, navigation, the item grid (answered / flagged), flag for review, the time left.
// Every answer is handed to the station client the moment it is given.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "common/i18n.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

std::string answer_of(const Frame& f, const Item& item) {
  auto it = f.snapshot.answers.find(item.id);
  return it == f.snapshot.answers.end() ? std::string() : it->second;
}

bool has_choice(std::string_view response, std::string_view id) {
  std::size_t at = 0;
  while (at <= response.size()) {
    const std::size_t end = std::min(response.find(',', at), response.size());
    if (response.substr(at, end - at) == id) return true;
    at = end + 1;
  }
  return false;
}

// The canonical "A,C" for a multiple-choice item after toggling `id`.
std::string toggled(const Item& item, std::string_view response, std::string_view id) {
  std::string out;
  for (const Choice& c : item.choices) {
    const bool on = has_choice(response, c.id) != (c.id == id);
    if (on) out += (out.empty() ? "" : ",") + c.id;
  }
  return out;
}

void choose(Frame& f, const Item& item, const Choice& c) {
  const std::string now = answer_of(f, item);
  const std::string next = item.kind == ItemKind::multiple_choice ? toggled(item, now, c.id) : c.id;
  if (next != now) f.out.answers.emplace_back(item.id, next);
}

// A choice as a wide row: a round (single) or square (multiple) marker, its letter, its text.
bool choice_row(const Frame& f, const Item& item, const Choice& c, bool selected) {
  ImFont* font = f.fonts.body;
  const float pad = 12 * f.scale, marker = font->FontSize * 0.9f;
  const float width = ImGui::GetContentRegionAvail().x;
  const std::string text = c.id + ")  " + c.text;
  const float text_w = width - marker - 3 * pad;
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, text_w, text.c_str());
  const float h = std::max(size.y, marker) + 2 * pad;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::PushID(c.id.c_str());
  const bool clicked = ImGui::InvisibleButton("##choice", {width, h});
  ImGui::PopID();
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 end{at.x + width, at.y + h};
  const float round = 10 * f.scale;
  dl->AddRectFilled(at, end,
                    selected  ? IM_COL32(214, 230, 248, 255)
                    : hovered ? IM_COL32(236, 238, 242, 255)
                              : IM_COL32(255, 255, 255, 255),
                    round);
  dl->AddRect(at, end, selected ? kAccent : IM_COL32(190, 196, 204, 255), round, 0,
              selected ? 3 * f.scale : 1.5f * f.scale);
  const ImVec2 centre{at.x + pad + marker / 2, at.y + h / 2};
  if (item.kind == ItemKind::multiple_choice) {
    const ImVec2 a{centre.x - marker / 2, centre.y - marker / 2};
    const ImVec2 b{centre.x + marker / 2, centre.y + marker / 2};
    dl->AddRect(a, b, kAccent, 3 * f.scale, 0, 2 * f.scale);
    if (selected) {
      const float m = marker;
      dl->AddLine({a.x + m * 0.2f, a.y + m * 0.5f}, {a.x + m * 0.42f, a.y + m * 0.75f}, kAccent,
                  3 * f.scale);
      dl->AddLine({a.x + m * 0.42f, a.y + m * 0.75f}, {a.x + m * 0.82f, a.y + m * 0.22f}, kAccent,
                  3 * f.scale);
    }
  } else {
    dl->AddCircle(centre, marker / 2, kAccent, 0, 2 * f.scale);
    if (selected) dl->AddCircleFilled(centre, marker / 2 - 5 * f.scale, kAccent);
  }
  dl->AddText(font, font->FontSize, {at.x + marker + 2 * pad, at.y + pad},
              ImGui::GetColorU32(ImGuiCol_Text), text.c_str(), nullptr, text_w);
  return clicked;
}

// Numeric entries accept digits, one decimal point or comma, and a leading minus.
int numeric_filter(ImGuiInputTextCallbackData* data) {
  const ImWchar c = data->EventChar;
  return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' ? 0 : 1;
}

void commit_draft(Frame& f, const Item& item) {
  auto it = f.ui.drafts.find(item.id);
  if (it == f.ui.drafts.end()) return;
  auto canonical = normalize_response(item, it->second);
  if (canonical && *canonical != answer_of(f, item))
    f.out.answers.emplace_back(item.id, *canonical);
}

bool typed(const Item& item) {
  return item.kind == ItemKind::numeric || item.kind == ItemKind::short_text;
}

// A number or a short answer: a field that has the keyboard when the item appears, saved by
// Enter, by leaving the field, or by the Save button.
void draw_typed(Frame& f, const Item& item) {
  const bool numeric = item.kind == ItemKind::numeric;
  auto it = f.ui.drafts.try_emplace(item.id, answer_of(f, item)).first;
  std::string& draft = it->second;
  if (!numeric) text_colored(tr(f, "kiosk.item.short_hint"), f.fonts.small, kMuted);
  ImGui::PushFont(f.fonts.large);
  ImGui::SetNextItemWidth((numeric ? 260 : 560) * f.scale);
  if (f.ui.focused_item != item.id) {
    // The field takes the keyboard when the item appears: the student just types.
    ImGui::SetKeyboardFocusHere();
    f.ui.focused_item = item.id;
  }
  const bool enter = ImGui::InputText(
      numeric ? "##numeric" : "##short", &draft,
      ImGuiInputTextFlags_EnterReturnsTrue |
          (numeric ? ImGuiInputTextFlags_CallbackCharFilter : ImGuiInputTextFlags_None),
      numeric ? numeric_filter : nullptr);
  const bool left = ImGui::IsItemDeactivatedAfterEdit();
  if (numeric && !item.unit.empty()) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(item.unit.c_str());
  }
  ImGui::PopFont();
  ImGui::SameLine();
  const bool save = big_button(std::string(tr(f, "kiosk.item.save")).append("##save").c_str(),
                               {0, ImGui::GetFrameHeight() * 1.2f}, true);
  if (enter || left || save) commit_draft(f, item);
  const auto canonical = normalize_response(item, draft);
  if (!canonical) {
    text_colored(tr(f, numeric ? "kiosk.item.bad_number" : "kiosk.item.too_long"), f.fonts.small,
                 kWarn);
  } else if (!draft.empty() && *canonical == answer_of(f, item)) {
    text_colored(tr(f, "kiosk.item.number_saved"), f.fonts.small, kAnswered);
  }
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (!text.empty() && at <= text.size()) {
    const std::size_t end = std::min(text.find(',', at), text.size());
    out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

// Hands `response` to the client in its canonical form, if it is one and differs.
void give(Frame& f, const Item& item, const std::string& response) {
  auto canonical = normalize_response(item, response);
  if (canonical && *canonical != answer_of(f, item))
    f.out.answers.emplace_back(item.id, *canonical);
}

// Matching: the targets' texts, then each prompt with a button per target letter. A target
// goes to one prompt only; pressing the chosen letter again clears the pair.
void draw_matching(Frame& f, const Item& item) {
  text_colored(tr(f, "kiosk.item.match_hint"), f.fonts.small, kMuted);
  for (const Choice& t : item.targets) text_wrapped(t.id + ")  " + t.text, f.fonts.body);
  ImGui::Dummy({1, 8 * f.scale});
  std::map<std::string, std::string> pairs;  // prompt -> target
  for (const std::string& pair : split(answer_of(f, item))) {
    const auto dash = pair.find('-');
    if (dash != std::string::npos) pairs[pair.substr(0, dash)] = pair.substr(dash + 1);
  }
  const float button = ImGui::GetFrameHeight() * 1.3f;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float buttons_w = static_cast<float>(item.targets.size()) * (button + gap);
  for (const Choice& prompt : item.choices) {
    const float text_w = ImGui::GetContentRegionAvail().x - buttons_w - gap;
    const ImVec2 start = ImGui::GetCursorPos();
    ImGui::PushTextWrapPos(start.x + text_w);
    ImGui::SetCursorPosY(start.y + (button - ImGui::GetTextLineHeight()) / 2);
    ImGui::TextUnformatted((prompt.id + ")  " + prompt.text).c_str());
    ImGui::PopTextWrapPos();
    const float text_bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos({start.x + text_w + gap, start.y});
    for (const Choice& t : item.targets) {
      const auto it = pairs.find(prompt.id);
      const bool chosen = it != pairs.end() && it->second == t.id;
      const std::string label = t.id + "##m" + prompt.id + "-" + t.id;
      if (big_button(label.c_str(), {button, button}, chosen)) {
        if (chosen) {
          pairs.erase(prompt.id);
        } else {
          std::erase_if(pairs, [&](const auto& p) { return p.second == t.id; });
          pairs[prompt.id] = t.id;
        }
        std::vector<std::string> parts;
        for (const auto& [p, target] : pairs) parts.push_back(p + "-" + target);
        give(f, item, join(parts));
      }
      ImGui::SameLine(0, gap);
    }
    ImGui::NewLine();
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), text_bottom) + 4 * f.scale);
  }
}

// A square button with a triangle pointing up or down (drawn: the fonts have no arrows).
bool arrow_button(const std::string& id, bool up, float size) {
  const bool pressed = big_button(("##" + id).c_str(), {size, size});
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImVec2 c{(a.x + b.x) / 2, (a.y + b.y) / 2};
  const float r = size * 0.25f, dir = up ? -1.0f : 1.0f;
  ImGui::GetWindowDrawList()->AddTriangleFilled(
      {c.x - r, c.y - dir * r * 0.6f}, {c.x + r, c.y - dir * r * 0.6f}, {c.x, c.y + dir * r * 0.8f},
      ImGui::GetColorU32(ImGuiCol_Text));
  return pressed;
}

// Ordering: the lines in the student's order (the item's own order until then), each with an up
// and a down button; "This order is right" answers the order as it stands.
void draw_ordering(Frame& f, const Item& item) {
  text_colored(tr(f, "kiosk.item.order_hint"), f.fonts.small, kMuted);
  const std::string now = answer_of(f, item);
  std::vector<std::string> order = split(now);
  if (order.size() != item.choices.size()) {
    order.clear();
    for (const Choice& c : item.choices) order.push_back(c.id);
  }
  const float button = ImGui::GetFrameHeight() * 1.2f;
  std::optional<std::vector<std::string>> moved;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto c = std::ranges::find(item.choices, order[i], &Choice::id);
    if (c == item.choices.end()) continue;
    ImGui::BeginDisabled(i == 0);
    if (arrow_button("up-" + c->id, true, button) && i > 0) {
      moved = order;
      std::swap((*moved)[i], (*moved)[i - 1]);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 == order.size());
    if (arrow_button("down-" + c->id, false, button) && i + 1 < order.size()) {
      moved = order;
      std::swap((*moved)[i], (*moved)[i + 1]);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (button - ImGui::GetTextLineHeight()) / 2);
    text_wrapped(std::to_string(i + 1) + ".  " + c->text, f.fonts.body);
  }
  ImGui::Dummy({1, 6 * f.scale});
  if (now.empty()) {
    if (big_button(std::string(tr(f, "kiosk.item.keep_order")).append("##keep").c_str(), {0, 0},
                   true))
      moved = order;
  } else {
    text_colored(tr(f, "kiosk.item.order_saved"), f.fonts.small, kAnswered);
  }
  if (moved) give(f, item, join(*moved));
}

// The item's figures under the stem, as large as the column allows (at most 40% of the window's
// height); one this station cannot open says so by name.
void draw_figures(Frame& f, const Item& item) {
  for (const Figure& fig : item.figures) {
    const bbzhm::gui::Picture* pic =
        f.pictures ? f.pictures->get(item.id + "/" + fig.name, fig.data) : nullptr;
    if (!pic) {
      text_colored(trf(f, "kiosk.item.figure_unavailable", {fig.name}), f.fonts.small, kWarn);
      continue;
    }
    const float max_w = ImGui::GetContentRegionAvail().x;
    const float max_h = ImGui::GetMainViewport()->Size.y * 0.4f;
    // Small pictures grow with the window's scale, large ones shrink to fit.
    const float k = std::min({f.scale * kFigureGrowth, max_w / static_cast<float>(pic->width),
                              max_h / static_cast<float>(pic->height)});
    ImGui::Image(pic->texture,
                 {static_cast<float>(pic->width) * k, static_cast<float>(pic->height) * k});
  }
}

void draw_item_body(Frame& f, const Item& item) {
  text_wrapped(item.stem, f.fonts.body);
  draw_figures(f, item);
  ImGui::Dummy({1, 6 * f.scale});
  switch (item.kind) {
    case ItemKind::numeric:
    case ItemKind::short_text:
      draw_typed(f, item);
      return;
    case ItemKind::matching:
      draw_matching(f, item);
      return;
    case ItemKind::ordering:
      draw_ordering(f, item);
      return;
    case ItemKind::multiple_choice:
      text_colored(tr(f, "kiosk.item.choose_all"), f.fonts.small, kMuted);
      break;
    case ItemKind::single_choice:
      break;
  }
  const std::string now = answer_of(f, item);
  int n = 0;
  for (const Choice& c : item.choices) {
    ++n;
    const bool selected =
        item.kind == ItemKind::multiple_choice ? has_choice(now, c.id) : now == c.id;
    if (choice_row(f, item, c, selected) || (n <= 9 && shortcut(kKeyDigit1 + n - 1)))
      choose(f, item, c);
  }
}

// The grid of item numbers: answered filled green, flagged orange, the current one outlined.
void draw_grid(Frame& f) {
  const auto& booklets = f.snapshot.sitting->booklets;
  const float cell = 40 * f.scale, gap = 6 * f.scale;
  ImGui::PushFont(f.fonts.small);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {gap, gap});
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {0, 0});
  int number = 0;
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (std::size_t b = 0; b < booklets.size(); ++b) {
    for (std::size_t i = 0; i < booklets[b].items.size(); ++i) {
      const Item& item = booklets[b].items[i];
      ++number;
      const bool answered = !answer_of(f, item).empty();
      const bool flagged = f.ui.flagged.contains(item.id);
      const bool current = b == f.ui.booklet && i == f.ui.item;
      ImGui::PushStyleColor(ImGuiCol_Button, flagged    ? kFlag
                                             : answered ? kAnswered
                                                        : IM_COL32(255, 255, 255, 255));
      ImGui::PushStyleColor(ImGuiCol_Text,
                            flagged || answered ? IM_COL32_WHITE : IM_COL32(40, 40, 40, 255));
      ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, current ? 4 * f.scale : 1);
      ImGui::PushStyleColor(ImGuiCol_Border, current ? kAccent : IM_COL32(160, 160, 160, 255));
      const std::string label = std::to_string(number) + "##grid" + std::to_string(number);
      if (ImGui::Button(label.c_str(), {cell, cell})) {
        f.ui.booklet = b;
        f.ui.item = i;
      }
      ImGui::PopStyleColor(3);
      ImGui::PopStyleVar();
      const bool last = b + 1 == booklets.size() && i + 1 == booklets[b].items.size();
      if (!last) {
        // A wider gap where a new subject starts.
        const float extra = i + 1 == booklets[b].items.size() ? 3 * gap : 0;
        if (ImGui::GetItemRectMax().x + gap + extra + cell < ImGui::GetWindowPos().x + right)
          ImGui::SameLine(0, gap + extra);
      }
    }
  }
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
}

}  // namespace

void draw_item(Frame& f) {
  begin_page(f, "##item");
  const Booklet* booklet = current_booklet(f);
  const Item* item = current_item(f);
  if (!booklet || !item) {
    end_page();
    return;
  }
  // Which number this item has in the whole sitting.
  std::size_t number = f.ui.item + 1;
  for (std::size_t b = 0; b < f.ui.booklet; ++b)
    number += f.snapshot.sitting->booklets[b].items.size();
  const std::size_t total = item_count(f.snapshot);

  // Header: subject and position on the left, the time left on the right.
  const std::string subject =
      std::string(i18n::text(booklet->language, "subject." + std::string(code(booklet->subject))));
  ImGui::PushFont(f.fonts.body);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(subject.c_str());
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ImGui::TextUnformatted(
      trf(f, "kiosk.item.position", {std::to_string(number), std::to_string(total)}).c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  const std::int64_t left = f.snapshot.time_left_ms();
  const std::string time = time_shown(f, left);
  ImGui::PushFont(f.fonts.large);
  const float tw = ImGui::CalcTextSize(time.c_str()).x;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - tw);
  ImGui::PushStyleColor(ImGuiCol_Text, left <= 10 * 60'000 ? kWarn : IM_COL32(40, 40, 40, 255));
  ImGui::TextUnformatted(time.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::Separator();

  // The footer's height is known: navigation row + item grid (rows of cells).
  const float cell = 40 * f.scale, gap = 6 * f.scale;
  const float grid_w = ImGui::GetContentRegionAvail().x;
  const float per_row = std::max(1.0f, std::floor((grid_w + gap) / (cell + gap)));
  const float grid_rows =
      std::ceil(static_cast<float>(total + f.snapshot.sitting->booklets.size()) / per_row);
  const float nav_h = 64 * f.scale;
  const float footer = nav_h + grid_rows * (cell + gap) + 3 * ImGui::GetStyle().ItemSpacing.y;
  const float body_h = ImGui::GetContentRegionAvail().y - footer;

  const Passage* passage = nullptr;
  if (!item->passage_id.empty())
    for (const Passage& p : booklet->passages)
      if (p.id == item->passage_id) passage = &p;
  if (passage) {
    const float w = ImGui::GetContentRegionAvail().x * 0.48f;
    ImGui::BeginChild("##passage", {w, body_h}, true);
    text_wrapped(passage->title, f.fonts.large);
    text_wrapped(passage->text, f.fonts.body);
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginChild(("##body" + item->id).c_str(), {0, body_h}, false);
  draw_item_body(f, *item);
  ImGui::EndChild();

  // Navigation: previous, flag, the references for science, next (or the review page).
  ImGui::Separator();
  const ImVec2 nav{220 * f.scale, nav_h};
  const bool first = f.ui.booklet == 0 && f.ui.item == 0;
  ImGui::BeginDisabled(first);
  if (big_button(std::string("‹ ").append(tr(f, "kiosk.item.previous")).append("##prev").c_str(),
                 nav) ||
      (!first && shortcut(ImGuiKey_LeftArrow))) {
    if (typed(*item)) commit_draft(f, *item);
    step_item(f.snapshot, f.ui, -1);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  const bool flagged = f.ui.flagged.contains(item->id);
  if (flagged) ImGui::PushStyleColor(ImGuiCol_Button, kFlag);
  if (big_button(
          (std::string(flagged ? tr(f, "kiosk.item.unflag") : tr(f, "kiosk.item.flag")) + "##flag")
              .c_str(),
          nav) ||
      shortcut(kKeyF)) {
    if (flagged) {
      f.ui.flagged.erase(item->id);
    } else {
      f.ui.flagged.insert(item->id);
    }
  }
  if (flagged) ImGui::PopStyleColor();
  if (booklet->subject == Subject::science) {
    ImGui::SameLine();
    if (big_button(std::string(tr(f, "kiosk.reference.periodic_button")).append("##pt").c_str(),
                   {0, nav_h})) {
      f.ui.back_from_reference = Screen::item;
      f.ui.screen = Screen::periodic_table;
    }
    ImGui::SameLine();
    if (big_button(std::string(tr(f, "kiosk.reference.solubility_button")).append("##st").c_str(),
                   {0, nav_h})) {
      f.ui.back_from_reference = Screen::item;
      f.ui.screen = Screen::solubility_table;
    }
  }
  const bool last = number == total;
  const std::string next = last ? std::string(tr(f, "kiosk.item.to_review")) + "##next"
                                : std::string(tr(f, "kiosk.item.next")) + " ›##next";
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - nav.x);
  if (big_button(next.c_str(), nav, true) || shortcut(ImGuiKey_Enter) ||
      shortcut(ImGuiKey_RightArrow)) {
    if (typed(*item)) commit_draft(f, *item);
    if (last || !step_item(f.snapshot, f.ui, +1)) f.ui.screen = Screen::review;
  }
  draw_grid(f);
  end_page();
}

}  // namespace bbzhm::station::gui
