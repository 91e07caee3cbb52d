// Intake of a school's results bundle at the NTC: open, verify, re-score, store, sign a receipt.
// In two stages so that a campaign's thousands of bundles use every core: check_bundle (opening,
// signature, journal chain, parsing, re-scoring: CPU, no database, any thread) and admit_bundle
// (registry, duplicates, freeze, storing: the store's one thread). intake_bundles runs both as a
// pipeline with a transaction per batch.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include "common/codec.hpp"
#include "common/error.hpp"
#include "ntc/store.hpp"

namespace bbzhm::ntc {

struct IntakeOutcome {
  bool duplicate = false;  // already stored: the original receipt is returned, nothing stored
  std::string bundle_id;
  std::string school_code;
  std::int64_t sitting = 0;
  int students = 0;
  std::vector<ScoreDisagreement> disagreements;
  Receipt receipt;
};

using CampaignForms = std::map<std::string, item_bank::TestForm>;  // by form id

// The campaigns' forms as the checking threads see them: filled by the store's thread (from
// Store::campaign_forms) as campaigns appear, read by any thread.
class FormCatalog {
 public:
  // The forms of `campaign` read with the packages `package_ids`, if known.
  std::shared_ptr<const CampaignForms> find(const std::string& campaign) const;
  // The store's thread: the campaign's forms, read again when its packages changed.
  std::shared_ptr<const CampaignForms> refresh(Store& store, const std::string& campaign);

 private:
  struct Entry {
    std::string packages;  // the package ids the forms were read with
    std::shared_ptr<const CampaignForms> forms;
  };
  mutable std::shared_mutex mutex_;
  std::map<std::string, Entry> campaigns_;
};

struct CheckedParticipant;

// A bundle after check_bundle. `refusal` is set when it could not be opened or is not a results
// bundle; `defect` when it opened but its journal, content or answers are wrong (reported after
// the registry checks, as a whole refusal). Move-only.
struct CheckedBundle {
  CheckedBundle();
  CheckedBundle(CheckedBundle&&) noexcept;
  CheckedBundle& operator=(CheckedBundle&&) noexcept;
  ~CheckedBundle();

  std::optional<Error> refusal;
  std::optional<Error> defect;
  crypto::PublicKey school_key{};
  IntakeRecord record;  // students re-scored when `scored`
  bool scored = false;
  std::shared_ptr<const CampaignForms> scored_with;  // the forms `record` was scored with
  int answers = 0;
  std::vector<CheckedParticipant> participants;  // parsed, waiting for re-scoring
};

// Stage one, any thread: opens the bundle with the NTC key, checks the school's signature, parses
// the content, verifies the journal chain against the key that signed the bundle (admit_bundle
// requires it to be the registered key) and its start and end, and re-scores every answer when
// `forms` knows the campaign. Takes the file's bytes (kept for the archive).
CheckedBundle check_bundle(const crypto::SigningKey& ntc, const StudentKeys& keys,
                           const FormCatalog& forms, Bytes file);

// Stage two, the store's thread, inside the caller's transaction: refused whole (the error says
// why, nothing stored) when the bundle could not be opened, the school is not in the registry or
// signed with another key than the registered one, its campaign has no registered package, is
// frozen, or is not `only_campaign`, its journal is broken, or it names forms or items the
// package does not have. Scores are the NTC's: every answer is re-scored from the package's keys;
// a school score that differs is stored as a disagreement and listed in the signed receipt.
Result<IntakeOutcome> admit_bundle(Store& store, FormCatalog& forms, CheckedBundle&& bundle,
                                   const std::optional<std::string>& only_campaign);

// Both stages and one transaction, for one bundle.
Result<IntakeOutcome> intake_bundle(Store& store, ByteView file,
                                    const std::optional<std::string>& only_campaign);

struct BatchOptions {
  unsigned threads = 0;          // checking threads; 0: one per core
  std::size_t max_batch = 256;   // bundles per transaction at most
  double max_batch_seconds = 1;  // a transaction is committed at least this often
  std::optional<std::string> only_campaign;
};

// Many bundles: `load(i)` reads bundle i (0 <= i < count) on a checking thread; each is checked
// on `threads` threads while this thread admits them in order, in a transaction per batch
// (a savepoint per bundle, so one failing store refuses that bundle only). `done(i, outcome)` is
// called on this thread, in order, once bundle i's transaction committed (durability before the
// receipt). A database failure of a commit is thrown (DbError) after reporting nothing for the
// batch it lost.
void intake_bundles(Store& store, std::size_t count,
                    const std::function<Result<Bytes>(std::size_t)>& load,
                    const std::function<void(std::size_t, Result<IntakeOutcome>)>& done,
                    const BatchOptions& options = {});

}  // namespace bbzhm::ntc
