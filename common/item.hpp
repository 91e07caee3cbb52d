// What a student sees of a test: booklets of items and passages, without answer keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/codec.hpp"
#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm {

// Kinds 4-6 came with the item bank (issue 4); their extra fields travel in an extension block
// (see encode), so booklets of kinds 1-3 encode exactly as before.
enum class ItemKind : std::uint8_t {
  single_choice = 1,
  multiple_choice = 2,
  numeric = 3,
  matching = 4,    // pair each prompt (choices "1", "2", ...) with a target ("A", "B", ...)
  ordering = 5,    // put the choices in order
  short_text = 6,  // type a word or a short phrase
};
// "single", "multiple", "numeric", "matching", "ordering", "short" (as in item files)
std::string_view code(ItemKind k);

struct Choice {
  std::string id;  // "A", "B", ...
  std::string text;
};

struct Passage {
  std::string id;
  std::string title;
  std::string text;
};

// A picture an item shows (a chart, a map, a diagram): its bytes travel with the booklet.
struct Figure {
  std::string name;        // "g9m-parabola.svg", unique within the booklet
  std::string media_type;  // "image/svg+xml" or "image/png"
  std::string data;        // the file's bytes
};

struct Item {
  std::string id;  // the same id in every language version of the item
  ItemKind kind = ItemKind::single_choice;
  std::string stem;
  std::string passage_id;       // empty when the item stands alone
  std::vector<Choice> choices;  // options; matching: the prompts; ordering: what to order
  std::string unit;             // numeric items: the unit shown after the entry field
  int points = 1;
  // Defaulted with `= {}` so the older positional initializations of Item stay warning-free.
  std::vector<Choice> targets = {};  // matching: the column the prompts are paired with
  std::vector<Figure> figures = {};  // shown with the stem, in this order
};

// One subject's test in one language and variant, as a station receives it.
struct Booklet {
  Subject subject = Subject::math;
  Language language = Language::kk;
  int variant = 1;
  int minutes = 0;
  std::vector<Passage> passages;
  std::vector<Item> items;
};

// Responses travel and are stored as canonical text: "B" (single), "A,C" (multiple: sorted, no
// repeats), "12.5" (numeric: a decimal with '.' or ','), "1-B,2-A" (matching: pairs sorted by
// prompt, each prompt and target at most once), "C,A,B" (ordering: every choice once, in the
// student's order), the typed text (short: trimmed, at most 64 bytes). Empty means cleared.
Result<std::string> normalize_response(const Item& item, std::string_view response);

void encode(Writer& w, const Booklet& b);
Booklet decode_booklet(Reader& r);

}  // namespace bbzhm
