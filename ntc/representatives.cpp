// bbzhm-ntc import-representatives (p.17): the ministry's approved list of authorized
// representatives (CSV: id, full_name, schools — school codes separated by spaces), checked
// whole against the registry, stored for the campaign, and one credential file per representative
// signed by the NTC key, which a school server requires before it adds a representative. A
// credential is valid from --valid-from to the end of --valid-until (UTC dates; by default from
// today for 90 days): a school server refuses it outside that period.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/i18n.hpp"
#include "ntc/commands.hpp"
#include "ntc/store.hpp"
#include "server/bundle.hpp"

namespace bbzhm::ntc {
namespace {

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted && ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cur += '"';
      ++i;
    } else if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(cur);
  for (auto& f : out) {
    const auto a = f.find_first_not_of(" \t\r");
    f = a == std::string::npos ? "" : f.substr(a, f.find_last_not_of(" \t\r") - a + 1);
  }
  return out;
}

constexpr std::int64_t kDayMs = 86'400'000;

// "2027-04-30" to ms since the epoch at 00:00 UTC (H. Hinnant's days_from_civil).
std::optional<std::int64_t> parse_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char extra = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
      m < 1 || m > 12 || d < 1 || d > 31)
    return std::nullopt;
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146'097 + doe - 719'468;
  if (server::utc_date(days * kDayMs) != text) return std::nullopt;  // 2027-02-30
  return days * kDayMs;
}

}  // namespace

int run_import_representatives(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db", "campaign", "out", "valid-from", "valid-until"}); !ok) {
    std::cerr << "bbzhm-ntc: " << ok.error().what << "\n";
    return 1;
  }
  auto campaign = args.need("campaign");
  auto out = args.need("out");
  if (!campaign || !out || args.positional().size() != 2) {
    std::cerr << "bbzhm-ntc: usage: bbzhm-ntc import-representatives --data DIR --campaign C "
                 "--out DIR [--valid-from YYYY-MM-DD] [--valid-until YYYY-MM-DD] FILE.csv\n";
    return 2;
  }
  const std::int64_t today = now_ms() / kDayMs * kDayMs;
  std::int64_t valid_from = today;
  if (auto text = args.get("valid-from")) {
    auto d = parse_date(*text);
    if (!d) {
      std::cerr << "bbzhm-ntc: --valid-from " << *text << ": not a date like 2027-04-01\n";
      return 2;
    }
    valid_from = *d;
  }
  std::int64_t valid_until = valid_from + 90 * kDayMs - 1;
  if (auto text = args.get("valid-until")) {
    auto d = parse_date(*text);
    if (!d) {
      std::cerr << "bbzhm-ntc: --valid-until " << *text << ": not a date like 2027-04-30\n";
      return 2;
    }
    valid_until = *d + kDayMs - 1;  // to the end of that day
  }
  if (valid_until < valid_from || valid_until < now_ms()) {
    std::cerr << "bbzhm-ntc: the credentials would be valid from " << server::utc_date(valid_from)
              << " to " << server::utc_date(valid_until) << ": that period is over or empty\n";
    return 2;
  }
  const std::string file = args.positional()[1];
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "bbzhm-ntc: cannot read " << file << "\n";
    return 1;
  }
  auto dir = args.need("data");
  auto store = Store::open(*dir, args.get("db").value_or(""));
  if (!store) {
    std::cerr << "bbzhm-ntc: " << store.error().what << "\n";
    return 1;
  }
  const std::string name = std::filesystem::path(file).filename().string();
  std::vector<RepresentativeRecord> list;
  std::vector<std::string> problems;
  std::string line;
  int number = 0;
  std::map<std::string, int> seen;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line.starts_with("\xEF\xBB\xBF")) line = line.substr(3);
      if (fields_of(line) != std::vector<std::string>{"id", "full_name", "schools"})
        problems.push_back(name + ":1: header: " +
                           i18n::format(lang, "ntc.reps.header", {"id,full_name,schools"}));
      continue;
    }
    const auto f = fields_of(line);
    if (f.size() == 1 && f[0].empty()) continue;
    const std::string where = name + ":" + std::to_string(number) + ": ";
    if (f.size() != 3) {
      problems.push_back(
          where + "line: " +
          i18n::format(lang, "ntc.registry.field_count", {"3", std::to_string(f.size())}));
      continue;
    }
    RepresentativeRecord r{f[0], f[1], *campaign, {}};
    if (r.id.empty())
      problems.push_back(where + "id: " + i18n::format(lang, "ntc.registry.empty_value", {}));
    if (r.full_name.empty())
      problems.push_back(where +
                         "full_name: " + i18n::format(lang, "ntc.registry.empty_value", {}));
    if (auto [it, fresh] = seen.emplace(r.id, number); !fresh && !r.id.empty())
      problems.push_back(
          where + "id: " +
          i18n::format(lang, "ntc.registry.duplicate", {r.id, std::to_string(it->second)}));
    std::istringstream codes(f[2]);
    for (std::string code; codes >> code;) {
      if (!(*store)->school(code))
        problems.push_back(where + "schools: " + i18n::format(lang, "ntc.reps.school", {code}));
      r.school_codes.push_back(code);
    }
    if (r.school_codes.empty())
      problems.push_back(where + "schools: " + i18n::format(lang, "ntc.registry.empty_value", {}));
    list.push_back(std::move(r));
  }
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << p << "\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(*out, ec);
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  const std::int64_t now = now_ms();
  for (const auto& r : list) {
    const nlohmann::json j = {{"campaign", r.campaign},    {"id", r.id},
                              {"full_name", r.full_name},  {"schools", r.school_codes},
                              {"issued_at", now},          {"valid_from", valid_from},
                              {"valid_until", valid_until}};
    files.emplace_back(std::filesystem::path(*out) / (r.id + ".credential"),
                       server::sign_credential(j.dump(), (*store)->key()));
  }
  Transaction tx((*store)->db());
  if (auto r = (*store)->import_representatives(list); !r) {
    std::cerr << "bbzhm-ntc: " << r.error().what << "\n";
    return 2;
  }
  for (const auto& [path, text] : files) {
    std::ofstream f(path, std::ios::trunc);
    f << text;
    if (!f.flush()) {
      std::cerr << "bbzhm-ntc: cannot write " << path.string() << "\n";
      return 1;
    }
  }
  tx.commit();
  std::cout << i18n::format(lang, "ntc.reps.imported", {std::to_string(list.size()), *out}) << "\n";
  return 0;
}

}  // namespace bbzhm::ntc
