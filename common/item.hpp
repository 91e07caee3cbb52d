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

enum class ItemKind : std::uint8_t { single_choice = 1, multiple_choice = 2, numeric = 3 };
std::string_view code(ItemKind k);  // "single", "multiple", "numeric" (as in item files)

struct Choice {
  std::string id;  // "A", "B", ...
  std::string text;
};

struct Passage {
  std::string id;
  std::string title;
  std::string text;
};

struct Item {
  std::string id;  // the same id in every language version of the item
  ItemKind kind = ItemKind::single_choice;
  std::string stem;
  std::string passage_id;  // empty when the item stands alone
  std::vector<Choice> choices;
  std::string unit;  // numeric items: the unit shown after the entry field
  int points = 1;
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
// repeats), "12.5" (numeric: a decimal with '.' or ','). Empty means the answer was cleared.
Result<std::string> normalize_response(const Item& item, std::string_view response);

void encode(Writer& w, const Booklet& b);
Booklet decode_booklet(Reader& r);

}  // namespace bbzhm
