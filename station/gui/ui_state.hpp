// What the kiosk remembers between frames besides the station's snapshot (which screen, the
// text being typed, flags, the survey), and the commands a frame's screens ask for.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "common/gui/pictures.hpp"
#include "station/client.hpp"
#include "station/gui/platform.hpp"

namespace bbzhm::station::gui {

enum class Screen {
  waiting,
  login,
  confirm,
  instructions,
  item,
  review,
  results,
  survey,
  teacher_survey,
  unlock,
  periodic_table,
  solubility_table,
};
std::string_view name(Screen s);  // "waiting", ... (screenshot file names, traces)

struct UiState {
  Screen screen = Screen::waiting;
  Language language = Language::kk;  // before a login: switchable; after: the student's

  // Login: the field the on-screen keyboard types into (0 login, 1 password).
  std::string login, password;
  int login_field = 0;
  bool focus_login = true;  // put the keyboard focus into the login field on the next frame

  // The sitting, once the server sent it.
  bool confirmed = false;
  bool not_me = false;  // the student said the confirmation shows someone else
  bool instructions_read = false;
  std::size_t booklet = 0, item = 0;          // the item on screen
  std::set<std::string> flagged;              // item ids marked for review
  std::map<std::string, std::string> drafts;  // numeric and short entries as typed, by id
  std::string focused_item;   // the typed item whose field got the keyboard when it appeared
  bool finish_asked = false;  // the "finish now?" question is open
  bool finishing = false;     // finish sent, waiting for the results
  int warned_minutes = 0;     // the last time warning shown (10, then 1)
  std::chrono::steady_clock::time_point warning_until{};

  Screen back_from_reference = Screen::item;  // where the reference tables return to
  Screen back_from_unlock = Screen::waiting;

  std::vector<int> survey;  // 0 = not answered, else the option's number
  bool survey_sent = false;
  std::vector<int> teacher_survey;  // the same, for the teacher at the keyboard
  bool teacher_survey_sent = false;

  std::string unlock_code;
  bool unlock_failed = false;
  bool focus_code = true;  // the code field takes the keyboard (on arrival, after a wrong code)

  // Why no test may start on this station now (clock, an alarm with block_on_alarm); shown on
  // the login screen, which then refuses to log in.
  std::string start_refusal;
};

// What the screens asked for in one frame; the kiosk applies them to the StationClient.
struct Commands {
  std::optional<std::pair<std::string, std::string>> login;
  std::vector<std::pair<std::string, std::string>> answers;  // item id, canonical response
  bool finish = false;
  std::optional<std::vector<int>> survey;
  std::optional<std::vector<int>> teacher_survey;
  std::optional<std::string> unlock;  // an exit code to check
};

// Everything a screen draws from, and where it puts what the student did.
struct Frame {
  const Snapshot& snapshot;
  UiState& ui;
  Commands& out;
  const Fonts& fonts;
  float scale = 1;
  std::chrono::steady_clock::time_point now{};
  bbzhm::gui::Pictures* pictures = nullptr;  // items' figures (null: shown as unavailable)
};

}  // namespace bbzhm::station::gui
