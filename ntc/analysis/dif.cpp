// Mantel-Haenszel DIF between the language versions of an item.
#include "ntc/analysis/dif.hpp"

#include <cmath>
#include <map>

namespace bbzhm::ntc {

char letter(EtsClass c) {
  return c == EtsClass::A ? 'A' : c == EtsClass::B ? 'B' : 'C';
}

MhResult mantel_haenszel(const std::vector<MhStratum>& strata) {
  MhResult r;
  double num = 0, den = 0;                       // of the common odds ratio
  double sum_a = 0, sum_ea = 0, sum_var = 0;     // of the chi-square
  double rbg_pr = 0, rbg_ps_qr = 0, rbg_qs = 0;  // of the Robins-Breslow-Greenland variance
  for (const MhStratum& s : strata) {
    const double a = s.ref_right, b = s.ref_wrong, c = s.focal_right, d = s.focal_wrong;
    const double n_ref = a + b, n_focal = c + d, n = n_ref + n_focal;
    if (n_ref <= 0 || n_focal <= 0) continue;
    r.reference += static_cast<std::size_t>(n_ref);
    r.focal += static_cast<std::size_t>(n_focal);
    const double rs = a * d / n, ss = b * c / n;
    num += rs;
    den += ss;
    const double p = (a + d) / n, q = (b + c) / n;
    rbg_pr += p * rs;
    rbg_ps_qr += p * ss + q * rs;
    rbg_qs += q * ss;
    const double right = a + c, wrong = b + d;
    sum_a += a;
    sum_ea += n_ref * right / n;
    if (n > 1) sum_var += n_ref * n_focal * right * wrong / (n * n * (n - 1));
  }
  if (num <= 0 || den <= 0) return r;  // no information (or a perfect separation)
  r.alpha = num / den;
  r.d_dif = -2.35 * std::log(r.alpha);
  const double var_ln =
      rbg_pr / (2 * num * num) + rbg_ps_qr / (2 * num * den) + rbg_qs / (2 * den * den);
  r.se_d_dif = 2.35 * std::sqrt(var_ln);
  if (sum_var > 0) {
    const double dev = std::max(0.0, std::abs(sum_a - sum_ea) - 0.5);
    r.chi_square = dev * dev / sum_var;
  }
  const double abs_d = std::abs(r.d_dif);
  if (abs_d < 1.0 || r.chi_square < 3.841) {
    r.ets = EtsClass::A;
  } else if (abs_d >= 1.5 && r.se_d_dif > 0 && (abs_d - 1.0) / r.se_d_dif > 1.645) {
    r.ets = EtsClass::C;
  } else {
    r.ets = EtsClass::B;
  }
  return r;
}

std::vector<DifResult> language_dif(const CampaignData& data, const std::string& reference,
                                    const std::string& focal) {
  // (subject, item) -> (variant, total raw score rounded) -> its 2x2 table. Totals of different
  // variants are different scales, so each variant has its own strata.
  std::map<std::pair<std::string, std::string>, std::map<std::pair<std::string, long>, MhStratum>>
      tables;
  for (const StudentResult& s : data.students) {
    if (s.absent || s.annulled || s.max_score <= 0) continue;
    const bool is_ref = s.language == reference;
    if (!is_ref && s.language != focal) continue;
    double total = 0;
    for (const ItemResponse& r : s.responses) total += r.score;
    const std::pair<std::string, long> stratum{s.variant, std::lround(total)};
    for (const ItemResponse& r : s.responses) {
      MhStratum& t = tables[{s.subject, r.item_id}][stratum];
      const bool right = r.max_score > 0 && r.score >= r.max_score;
      (is_ref ? (right ? t.ref_right : t.ref_wrong) : (right ? t.focal_right : t.focal_wrong)) += 1;
    }
  }
  std::vector<DifResult> out;
  for (const auto& [k, by_stratum] : tables) {
    std::vector<MhStratum> strata;
    double ref = 0, foc = 0;
    for (const auto& [score, t] : by_stratum) {
      strata.push_back(t);
      ref += t.ref_right + t.ref_wrong;
      foc += t.focal_right + t.focal_wrong;
    }
    if (ref <= 0 || foc <= 0) continue;  // the item was taken in one language only
    out.push_back(DifResult{.item_id = k.second,
                            .subject = k.first,
                            .reference = reference,
                            .focal = focal,
                            .mh = mantel_haenszel(strata)});
  }
  return out;
}

}  // namespace bbzhm::ntc
