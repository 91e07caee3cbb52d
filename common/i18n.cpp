// Parses the embedded catalog once and answers look-ups.
#include "common/i18n.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>

namespace bbzhm::i18n {
namespace {

// A key and its text point into the embedded catalog (only a text with a `\n` is copied, to
// unescape it), so the catalog costs one array a language: it was a map of three strings an
// entry, ten thousand allocations and half a megabyte in every process, the kiosk included.
struct Entry {
  std::string_view key;
  std::string_view text;
  const char* path;  // of the file within common/i18n, and the line, for origin()
  int line;
};
struct Table {
  std::vector<Entry> entries;     // sorted by key
  std::deque<std::string> texts;  // the unescaped texts (a deque: a growing one never moves them)

  const Entry* find(std::string_view key) const {
    const auto it = std::ranges::lower_bound(entries, key, {}, &Entry::key);
    return it != entries.end() && it->key == key ? &*it : nullptr;
  }
};

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

std::string where(const char* path, int line) {
  return std::string(path) + ":" + std::to_string(line);
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
    if (eq == std::string_view::npos)
      throw std::logic_error("catalog " + where(f.path, line_no) + ": no ' = '");
    std::string_view text = trim(line.substr(eq + 3));
    if (text.find("\\n") != std::string_view::npos) text = table.texts.emplace_back(unescape(text));
    table.entries.push_back({trim(line.substr(0, eq)), text, f.path, line_no});
  }
}

void sort_and_check(Table& table) {
  std::ranges::stable_sort(table.entries, {}, &Entry::key);
  const auto twice = std::ranges::adjacent_find(table.entries, {}, &Entry::key);
  if (twice != table.entries.end())
    throw std::logic_error("catalog " + where(std::next(twice)->path, std::next(twice)->line) +
                           ": duplicate key " + std::string(twice->key));
  table.entries.shrink_to_fit();
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
    for (Language l : kAllLanguages) sort_and_check(t[l]);
    return t;
  }();
  return tables.at(lang);
}

}  // namespace

std::string_view text(Language lang, std::string_view key) {
  const Entry* e = table_for(lang).find(key);
  return e == nullptr ? key : e->text;
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
  for (const Entry& e : table_for(lang).entries) out.push_back(e.key);
  return out;
}

std::string origin(Language lang, std::string_view key) {
  const Entry* e = table_for(lang).find(key);
  return e == nullptr ? std::string{} : where(e->path, e->line);
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
