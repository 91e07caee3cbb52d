// Parses the embedded catalog once and answers look-ups.
#include "common/i18n.hpp"

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

namespace bbzhm::i18n {
namespace {

struct Entry {
  std::string text;
  std::string origin;
};
using Table = std::map<std::string, Entry, std::less<>>;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

void parse_file(const detail::EmbeddedCatalogFile& f, Table& table) {
  std::string_view rest(f.text);
  int line_no = 0;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t eq = line.find(" = ");
    const std::string where = std::string(f.path) + ":" + std::to_string(line_no);
    if (eq == std::string_view::npos) throw std::logic_error("catalog " + where + ": no ' = '");
    const std::string key(trim(line.substr(0, eq)));
    if (!table.emplace(key, Entry{unescape(trim(line.substr(eq + 3))), where}).second)
      throw std::logic_error("catalog " + where + ": duplicate key " + key);
  }
}

const Table& table_for(Language lang) {
  static const auto tables = [] {
    std::map<Language, Table> t;
    for (std::size_t i = 0; i < detail::kEmbeddedCatalogSize; ++i) {
      const auto& f = detail::kEmbeddedCatalog[i];
      const auto l = parse_language(f.lang);
      if (!l) throw std::logic_error(std::string("catalog: unknown language folder ") + f.lang);
      parse_file(f, t[*l]);
    }
    for (Language l : kAllLanguages) t[l];
    return t;
  }();
  return tables.at(lang);
}

}  // namespace

std::string_view text(Language lang, std::string_view key) {
  const Table& t = table_for(lang);
  const auto it = t.find(key);
  return it == t.end() ? key : std::string_view(it->second.text);
}

std::string format(Language lang, std::string_view key,
                   std::initializer_list<std::string_view> args) {
  const std::string_view pattern = text(lang, key);
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const std::size_t n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) out += *(args.begin() + n);
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::vector<std::string_view> keys(Language lang) {
  std::vector<std::string_view> out;
  for (const auto& [k, _] : table_for(lang)) out.push_back(k);
  return out;
}

std::string_view origin(Language lang, std::string_view key) {
  const Table& t = table_for(lang);
  const auto it = t.find(key);
  return it == t.end() ? std::string_view{} : std::string_view(it->second.origin);
}

Language from_environment() {
  for (const char* var : {"BBZHM_LANG", "LC_ALL", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    const std::string_view s(v);
    if (auto l = parse_language(s.substr(0, 2))) return *l;
    if (std::string_view(var) == "BBZHM_LANG") break;
  }
  return Language::en;
}

}  // namespace bbzhm::i18n
