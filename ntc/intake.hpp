// Intake of a school's results bundle at the NTC: open, verify, re-score, store, sign a receipt.
#pragma once

#include <optional>
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

// Refused whole (the error says why, nothing stored) when the bundle cannot be opened (altered,
// not for this NTC), its signature fails, the school is not in the registry or signed with
// another key than the registered one, its campaign has no registered package, is frozen, or is
// not `only_campaign`, its journal is broken, or it names forms or items the package does not
// have. Scores are the NTC's: every answer is re-scored from the package's keys; a school score
// that differs is stored as a disagreement and listed in the receipt. One transaction.
Result<IntakeOutcome> intake_bundle(Store& store, ByteView file,
                                    const std::optional<std::string>& only_campaign);

}  // namespace bbzhm::ntc
