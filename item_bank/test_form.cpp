// Reading test forms from their JSON files, and scoring responses against their keys.
#include "item_bank/test_form.hpp"

#include <sodium.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include <sstream>

#include "common/file.hpp"
#include "item_bank/answer_text.hpp"

namespace bbzhm::item_bank {
namespace {

using nlohmann::json;

std::string text_at(const json& j, const char* field, const std::string& where) {
  if (!j.contains(field) || !j[field].is_string())
    throw std::invalid_argument(where + ": '" + field + "' must be a text");
  return j[field].get<std::string>();
}

int int_at(const json& j, const char* field, const std::string& where) {
  if (!j.contains(field) || !j[field].is_number_integer())
    throw std::invalid_argument(where + ": '" + field + "' must be a whole number");
  return j[field].get<int>();
}

std::vector<Choice> choices_at(const json& j, const char* field, const std::string& at) {
  if (!j.contains(field) || !j[field].is_array() || j[field].size() < 2)
    throw std::invalid_argument(at + ": '" + field + "' needs at least two entries");
  std::vector<Choice> out;
  for (const auto& c : j[field]) out.push_back({text_at(c, "id", at), text_at(c, "text", at)});
  return out;
}

std::vector<std::string> texts_at(const json& j, const char* field, const std::string& at) {
  if (!j.contains(field) || !j[field].is_array() || j[field].empty())
    throw std::invalid_argument(at + ": '" + field + "' must list texts");
  std::vector<std::string> out;
  for (const auto& k : j[field]) {
    if (!k.is_string()) throw std::invalid_argument(at + ": '" + field + "' lists texts");
    out.push_back(k.get<std::string>());
  }
  return out;
}

std::string to_base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string from_base64(const std::string& text, const std::string& at) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw std::invalid_argument(at + ": a figure's data is not base64");
  out.resize(len);
  return out;
}

Item parse_item(const json& j, const std::string& where, ItemKey& key) {
  Item item;
  item.id = text_at(j, "id", where);
  const std::string at = where + ": item " + item.id;
  const std::string kind = text_at(j, "kind", at);
  item.stem = text_at(j, "stem", at);
  item.points = int_at(j, "points", at);
  if (j.contains("passage")) item.passage_id = text_at(j, "passage", at);
  if (kind == "single" || kind == "multiple") {
    item.kind = kind == "single" ? ItemKind::single_choice : ItemKind::multiple_choice;
    if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].size() < 2)
      throw std::invalid_argument(at + ": needs at least two choices");
    for (const auto& c : j["choices"])
      item.choices.push_back({text_at(c, "id", at), text_at(c, "text", at)});
    if (!j.contains("key") || !j["key"].is_array() || j["key"].empty())
      throw std::invalid_argument(at + ": 'key' must list the correct choice ids");
    for (const auto& k : j["key"]) {
      if (!k.is_string()) throw std::invalid_argument(at + ": key entries are choice ids");
      const std::string id = k.get<std::string>();
      if (std::ranges::none_of(item.choices, [&](const Choice& c) { return c.id == id; }))
        throw std::invalid_argument(at + ": key " + id + " is not among the choices");
      key.choices.push_back(id);
    }
    std::ranges::sort(key.choices);
    if (item.kind == ItemKind::single_choice && key.choices.size() != 1)
      throw std::invalid_argument(at + ": a single-choice item has exactly one key");
  } else if (kind == "numeric") {
    item.kind = ItemKind::numeric;
    if (!j.contains("key_value") || !j["key_value"].is_number())
      throw std::invalid_argument(at + ": 'key_value' must be a number");
    key.value = j["key_value"].get<double>();
    key.tolerance = j.value("tolerance", 0.0);
    if (key.tolerance < 0) throw std::invalid_argument(at + ": 'tolerance' must not be negative");
    if (j.contains("unit")) item.unit = text_at(j, "unit", at);
  } else if (kind == "matching") {
    item.kind = ItemKind::matching;
    item.choices = choices_at(j, "choices", at);
    item.targets = choices_at(j, "targets", at);
    key.pairs = texts_at(j, "key_pairs", at);
    std::ranges::sort(key.pairs);
    std::string joined;
    for (const auto& p : key.pairs) joined += (joined.empty() ? "" : ",") + p;
    auto canonical = normalize_response(item, joined);
    if (!canonical || *canonical != joined || key.pairs.size() != item.choices.size())
      throw std::invalid_argument(at + ": 'key_pairs' must pair every prompt with one target");
  } else if (kind == "ordering") {
    item.kind = ItemKind::ordering;
    item.choices = choices_at(j, "choices", at);
    key.order = texts_at(j, "key_order", at);
    std::string joined;
    for (const auto& p : key.order) joined += (joined.empty() ? "" : ",") + p;
    if (!normalize_response(item, joined))
      throw std::invalid_argument(at + ": 'key_order' must list every choice once");
  } else if (kind == "short") {
    item.kind = ItemKind::short_text;
    key.accepted = texts_at(j, "accepted", at);
  } else {
    throw std::invalid_argument(at + ": unknown kind '" + kind + "'");
  }
  key.partial = j.value("partial", false);
  if (j.contains("figures"))
    for (const auto& f : j["figures"])
      item.figures.push_back({text_at(f, "name", at), text_at(f, "type", at),
                              from_base64(text_at(f, "data", at), at)});
  return item;
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = std::min(s.find(',', start), s.size());
    out.emplace_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

json choices_json(const std::vector<Choice>& choices) {
  json out = json::array();
  for (const auto& c : choices) out.push_back({{"id", c.id}, {"text", c.text}});
  return out;
}

}  // namespace

std::string form_json(const TestForm& f) {
  json items = json::array();
  for (const Item& item : f.booklet.items) {
    json ji{
        {"id", item.id}, {"kind", code(item.kind)}, {"stem", item.stem}, {"points", item.points}};
    if (!item.passage_id.empty()) ji["passage"] = item.passage_id;
    const auto k = f.keys.find(item.id);
    const ItemKey key = k == f.keys.end() ? ItemKey{} : k->second;
    switch (item.kind) {
      case ItemKind::single_choice:
      case ItemKind::multiple_choice:
        ji["choices"] = choices_json(item.choices);
        ji["key"] = key.choices;
        break;
      case ItemKind::numeric:
        ji["key_value"] = key.value;
        ji["tolerance"] = key.tolerance;
        if (!item.unit.empty()) ji["unit"] = item.unit;
        break;
      case ItemKind::matching:
        ji["choices"] = choices_json(item.choices);
        ji["targets"] = choices_json(item.targets);
        ji["key_pairs"] = key.pairs;
        break;
      case ItemKind::ordering:
        ji["choices"] = choices_json(item.choices);
        ji["key_order"] = key.order;
        break;
      case ItemKind::short_text:
        ji["accepted"] = key.accepted;
        break;
    }
    if (key.partial) ji["partial"] = true;
    if (!item.figures.empty()) {
      ji["figures"] = json::array();
      for (const auto& fig : item.figures)
        ji["figures"].push_back(
            {{"name", fig.name}, {"type", fig.media_type}, {"data", to_base64(fig.data)}});
    }
    items.push_back(std::move(ji));
  }
  json passages = json::array();
  for (const auto& p : f.booklet.passages)
    passages.push_back({{"id", p.id}, {"title", p.title}, {"text", p.text}});
  json levels = json::array();
  for (const auto& l : f.levels)
    levels.push_back({{"code", l.code}, {"min_percent", l.min_percent}});
  return json{{"form", f.id},
              {"grade", f.grade},
              {"subject", code(f.booklet.subject)},
              {"language", code(f.booklet.language)},
              {"variant", f.booklet.variant},
              {"minutes", f.booklet.minutes},
              {"levels", levels},
              {"passages", passages},
              {"items", items}}
      .dump();
}

Result<TestForm> parse_form(std::string_view json_text, std::string_view source_name) {
  const std::string where(source_name);
  try {
    const json j = json::parse(json_text);
    TestForm f;
    f.id = text_at(j, "form", where);
    f.grade = int_at(j, "grade", where);
    const auto subject = parse_subject(text_at(j, "subject", where));
    const auto language = parse_language(text_at(j, "language", where));
    if (!subject) return fail(where + ": unknown subject");
    if (!language) return fail(where + ": unknown language");
    f.booklet.subject = *subject;
    f.booklet.language = *language;
    f.booklet.variant = int_at(j, "variant", where);
    f.booklet.minutes = int_at(j, "minutes", where);
    if (f.booklet.minutes <= 0) return fail(where + ": 'minutes' must be positive");
    for (const auto& l : j.at("levels"))
      f.levels.push_back({text_at(l, "code", where), l.at("min_percent").get<double>()});
    std::ranges::sort(f.levels, {}, &Level::min_percent);
    if (j.contains("passages"))
      for (const auto& p : j["passages"])
        f.booklet.passages.push_back(
            {text_at(p, "id", where), text_at(p, "title", where), text_at(p, "text", where)});
    for (const auto& i : j.at("items")) {
      ItemKey key;
      Item item = parse_item(i, where, key);
      if (!item.passage_id.empty() &&
          std::ranges::none_of(f.booklet.passages,
                               [&](const Passage& p) { return p.id == item.passage_id; }))
        return fail(where + ": item " + item.id + " refers to a missing passage " +
                    item.passage_id);
      if (!f.keys.emplace(item.id, std::move(key)).second)
        return fail(where + ": item " + item.id + " appears twice");
      f.booklet.items.push_back(std::move(item));
    }
    if (f.booklet.items.empty()) return fail(where + ": the form has no items");
    return f;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

Result<std::vector<TestForm>> load_forms(const std::filesystem::path& dir) {
  std::vector<TestForm> forms;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto text = read_file(entry.path());
    if (!text) return std::unexpected(text.error());
    auto form = parse_form(*text, entry.path().filename().string());
    if (!form) return std::unexpected(form.error());
    forms.push_back(std::move(*form));
  }
  if (ec) return fail("cannot read the forms folder " + dir.string() + ": " + ec.message());
  std::ranges::sort(forms, {}, &TestForm::id);
  return forms;
}

int score_item(const Item& item, const ItemKey& key, std::string_view response) {
  if (response.empty()) return 0;
  switch (item.kind) {
    case ItemKind::single_choice:
      return key.choices.size() == 1 && key.choices[0] == response ? item.points : 0;
    case ItemKind::multiple_choice: {
      // Full credit only for exactly the key set (item_bank/samples/README.md); with `partial`,
      // one point off for each missing or extra choice (item_bank/bank/README.md).
      std::string expected;
      for (const auto& id : key.choices) expected += (expected.empty() ? "" : ",") + id;
      if (!key.partial) return expected == response ? item.points : 0;
      const auto given = split(response);
      int mistakes = 0;
      for (const auto& id : given) mistakes += !std::ranges::binary_search(key.choices, id);
      for (const auto& id : key.choices) mistakes += std::ranges::find(given, id) == given.end();
      return std::max(0, item.points - mistakes);
    }
    case ItemKind::matching: {
      const auto given = split(response);
      int mistakes = 0;
      for (const auto& pair : key.pairs) mistakes += std::ranges::find(given, pair) == given.end();
      if (!key.partial) return mistakes == 0 ? item.points : 0;
      return std::max(0, item.points - mistakes);
    }
    case ItemKind::ordering: {
      const auto given = split(response);
      if (given.size() != key.order.size()) return 0;
      int misplaced = 0;
      for (std::size_t i = 0; i < given.size(); ++i) misplaced += given[i] != key.order[i];
      if (!key.partial) return misplaced == 0 ? item.points : 0;
      // Two exchanged choices are one mistake.
      return std::max(0, item.points - (misplaced + 1) / 2);
    }
    case ItemKind::short_text: {
      const std::string given = normalize_answer_text(response);
      for (const auto& a : key.accepted)
        if (normalize_answer_text(a) == given) return item.points;
      return 0;
    }
    case ItemKind::numeric: {
      try {
        const double v = std::stod(std::string(response));
        return std::fabs(v - key.value) <= key.tolerance + 1e-9 ? item.points : 0;
      } catch (const std::exception&) {
        return 0;
      }
    }
  }
  return 0;
}

FormScore score_form(const TestForm& form, const std::map<std::string, std::string>& answers) {
  FormScore s;
  for (const Item& item : form.booklet.items) {
    s.max_score += item.points;
    const auto a = answers.find(item.id);
    const auto k = form.keys.find(item.id);
    if (a != answers.end() && k != form.keys.end())
      s.score += score_item(item, k->second, a->second);
  }
  const double percent = s.max_score > 0 ? 100.0 * s.score / s.max_score : 0;
  for (const Level& l : form.levels)
    if (percent + 1e-9 >= l.min_percent) s.level = l.code;
  return s;
}

}  // namespace bbzhm::item_bank
