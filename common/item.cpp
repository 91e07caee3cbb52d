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
    case ItemKind::matching:
      return "matching";
    case ItemKind::ordering:
      return "ordering";
    case ItemKind::short_text:
      return "short";
  }
  return "?";
}

namespace {

bool has_choice(const Item& item, std::string_view id) {
  return std::ranges::any_of(item.choices, [&](const Choice& c) { return c.id == id; });
}
bool has_target(const Item& item, std::string_view id) {
  return std::ranges::any_of(item.targets, [&](const Choice& c) { return c.id == id; });
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = std::min(s.find(',', start), s.size());
    out.emplace_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string join_commas(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
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
    case ItemKind::matching: {
      std::vector<std::string> pairs = split_commas(response);
      std::vector<std::string> prompts, targets;
      for (const auto& pair : pairs) {
        const auto dash = pair.find('-');
        if (dash == std::string::npos || !has_choice(item, pair.substr(0, dash)) ||
            !has_target(item, pair.substr(dash + 1)))
          return fail("item " + item.id + " has no pair " + pair);
        prompts.push_back(pair.substr(0, dash));
        targets.push_back(pair.substr(dash + 1));
      }
      std::ranges::sort(prompts);
      std::ranges::sort(targets);
      if (std::ranges::adjacent_find(prompts) != prompts.end() ||
          std::ranges::adjacent_find(targets) != targets.end())
        return fail("item " + item.id + ": a prompt or a target is paired twice");
      std::ranges::sort(pairs);
      return join_commas(pairs);
    }
    case ItemKind::ordering: {
      const std::vector<std::string> ids = split_commas(response);
      std::vector<std::string> sorted = ids;
      std::ranges::sort(sorted);
      std::vector<std::string> all;
      for (const auto& c : item.choices) all.push_back(c.id);
      std::ranges::sort(all);
      if (sorted != all) return fail("item " + item.id + " needs every choice once, in order");
      return join_commas(ids);
    }
    case ItemKind::short_text: {
      std::string_view t = response;
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
      if (std::ranges::any_of(t, [](char ch) { return ch == '\n' || ch == '\r'; }))
        return fail("item " + item.id + ": a short answer is one line");
      return std::string(t);
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
    // Items of the first three kinds without figures keep their original encoding; others set
    // the high bit of the kind and append an extension block after the points.
    const bool extended = i.kind > ItemKind::numeric || !i.targets.empty() || !i.figures.empty();
    w.str(i.id);
    w.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(i.kind) | (extended ? 0x80 : 0)));
    w.str(i.stem);
    w.str(i.passage_id);
    w.u32(static_cast<std::uint32_t>(i.choices.size()));
    for (const auto& c : i.choices) {
      w.str(c.id);
      w.str(c.text);
    }
    w.str(i.unit);
    w.u32(static_cast<std::uint32_t>(i.points));
    if (!extended) continue;
    w.u32(static_cast<std::uint32_t>(i.targets.size()));
    for (const auto& t : i.targets) {
      w.str(t.id);
      w.str(t.text);
    }
    w.u32(static_cast<std::uint32_t>(i.figures.size()));
    for (const auto& f : i.figures) {
      w.str(f.name);
      w.str(f.media_type);
      w.str(f.data);
    }
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
    const std::uint8_t byte = r.u8();
    const bool extended = (byte & 0x80) != 0;
    const std::uint8_t kind = byte & 0x7F;
    if (kind < 1 || kind > 6) r.fail();
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
    if (extended) {
      for (std::size_t t = r.count(8); t > 0 && r.ok(); --t) {
        Choice ch;
        ch.id = r.str();
        ch.text = r.str();
        i.targets.push_back(std::move(ch));
      }
      for (std::size_t f = r.count(12); f > 0 && r.ok(); --f) {
        Figure fig;
        fig.name = r.str();
        fig.media_type = r.str();
        fig.data = r.str();
        i.figures.push_back(std::move(fig));
      }
    }
    b.items.push_back(std::move(i));
  }
  return b;
}

}  // namespace bbzhm
