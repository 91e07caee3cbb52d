// The item bank as NTC staff write it: items, passages and test specifications in text files
// (item_bank/bank/README.md), read with the line of every field so each problem names its place.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/domain.hpp"
#include "common/item.hpp"
#include "item_bank/test_form.hpp"

namespace bbzhm::item_bank {

// One problem of the bank, printed as `file:line: reason` (file relative to the bank's folder).
struct Problem {
  std::string file;
  int line = 0;
  std::string reason;
};
std::string describe(const Problem& p);

// Cognitive levels of an item (the specification counts items per content area and level).
inline constexpr std::string_view kCognitiveLevels[] = {"knowledge", "application", "reasoning"};

// One language version of an item or a passage.
struct Version {
  int line = 0;                       // of its [kk] header
  std::string stem;                   // items
  std::string title, text;            // passages
  std::vector<Choice> options;        // "A: ..." lines: choices, things to order, targets
  std::vector<Choice> prompts;        // matching: "1: ..." lines
  std::string unit;                   // numeric
  std::vector<std::string> accepted;  // short: every "accept:" line
  std::vector<std::string> images;    // shown with this language only (text in the picture)
  std::map<std::string, int> lines;   // field -> line, for problems
};

struct BankItem {
  std::string file;
  int line = 1;  // of `id:`
  std::string id;
  ItemKind kind = ItemKind::single_choice;
  int grade = 0;
  Subject subject = Subject::math;
  std::string area;
  std::string level;  // one of kCognitiveLevels
  int points = 1;
  std::optional<double> difficulty;  // share of correct answers in a field trial, 0..1
  std::string passage;               // the passage unit it belongs to, if any
  std::vector<std::string> images;   // paths relative to the bank folder
  std::vector<std::string> key;      // choice ids / the order / "1-B" pairs
  double answer = 0;                 // numeric
  double tolerance = 0;
  std::map<Language, Version> versions;
  std::map<std::string, int> lines;  // field -> line
};

struct BankPassage {
  std::string file;
  int line = 1;
  std::string id;
  int grade = 0;
  Subject subject = Subject::reading;
  std::vector<std::string> images;
  std::map<Language, Version> versions;
};

struct BlueprintRow {
  std::string area;
  std::string level;
  int count = 0;
  int line = 0;
};

// p.16: the NTC test specification: how many items of which content and form, and the time.
struct Spec {
  std::string file;
  int line = 1;
  std::string id;
  int grade = 0;  // school grade 4 or 9, or college course 2 or 3
  Stage stage = Stage::school;
  Subject subject = Subject::math;
  std::string campaign;  // "2027-04"
  std::vector<Language> languages;
  int minutes = 0;
  std::set<ItemKind> types;
  std::vector<Level> levels;
  bool partial = false;  // scoring: partial (one point off per mistake) or strict
  std::vector<BlueprintRow> blueprint;
  std::map<std::string, int> lines;
};

struct Bank {
  std::filesystem::path root;
  std::vector<BankItem> items;
  std::vector<BankPassage> passages;
  std::vector<Spec> specs;
};

struct LoadedBank {
  Bank bank;
  std::vector<Problem> problems;  // sorted by file and line
};

// Reads every *.item, *.passage and *.spec file under DIR and checks each on its own and all of
// them together (ids, passages, images, languages the specs need, enough items for each spec).
LoadedBank load_bank(const std::filesystem::path& dir);

// Items a spec may use: its grade and subject, an allowed type, every language it needs.
bool fits(const BankItem& item, const Spec& spec);

}  // namespace bbzhm::item_bank
