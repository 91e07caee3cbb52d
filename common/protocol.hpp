// The messages stations (and later consoles) exchange with the school server, defined once.
// Each message is a type byte followed by its fields (common/codec.hpp); the channel
// (common/channel.hpp) carries one message per encrypted frame.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/codec.hpp"
#include "common/domain.hpp"
#include "common/error.hpp"
#include "common/item.hpp"

namespace bbzhm::protocol {

// Station -> server: the login from the student's slip (p.19), to learn how to hash its password.
struct LoginStart {
  std::string login;
};

// Server -> station: the salt and cost of the login's password hash (crypto::PasswordChallenge).
// A login the server does not know gets one too, the same each time, so an answer does not tell
// which logins exist.
struct LoginChallenge {
  std::string login;
  Bytes salt;
  std::uint32_t memory_kib = 0;
  std::uint32_t passes = 0;
};

// Station -> server: the login and the proof of the slip's password (crypto::prove_password):
// the password itself never leaves the station.
struct Login {
  std::string login;
  Bytes proof;
  std::int64_t station_clock_ms = 0;  // the station's wall clock, to catch a wrong clock
};

struct SavedAnswer {
  std::string item_id;
  std::string response;
  std::uint64_t seq = 0;
};

// Server -> station: the student's booklets (no keys), saved answers and the server's clock.
struct LoginOk {
  std::string student_name;
  std::string class_name;
  std::string sitting_title;
  std::string personal_code;
  Language language =
      Language::kk;  // the interface language: the student's language of instruction
  std::vector<Booklet> booklets;
  std::vector<SavedAnswer> answers;
  std::uint64_t next_seq = 1;  // first sequence number free for new saves
  std::int64_t remaining_ms = 0;
  std::int64_t server_time_ms = 0;
  bool finished = false;  // results follow at once
};

enum class LoginRefusal : std::uint8_t {
  wrong_credentials = 1,  // unknown login or wrong password (not told apart)
  rate_limited = 2,       // too many attempts: retry_after_ms
  not_admitted = 3,       // the representative has not admitted this student (p.19)
  sitting_not_open = 4,   // the sitting has not started yet, or has ended
  annulled = 5,           // results annulled by an act (p.20-21)
  not_logged_in = 6,      // a save or finish before a login
};
struct LoginRefused {
  LoginRefusal reason = LoginRefusal::wrong_credentials;
  std::int64_t retry_after_ms = 0;
};

// Station -> server: one answer. `seq` grows with every answer a student gives; a resent save
// carries its first seq, so the server stores it once and acknowledges it again.
struct SaveAnswer {
  std::uint64_t seq = 0;
  std::string item_id;
  std::string response;
};

// Server -> station: the save is durable (its transaction committed).
struct SaveAck {
  std::uint64_t seq = 0;
  std::int64_t remaining_ms = 0;
};

enum class SaveRefusal : std::uint8_t {
  time_over = 1,
  finished = 2,
  unknown_item = 3,
  bad_response = 4,
  storage_failed = 5,  // not durable (disk full, I/O error): the station keeps it and resends
  annulled = 6,
};
struct SaveRefused {
  std::uint64_t seq = 0;
  SaveRefusal reason = SaveRefusal::storage_failed;
};

// Station -> server: the student finishes the test.
struct Finish {};

struct SubjectResult {
  Subject subject = Subject::math;
  Language language = Language::kk;
  int score = 0;
  int max_score = 0;
  std::string level;  // "low", "medium", "high": names in the catalog under level.*
};

// Server -> station: the results shown on screen (p.24).
struct Results {
  std::vector<SubjectResult> subjects;
  std::string receipt;  // a short code of the server's signature over the final answers
  bool annulled = false;
  // p.25: the one-time right to send this student's anonymous survey (SurveyAnswers), which the
  // server checks and then forgets who used it ("" when annulled). Opaque to the station.
  Bytes survey_ticket{};
};

// Station -> server: a keep-alive asking for the time left; answered with TimeLeft.
struct Sync {};
struct TimeLeft {
  std::int64_t remaining_ms = 0;
  std::int64_t server_time_ms = 0;
  bool paused = false;  // the representative paused this student's clock (p.23: left the room)
};

// Server -> station: this student continues on another station; this one stops.
struct Superseded {};

// Server -> station: the representative released this station from the console (command
// release_station): the kiosk leaves its lock-down, as with the exit code typed at the station.
struct Release {};

// Station -> server: something the representative must see (the kiosk lost focus, a second
// display appeared, a remote-desktop program runs, ...). Recorded in the journal with its time.
enum class IncidentKind : std::uint8_t {
  focus_lost = 1,
  close_attempt = 2,
  display_changed = 3,
  remote_desktop = 4,
  virtual_machine = 5,
  clock_skew = 6,
  other = 7,
};
struct Incident {
  IncidentKind kind = IncidentKind::other;
  std::string detail;  // for the log and the console: "AnyDesk", "1920x1080 + 1280x1024", ...
  std::int64_t station_time_ms = 0;
};

// Server -> station, right after the handshake and whenever it changes: what the kiosk needs
// before any login. The station keeps it on disk, so the representative can always unlock it.
struct StationPolicy {
  std::string station_name;
  std::string exit_code_hash;       // Argon2id of the representative's exit code ("" = none set)
  std::int64_t server_time_ms = 0;  // a station whose clock is off by more than a minute refuses
  bool block_on_alarm =
      false;  // the representative's decision: refuse a test on a VM/remote-desktop alarm
};

// [SECTION] The representative's console (p.19-24)

// Console -> server: the representative signs in (accounts: `bbzhm-server add-representative`).
struct ConsoleLogin {
  std::string login;
  std::string password;
};

struct SittingSummary {
  std::int64_t id = 0;
  std::string campaign;
  int grade = 0;
  std::string class_name;
  std::string room;
  std::string state;  // prepared, open, ended, cancelled
  int students = 0;
};

// Server -> console.
struct ConsoleWelcome {
  std::string representative;  // full name
  std::string school_code;
  std::string school_name;
  std::vector<SittingSummary> sittings;
};

// One seat of the room as the console's live grid shows it.
struct SeatView {
  int seat = 0;
  std::string personal_code;
  std::string full_name;
  std::string class_name;
  std::string status;          // registered, admitted, absent, testing, finished, annulled
  std::string absence_reason;  // p.12 code when absent
  std::string station;         // where the student is logged in ("" if not)
  bool connected = false;
  bool paused = false;
  int answered = 0;
  int items = 0;
  std::int64_t remaining_ms = 0;
  std::int64_t last_save_ms = 0;       // server time of the last durable save (0: none)
  std::vector<SubjectResult> results;  // once finished (empty while testing or when annulled)
  std::int64_t act = 0;                // the act that annulled the results (0: none)
  std::string assigned_station;        // the seating plan's station for this seat ("" if none)
};

struct IncidentView {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;
  std::string station;
  int seat = 0;  // 0 when no student was logged in
  IncidentKind kind = IncidentKind::other;
  std::string detail;
  bool acknowledged = false;
};

// Console -> server: show this sitting and push its changes from now on.
struct Watch {
  std::int64_t sitting = 0;
};
// Server -> console: the whole room, then SeatChanged / IncidentRaised as things happen.
struct RoomView {
  SittingSummary sitting;
  std::vector<SeatView> seats;
  std::vector<IncidentView> incidents;
};
struct SeatChanged {
  SeatView seat;
};
struct IncidentRaised {
  IncidentView incident;
};

// Console -> server: one action of the representative; answered by CommandReply with the same id.
enum class CommandKind : std::uint8_t {
  identify = 1,               // subject: personal code -> the student's name and class (p.19)
  admit = 2,                  // personal code
  mark_absent = 3,            // personal code, reason: a p.12 code
  start_sitting = 4,          // —
  end_sitting = 5,            // —
  cancel_sitting = 6,         // reason (p.15)
  leave_room = 7,             // personal code, number: 1 = pause the clock; reason (p.23)
  return_to_room = 8,         // personal code
  extend_time = 9,            // personal code, number: minutes, reason
  acknowledge_incident = 10,  // number: incident id
  record_act = 11,            // act (Annex 1 or 2)
  record_readiness = 12,      // readiness
  new_pairing_code = 13,      // — : message = the code, value = when it expires (server ms)
  move_student = 14,          // personal code, reason: the spare station's name (p.23)
  assign_station = 15,        // number: seat, reason: station name ("" clears)
  release_station = 16,       // reason: station name; the kiosk there exits (Release)
  upload_bundle = 17,         // — : the server sends the ended sitting to the NTC (p.26)
  plan_seating = 18,          // — : the automatic seating plan (spares kept free); value = seats
  read_act = 19,              // number: an act; message = its kind and fields as JSON (to correct)
};
struct ActFields {
  bool impostor = false;  // Annex 2 (else Annex 1)
  std::vector<std::string> item_names, item_brands;
  std::vector<std::int32_t> item_quantities;
  std::vector<std::string> drawn_up_by;
  std::string impostor_full_name;
  bool found_at_admission = false;
  std::int64_t corrects = 0;
};
struct ReadinessFields {
  std::string head_full_name;
  std::string technician_full_name;
  std::vector<std::string> texts, notes;
  std::vector<std::uint8_t> ok;
};
struct Command {
  std::uint32_t request = 0;
  CommandKind kind = CommandKind::identify;
  std::int64_t sitting = 0;
  std::string personal_code;
  std::string reason;
  std::int64_t number = 0;
  ActFields act;
  ReadinessFields readiness;
};
struct CommandReply {
  std::uint32_t request = 0;
  bool ok = false;
  std::string message;     // the refusal, or for identify: "name|class|status"
  std::int64_t value = 0;  // the act's number for record_act
};

// [SECTION] Pairing by a short code (common/pairing.hpp), on a channel not yet pinned

// Station -> server: the first CPace share and the name the technician gave this PC.
struct PairStart {
  std::string station_name;
  Bytes share;
};
// Server -> station: the server's share.
struct PairChallenge {
  Bytes share;
};
// Station -> server: the station's confirmation; the server checks it before saying anything
// that depends on the code.
struct PairConfirm {
  Bytes mac;
};
// Server -> station: paired (the server's confirmation, which the station checks before pinning)
// or refused (wrong code, expired, too many attempts; the connection then ends).
struct PairDone {
  bool ok = false;
  std::string message;  // the refusal, or the station's registered name
  Bytes mac;
};

// [SECTION] Stations as the console sees them (readiness auto-checks, p.19)

// Console -> server: the paired stations and consoles; answered with StationList.
struct ListStations {};
struct StationView {
  std::string name;
  std::string fingerprint;
  bool console = false;
  std::int64_t paired_at_ms = 0;
  bool online = false;
  // From the station's last StationReport ("" / 0 until one arrived).
  std::string version;
  std::int64_t clock_offset_ms = 0;  // station clock minus server clock when it reported
  std::string screen;                // "1920x1080"
  std::string renderer;              // the OpenGL renderer, "headless" without a window
  std::int64_t free_disk_mb = -1;
  std::int64_t reported_at_ms = 0;
};
struct StationList {
  std::vector<StationView> stations;
  std::int64_t server_time_ms = 0;
  std::int64_t server_free_disk_mb = -1;
  bool package_ready = false;  // the watched sitting's test package is loaded and unlocked
};
// Station -> server, after each connect: what the readiness checklist reads.
struct StationReport {
  std::string version;
  std::int64_t station_clock_ms = 0;
  std::string screen;
  std::string renderer;
  std::int64_t free_disk_mb = -1;
};

// [SECTION] Printing from the console (forms/)

// Console -> server: render a form; answered with FormChunk messages (the PDF in pieces under
// the frame limit), the last one with `last` set.
struct PrintForm {
  std::uint32_t request = 0;
  std::string form;  // seating-sheet, login-slips, act, readiness, results, result-slips, ...
  std::int64_t sitting = 0;
  std::string personal_code;  // result-slips: one student ("" = all)
  std::int64_t act = 0;       // act: its number
  Language language = Language::kk;
};
struct FormChunk {
  std::uint32_t request = 0;
  std::uint64_t total = 0;  // bytes of the whole PDF
  Bytes bytes;
  bool last = false;
  std::string error;  // set (with last) when the form cannot be made
};

// [SECTION] The anonymous survey (p.25)

enum class SurveyKind : std::uint8_t { student = 1, teacher = 2 };
// Questions per survey (texts in the catalog: kiosk.survey.qN, kiosk.teacher_survey.qN), each
// answered with an option 1..kSurveyOptions (yes, partly, no).
inline constexpr std::size_t kStudentSurveyQuestions = 4;
inline constexpr std::size_t kTeacherSurveyQuestions = 5;
inline constexpr std::uint8_t kSurveyOptions = 3;
std::size_t survey_questions(SurveyKind kind);

// Station -> server: one anonymous survey. A student's carries the ticket from Results; a
// teacher's none. `token` (16 random bytes, made once by the station and kept in its journal
// with the answers) makes a resend harmless: the server stores a token's survey once.
struct SurveyAnswers {
  SurveyKind kind = SurveyKind::student;
  Bytes token;
  Bytes ticket;
  Language language = Language::kk;  // of the kiosk (the server uses a student's own language)
  std::vector<std::uint8_t> answers;
};
enum class SurveyStatus : std::uint8_t {
  stored = 1,
  duplicate = 2,       // this token, or this student's survey, is already stored
  refused = 3,         // bad ticket, wrong answers, no sitting to attach to: never storable
  rate_limited = 4,    // teachers' surveys on this connection: retry after retry_after_ms
  storage_failed = 5,  // not durable: the station keeps it and resends
};
// Server -> station: what became of the survey with this token.
struct SurveyAck {
  Bytes token;
  SurveyStatus status = SurveyStatus::stored;
  std::int64_t retry_after_ms = 0;
};

// [SECTION] The NTC from the console (p.26, issue 8)

// Server -> console, after Watch and at every change: where the sitting's results bundle is on its
// way to the NTC. The server does the upload (upload_bundle) and keeps this state in its database,
// so a reopened console, or a second one, sees the same.
struct UploadState {
  std::int64_t sitting = 0;
  std::string state;  // queued, sending, retrying, received, refused ("" = never asked)
  int attempts = 0;
  std::string last_error;            // of the last failed attempt
  std::int64_t next_attempt_ms = 0;  // server time of the next attempt while retrying
  std::string bundle_id;             // hex; the NTC's receipt names it (the receipt's id)
  std::int64_t receipt_at_ms = 0;    // the NTC's time in its signed receipt
  std::string requested_by;          // the representative who pressed "send"
  std::int64_t updated_ms = 0;
};

// Console -> server: a file from the NTC side, answered with FormChunk messages like a printed
// form: the sealed results bundle of an ended sitting (for a USB stick when there is no link),
// or the organization's report that the server fetches from the NTC (a PDF).
enum class NtcFileKind : std::uint8_t { bundle = 1, report = 2 };
struct NtcFile {
  std::uint32_t request = 0;
  NtcFileKind kind = NtcFileKind::bundle;
  std::int64_t sitting = 0;
  std::string campaign;  // report: the campaign ("" = the sitting's)
};

using Message =
    std::variant<Login, LoginOk, LoginRefused, SaveAnswer, SaveAck, SaveRefused, Finish, Results,
                 Sync, TimeLeft, Superseded, Incident, StationPolicy, ConsoleLogin, ConsoleWelcome,
                 Watch, RoomView, SeatChanged, IncidentRaised, Command, CommandReply, PairStart,
                 PairChallenge, PairConfirm, PairDone, ListStations, StationList, StationReport,
                 PrintForm, FormChunk, Release, SurveyAnswers, SurveyAck, UploadState, NtcFile,
                 LoginStart, LoginChallenge>;

std::string_view code(IncidentKind k);  // "focus_lost", ...
std::string_view code(LoginRefusal r);  // "rate_limited", ... (for logs and benchmarks)

Bytes encode(const Message& m);
// Refuses unknown types, truncated or trailing bytes, and out-of-range enumerations.
Result<Message> decode(ByteView bytes);

// A name for logs: "SaveAnswer".
std::string_view name(const Message& m);

}  // namespace bbzhm::protocol
