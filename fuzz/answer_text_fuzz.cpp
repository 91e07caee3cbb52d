// What a student types: the short-text comparison and every item kind's response check. The
// normalized text must be a fixed point (normalizing twice changes nothing).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/item.hpp"
#include "item_bank/answer_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string once = item_bank::normalize_answer_text(text);
  if (item_bank::normalize_answer_text(once) != once) std::abort();
  static const std::vector<Item> items = [] {
    std::vector<Item> out;
    for (ItemKind k : {ItemKind::single_choice, ItemKind::multiple_choice, ItemKind::numeric,
                       ItemKind::matching, ItemKind::ordering, ItemKind::short_text}) {
      Item i;
      i.id = "X";
      i.kind = k;
      for (const char* c : {"A", "B", "C", "1", "2"}) i.choices.push_back(Choice{c, c});
      out.push_back(i);
    }
    return out;
  }();
  for (const Item& item : items) {
    auto r = normalize_response(item, text);
    // A response the server accepts is stored as normalized: normalizing it again keeps it.
    if (r) {
      auto again = normalize_response(item, *r);
      if (!again || *again != *r) std::abort();
    }
  }
  return 0;
}
