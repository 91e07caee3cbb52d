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
  std::vector<std::string> pairs = {};     // matching: "1-B", sorted (a canonical response)
  std::vector<std::string> order = {};     // ordering: the choice ids in the correct order
  std::vector<std::string> accepted = {};  // short: accepted answers as written by the author
  // Multiple, matching, ordering: one point off per mistake instead of all or nothing
  // (item_bank/bank/README.md states the rule).
  bool partial = false;
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
// The form in the format parse_form reads (one line of JSON, keys included).
std::string form_json(const TestForm& form);

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
