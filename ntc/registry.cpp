// Parsing the school registry CSV (ntc/registry.hpp).
#include "ntc/registry.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/i18n.hpp"

namespace bbzhm::ntc {
namespace {

const std::vector<std::string> kColumns = {"code",      "name",       "region",
                                           "district",  "settlement", "type",
                                           "languages", "contingent", "public_key"};
const std::set<std::string> kTypes = {"school", "gymnasium", "lyceum", "specialized",
                                      "small",  "boarding",  "college"};
const std::set<std::string> kContingents = {"small", "medium", "large"};

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// RFC 4180 fields of one logical line; false if a quote is left open.
bool split_line(std::string_view line, char sep, std::vector<std::string>& out) {
  out.clear();
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == sep) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(trim(cur));
  return !quoted;
}

}  // namespace

std::expected<std::vector<RegisteredSchool>, std::vector<RegistryProblem>> parse_registry(
    std::string_view bytes) {
  std::vector<RegistryProblem> problems;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char ch : bytes) {
      if (ch == '\n') {
        if (!cur.empty() && cur.back() == '\r') cur.pop_back();
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += ch;
      }
    }
    if (!cur.empty()) lines.push_back(cur);
  }
  if (lines.empty())
    return std::unexpected(std::vector<RegistryProblem>{{1, "header", "ntc.registry.empty", {}}});
  const char sep = std::count(lines[0].begin(), lines[0].end(), ';') >
                           std::count(lines[0].begin(), lines[0].end(), ',')
                       ? ';'
                       : ',';
  std::vector<std::string> header;
  split_line(lines[0], sep, header);
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (std::find(kColumns.begin(), kColumns.end(), header[i]) == kColumns.end())
      problems.push_back({1, "header", "ntc.registry.column_unknown", {header[i]}});
    else
      at[header[i]] = i;
  }
  for (const auto& c : kColumns)
    if (!at.contains(c)) problems.push_back({1, "header", "ntc.registry.column_missing", {c}});
  if (!problems.empty()) return std::unexpected(problems);

  std::vector<RegisteredSchool> out;
  std::map<std::string, int> seen_code, seen_key;
  std::vector<std::string> f;
  for (std::size_t n = 1; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    if (trim(lines[n]).empty()) continue;
    if (!split_line(lines[n], sep, f)) {
      problems.push_back({line, "line", "ntc.registry.unclosed_quote", {}});
      continue;
    }
    if (f.size() != header.size()) {
      problems.push_back({line,
                          "line",
                          "ntc.registry.field_count",
                          {std::to_string(header.size()), std::to_string(f.size())}});
      continue;
    }
    auto get = [&](const std::string& c) { return f[at[c]]; };
    auto problem = [&](const std::string& field, const std::string& key,
                       std::vector<std::string> args = {}) {
      problems.push_back({line, field, key, std::move(args)});
    };
    RegisteredSchool s;
    for (const auto& c : kColumns)
      if (get(c).empty()) problem(c, "ntc.registry.empty_value");
    s.info.code = get("code");
    if (!s.info.code.empty()) {
      if (!std::all_of(s.info.code.begin(), s.info.code.end(),
                       [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; }) ||
          s.info.code.size() > 20)
        problem("code", "ntc.registry.code", {s.info.code});
      else if (auto [it, fresh] = seen_code.emplace(s.info.code, line); !fresh)
        problem("code", "ntc.registry.duplicate", {s.info.code, std::to_string(it->second)});
    }
    s.info.name = get("name");
    s.info.region = get("region");
    s.info.district = get("district");
    const std::string settlement = get("settlement");
    if (settlement == "urban" || settlement == "rural")
      s.info.urban = settlement == "urban";
    else if (!settlement.empty())
      problem("settlement", "ntc.registry.settlement", {settlement});
    s.info.type = get("type");
    if (!s.info.type.empty() && !kTypes.contains(s.info.type))
      problem("type", "ntc.registry.type", {s.info.type});
    std::string word;
    for (char ch : get("languages") + " ") {
      if (ch == ' ' || ch == '+' || ch == '|' || ch == '/') {
        if (word.empty()) continue;
        if (word != "kk" && word != "ru" && word != "en")
          problem("languages", "ntc.registry.language", {word});
        else if (std::find(s.info.languages.begin(), s.info.languages.end(), word) ==
                 s.info.languages.end())
          s.info.languages.push_back(word);
        word.clear();
      } else {
        word += ch;
      }
    }
    s.info.contingent = get("contingent");
    if (!s.info.contingent.empty() && !kContingents.contains(s.info.contingent))
      problem("contingent", "ntc.registry.contingent", {s.info.contingent});
    if (const std::string hex = get("public_key"); !hex.empty()) {
      if (auto key = crypto::public_key_from_hex(hex)) {
        s.public_key = *key;
        if (auto [it, fresh] = seen_key.emplace(hex, line); !fresh)
          problem("public_key", "ntc.registry.duplicate",
                  {hex.substr(0, 16) + "…", std::to_string(it->second)});
      } else {
        problem("public_key", "ntc.registry.public_key", {});
      }
    }
    out.push_back(std::move(s));
  }
  if (out.empty() && problems.empty())
    problems.push_back({1, "header", "ntc.registry.no_schools", {}});
  if (!problems.empty()) return std::unexpected(problems);
  return out;
}

std::string describe(const RegistryProblem& p, std::string_view file_name, Language lang) {
  const auto arg = [&p](std::size_t k) {
    return k < p.args.size() ? std::string_view(p.args[k]) : std::string_view();
  };
  return std::string(file_name) + ":" + std::to_string(p.line) + ": " + p.field + ": " +
         i18n::format(lang, p.key, {arg(0), arg(1), arg(2)});
}

}  // namespace bbzhm::ntc
