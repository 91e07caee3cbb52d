// The NTC's database and its only owner: the school registry, the campaigns' packages, every
// school's results as received and re-scored, receipts, sampling draws, reports, representatives
// and frozen campaigns. One schema on SQLite (ntc.db in the data folder, the default) or
// PostgreSQL (--db postgresql://...); SQL lives in ntc/store*.cpp only. Methods that write take
// no transaction of their own unless they say so: the caller wraps them in ntc::Transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "item_bank/test_form.hpp"
#include "ntc/analysis/campaign_data.hpp"
#include "ntc/database.hpp"

namespace bbzhm::ntc {

inline constexpr const char* kDatabaseFile = "ntc.db";
inline constexpr const char* kKeyFile = "ntc.key";        // the NTC's Ed25519 signing key
inline constexpr const char* kCertFile = "tls.crt";       // the HTTPS certificate (self-signed)
inline constexpr const char* kCertKeyFile = "tls.key";    // its private key (mode 0600)
inline constexpr const char* kDbTargetFile = "database";  // the --db given at init, if not SQLite

// A school of the registry (bbzhm-ntc import-schools) with the key its server signs bundles with.
struct RegisteredSchool {
  SchoolInfo info;
  crypto::PublicKey public_key{};
};

// A campaign's test package as the NTC registered it (bbzhm-ntc register-package): the forms
// with their keys, which intake re-scores every answer from.
struct RegisteredPackage {
  std::string id;
  std::string campaign;
  std::int64_t registered_ms = 0;
  std::vector<std::string> form_ids;
};

// What the NTC signs back for a bundle it stored (bbzhm-ntc intake / serve).
struct Receipt {
  std::string json;  // the signed content: bundle, school, campaign, sitting, counts, rescored
  crypto::Signature signature{};
};

// A re-scored subject whose score the school's server reported differently.
struct ScoreDisagreement {
  std::string personal_code;
  std::string subject;
  double school_score = 0;
  double ntc_score = 0;
};

// One student of a bundle as the NTC stores it: personal data kept apart from the results,
// which carry only the pseudonymous student key.
struct IntakeStudent {
  std::string student_key;  // keyed hash of campaign and IIN (ntc::student_key)
  std::string personal_code;
  std::string iin;
  std::string last_name, first_name, middle_name;
  std::string class_name;
  int grade = 0;
  std::string language;  // of instruction
  std::string status;    // registered, admitted, absent, testing, finished, annulled
  std::string absence_reason;
  std::vector<StudentResult> results;  // one per subject, re-scored by the NTC
};

// p.25: one anonymous survey of a bundle: nothing that names a student, only the sitting-level
// facts (ntc/store_survey.cpp).
struct SurveyRecord {
  std::string kind;  // student, teacher
  int grade = 0;
  std::string language;
  std::string subjects;      // "math,reading,science" (students)
  std::string day;           // "2027-04-15"
  std::vector<int> answers;  // option 1..3 by question
};

// One line of a campaign's survey distribution: how many chose each option of a question.
struct SurveyTally {
  std::string kind;
  int question = 0;                   // 1-based
  std::vector<std::int64_t> options;  // count by option (index 0 = option 1)
  std::int64_t answered = 0;
};

// A whole verified bundle, ready to store in one transaction.
struct IntakeRecord {
  std::string bundle_id;  // hex BLAKE2b of the bundle's content
  std::string school_code;
  std::string campaign;
  std::int64_t sitting = 0;
  std::int64_t received_ms = 0;
  Bytes file;  // the bundle as received (sealed), for the archive
  std::vector<IntakeStudent> students;
  std::string acts_json;       // the sitting's acts, incidents, readiness and journal as JSON
  std::string incidents_json;  // arrays, as the bundle has them
  std::string readiness_json;
  std::string journal_json;
  std::vector<ScoreDisagreement> disagreements;
  std::vector<SurveyRecord> surveys;  // in the bundle's order (random ids at the school)
};

struct SampledSchool {
  std::string school_code;
  std::string stratum;  // "urban|lyceum|medium|kk", as the sampling names it
};

// A sampling draw (p.14), kept with its seed so anyone can repeat it.
struct SamplingDraw {
  std::int64_t id = 0;  // assigned by record_draw
  std::string campaign;
  std::string seed;
  double share = 0;
  std::int64_t drawn_ms = 0;
  std::string parameters_json;  // whatever else the draw needs to be repeated
  std::vector<SampledSchool> schools;
};

// An authorized representative (p.17) from the ministry's approved list, and the schools
// assigned to them.
struct RepresentativeRecord {
  std::string id;  // the ministry's identifier for the person
  std::string full_name;
  std::string campaign;
  std::vector<std::string> school_codes;
};

class Store {
 public:
  // bbzhm-ntc init: creates DIR (mode 0700) with the NTC's signing key (a new one, or a copy of
  // `key_file`: the key bbzhm-bank signs packages with), the HTTPS certificate and its key, and
  // the database: DIR/ntc.db, or the PostgreSQL database `db_target` (remembered in DIR/database).
  static Result<void> create(const std::filesystem::path& dir,
                             const std::optional<std::filesystem::path>& key_file,
                             const std::string& db_target);
  // Opens DIR's store: the database named at init, unless `db_target` names another.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir,
                                             const std::string& db_target = "");

  Database& db() { return *db_; }
  const crypto::SigningKey& key() const { return key_; }
  const std::filesystem::path& dir() const { return dir_; }

  // [registry] Adds schools and updates them by code; returns {added, updated}.
  std::pair<int, int> import_schools(const std::vector<RegisteredSchool>& schools);
  std::vector<RegisteredSchool> schools();
  std::optional<RegisteredSchool> school(std::string_view code);
  // The campaigns each school has results in (a stored bundle), for the sampling's exclusion of
  // earlier participants (p.14): school code -> campaigns, sorted.
  std::map<std::string, std::vector<std::string>> participation();
  std::vector<std::string> campaigns_of(std::string_view school_code);

  // [packages] Refused when another package already has this id.
  Result<void> register_package(const RegisteredPackage& package,
                                const std::vector<item_bank::TestForm>& forms);
  std::vector<RegisteredPackage> packages(std::string_view campaign);
  // Every campaign with a registered package.
  std::vector<std::string> package_campaigns();
  // Every form of the campaign's packages, by form id.
  std::map<std::string, item_bank::TestForm> campaign_forms(std::string_view campaign);

  // [intake]
  // The receipt of a stored bundle (a duplicate is answered with it).
  std::optional<Receipt> receipt(std::string_view bundle_id);
  // The bundle's sitting already stored under another bundle id (a re-export after a change).
  std::optional<std::string> bundle_of_sitting(std::string_view school_code,
                                               std::string_view campaign, std::int64_t sitting);
  // Stores everything of a verified, re-scored bundle and its receipt (in the caller's
  // transaction); refused when the campaign is frozen. Each student's item responses of a
  // subject go into one compact row (encode_responses), not a row per item.
  Result<void> store_intake(const IntakeRecord& record, const Receipt& receipt);
  std::optional<Bytes> bundle_file(std::string_view bundle_id);
  std::vector<ScoreDisagreement> disagreements(std::string_view bundle_id);

  // [survey] p.25 (store_survey.cpp; the table is created on first use). Stores the bundle's
  // surveys with its school and campaign, in the caller's transaction; no link to any student.
  void store_surveys(const IntakeRecord& record);
  // Per kind and question, how many chose each option, over the campaign's surveys.
  std::vector<SurveyTally> survey_tallies(std::string_view campaign);

  // [analysis] What ntc/analysis reads and keeps.
  // The campaign's results with no personal data (CampaignData), all schools of the registry.
  CampaignData load_campaign(std::string_view campaign);
  // Stores a draw with its schools; returns its id. Refused when the campaign is frozen.
  Result<std::int64_t> record_draw(const SamplingDraw& draw);
  std::vector<SamplingDraw> draws(std::string_view campaign);
  // A school's report (PDF) for a campaign; storing again replaces it. Refused when the
  // campaign is frozen.
  Result<void> store_report(std::string_view campaign, std::string_view school_code, ByteView pdf);
  std::optional<Bytes> report(std::string_view campaign, std::string_view school_code);

  // [representatives] p.17.
  // Refused whole when a representative's campaign is frozen.
  Result<void> import_representatives(const std::vector<RepresentativeRecord>& list);
  std::vector<RepresentativeRecord> representatives(std::string_view campaign);

  // [freeze] A frozen campaign takes no more intake, reports, draws or representatives (seeds
  // 000-002 p.8): every write above checks it inside the caller's transaction.
  bool frozen(std::string_view campaign);
  // Records the freeze with its signed manifest.
  Result<void> freeze(std::string_view campaign, std::string_view manifest_json,
                      const crypto::Signature& signature);
  // The hashes that go into a campaign's manifest: every stored bundle and report by name.
  std::map<std::string, std::string> campaign_hashes(std::string_view campaign);

 private:
  struct Opened {};

 public:
  Store(Opened, std::filesystem::path dir, std::unique_ptr<Database> db, crypto::SigningKey key)
      : dir_(std::move(dir)), db_(std::move(db)), key_(std::move(key)) {}

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
  crypto::SigningKey key_;
};

// A student's pseudonymous key within a campaign: a keyed hash of the IIN under a key derived
// from the NTC's key, so analysts never see an IIN and cannot reverse the key.
std::string student_key(const crypto::SigningKey& ntc, std::string_view campaign,
                        std::string_view iin);

// The same keyed hash with the key derived once, for intake's thousands of students (deriving
// it allocates guarded memory each time).
class StudentKeys {
 public:
  explicit StudentKeys(const crypto::SigningKey& ntc);
  std::string of(std::string_view campaign, std::string_view iin) const;

 private:
  crypto::Secret key_;
};

// A subject's item responses as one compact row: per item its id, response and score
// (u8-length strings and u16 points; format 1). decode_responses refuses what is not one.
Bytes encode_responses(const std::vector<ItemResponse>& responses);
Result<std::vector<ItemResponse>> decode_responses(ByteView blob);

std::int64_t now_ms();

}  // namespace bbzhm::ntc
