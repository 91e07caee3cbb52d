// Stratified random sampling of schools (p.14).
#include "ntc/analysis/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/i18n.hpp"
#include "ntc/analysis/random.hpp"

namespace bbzhm::ntc {

std::string stratum_key(const SchoolInfo& school) {
  std::vector<std::string> langs = school.languages;
  std::ranges::sort(langs);
  std::string l;
  for (const std::string& x : langs) l += (l.empty() ? "" : "+") + x;
  return std::string(school.urban ? "urban" : "rural") + "|" + school.type + "|" +
         school.contingent + "|" + l;
}

Result<SchoolSample> draw_sample(std::span<const SchoolInfo> schools,
                                 const std::set<std::string>& earlier, double share,
                                 std::uint64_t seed) {
  if (!(share > 0 && share <= 1)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", share);
    return fail(std::string("the share ") + buf + " is not in (0, 1]", "ntc.sample.error.share");
  }
  std::set<std::string_view> codes;
  std::map<std::string, std::vector<const SchoolInfo*>> by_stratum;
  for (const SchoolInfo& s : schools) {
    if (!codes.insert(s.code).second)
      return fail("school " + s.code + " is twice in the registry", "ntc.sample.error.duplicate");
    by_stratum[stratum_key(s)].push_back(&s);
  }

  SchoolSample out;
  out.share = share;
  out.seed = seed;
  out.schools = schools.size();
  // Largest remainder: floors first, then one more to the largest fractional parts.
  const auto total = static_cast<std::size_t>(std::llround(share * schools.size()));
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t allotted = 0;
  for (auto& [key, members] : by_stratum) {
    SampleStratum st;
    st.key = key;
    st.schools = members.size();
    const double exact = share * static_cast<double>(members.size());
    st.quota = static_cast<std::size_t>(std::floor(exact + 1e-9));
    allotted += st.quota;
    remainders.emplace_back(exact - static_cast<double>(st.quota), out.strata.size());
    out.strata.push_back(std::move(st));
  }
  // Eligible schools per stratum, so that a rounded-up seat goes only where it can be filled.
  std::vector<std::vector<std::string>> eligible(out.strata.size());
  for (std::size_t k = 0; k < out.strata.size(); ++k) {
    SampleStratum& st = out.strata[k];
    for (const SchoolInfo* s : by_stratum[st.key]) {
      if (earlier.contains(s->code))
        ++st.excluded;
      else
        eligible[k].push_back(s->code);
    }
    out.excluded += st.excluded;
  }
  std::ranges::stable_sort(remainders,
                           [](const auto& a, const auto& b) { return a.first > b.first + 1e-12; });
  for (std::size_t k = 0; allotted < total && k < remainders.size(); ++k) {
    SampleStratum& st = out.strata[remainders[k].second];
    if (eligible[remainders[k].second].size() <= st.quota) continue;
    ++st.quota;
    ++allotted;
  }

  for (std::size_t k = 0; k < out.strata.size(); ++k) {
    SampleStratum& st = out.strata[k];
    std::vector<std::string>& pool = eligible[k];
    if (pool.size() < st.quota)
      return fail("stratum " + st.key + " cannot be filled: " + std::to_string(st.quota) +
                      " schools to select, " + std::to_string(pool.size()) + " of its " +
                      std::to_string(st.schools) + " did not take part earlier",
                  "ntc.sample.error.stratum");
    std::ranges::sort(pool);
    Xoshiro256 rng(seed ^ fnv1a64(st.key));
    for (std::size_t i = 0; i < st.quota; ++i)
      std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
    st.selected.assign(pool.begin(), pool.begin() + static_cast<long>(st.quota));
    std::ranges::sort(st.selected);
    out.selected.insert(out.selected.end(), st.selected.begin(), st.selected.end());
  }
  std::ranges::sort(out.selected);
  if (allotted < total)
    return fail("only " + std::to_string(out.selected.size()) + " schools can be drawn, " +
                    std::to_string(total) + " are needed: too few did not take part earlier",
                "ntc.sample.error.total");
  return out;
}

std::string format_sample(const SchoolSample& sample, Language lang) {
  char share[32];
  std::snprintf(share, sizeof share, "%.4g", sample.share);
  std::string out =
      i18n::format(lang, "ntc.sample.summary",
                   {std::to_string(sample.selected.size()), std::to_string(sample.schools), share,
                    std::to_string(sample.seed), std::to_string(sample.excluded)}) +
      "\n";
  for (const SampleStratum& st : sample.strata)
    out += i18n::format(lang, "ntc.sample.stratum",
                        {st.key, std::to_string(st.schools), std::to_string(st.excluded),
                         std::to_string(st.quota)}) +
           "\n";
  for (const std::string& code : sample.selected) out += code + "\n";
  return out;
}

}  // namespace bbzhm::ntc
