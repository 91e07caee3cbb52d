// The printable documents of a ББЖМ session, as plain structs, and the functions that write them as
// PDF.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm::forms {

// [SECTION] Shared vocabulary

// The school or college that hosts the sitting, as the acts name it: code and name.
struct Organization {
  std::string code{};
  std::string name{};
};

// The ministry's authorized representative who proctors the room (p.17-19).
struct Representative {
  std::string full_name{};
};

// The student's personal code (ТЖК, p.19) by which the representative identifies them.
struct PersonalCode {
  std::string value{};
};

struct Student {
  std::string full_name{};  // surname, name, patronymic (if any)
  PersonalCode personal_code{};
  std::string class_name{};  // "4 «Ә»", "9 «Б»", a college group
};

// A local wall-clock time, as the acts record it (hour, minute).
struct TimeOfDay {
  int hour = 0;
  int minute = 0;
};

// p.11: April for schools, November for colleges.
struct Campaign {
  int year = 0;
  Stage stage = Stage::school;
};

// One sitting of the monitoring: the campaign, the grade (4 or 9) or college course (2 or 3), the
// day.
struct Sitting {
  Campaign campaign{};
  int grade = 0;
  std::chrono::year_month_day date{};
};

// One test a student takes: a subject in a language (p.7-10).
struct SubjectTest {
  Subject subject = Subject::reading;
  Language language = Language::kk;
  friend bool operator==(const SubjectTest&, const SubjectTest&) = default;
};

// [SECTION] Seating sheet (p.19)

struct Seat {
  int number = 0;
  std::string station{};  // the PC's name, as on its label
  Student student{};
  std::vector<SubjectTest> tests{};
};

struct SeatingSheet {
  Organization organization{};
  Sitting sitting{};
  std::string room{};
  Representative representative{};
  std::vector<Seat> seats{};
};

// [SECTION] Login slips (p.19: each student receives a login and a password)

struct LoginSlip {
  Student student{};
  int seat = 0;
  std::string station{};
  std::string login{};
  std::string password{};
  Language test_language = Language::kk;  // the slip's instruction line is printed in it
};

struct LoginSlips {
  Organization organization{};
  Sitting sitting{};
  std::string room{};
  std::vector<LoginSlip> slips{};
};

// [SECTION] Annex 1: act of confiscation of prohibited items and removal from the room (p.20)

struct FoundItem {
  std::string name{};
  std::string brand{};  // may be empty
  int quantity = 1;
};

struct ConfiscationAct {
  std::string number{};        // the act's number in the session's journal
  std::string journal_hash{};  // short hash of the act's journal entry
  Organization organization{};
  std::chrono::year_month_day date{};
  TimeOfDay time{};
  Representative representative{};
  std::string room{};
  int seat = 0;
  Student student{};
  std::string variant{};
  std::vector<FoundItem> items{};          // empty when nothing was found (talking, p.20)
  std::vector<std::string> drawn_up_by{};  // full names of those who drew up the act
  std::string corrects{};                  // the number of the act this one corrects ("": none)
};

// [SECTION] Annex 2: act of an impostor found at admission or during testing (p.21)

enum class ImpostorFoundAt { admission, testing };

struct ImpostorAct {
  std::string number{};
  std::string journal_hash{};
  Organization organization{};
  std::chrono::year_month_day date{};
  TimeOfDay time{};
  Representative representative{};
  Student student{};  // the student in whose place the impostor came
  std::string impostor_full_name{};
  ImpostorFoundAt found_at = ImpostorFoundAt::admission;
  std::string room{};  // the room the impostor is removed from; required when found during testing
  std::string corrects{};  // the number of the act this one corrects ("": none)
};

// [SECTION] Lab readiness protocol (p.19)

struct ChecklistItem {
  std::string text{};
  bool ok = false;
  std::string note{};
};

struct ReadinessProtocol {
  Organization organization{};
  std::string room{};
  std::chrono::year_month_day date{};
  TimeOfDay time{};
  Representative representative{};
  std::string head_full_name{};        // head of the organization; empty leaves a blank line
  std::string technician_full_name{};  // empty leaves a blank line
  std::vector<ChecklistItem> items{};
};

// [SECTION] Results (p.24)

enum class Level { low, medium, high };

struct SubjectScore {
  SubjectTest test{};
  int score = 0;
  int max = 0;
  Level level = Level::low;
};

// p.12: a student excused from the sitting.
struct Absence {
  AbsenceReason reason = AbsenceReason::illness;
};

// p.20-21: results annulled by an act.
struct Annulment {
  std::string act_number{};
};

// The scores of a student who finished.
struct Scored {
  std::vector<SubjectScore> scores{};
};

struct StudentResult {
  Student student{};
  std::variant<Scored, Absence, Annulment> outcome{};
};

struct ResultsSheet {
  Organization organization{};
  Sitting sitting{};
  std::string room{};
  Representative representative{};
  std::vector<StudentResult> students{};
};

struct ResultSlip {
  Student student{};
  std::vector<SubjectScore> scores{};
  std::string receipt_code{};  // the code the station showed with the results (p.24)
};

struct ResultSlips {
  Organization organization{};
  Sitting sitting{};
  std::vector<ResultSlip> slips{};
};

// [SECTION] Session report

struct Incident {
  TimeOfDay time{};
  int seat = 0;  // 0 when the incident concerns no seat
  std::string description{};
};

struct SessionReport {
  Organization organization{};
  Sitting sitting{};
  std::string room{};
  Representative representative{};
  int admitted = 0;
  std::map<AbsenceReason, int> absent{};  // p.12: by reason
  int removed = 0;
  int finished = 0;
  std::vector<Incident> incidents{};
};

// [SECTION] Writing the documents
// Each checks its document, lays it out on A4 in `lang` and writes a PDF to `pdf` through a
// temporary file beside it, renamed into place on success. On error `pdf` is neither created nor
// touched, no temporary file is left, and the error names the field at fault (key
// "forms.error.invalid") or the write that failed ("forms.error.write"). The acts exist in kk and
// ru as the rules require; every form also in en.

Result<void> render_seating_sheet(const SeatingSheet& sheet, Language lang,
                                  const std::filesystem::path& pdf);
Result<void> render_login_slips(const LoginSlips& slips, Language lang,
                                const std::filesystem::path& pdf);
Result<void> render_confiscation_act(const ConfiscationAct& act, Language lang,
                                     const std::filesystem::path& pdf);
Result<void> render_impostor_act(const ImpostorAct& act, Language lang,
                                 const std::filesystem::path& pdf);
Result<void> render_readiness_protocol(const ReadinessProtocol& protocol, Language lang,
                                       const std::filesystem::path& pdf);
Result<void> render_results_sheet(const ResultsSheet& sheet, Language lang,
                                  const std::filesystem::path& pdf);
Result<void> render_result_slips(const ResultSlips& slips, Language lang,
                                 const std::filesystem::path& pdf);
Result<void> render_session_report(const SessionReport& report, Language lang,
                                   const std::filesystem::path& pdf);

}  // namespace bbzhm::forms
