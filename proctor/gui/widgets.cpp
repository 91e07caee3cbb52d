// The console's shared widgets.
#include "proctor/gui/widgets.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "common/gui/widgets.hpp"
#include "common/i18n.hpp"

namespace bbzhm::proctor::gui {
namespace {

// `t` on one line `width` pixels wide: whole when it fits, else its start and its end around an
// ellipsis (a notice keeps its sentence and the saved file's name; the bar has room for one line).
std::string one_line(std::string_view t, float width) {
  const auto w = [](std::string_view s) {
    return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
  };
  if (w(t) <= width) return std::string(t);
  std::vector<std::size_t> cuts;  // code point boundaries
  for (std::size_t i = 0; i <= t.size(); ++i)
    if (i == t.size() || (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) cuts.push_back(i);
  constexpr std::string_view kEllipsis = "…";
  const float room = width - w(kEllipsis);
  std::size_t head = 0;
  for (std::size_t c : cuts) {
    if (w(t.substr(0, c)) > room / 2) break;
    head = c;
  }
  const float head_w = w(t.substr(0, head));
  std::size_t tail = t.size();
  for (auto c = cuts.rbegin(); c != cuts.rend() && *c > head; ++c) {
    if (head_w + w(t.substr(*c)) > room) break;
    tail = *c;
  }
  return std::string(t.substr(0, head)) + std::string(kEllipsis) + std::string(t.substr(tail));
}

float bar_height(const Frame& f) {
  return f.fonts.body->FontSize + 2 * ImGui::GetStyle().FramePadding.y + 14 * f.scale;
}

constexpr ImGuiWindowFlags kFixed = bbzhm::gui::kFixedWindow;

// The screens reachable from the top bar once a sitting is chosen, with their keys F1..F6.
struct Tab {
  Screen screen;
  const char* key;
};
constexpr Tab kTabs[] = {
    {Screen::readiness, "console.tab.readiness"},
    {Screen::identification, "console.tab.identification"},
    {Screen::start, "console.tab.start"},
    {Screen::grid, "console.tab.grid"},
    {Screen::incidents, "console.tab.incidents"},
    {Screen::results, "console.tab.results"},
    {Screen::seating, "console.tab.seating"},  // F7
};

}  // namespace

std::string_view name(Screen s) {
  switch (s) {
    case Screen::sign_in:
      return "sign-in";
    case Screen::sittings:
      return "sittings";
    case Screen::readiness:
      return "readiness";
    case Screen::identification:
      return "identification";
    case Screen::start:
      return "start";
    case Screen::grid:
      return "grid";
    case Screen::incidents:
      return "incidents";
    case Screen::act_confiscation:
      return "act";
    case Screen::act_impostor:
      return "act-impostor";
    case Screen::results:
      return "results";
    case Screen::seating:
      return "seating";
    case Screen::upload:
      return "upload";
    case Screen::report:
      return "report";
  }
  return "?";
}

std::string label(const Frame& f, std::string_view key, std::string_view id) {
  std::string out(tr(f, key));
  out += "##";
  out += id;
  return out;
}

void begin_page(const Frame& f, const char* id) {
  bbzhm::gui::begin_page(id, f.room.welcome ? bar_height(f) : 0, bar_height(f), f.fonts.body);
}

void end_page() {
  bbzhm::gui::end_page();
}

void draw_top_bar(Frame& f) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize({vp->Size.x, f.room.welcome ? bar_height(f) : 0.0f});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(36, 52, 78, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {12 * f.scale, 7 * f.scale});
  ImGui::Begin("##top", nullptr,
               kFixed | ImGuiWindowFlags_NoFocusOnAppearing |
                   (f.room.welcome ? 0 : ImGuiWindowFlags_NoBackground));
  ImGui::PushFont(f.fonts.body);
  UiState& ui = f.ui;
  if (f.room.welcome && ui.sitting != 0 && f.room.room) {
    const int unacknowledged = f.room.unacknowledged_incidents();
    for (std::size_t i = 0; i < std::size(kTabs); ++i) {
      const Tab& t = kTabs[i];
      char text[160];
      const std::string_view word = tr(f, t.key);
      if (t.screen == Screen::incidents && unacknowledged > 0)
        std::snprintf(text, sizeof text, "%.*s (%d)  F%zu##tab%zu", static_cast<int>(word.size()),
                      word.data(), unacknowledged, i + 1, i);
      else
        std::snprintf(text, sizeof text, "%.*s  F%zu##tab%zu", static_cast<int>(word.size()),
                      word.data(), i + 1, i);
      const bool current = ui.screen == t.screen ||
                           (t.screen == Screen::grid && (ui.screen == Screen::act_confiscation ||
                                                         ui.screen == Screen::act_impostor)) ||
                           (t.screen == Screen::results &&
                            (ui.screen == Screen::upload || ui.screen == Screen::report));
      const bool loud = t.screen == Screen::incidents && unacknowledged > 0;
      ImGui::PushStyleColor(ImGuiCol_Button, loud      ? kWarn
                                             : current ? kAccent
                                                       : IM_COL32(60, 78, 108, 255));
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
      if (ImGui::Button(text)) ui.screen = t.screen;
      ImGui::PopStyleColor(2);
      ImGui::SameLine();
      if (function_key(static_cast<int>(i) + 1)) ui.screen = t.screen;
    }
  }
  // The languages, always reachable (kk first): the representative and the head may differ.
  constexpr const char* kLanguageNames[] = {"Қазақша", "Русский", "English"};
  float w = 0;
  for (const char* n : kLanguageNames)
    w += ImGui::CalcTextSize(n).x + 2 * ImGui::GetStyle().FramePadding.x +
         ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - w - 8 * f.scale));
  for (std::size_t i = 0; i < std::size(kAllLanguages); ++i) {
    const bool current = ui.language == kAllLanguages[i];
    ImGui::PushStyleColor(ImGuiCol_Button, current ? kAccent : IM_COL32(60, 78, 108, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button(kLanguageNames[i])) ui.language = kAllLanguages[i];
    ImGui::PopID();
    ImGui::PopStyleColor(2);
    if (i + 1 < std::size(kAllLanguages)) ImGui::SameLine();
  }
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

void draw_status_line(Frame& f) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = bar_height(f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(226, 230, 236, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {14 * f.scale, 8 * f.scale});
  bbzhm::gui::begin_fixed("##status", {vp->Pos.x, vp->Pos.y + vp->Size.y - h}, {vp->Size.x, h},
                          ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushFont(f.fonts.body);
  const Room& r = f.room;
  ImU32 colour = kGood;
  std::string_view link = tr(f, "console.link.online");
  if (r.link == station::Link::connecting) {
    colour = kAmber;
    link = tr(f, "console.link.connecting");
  } else if (r.link == station::Link::offline) {
    colour = kWarn;
    link = tr(f, "console.link.offline");
  }
  // Before the first sign-in the client has not tried to connect: nothing to report yet.
  const bool tried = r.welcome || r.link != station::Link::offline || !r.last_error.empty();
  if (tried) {
    bbzhm::gui::state_dot(link, colour, 6 * f.scale, 4 * f.scale, ImGui::GetTextLineHeight());
  }
  if (r.welcome) {
    ImGui::SameLine(0, 24 * f.scale);
    const std::string who = trf(f, "console.status.representative", {r.welcome->representative});
    ImGui::TextUnformatted(who.c_str());
  }
  if (r.room) {
    ImGui::SameLine(0, 24 * f.scale);
    const auto& s = r.room->sitting;
    const std::string what =
        trf(f, "console.status.sitting", {s.class_name, s.room, status_text(f, s.state)});
    ImGui::TextUnformatted(what.c_str());
  }
  if (!f.ui.notice.empty()) {
    ImGui::SameLine(0, 24 * f.scale);
    const std::string line = one_line(f.ui.notice, ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, f.ui.notice_ok ? kGood : kWarn);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

bool button(const char* text, ImVec2 size, bool primary) {
  return primary ? bbzhm::gui::filled_button(text, size) : ImGui::Button(text, size);
}

bool danger_button(const char* text, ImVec2 size) {
  return bbzhm::gui::filled_button(text, size, true);
}

void heading(std::string_view t, ImFont* font) {
  // The acts' long titles wrap instead of running off the page.
  bbzhm::gui::text_wrapped(t, font);
}

void text(std::string_view t) {
  bbzhm::gui::text(t);
}

bool begin_table(const Frame& f, const char* id, std::initializer_list<TableColumn> columns,
                 bool striped) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp |
                                (striped ? ImGuiTableFlags_RowBg : 0);
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags,
                         ImGui::GetContentRegionAvail()))
    return false;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const TableColumn& c : columns)
    ImGui::TableSetupColumn(c.key.empty() ? "" : std::string(tr(f, c.key)).c_str(), 0, c.weight);
  ImGui::TableHeadersRow();
  return true;
}

void text_colored(std::string_view t, ImU32 colour) {
  bbzhm::gui::text_colored(t, colour);
}

void text_wrapped(std::string_view t) {
  bbzhm::gui::text_wrapped(t);
}

void alert_box(const Frame& f, std::string_view title, std::string_view detail, ImU32 fill) {
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float pad = 14 * f.scale;
  ImGui::PushFont(f.fonts.large);
  const float title_h =
      ImGui::CalcTextSize(title.data(), title.data() + title.size(), false, w - 2 * pad).y;
  ImGui::PopFont();
  const float detail_h =
      detail.empty()
          ? 0
          : ImGui::CalcTextSize(detail.data(), detail.data() + detail.size(), false, w - 2 * pad)
                    .y +
                pad / 2;
  const float h = title_h + detail_h + 2 * pad;
  ImGui::GetWindowDrawList()->AddRectFilled(at, {at.x + w, at.y + h}, fill, 6 * f.scale);
  ImGui::SetCursorScreenPos({at.x + pad, at.y + pad});
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 2 * pad);
  ImGui::PushFont(f.fonts.large);
  ImGui::TextUnformatted(title.data(), title.data() + title.size());
  ImGui::PopFont();
  if (!detail.empty()) {
    ImGui::SetCursorScreenPos({at.x + pad, ImGui::GetCursorScreenPos().y + pad / 2});
    ImGui::TextUnformatted(detail.data(), detail.data() + detail.size());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::SetCursorScreenPos({at.x, at.y + h});
  ImGui::Dummy({w, ImGui::GetStyle().ItemSpacing.y});
}

bool function_key(int n) {
  const ImGuiIO& io = ImGui::GetIO();
  return !io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(kKeyF1 + n - 1, false);
}

bool enter_pressed() {
  const ImGuiIO& io = ImGui::GetIO();
  return !io.WantTextInput &&
         (ImGui::IsKeyPressed(kKeyEnter, false) || ImGui::IsKeyPressed(kKeyKeypadEnter, false));
}

bool escape_pressed() {
  return ImGui::IsKeyPressed(kKeyEscape, false);
}

bool confirm_box(const Frame& f, const char* id, std::string_view question, bool& open) {
  if (!open) return false;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(vp->Size.x * 0.8f, 720 * f.scale);
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y * 0.4f},
                          ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({w, 0});
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 250, 236, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, kAmber);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3 * f.scale);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {24 * f.scale, 20 * f.scale});
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(f.fonts.body);
  text_wrapped(question);
  ImGui::Dummy({1, 8 * f.scale});
  const float bw = (w - 48 * f.scale - ImGui::GetStyle().ItemSpacing.x) / 2;
  bool yes = button(label(f, "console.confirm.yes", "yes").c_str(), {bw, 0}, true);
  ImGui::SameLine();
  bool no = button(label(f, "console.confirm.no", "no").c_str(), {bw, 0});
  yes = yes || enter_pressed();
  no = no || escape_pressed();
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  if (yes || no) open = false;
  return yes;
}

namespace {
// The catalog word under `prefix` + `code`, built in a stack buffer; a missing key gives the code
// itself back (never a view of the buffer).
std::string_view word(const Frame& f, std::string_view prefix, std::string_view code) {
  char key[80];
  const int n = std::snprintf(key, sizeof key, "%.*s%.*s", static_cast<int>(prefix.size()),
                              prefix.data(), static_cast<int>(code.size()), code.data());
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof key) return code;
  const std::string_view found =
      i18n::text(f.ui.language, std::string_view(key, static_cast<std::size_t>(n)));
  return found.data() == key ? code : found;
}
}  // namespace

std::string_view status_text(const Frame& f, std::string_view status) {
  // Seat statuses and sitting states share the catalog's "console.state.*" words.
  return word(f, "console.state.", status);
}

std::string_view absence_text(const Frame& f, std::string_view reason_code) {
  return word(f, "absence.", reason_code);
}

std::string_view incident_text(const Frame& f, protocol::IncidentKind kind) {
  return word(f, "console.incident.", protocol::code(kind));
}

void format_duration(char* out, std::size_t size, std::int64_t ms) {
  bbzhm::gui::format_duration(out, size, ms);
}

void format_clock(char* out, std::size_t size, std::int64_t wall_ms, bool with_date) {
  const std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::strftime(out, size, with_date ? "%Y-%m-%d %H:%M" : "%H:%M:%S", &tm);
}

std::int64_t time_left(const Frame& f, std::size_t seat_index) {
  if (!f.room.room || seat_index >= f.room.room->seats.size() || seat_index >= f.ui.clocks.size())
    return 0;
  const auto& seat = f.room.room->seats[seat_index];
  const SeatClock& c = f.ui.clocks[seat_index];
  if (seat.status != "testing" || seat.paused) return c.remaining_ms;
  const auto gone = std::chrono::duration_cast<std::chrono::milliseconds>(f.now - c.at).count();
  return std::max<std::int64_t>(0, c.remaining_ms - gone);
}

const protocol::SeatView* seat_by_number(const Room& r, int seat) {
  if (!r.room) return nullptr;
  for (const auto& s : r.room->seats)
    if (s.seat == seat) return &s;
  return nullptr;
}

void seat_row_start(const protocol::SeatView& s) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Text("%d", s.seat);
  ImGui::TableNextColumn();
  text(s.full_name);
  ImGui::TableNextColumn();
  text(s.personal_code);
}

}  // namespace bbzhm::proctor::gui
