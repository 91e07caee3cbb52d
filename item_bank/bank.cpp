// Reading and checking the item bank's text files (item_bank/bank/README.md is the format).
#include "item_bank/bank.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/file.hpp"
#include "item_bank/assembly.hpp"

namespace bbzhm::item_bank {
namespace {

namespace fs = std::filesystem;

// [SECTION] Records: `field: value` lines in sections, with `|` blocks

struct Field {
  std::string name;
  std::string value;
  int line = 0;
};
struct Section {
  std::string name;  // "" for the fields before the first [section]
  int line = 0;
  std::vector<Field> fields;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool indented(std::string_view line) {
  return !line.empty() && (line.front() == ' ' || line.front() == '\t');
}

std::vector<Section> parse_record(const std::string& text, const std::string& file,
                                  std::vector<Problem>& problems) {
  std::vector<std::string> lines;
  std::istringstream in(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(std::move(l));
  }
  std::vector<Section> sections{{"", 1, {}}};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int number = static_cast<int>(i + 1);
    const std::string_view t = trim(lines[i]);
    if (t.empty() || t.front() == '#') continue;
    if (t.front() == '[' && t.back() == ']') {
      sections.push_back({std::string(trim(t.substr(1, t.size() - 2))), number, {}});
      continue;
    }
    const auto colon = t.find(':');
    const std::string_view name = colon == std::string_view::npos ? "" : trim(t.substr(0, colon));
    if (indented(lines[i]) || name.empty() ||
        std::ranges::any_of(name, [](char c) { return c == ' ' || c == '\t'; })) {
      problems.push_back({file, number, "expected 'field: value', a [section] or a # comment"});
      continue;
    }
    std::string value(trim(t.substr(colon + 1)));
    if (value == "|") {
      // A block: the following indented (or blank) lines, their common indentation removed.
      std::vector<std::string> block;
      std::size_t indent = std::string::npos;
      while (i + 1 < lines.size() && (indented(lines[i + 1]) || trim(lines[i + 1]).empty())) {
        ++i;
        block.push_back(lines[i]);
        if (!trim(lines[i]).empty()) indent = std::min(indent, lines[i].find_first_not_of(" \t"));
      }
      while (!block.empty() && trim(block.back()).empty()) block.pop_back();
      value.clear();
      for (std::size_t b = 0; b < block.size(); ++b) {
        if (b > 0) value += '\n';
        const std::string& l = block[b];
        if (!trim(l).empty()) value += std::string(trim(std::string_view(l).substr(indent)));
      }
    }
    sections.back().fields.push_back({std::string(name), std::move(value), number});
  }
  return sections;
}

// [SECTION] Values

std::optional<int> whole(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> number(std::string_view s) {
  std::string t(s);
  std::ranges::replace(t, ',', '.');
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string> list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = std::min(s.find(',', start), s.size());
    const std::string_view part = trim(s.substr(start, comma - start));
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

std::optional<ItemKind> parse_kind(std::string_view s) {
  for (ItemKind k : {ItemKind::single_choice, ItemKind::multiple_choice, ItemKind::numeric,
                     ItemKind::matching, ItemKind::ordering, ItemKind::short_text})
    if (code(k) == s) return k;
  return std::nullopt;
}

bool is_option_id(std::string_view n) {
  return n.size() == 1 && n[0] >= 'A' && n[0] <= 'H';
}
bool is_prompt_id(std::string_view n) {
  return n.size() == 1 && n[0] >= '1' && n[0] <= '9';
}

std::string ids(const std::vector<Choice>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c.id;
  return out;
}

// [SECTION] Files

class Reader {
 public:
  Reader(const fs::path& root, std::vector<Problem>& problems) : root_(root), problems_(problems) {}

  void problem(const std::string& file, int line, std::string reason) {
    problems_.push_back({file, line, std::move(reason)});
  }

  // The language sections of an item (or of a passage: title and text instead of a stem).
  std::map<Language, Version> versions(const std::vector<Section>& sections,
                                       const std::string& file, bool passage) {
    std::map<Language, Version> out;
    for (std::size_t s = 1; s < sections.size(); ++s) {
      const Section& sec = sections[s];
      const auto lang = parse_language(sec.name);
      if (!lang || sec.name.size() != 2) {
        problem(file, sec.line, "[" + sec.name + "] is not a language: [kk], [ru] or [en]");
        continue;
      }
      if (out.contains(*lang)) {
        problem(file, sec.line, "[" + sec.name + "] appears twice");
        continue;
      }
      Version v;
      v.line = sec.line;
      for (const Field& f : sec.fields) {
        v.lines.emplace(f.name, f.line);
        if (!passage && f.name == "stem") {
          v.stem = f.value;
        } else if (passage && f.name == "title") {
          v.title = f.value;
        } else if (passage && f.name == "text") {
          v.text = f.value;
        } else if (!passage && is_option_id(f.name)) {
          v.options.push_back({f.name, f.value});
        } else if (!passage && is_prompt_id(f.name)) {
          v.prompts.push_back({f.name, f.value});
        } else if (!passage && f.name == "unit") {
          v.unit = f.value;
        } else if (!passage && f.name == "accept") {
          v.accepted.push_back(f.value);
        } else if (f.name == "image") {
          v.images.push_back(f.value);
          check_image(file, f.line, f.value);
        } else {
          problem(file, f.line, "unknown field '" + f.name + "' in [" + sec.name + "]");
        }
      }
      if (!passage && v.stem.empty()) problem(file, sec.line, "[" + sec.name + "] has no stem");
      if (passage && (v.title.empty() || v.text.empty()))
        problem(file, sec.line, "[" + sec.name + "] needs a title and a text");
      out.emplace(*lang, std::move(v));
    }
    if (out.empty())
      problem(file, sections.front().line, "no language version: add [kk], [ru] or [en]");
    return out;
  }

  void check_image(const std::string& file, int line, const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    if (ext != ".png" && ext != ".svg")
      problem(file, line, "image '" + path + "' is neither PNG nor SVG");
    else if (!fs::is_regular_file(root_ / path))
      problem(file, line, "image '" + path + "' is missing");
  }

  // Grade and subject, shared by items and passages.
  void grade_subject(const Field& f, const std::string& file, int& grade, Subject& subject) {
    if (f.name == "grade") {
      const auto g = whole(f.value);
      if (!g || (*g != 2 && *g != 3 && *g != 4 && *g != 9))
        problem(file, f.line, "grade must be 4 or 9 (school) or 2 or 3 (college course)");
      else
        grade = *g;
    } else {
      const auto s = parse_subject(f.value);
      if (!s)
        problem(file, f.line, "subject must be reading, math or science");
      else
        subject = *s;
    }
  }

  std::optional<BankItem> item(const std::string& text, const std::string& file) {
    const auto sections = parse_record(text, file, problems_);
    BankItem it;
    it.file = file;
    bool has_kind = false;
    for (const Field& f : sections.front().fields) {
      it.lines.emplace(f.name, f.line);
      if (f.name == "id") {
        it.id = f.value;
        it.line = f.line;
      } else if (f.name == "type") {
        const auto k = parse_kind(f.value);
        if (!k)
          problem(file, f.line,
                  "type '" + f.value +
                      "' is not single, multiple, numeric, matching, ordering or "
                      "short");
        else
          it.kind = *k, has_kind = true;
      } else if (f.name == "grade" || f.name == "subject") {
        grade_subject(f, file, it.grade, it.subject);
      } else if (f.name == "area") {
        it.area = f.value;
      } else if (f.name == "level") {
        if (std::ranges::find(kCognitiveLevels, f.value) == std::end(kCognitiveLevels))
          problem(file, f.line,
                  "level '" + f.value + "' is not knowledge, application or reasoning");
        else
          it.level = f.value;
      } else if (f.name == "points") {
        const auto p = whole(f.value);
        if (!p || *p < 1 || *p > 10)
          problem(file, f.line, "points must be a whole number from 1 to 10");
        else
          it.points = *p;
      } else if (f.name == "difficulty") {
        const auto d = number(f.value);
        if (!d || *d < 0 || *d > 1)
          problem(file, f.line, "difficulty is the share of correct answers, from 0 to 1");
        else
          it.difficulty = d;
      } else if (f.name == "passage") {
        it.passage = f.value;
      } else if (f.name == "image") {
        it.images.push_back(f.value);
        check_image(file, f.line, f.value);
      } else if (f.name == "key") {
        it.key = list(f.value);
      } else if (f.name == "answer") {
        const auto v = number(f.value);
        if (!v)
          problem(file, f.line, "answer must be a number");
        else
          it.answer = *v;
      } else if (f.name == "tolerance") {
        const auto v = number(f.value);
        if (!v || *v < 0)
          problem(file, f.line, "tolerance must be a number, 0 or more");
        else
          it.tolerance = *v;
      } else {
        problem(file, f.line, "unknown field '" + f.name + "'");
      }
    }
    for (const char* required : {"id", "type", "grade", "subject", "area", "level"})
      if (!it.lines.contains(required))
        problem(file, 1, std::string("missing '") + required + ":'");
    it.versions = versions(sections, file, false);
    if (it.id.empty() || !has_kind) return std::nullopt;
    check_key(it);
    return it;
  }

  // The key against the options, the same in every language version.
  void check_key(const BankItem& it) {
    const std::string& file = it.file;
    const int key_line = it.lines.contains("key") ? it.lines.at("key") : it.line;
    const bool choice_kind = it.kind == ItemKind::single_choice ||
                             it.kind == ItemKind::multiple_choice ||
                             it.kind == ItemKind::ordering || it.kind == ItemKind::matching;
    const Version* first = it.versions.empty() ? nullptr : &it.versions.begin()->second;
    const std::string first_name =
        it.versions.empty() ? "" : std::string(code(it.versions.begin()->first));
    for (const auto& [lang, v] : it.versions) {
      const std::string name(code(lang));
      if (choice_kind && v.options.size() < 2)
        problem(file, v.line, "[" + name + "] needs at least two options (A:, B:, ...)");
      if (!choice_kind && !v.options.empty())
        problem(file, v.line,
                "[" + name + "]: a " + std::string(code(it.kind)) + " item has no options");
      if (it.kind == ItemKind::matching && v.prompts.size() < 2)
        problem(file, v.line, "[" + name + "] needs at least two prompts (1:, 2:, ...)");
      if (it.kind != ItemKind::matching && !v.prompts.empty())
        problem(file, v.line, "[" + name + "]: only matching items have prompts (1:, 2:, ...)");
      if (it.kind == ItemKind::short_text && v.accepted.empty())
        problem(file, v.line, "[" + name + "] has no accepted answer (accept: ...)");
      if (first != nullptr && &v != first) {
        if (ids(v.options) != ids(first->options))
          problem(file, v.line,
                  "[" + name + "] has options " + ids(v.options) + " but [" + first_name +
                      "] has " + ids(first->options));
        if (ids(v.prompts) != ids(first->prompts))
          problem(file, v.line,
                  "[" + name + "] has prompts " + ids(v.prompts) + " but [" + first_name +
                      "] has " + ids(first->prompts));
      }
    }
    if (first == nullptr) return;
    const auto has = [](const std::vector<Choice>& cs, std::string_view id) {
      return std::ranges::any_of(cs, [&](const Choice& c) { return c.id == id; });
    };
    switch (it.kind) {
      case ItemKind::single_choice:
      case ItemKind::multiple_choice: {
        for (const auto& k : it.key)
          if (!has(first->options, k))
            problem(file, key_line,
                    "key " + k + " is not among the options " + ids(first->options));
        if (it.kind == ItemKind::single_choice && it.key.size() != 1)
          problem(file, key_line, "a single-choice item has exactly one key");
        if (it.kind == ItemKind::multiple_choice && it.key.size() < 2)
          problem(file, key_line, "a multiple-choice item has at least two keys");
        break;
      }
      case ItemKind::ordering: {
        std::vector<std::string> sorted = it.key, all;
        for (const auto& c : first->options) all.push_back(c.id);
        std::ranges::sort(sorted);
        if (sorted != all)
          problem(file, key_line,
                  "the key of an ordering item lists every option (" + ids(first->options) +
                      ") once, in the right order");
        break;
      }
      case ItemKind::matching: {
        std::vector<std::string> prompts, targets;
        bool ok = true;
        for (const auto& pair : it.key) {
          const auto dash = pair.find('-');
          if (dash == std::string::npos || !has(first->prompts, pair.substr(0, dash)) ||
              !has(first->options, pair.substr(dash + 1))) {
            problem(file, key_line, "key pair '" + pair + "' is not PROMPT-OPTION (like 1-B)");
            ok = false;
            continue;
          }
          prompts.push_back(pair.substr(0, dash));
          targets.push_back(pair.substr(dash + 1));
        }
        std::ranges::sort(prompts);
        std::ranges::sort(targets);
        if (ok && (prompts.size() != first->prompts.size() ||
                   std::ranges::adjacent_find(prompts) != prompts.end() ||
                   std::ranges::adjacent_find(targets) != targets.end()))
          problem(file, key_line,
                  "the key of a matching item pairs every prompt with a different option");
        break;
      }
      case ItemKind::numeric:
        if (!it.lines.contains("answer")) problem(file, it.line, "a numeric item needs 'answer:'");
        break;
      case ItemKind::short_text:
        break;
    }
    if (it.kind == ItemKind::numeric || it.kind == ItemKind::short_text) {
      if (it.lines.contains("key"))
        problem(file, key_line,
                "a " + std::string(code(it.kind)) + " item has no 'key:' (use answer: or accept:)");
    } else if (!it.lines.contains("key")) {
      problem(file, it.line, "missing 'key:'");
    }
  }

  std::optional<BankPassage> passage(const std::string& text, const std::string& file) {
    const auto sections = parse_record(text, file, problems_);
    BankPassage p;
    p.file = file;
    for (const Field& f : sections.front().fields) {
      if (f.name == "id") {
        p.id = f.value;
        p.line = f.line;
      } else if (f.name == "grade" || f.name == "subject") {
        grade_subject(f, file, p.grade, p.subject);
      } else if (f.name == "image") {
        p.images.push_back(f.value);
        check_image(file, f.line, f.value);
      } else {
        problem(file, f.line, "unknown field '" + f.name + "'");
      }
    }
    if (p.id.empty()) problem(file, 1, "missing 'id:'");
    p.versions = versions(sections, file, true);
    if (p.id.empty()) return std::nullopt;
    return p;
  }

  std::optional<Spec> spec(const std::string& text, const std::string& file) {
    const auto sections = parse_record(text, file, problems_);
    Spec s;
    s.file = file;
    for (const Field& f : sections.front().fields) {
      s.lines.emplace(f.name, f.line);
      if (f.name == "spec") {
        s.id = f.value;
        s.line = f.line;
      } else if (f.name == "grade" || f.name == "subject") {
        grade_subject(f, file, s.grade, s.subject);
      } else if (f.name == "stage") {
        if (f.value != "school" && f.value != "college")
          problem(file, f.line, "stage must be school or college");
        s.stage = f.value == "college" ? Stage::college : Stage::school;
      } else if (f.name == "campaign") {
        if (f.value.size() != 7 || f.value[4] != '-' || !whole(f.value.substr(0, 4)) ||
            !whole(f.value.substr(5)))
          problem(file, f.line, "campaign is written YYYY-MM, like 2027-04");
        s.campaign = f.value;
      } else if (f.name == "languages") {
        for (const auto& l : list(f.value)) {
          const auto lang = parse_language(l);
          if (!lang || l.size() != 2)
            problem(file, f.line, "'" + l + "' is not a language: kk, ru or en");
          else
            s.languages.push_back(*lang);
        }
      } else if (f.name == "minutes") {
        const auto m = whole(f.value);
        if (!m || *m <= 0 || *m > 240)
          problem(file, f.line, "minutes must be a whole number from 1 to 240");
        else
          s.minutes = *m;
      } else if (f.name == "types") {
        for (const auto& t : list(f.value)) {
          const auto k = parse_kind(t);
          if (!k)
            problem(file, f.line,
                    "type '" + t +
                        "' is not single, multiple, numeric, matching, "
                        "ordering or short");
          else
            s.types.insert(*k);
        }
      } else if (f.name == "levels") {
        // "low 0, medium 40, high 75": a code and the percent from which it is reached.
        for (const auto& l : list(f.value)) {
          const auto space = l.find(' ');
          const auto percent =
              space == std::string::npos ? std::nullopt : number(trim(l.substr(space + 1)));
          if (!percent || *percent < 0 || *percent > 100)
            problem(file, f.line, "level '" + l + "' is a code and a percent, like 'medium 40'");
          else
            s.levels.push_back({l.substr(0, space), *percent});
        }
        std::ranges::sort(s.levels, {}, &Level::min_percent);
        if (!s.levels.empty() && s.levels.front().min_percent != 0)
          problem(file, f.line, "the lowest level starts at 0 percent");
      } else if (f.name == "scoring") {
        if (f.value != "partial" && f.value != "strict")
          problem(file, f.line, "scoring is partial or strict");
        s.partial = f.value == "partial";
      } else {
        problem(file, f.line, "unknown field '" + f.name + "'");
      }
    }
    for (const char* required :
         {"spec", "grade", "subject", "campaign", "languages", "minutes", "types", "levels"})
      if (!s.lines.contains(required)) problem(file, 1, std::string("missing '") + required + ":'");
    for (std::size_t i = 1; i < sections.size(); ++i) {
      if (sections[i].name != "blueprint") {
        problem(file, sections[i].line,
                "[" + sections[i].name + "]: a specification has only a [blueprint] section");
        continue;
      }
      for (const Field& f : sections[i].fields) {
        const auto slash = f.name.find('/');
        const auto count = whole(f.value);
        const std::string level = slash == std::string::npos ? "" : f.name.substr(slash + 1);
        if (slash == std::string::npos ||
            std::ranges::find(kCognitiveLevels, level) == std::end(kCognitiveLevels))
          problem(file, f.line,
                  "a blueprint line is AREA/LEVEL: COUNT, the level knowledge, application or "
                  "reasoning");
        else if (!count || *count <= 0)
          problem(file, f.line, "the count of items must be a whole number above 0");
        else
          s.blueprint.push_back({f.name.substr(0, slash), level, *count, f.line});
      }
    }
    if (s.blueprint.empty()) problem(file, s.line, "the specification has no [blueprint]");
    if (s.id.empty()) return std::nullopt;
    return s;
  }

 private:
  fs::path root_;
  std::vector<Problem>& problems_;
};

// [SECTION] Checks across files

void check_bank(const Bank& bank, std::vector<Problem>& problems) {
  std::map<std::string, const BankItem*> by_id;
  for (const auto& it : bank.items) {
    const auto [at, fresh] = by_id.emplace(it.id, &it);
    if (!fresh)
      problems.push_back({it.file, it.line,
                          "item id " + it.id + " is also used in " + at->second->file + ":" +
                              std::to_string(at->second->line)});
  }
  std::map<std::string, const BankPassage*> passages;
  for (const auto& p : bank.passages) {
    const auto [at, fresh] = passages.emplace(p.id, &p);
    if (!fresh)
      problems.push_back(
          {p.file, p.line, "passage id " + p.id + " is also used in " + at->second->file});
  }
  for (const auto& it : bank.items) {
    if (it.passage.empty()) continue;
    const auto p = passages.find(it.passage);
    const int line = it.lines.at("passage");
    if (p == passages.end()) {
      problems.push_back({it.file, line, "passage '" + it.passage + "' does not exist"});
      continue;
    }
    for (const auto& [lang, v] : it.versions)
      if (!p->second->versions.contains(lang))
        problems.push_back(
            {it.file, v.line,
             "passage '" + it.passage + "' has no [" + std::string(code(lang)) + "] version"});
  }
  for (const auto& s : bank.specs) {
    if (s.grade == 0 || s.languages.empty() || s.types.empty()) continue;
    // An item written for this spec's grade and subject must exist in every language it needs.
    for (const auto& it : bank.items) {
      if (it.grade != s.grade || it.subject != s.subject || !s.types.contains(it.kind)) continue;
      for (Language l : s.languages)
        if (!it.versions.contains(l))
          problems.push_back({it.file, it.line,
                              "item " + it.id + " has no [" + std::string(code(l)) +
                                  "] version, which spec " + s.id + " needs"});
    }
    for (const auto& row : s.blueprint) {
      int have = 0;
      for (const auto& it : bank.items)
        have += fits(it, s) && it.area == row.area && it.level == row.level;
      if (have < row.count)
        problems.push_back({s.file, row.line,
                            "the spec asks for " + std::to_string(row.count) + " items of " +
                                row.area + "/" + row.level + " but the bank has " +
                                std::to_string(have)});
    }
  }
}

}  // namespace

std::string describe(const Problem& p) {
  return p.file + ":" + std::to_string(p.line) + ": " + p.reason;
}

bool fits(const BankItem& item, const Spec& spec) {
  if (item.grade != spec.grade || item.subject != spec.subject || !spec.types.contains(item.kind))
    return false;
  return std::ranges::all_of(spec.languages, [&](Language l) { return item.versions.contains(l); });
}

LoadedBank load_bank(const fs::path& dir) {
  LoadedBank out;
  out.bank.root = dir;
  Reader reader(dir, out.problems);
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) out.problems.push_back({dir.string(), 0, "cannot read the folder: " + ec.message()});
  std::ranges::sort(files);
  for (const auto& path : files) {
    const std::string ext = path.extension().string();
    const std::string name = path.lexically_relative(dir).string();
    if (ext != ".item" && ext != ".passage" && ext != ".spec") continue;
    auto text = read_file(path);
    if (!text) {
      out.problems.push_back({name, 0, text.error().what});
    } else if (ext == ".item") {
      if (auto it = reader.item(*text, name)) out.bank.items.push_back(std::move(*it));
    } else if (ext == ".passage") {
      if (auto p = reader.passage(*text, name)) out.bank.passages.push_back(std::move(*p));
    } else if (auto s = reader.spec(*text, name)) {
      out.bank.specs.push_back(std::move(*s));
    }
  }
  check_bank(out.bank, out.problems);
  // Enough items in each cell may still give no variant: a passage unit is taken whole, so its
  // items can overfill a cell. A bank that is otherwise sound is tried by assembling one variant.
  if (out.problems.empty())
    for (const Spec& s : out.bank.specs)
      if (auto v = assemble(out.bank, s, 1, 1, ""); !v) {
        const std::string prefix = s.file + ": ";
        std::string reason = v.error().what;
        if (reason.starts_with(prefix)) reason.erase(0, prefix.size());
        out.problems.push_back({s.file, s.line, reason});
      }
  std::ranges::stable_sort(out.problems, [](const Problem& a, const Problem& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return out;
}

}  // namespace bbzhm::item_bank
