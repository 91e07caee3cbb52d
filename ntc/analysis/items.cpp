// Classical item analysis and test reliability.
#include "ntc/analysis/items.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

namespace bbzhm::ntc {
namespace {

bool sat(const StudentResult& s) {
  return !s.absent && !s.annulled && s.max_score > 0;
}

double total_of(const StudentResult& s) {
  double t = 0;
  for (const ItemResponse& r : s.responses) t += r.score;
  return t;
}

// Score group of every student who sat, by subject: 0 low third, 1 middle, 2 high third of the
// ranking by percent score (ties kept in data order, so the thirds are equal in size).
std::vector<int> score_groups(const CampaignData& data) {
  std::map<std::string, std::vector<std::size_t>> by_subject;
  for (std::size_t i = 0; i < data.students.size(); ++i)
    if (sat(data.students[i])) by_subject[data.students[i].subject].push_back(i);
  std::vector<int> group(data.students.size(), -1);
  for (auto& [subject, idx] : by_subject) {
    const auto percent = [&](std::size_t i) {
      return data.students[i].score / data.students[i].max_score;
    };
    std::ranges::stable_sort(idx,
                             [&](std::size_t a, std::size_t b) { return percent(a) < percent(b); });
    const std::size_t n = idx.size();
    for (std::size_t r = 0; r < n; ++r) group[idx[r]] = static_cast<int>(3 * r / n);
  }
  return group;
}

}  // namespace

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0;
  const double mx = std::accumulate(x.begin(), x.begin() + static_cast<long>(n), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.begin() + static_cast<long>(n), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

std::vector<ItemStats> analyze_items(const CampaignData& data) {
  std::map<std::string, const ItemInfo*> infos;
  for (const ItemInfo& it : data.items) infos.emplace(it.item_id, &it);
  const std::vector<int> group = score_groups(data);

  struct Acc {
    std::string subject;
    std::vector<double> item, rest;
    double score = 0, max = 0;
    std::size_t omitted = 0;
    std::size_t in_group[3] = {0, 0, 0};
    std::map<int, std::array<std::size_t, 3>> chose;  // option -> students per group
  };
  std::map<std::pair<std::string, std::string>, Acc> acc;
  for (std::size_t i = 0; i < data.students.size(); ++i) {
    const StudentResult& s = data.students[i];
    if (!sat(s)) continue;
    const double total = total_of(s);
    const int g = group[i];
    for (const ItemResponse& r : s.responses) {
      Acc& a = acc[{s.subject, r.item_id}];
      a.item.push_back(r.score);
      a.rest.push_back(total - r.score);
      a.score += r.score;
      a.max += r.max_score;
      ++a.in_group[g];
      if (r.omitted) {
        ++a.omitted;
        ++a.chose[-1][g];
      }
      for (int o : r.chosen) ++a.chose[o][g];
    }
  }

  std::vector<ItemStats> out;
  for (auto& [k, a] : acc) {
    ItemStats st;
    st.subject = k.first;
    st.item_id = k.second;
    st.presented = a.item.size();
    const auto info = infos.find(st.item_id);
    st.kind = info == infos.end() ? "" : info->second->kind;
    st.p_value = a.max > 0 ? a.score / a.max : 0;
    st.point_biserial = pearson(a.item, a.rest);
    st.omitted_rate = st.presented ? static_cast<double>(a.omitted) / st.presented : 0;
    int options = info == infos.end() ? 0 : info->second->option_count;
    for (const auto& [o, counts] : a.chose) options = std::max(options, o + 1);
    if (options > 0) {
      const auto share = [&](int o, int g) {
        const auto it = a.chose.find(o);
        if (it == a.chose.end() || a.in_group[g] == 0) return 0.0;
        return static_cast<double>(it->second[g]) / static_cast<double>(a.in_group[g]);
      };
      for (int o = -1; o < options; ++o) {
        OptionShare os;
        os.option = o;
        if (info != infos.end() && o >= 0)
          os.key = std::ranges::find(info->second->key, o) != info->second->key.end();
        const auto it = a.chose.find(o);
        const std::size_t all =
            it == a.chose.end() ? 0 : it->second[0] + it->second[1] + it->second[2];
        os.all = st.presented ? static_cast<double>(all) / st.presented : 0;
        os.low = share(o, 0);
        os.middle = share(o, 1);
        os.high = share(o, 2);
        st.options.push_back(os);
      }
      // "omitted" goes last, after the options.
      std::rotate(st.options.begin(), st.options.begin() + 1, st.options.end());
    }
    out.push_back(std::move(st));
  }
  return out;
}

std::vector<TestStats> analyze_tests(const CampaignData& data) {
  struct Acc {
    std::map<std::string, std::size_t> item_index;
    std::vector<std::vector<double>> rows;  // per student, per item (0 when not presented)
  };
  std::map<std::pair<std::string, std::string>, Acc> forms;
  for (const StudentResult& s : data.students) {
    if (!sat(s)) continue;
    Acc& a = forms[{s.subject, s.variant}];
    std::vector<double> row(a.item_index.size(), 0.0);
    for (const ItemResponse& r : s.responses) {
      const auto [it, added] = a.item_index.emplace(r.item_id, a.item_index.size());
      if (added) {
        for (auto& old : a.rows) old.push_back(0.0);
        row.push_back(0.0);
      }
      row[it->second] += r.score;
    }
    a.rows.push_back(std::move(row));
  }
  std::vector<TestStats> out;
  for (const auto& [k, a] : forms) {
    TestStats t;
    t.subject = k.first;
    t.variant = k.second;
    t.students = a.rows.size();
    t.items = a.item_index.size();
    const double n = static_cast<double>(t.students);
    std::vector<double> totals;
    for (const auto& row : a.rows) totals.push_back(std::accumulate(row.begin(), row.end(), 0.0));
    t.mean = n > 0 ? std::accumulate(totals.begin(), totals.end(), 0.0) / n : 0;
    double ss = 0;
    for (double x : totals) ss += (x - t.mean) * (x - t.mean);
    const double var_total = n > 1 ? ss / (n - 1) : 0;
    t.sd = std::sqrt(var_total);
    if (t.items >= 2 && var_total > 0) {
      double sum_var = 0;
      for (std::size_t j = 0; j < t.items; ++j) {
        double m = 0;
        for (const auto& row : a.rows) m += row[j];
        m /= n;
        double v = 0;
        for (const auto& row : a.rows) v += (row[j] - m) * (row[j] - m);
        sum_var += v / (n - 1);
      }
      const double k_items = static_cast<double>(t.items);
      t.alpha = k_items / (k_items - 1) * (1 - sum_var / var_total);
      t.sem = t.sd * std::sqrt(std::max(0.0, 1 - t.alpha));
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace bbzhm::ntc
