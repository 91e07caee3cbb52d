// Reading test forms from their JSON files, and scoring responses against their keys.
#include "item_bank/test_form.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
  } else {
    throw std::invalid_argument(at + ": unknown kind '" + kind + "'");
  }
  return item;
}

}  // namespace

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
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto form = parse_form(text.str(), entry.path().filename().string());
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
      // Full credit only for exactly the key set (item_bank/samples/README.md).
      std::string expected;
      for (const auto& id : key.choices) expected += (expected.empty() ? "" : ",") + id;
      return expected == response ? item.points : 0;
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
