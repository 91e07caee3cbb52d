// Canonical responses and the wire form of booklets.
#include "common/item.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace bbzhm {

std::string_view code(ItemKind k) {
  switch (k) {
    case ItemKind::single_choice:
      return "single";
    case ItemKind::multiple_choice:
      return "multiple";
    case ItemKind::numeric:
      return "numeric";
  }
  return "?";
}

namespace {

bool has_choice(const Item& item, std::string_view id) {
  return std::ranges::any_of(item.choices, [&](const Choice& c) { return c.id == id; });
}

}  // namespace

Result<std::string> normalize_response(const Item& item, std::string_view response) {
  if (response.empty()) return std::string();
  if (response.size() > 64) return fail("response too long for item " + item.id);
  switch (item.kind) {
    case ItemKind::single_choice:
      if (!has_choice(item, response))
        return fail("item " + item.id + " has no choice " + std::string(response));
      return std::string(response);
    case ItemKind::multiple_choice: {
      std::vector<std::string> ids;
      std::size_t start = 0;
      while (start <= response.size()) {
        const std::size_t comma = std::min(response.find(',', start), response.size());
        const std::string id(response.substr(start, comma - start));
        if (!has_choice(item, id)) return fail("item " + item.id + " has no choice " + id);
        ids.push_back(id);
        start = comma + 1;
      }
      std::ranges::sort(ids);
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      std::string out;
      for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
      return out;
    }
    case ItemKind::numeric: {
      std::string text(response);
      std::ranges::replace(text, ',', '.');
      double v = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        return fail("item " + item.id + " needs a number, not " + std::string(response));
      return text;
    }
  }
  return fail("unknown item kind");
}

void encode(Writer& w, const Booklet& b) {
  w.u8(static_cast<std::uint8_t>(b.subject));
  w.u8(static_cast<std::uint8_t>(b.language));
  w.u32(static_cast<std::uint32_t>(b.variant));
  w.u32(static_cast<std::uint32_t>(b.minutes));
  w.u32(static_cast<std::uint32_t>(b.passages.size()));
  for (const auto& p : b.passages) {
    w.str(p.id);
    w.str(p.title);
    w.str(p.text);
  }
  w.u32(static_cast<std::uint32_t>(b.items.size()));
  for (const auto& i : b.items) {
    w.str(i.id);
    w.u8(static_cast<std::uint8_t>(i.kind));
    w.str(i.stem);
    w.str(i.passage_id);
    w.u32(static_cast<std::uint32_t>(i.choices.size()));
    for (const auto& c : i.choices) {
      w.str(c.id);
      w.str(c.text);
    }
    w.str(i.unit);
    w.u32(static_cast<std::uint32_t>(i.points));
  }
}

Booklet decode_booklet(Reader& r) {
  Booklet b;
  const std::uint8_t subject = r.u8(), language = r.u8();
  if (subject > 2 || language > 2) r.fail();
  b.subject = static_cast<Subject>(subject);
  b.language = static_cast<Language>(language);
  b.variant = static_cast<int>(r.u32());
  b.minutes = static_cast<int>(r.u32());
  for (std::size_t n = r.count(12); n > 0 && r.ok(); --n) {
    Passage p;
    p.id = r.str();
    p.title = r.str();
    p.text = r.str();
    b.passages.push_back(std::move(p));
  }
  for (std::size_t n = r.count(25); n > 0 && r.ok(); --n) {
    Item i;
    i.id = r.str();
    const std::uint8_t kind = r.u8();
    if (kind < 1 || kind > 3) r.fail();
    i.kind = static_cast<ItemKind>(kind);
    i.stem = r.str();
    i.passage_id = r.str();
    for (std::size_t c = r.count(8); c > 0 && r.ok(); --c) {
      Choice ch;
      ch.id = r.str();
      ch.text = r.str();
      i.choices.push_back(std::move(ch));
    }
    i.unit = r.str();
    i.points = static_cast<int>(r.u32());
    b.items.push_back(std::move(i));
  }
  return b;
}

}  // namespace bbzhm
