// Differential item functioning between the language versions of the same item, by the
// Mantel-Haenszel procedure (Holland & Thayer 1988) with the ETS A/B/C classes (Zwick 2012).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

// One 2x2 table of a matching stratum: reference group right/wrong, focal group right/wrong.
struct MhStratum {
  double ref_right = 0, ref_wrong = 0, focal_right = 0, focal_wrong = 0;
};

enum class EtsClass { A, B, C };
char letter(EtsClass c);  // 'A', 'B', 'C'

struct MhResult {
  double alpha = 1;  // common odds ratio Σ(A·D/N) / Σ(B·C/N); > 1 favours the reference group
  double d_dif = 0;  // MH D-DIF = -2.35 ln(alpha), on the ETS delta scale
  double se_d_dif = 0;    // 2.35 · SE(ln alpha), Robins-Breslow-Greenland variance
  double chi_square = 0;  // MH chi-square with continuity correction, 1 df
  EtsClass ets = EtsClass::A;
  std::size_t reference = 0, focal = 0;  // students in the strata used
};

// The MH statistics of one item over its strata; strata with only one group are ignored.
// A: |D| < 1 or chi-square < 3.841 (not significant at 5%);
// C: |D| >= 1.5 and (|D| - 1) / SE > 1.645 (significantly above 1, one-sided 5%);
// B: every other case.
MhResult mantel_haenszel(const std::vector<MhStratum>& strata);

struct DifResult {
  std::string item_id;
  std::string subject;
  std::string reference;  // language codes
  std::string focal;
  MhResult mh;
};

// Every item taken in both `reference` and `focal` languages, matched on the students' variant
// and total raw score in the subject; a response counts right when it earned the item's full score.
// Only students who sat; sorted by subject then item id.
std::vector<DifResult> language_dif(const CampaignData& data, const std::string& reference,
                                    const std::string& focal);

}  // namespace bbzhm::ntc
