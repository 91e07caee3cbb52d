// A test form as NTC sends it: a booklet with its answer keys, timing and level thresholds.
// The keys live only here and on the school server; stations receive the Booklet alone.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/item.hpp"

namespace bbzhm::item_bank {

struct ItemKey {
  std::vector<std::string> choices;  // single and multiple choice: the correct ids, sorted
  double value = 0;                  // numeric
  double tolerance = 0;
};

// Level thresholds of the specification: the highest level whose min_percent is reached.
struct Level {
  std::string code;  // "low", "medium", "high"
  double min_percent = 0;
};

struct TestForm {
  std::string id;  // "g9-reading-en"
  int grade = 0;
  Booklet booklet;  // subject, language, variant, minutes, passages, items
  std::vector<Level> levels;
  std::map<std::string, ItemKey, std::less<>> keys;  // by item id
};

// Parses one form file (item_bank/samples/README.md documents the format); errors name the
// source and the item.
Result<TestForm> parse_form(std::string_view json_text, std::string_view source_name);
// Every *.json form in a folder, sorted by id.
Result<std::vector<TestForm>> load_forms(const std::filesystem::path& dir);

// Points for one canonical response (common/item.hpp).
int score_item(const Item& item, const ItemKey& key, std::string_view response);

struct FormScore {
  int score = 0;
  int max_score = 0;
  std::string level;
};
// Scores a student's answers (canonical responses by item id) on one form.
FormScore score_form(const TestForm& form, const std::map<std::string, std::string>& answers);

}  // namespace bbzhm::item_bank
