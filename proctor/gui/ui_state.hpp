// What the console window remembers between frames besides the client's Room (which screen,
// what is being typed, drafts of acts, confirmations), and what a frame's screens ask for.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "proctor/console_client.hpp"
#include "proctor/gui/pdf_view.hpp"
#include "proctor/gui/platform.hpp"

namespace bbzhm::proctor::gui {

using Clock = std::chrono::steady_clock;

enum class Screen {
  sign_in,
  sittings,
  readiness,
  identification,
  start,
  grid,
  incidents,
  act_confiscation,  // Annex 1 (p.20)
  act_impostor,      // Annex 2 (p.21)
  results,
  seating,  // the seating plan (issue 6 step 3)
  upload,   // p.26: send to the NTC, or export for a USB stick
  report,   // issue 8: the NTC's report of the organization
};
std::string_view name(Screen s);  // "sign-in", "grid", "act", ... (screenshots, traces)

// What `identify` said about the code at the door.
struct Identified {
  std::string code;
  bool pending = false;
  bool found = false;
  std::string error;  // the server's refusal (an unknown code)
  std::string full_name, class_name, status;
  std::string outcome;  // after admit / absent: what was done, or why it was refused
  bool outcome_ok = false;
};

struct ActItem {
  std::string name, brand;
  int quantity = 1;
};

// An act being drawn up, pre-filled from what the console knows when it was opened.
struct ActDraft {
  int seat = 0;
  std::string personal_code, full_name, class_name;
  std::int64_t opened_at_ms = 0;  // wall clock: the act's date and time
  std::vector<ActItem> items;
  std::vector<std::string> drawn_up_by;
  std::string impostor_full_name;
  bool found_at_admission = false;
  bool confirming = false;
  bool sending = false;
  bool focus_first = true;
  Screen back = Screen::grid;  // where the console returns after the act
};

// The server computed a seat's time left when it sent the seat; the grid counts down from then.
struct SeatClock {
  std::int64_t remaining_ms = 0;
  Clock::time_point at{};
};

struct UiState {
  Screen screen = Screen::sign_in;
  Language language = Language::kk;

  // Sign-in.
  std::string login, password;
  bool focus_login = true;
  bool focus_password = false;

  std::int64_t sitting = 0;   // the watched sitting (0: none chosen yet)
  std::string sitting_state;  // the state last seen, to move to the grid or results on a change

  // Readiness (p.19): the points a person confirms, and who signs with the representative.
  std::vector<bool> confirmed;
  std::string head_full_name, technician_full_name;
  std::int64_t readiness_record = 0;
  bool readiness_sending = false;

  // Identification at the door (p.19).
  std::string code;
  bool focus_code = true;
  Identified identified;
  int absence_reason = 0;  // index into kAllAbsenceReasons

  // The live grid.
  int selected_seat = 0;
  std::string find;  // a personal code or seat number typed to select a seat
  std::string leave_reason;
  bool leave_pause = false;
  int extra_minutes = 10;
  std::string extra_reason;
  std::vector<SeatClock> clocks;  // by index into room->seats

  // The sitting as a whole: start, end, cancellation (p.15).
  bool confirm_start = false;
  bool confirm_end = false;
  bool cancel_open = false;
  std::string cancel_reason;

  ActDraft act;
  std::int64_t act_corrects = 0;  // the act a new act corrects (0: none)

  // Pairing a station (issue 9): the code the technician types, shown until it expires.
  std::string pairing_code;
  std::int64_t pairing_expires_ms = 0;  // server clock
  Clock::time_point stations_asked{};   // the stations list is asked again every few seconds

  // Moving a student to a spare station (p.23).
  std::string spare_station;

  // Printing: the folder PDFs are saved in, and the last one saved.
  std::string printed_file;
  std::vector<protocol::PrintForm> print_queue;  // asked for by a reply (an act just recorded)

  // The seating plan: the seat picked for a manual change and the station typed for it.
  int seating_seat = 0;
  std::string seating_station;

  // The NTC (p.26, issue 8): files asked for, the bundle last saved, the report shown.
  bool bundle_pending = false;
  std::string bundle_file;
  bool report_pending = false;
  std::string report_file, report_error;
  std::shared_ptr<PdfView> report;
  int report_page = 0;
  // An act's correction waits for the act it corrects (its kind and fields) from the server.
  std::int64_t correction_pending = 0;

  // The last reply worth telling, shown on the status line.
  std::string notice;
  bool notice_ok = true;
};

// What the screens asked for in one frame; the console loop hands them to the ConsoleClient.
struct Actions {
  std::optional<std::pair<std::string, std::string>> sign_in;
  std::optional<std::int64_t> watch;
  std::vector<protocol::Command> commands;
  std::vector<protocol::PrintForm> prints;   // forms to ask the server for and save
  std::vector<protocol::NtcFile> ntc_files;  // bundles and reports to ask for and save
  bool list_stations = false;
  bool screenshot = false;  // F12 with screenshots on: this screen again, as it is now
  // Lines for the trace (BBZHM_CONSOLE_TRACE) about what a screen shows; each is printed when it
  // differs from the last one that began with the same word.
  std::vector<std::string> trace;
};

// Everything a screen draws from, and where it puts what the representative did.
struct Frame {
  const Room& room;
  UiState& ui;
  Actions& out;
  const Fonts& fonts;
  float scale = 1;
  Clock::time_point now{};
  std::int64_t wall_ms = 0;  // the wall clock, for the acts' date and time
};

}  // namespace bbzhm::proctor::gui
