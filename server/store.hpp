// The school server's database (one SQLite file) and its only owner: every SQL statement of the
// school side lives in store.cpp. Methods do not open transactions themselves: the caller wraps
// them (a command in one Transaction; the service's group commit a whole batch, so saves that
// arrive together share one commit).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/crypto.hpp"
#include "common/domain.hpp"
#include "common/error.hpp"
#include "common/protocol.hpp"
#include "common/sqlite.hpp"
#include "item_bank/test_form.hpp"
#include "server/roster.hpp"

namespace bbzhm::server {

inline constexpr const char* kDatabaseFile = "school.db";
inline constexpr const char* kKeyFile = "server.key";

enum class SittingState { prepared, open, ended, cancelled };
std::string_view code(SittingState s);

enum class ClientRole { station, console };
struct PairedClient {
  std::string name;
  ClientRole role = ClientRole::station;
};

struct Representative {
  std::int64_t id = 0;
  std::string full_name;
  std::string password_hash;
};

struct School {
  std::string code;
  std::string name;
};

struct ImportSummary {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
};

struct SittingPlan {
  std::string campaign;    // "2027-04" (schools, April) or "2026-11" (colleges, November): p.11
  int grade = 0;           // 4 or 9 (course 2 or 3 for colleges)
  std::string class_name;  // the class (or college group) that sits
  std::string room;        // the lab's room number, for the acts
};

// What a student's login slip carries; the password exists only here and on the slip.
struct IssuedLogin {
  int seat = 0;
  std::string personal_code;
  std::string login;
  std::string password;
  std::string full_name;
  std::string class_name;
};

struct CreatedSitting {
  std::int64_t id = 0;
  int minutes = 0;
  std::vector<IssuedLogin> logins;
};

// A participant found by login, for the password check on the password pool.
struct Credentials {
  std::int64_t participant = 0;
  std::string password_hash;
};

// An answer as stored, opened (docs/THREAT_MODEL.md, "Answers at rest").
struct AnswerRow {
  std::int64_t participant = 0;
  std::string login;
  std::string item_id;
  std::string response;
  std::int64_t seq = 0;
  std::int64_t saved_at_ms = 0;
};

struct SaveOutcome {
  bool stored = false;  // false: refused (refusal says why)
  protocol::SaveRefusal refusal = protocol::SaveRefusal::storage_failed;
  std::int64_t remaining_ms = 0;
};

struct SubjectResultRow {
  Subject subject = Subject::math;
  Language language = Language::kk;
  int score = 0;
  int max_score = 0;
  std::string level;
};

// One line of the sitting's results table (p.24).
struct ResultRow {
  int seat = 0;
  std::string full_name;
  std::string class_name;
  std::string personal_code;
  std::string status;  // registered, admitted, absent, testing, finished, annulled
  std::optional<AbsenceReason> absence;
  std::vector<SubjectResultRow> subjects;
  std::string receipt;
};

enum class ActKind { confiscation, impostor };  // Annex 1, Annex 2

struct ConfiscatedItem {
  std::string name;
  std::string brand;
  int quantity = 1;
};

// An act as recorded: what the representative entered and what the server knew.
struct ActRecord {
  std::int64_t number = 0;  // assigned when recorded
  ActKind kind = ActKind::confiscation;
  std::int64_t sitting = 0;
  std::string personal_code;   // the student concerned
  std::string representative;  // full name
  std::string room;
  int seat = 0;
  std::int64_t at_ms = 0;
  std::vector<ConfiscatedItem> items;    // Annex 1
  std::vector<std::string> drawn_up_by;  // Annex 1: those who drew up the act
  std::string impostor_full_name;        // Annex 2
  bool found_at_admission = false;       // Annex 2: at admission, or during testing
  std::int64_t corrects = 0;             // the act this one corrects, 0 if none
  std::string journal_hash;              // hex of the journal entry's hash
};

struct ReadinessCheck {
  std::string text;
  bool ok = false;
  std::string note;
};
struct ReadinessRecord {
  std::int64_t sitting = 0;
  std::string representative;
  std::string head_full_name;
  std::string technician_full_name;
  std::vector<ReadinessCheck> checks;
  std::int64_t at_ms = 0;
};

struct JournalEntry {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string actor;
  std::string kind;
  std::string payload;
};

class Store {
 public:
  // Creates DIR, its database and the server's key (mode 0600). Refuses an existing DIR.
  static Result<void> create(const std::filesystem::path& dir, const School& school);
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir);

  sqlite::Database& db() { return db_; }
  const crypto::SigningKey& key() const { return key_; }
  School school();

  // [roster] Adds new students and updates changed ones by IIN; the same file changes nothing.
  ImportSummary import_roster(const std::vector<RosterStudent>& students, std::string_view source);

  // [settings]
  std::optional<std::string> setting(std::string_view key);
  void set_setting(std::string_view key, std::string_view value);
  // The representative's code that lets a student's station leave the kiosk (stored hashed).
  void set_exit_code(std::string_view code, crypto::PasswordCost cost);
  protocol::StationPolicy station_policy(std::string_view station, std::int64_t now_ms);

  // [stations] A station (or console) is paired by its public key.
  Result<void> add_station(std::string_view name, const crypto::PublicKey& key,
                           ClientRole role = ClientRole::station);
  std::optional<PairedClient> client(const crypto::PublicKey& key);

  // [sittings]
  // Seats in alphabetical order; with N parallel variants among `forms` (an NTC package) seat k
  // takes variant ((k - 1) mod N) + 1 of each subject. Forms are stored as item_bank::form_json.
  Result<CreatedSitting> create_sitting(const SittingPlan& plan,
                                        const std::vector<item_bank::TestForm>& forms,
                                        crypto::PasswordCost cost);
  Result<std::string> check_in(std::int64_t sitting, std::string_view personal_code,
                               std::optional<AbsenceReason> absence);
  Result<void> set_state(std::int64_t sitting, SittingState state, std::int64_t now_ms);

  // [testing] Used by the service in its database jobs.
  std::optional<Credentials> find_login(std::string_view login);
  std::expected<protocol::LoginOk, protocol::LoginRefusal> begin_attempt(std::int64_t participant,
                                                                         std::string_view station,
                                                                         std::int64_t now_ms);
  SaveOutcome save_answer(std::int64_t participant, const protocol::SaveAnswer& save,
                          std::int64_t now_ms);
  protocol::Results finish(std::int64_t participant, std::int64_t now_ms, std::string_view why);
  std::int64_t remaining_ms(std::int64_t participant, std::int64_t now_ms);
  // The answers of a sitting (all sittings when none is given), opened, by participant and item.
  // Answers are kept sealed (XChaCha20-Poly1305 under a key derived from the server's key, the
  // row's sitting, student and item as associated data), so every reader goes through here;
  // a row that does not open (altered, or moved to another row) throws.
  std::vector<AnswerRow> answer_rows(std::optional<std::int64_t> sitting = std::nullopt);
  // Finishes every attempt whose time ran out; returns their participants.
  std::vector<std::int64_t> finish_expired(std::int64_t now_ms);

  // A station's incident (p.22-23 discipline, kiosk escapes): kept for the console and the acts.
  // Returns the incident's id.
  std::int64_t record_incident(std::string_view station, std::int64_t participant,
                               const protocol::Incident& incident, std::int64_t now_ms);

  // [representatives] p.17: the ministry's authorized representatives who run the room.
  Result<void> add_representative(std::string_view login, std::string_view full_name,
                                  std::string_view password, crypto::PasswordCost cost);

  // [acts] Annex 1 and Annex 2 (p.20-21). Recording an act ends the student's test at once and
  // annuls the results; an act is never deleted (a correction is a new act that `corrects` it).
  Result<std::int64_t> record_act(const ActRecord& act, std::int64_t now_ms);
  std::optional<ActRecord> act(std::int64_t number);
  // [readiness] p.19: the lab readiness checklist as signed off.
  Result<std::int64_t> record_readiness(const ReadinessRecord& readiness, std::int64_t now_ms);
  std::optional<ReadinessRecord> readiness(std::int64_t sitting);

  // [console] What the representative's console reads and does (store_console.cpp).
  std::optional<Representative> find_representative(std::string_view login);
  std::vector<protocol::SittingSummary> sitting_summaries();
  std::optional<std::int64_t> participant_of(std::int64_t sitting, std::string_view personal_code);
  // The seats as the server's database knows them (the service adds who is connected where).
  std::vector<protocol::SeatView> seat_views(
      std::int64_t sitting, std::int64_t now_ms,
      std::optional<std::int64_t> only_participant = std::nullopt);
  std::vector<protocol::IncidentView> incident_views(std::int64_t sitting,
                                                     std::optional<std::int64_t> only = {});
  // p.23: leave and return; the clock stops only when the representative pauses it.
  Result<void> leave_room(std::int64_t participant, bool pause, std::string_view reason,
                          std::string_view who, std::int64_t now_ms);
  Result<void> return_to_room(std::int64_t participant, std::string_view who, std::int64_t now_ms);
  Result<void> extend_time(std::int64_t participant, int minutes, std::string_view reason,
                           std::string_view who, std::int64_t now_ms);
  Result<void> acknowledge_incident(std::int64_t incident, std::string_view who,
                                    std::int64_t now_ms);
  std::int64_t sitting_of(std::int64_t participant);
  protocol::TimeLeft time_left(std::int64_t participant, std::int64_t now_ms);
  // Paired stations and consoles (the service adds who is online and what each reported).
  std::vector<protocol::StationView> station_views();
  bool station_named(std::string_view name);
  // Every student of the sitting has the test forms (from an unlocked package) to sit.
  bool package_ready(std::int64_t sitting);
  std::int64_t free_disk_mb();  // on the database's file system, -1 if unknown
  // The seating plan: which station a seat uses ("" clears it); journaled.
  Result<void> assign_station(std::int64_t sitting, int seat, std::string_view station,
                              std::string_view who, std::int64_t now_ms);
  // The automatic seating plan (issue 6 step 3), before the start: every student not absent gets
  // a paired station in lab order, neighbours with different variants, the last stations kept
  // free as spares (one in ten, at least one when there are enough); replaces the plan, journaled.
  // Returns the number of seats planned.
  Result<std::int64_t> plan_seating(std::int64_t sitting, std::string_view who,
                                    std::int64_t now_ms);
  // p.23: the student continues on a spare station (answers and deadline kept); journaled.
  Result<void> move_student(std::int64_t participant, std::string_view station,
                            std::string_view who, std::int64_t now_ms);

  // [results]
  std::vector<ResultRow> results(std::int64_t sitting);
  std::vector<std::int64_t> sittings();

  // [journal] Appends a hash-chained entry signed by the server's key.
  // Returns the new entry's hash.
  crypto::Hash journal(std::string_view actor, std::string_view kind, std::string_view payload_json,
                       std::int64_t now_ms);
  std::vector<JournalEntry> journal_entries();
  // Checks the chain and every signature; the error names the first broken entry.
  Result<std::int64_t> verify_journal();

  // [package] NTC test packages (store_package.cpp; its tables are created on first use): the
  // pinned NTC key, each package as loaded (still encrypted), the forms of unlocked ones.
  std::optional<crypto::PublicKey> ntc_key();
  // Pins the key; a different key replaces the pinned one only with `replace`.
  Result<void> trust_ntc_key(const crypto::PublicKey& key, bool replace);
  // Keeps a verified package file; the same id again with other bytes is refused.
  Result<void> store_package(std::string_view id, std::string_view campaign,
                             std::int64_t expires_ms, ByteView file);
  std::optional<Bytes> package_file(std::string_view id);
  std::vector<std::string> locked_packages();
  // Keeps an unlocked package's forms, sealed under a key derived from the server's key.
  void store_unlocked_forms(std::string_view package,
                            const std::vector<item_bank::TestForm>& forms);
  Result<std::vector<item_bank::TestForm>> package_forms(std::string_view package);

  // [bundle] The results bundle for the NTC (store_bundle.cpp; its receipts table is created on
  // first use). The ended sitting as the bundle's JSON content (docs/ARCHITECTURE.md, "National
  // side"): the same content, and so the same bundle id, at every export.
  Result<std::string> bundle_content(std::int64_t sitting);
  std::vector<std::int64_t> ended_sittings();
  // Keeps the NTC's signed receipt for a bundle (journaled); a second one changes nothing.
  void save_ntc_receipt(std::string_view bundle_id, std::int64_t sitting, std::string_view receipt,
                        const crypto::Signature& signature);
  std::optional<std::string> ntc_receipt(std::string_view bundle_id);
  // The console's upload to the NTC (p.26), as the service's worker records it: one state per
  // sitting (protocol::UploadState), and the sittings whose upload is not finished (resumed when
  // the server starts).
  std::optional<protocol::UploadState> upload_state(std::int64_t sitting);
  void set_upload_state(const protocol::UploadState& state);
  std::vector<std::int64_t> pending_uploads();

  // [survey] p.25: the anonymous survey (store_survey.cpp; its tables are created on first use).
  // A row of `surveys` keeps no student, seat, login, station or time: only the sitting it is
  // reported with, its grade, language, subjects and the day. Rows are keyed by a random id
  // (WITHOUT ROWID), so their order says nothing about who finished when.
  struct SurveyRow {
    std::string kind;      // student, teacher
    int grade = 0;         // the sitting's (students and teachers alike)
    std::string language;  // students: of the test; teachers: of the kiosk they answered in
    std::string subjects;  // students: "math,reading,science"; teachers: ""
    std::string day;       // "2027-04-15"
    std::string answers;   // options by question, "1,3,2,1"
  };
  // The one-time right to a finished student's survey (Results::survey_ticket): the participant
  // and a MAC under a key derived from the server's key.
  Bytes survey_ticket(std::int64_t participant);
  // Stores one survey unlinked. A student's needs a valid ticket and is stored once per student
  // ("survey taken" is kept apart from the row); a teacher's is stored once per token and joins
  // the open sitting (else the newest prepared one).
  protocol::SurveyStatus store_survey(const protocol::SurveyAnswers& survey, std::int64_t now_ms);
  // The sitting's surveys in the order of their random ids.
  std::vector<SurveyRow> surveys(std::int64_t sitting);

  // [backup] Online backup and restore (SQLite backup API), implemented in server/backup.cpp.
  // Copies this database into FILE (refused if it exists; mode 0600, one self-contained file)
  // as one consistent snapshot while the server goes on writing, and checks the copy before
  // renaming it into place. Returns the copy's size in bytes.
  Result<std::uintmax_t> backup_to(const std::filesystem::path& file);
  // Replaces the database of the data folder DIR with the backup FILE after checking FILE
  // (integrity_check, the school's key, every journal signature with DIR's key). Refused, with
  // nothing changed, when a check fails or another process (a running server) has the database
  // open. The replaced database is kept beside it, named in `kept` (empty if there was none).
  // Returns the number of journal entries verified.
  static Result<std::int64_t> restore(const std::filesystem::path& dir,
                                      const std::filesystem::path& file,
                                      std::filesystem::path* kept);

  // [print] What `bbzhm-server print` fills the printed forms with (store_print.cpp). All reads,
  // except issue_passwords: the login slips need passwords, and only their hashes are kept.
  struct SittingRecord {
    std::int64_t id = 0;
    std::string campaign;  // "2027-04"
    int grade = 0;
    std::string class_name;
    std::string room;
    std::string state;  // prepared, open, ended, cancelled
    std::int64_t created_at_ms = 0;
    Stage stage = Stage::school;  // of its students (p.6, p.9)
  };
  struct ParticipantTest {
    Subject subject = Subject::reading;
    Language language = Language::kk;
    int variant = 0;
  };
  struct ParticipantRecord {
    int seat = 0;
    std::string full_name;
    std::string class_name;
    std::string personal_code;
    std::string login;
    std::string status;                // registered, admitted, absent, testing, finished, annulled
    Language language = Language::kk;  // of instruction
    std::optional<AbsenceReason> absence;
    std::string receipt;
    std::vector<ParticipantTest> tests;  // the test forms assigned, in subject order
    std::vector<SubjectResultRow> results;
    std::int64_t last_act = 0;  // the latest act that names the student, 0 if none
    std::string station;        // the seating plan's station for the seat ("" if none)
  };
  struct IncidentRecord {
    std::int64_t at_ms = 0;
    std::string station;
    int seat = 0;  // 0 when no student was logged in
    std::string kind;
    std::string detail;
  };
  // A read transaction: one moment of the database for a whole form, without holding up the
  // service's writers while it is laid out (in WAL mode a reader blocks no writer).
  class ReadSnapshot {
   public:
    explicit ReadSnapshot(Store& store);
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot();

   private:
    Store& store_;
  };
  std::optional<SittingRecord> sitting_record(std::int64_t sitting);
  std::vector<ParticipantRecord> participants(std::int64_t sitting);  // in seat order
  std::vector<ActRecord> acts_of(std::int64_t sitting);               // by number
  // The sitting's students' incidents, and those of no student between its creation and the next
  // sitting's: a station reports some (a kiosk escape) before anyone logs in.
  std::vector<IncidentRecord> incidents_of(std::int64_t sitting);
  std::vector<std::string> representative_names();  // newest first
  // New passwords for these students of the sitting, their hashes stored and the issue journaled
  // (without them). Refused for a student who has started testing: the login is in use.
  Result<std::vector<IssuedLogin>> issue_passwords(std::int64_t sitting,
                                                   const std::vector<std::string>& personal_codes,
                                                   crypto::PasswordCost cost, std::int64_t now_ms);

 private:
  struct Opened {};  // only open() constructs a Store

 public:
  Store(Opened, sqlite::Database db, crypto::SigningKey key);

 private:
  const item_bank::TestForm& form(const std::string& id);
  std::map<std::string, std::string> answers_of(std::int64_t participant);
  std::vector<AnswerRow> answers_of_participant(std::int64_t participant);
  std::vector<AnswerRow> opened_answers(sqlite::Statement& q);
  Bytes seal_answer(std::int64_t sitting, std::int64_t student, std::string_view item,
                    std::string_view response);
  // Schema 1 kept answers in plain text: seal them in place, then rebuild the file and empty the
  // WAL so no page of the old text remains (docs/THREAT_MODEL.md).
  Result<void> seal_plaintext_answers();
  Result<void> convert_password_hashes();
  // The hot path (a save) reuses prepared statements, keyed by their SQL literal.
  sqlite::Statement& cached(const char* sql);
  // A participant's items by id, read once: booklets do not change once a test is running.
  const Item* item_of(std::int64_t participant, const std::string& item_id);

  sqlite::Database db_;
  crypto::SigningKey key_;
  crypto::Secret answer_key_;  // derived from key_; seals answers at rest
  std::map<std::string, item_bank::TestForm, std::less<>> forms_;  // parsed once; immutable
  std::unordered_map<const char*, sqlite::Statement> statements_;
  std::unordered_map<std::int64_t, std::unordered_map<std::string, const Item*>> items_of_;
};

// The server's clock in ms since the epoch: the wall clock at start-up plus monotonic time since.
std::int64_t now_ms();

}  // namespace bbzhm::server
