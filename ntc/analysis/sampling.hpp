// p.14: the NTC selects the participating schools at random, stratified by urban/rural, school
// type, contingent and language of instruction, with a set share (25%), excluding schools that
// took part in earlier campaigns. A draw is repeatable from its seed on any machine
// (ntc/analysis/random.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "common/domain.hpp"
#include "common/error.hpp"
#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

struct SampleStratum {
  std::string key;                    // "urban|lyceum|medium|kk" (languages sorted, joined by '+')
  std::size_t schools = 0;            // of the registry in this stratum
  std::size_t excluded = 0;           // took part in an earlier campaign
  std::size_t quota = 0;              // schools to select
  std::vector<std::string> selected;  // codes, sorted
};

struct SchoolSample {
  double share = 0;
  std::uint64_t seed = 0;
  std::size_t schools = 0;            // in the registry
  std::size_t excluded = 0;           // earlier participants, in all strata
  std::vector<SampleStratum> strata;  // sorted by key
  std::vector<std::string> selected;  // every selected code, sorted
};

// The stratum of a school: urban/rural, type, contingent, languages of instruction.
std::string stratum_key(const SchoolInfo& school);

// Draws `share` of the schools of every stratum. Quotas: round(share · N) schools in all; each
// stratum first gets floor(share · N_s), then the seats left go one each to the strata with the
// largest fractional parts (ties to the smaller key) that still have an eligible school beyond
// their quota — so every stratum gets floor or ceil of share · N_s. Within a stratum, the
// schools not in `earlier` are ordered by code and the first `quota` of a Fisher-Yates shuffle
// by xoshiro256** seeded with seed XOR FNV-1a-64(stratum key) are taken.
// Errors: a share outside (0, 1], a duplicate school code, a stratum whose floor quota exceeds
// its schools not in `earlier` (named with its numbers; key "ntc.sample.error.stratum"), and too
// few eligible schools in all ("ntc.sample.error.total").
Result<SchoolSample> draw_sample(std::span<const SchoolInfo> schools,
                                 const std::set<std::string>& earlier, double share,
                                 std::uint64_t seed);

// The draw as `bbzhm-ntc sample` prints it: a line per stratum, then the selected codes.
std::string format_sample(const SchoolSample& sample, Language lang);

}  // namespace bbzhm::ntc
