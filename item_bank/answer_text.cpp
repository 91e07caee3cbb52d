// Normalizing short text answers (item_bank/answer_text.hpp).
#include "item_bank/answer_text.hpp"

#include <cstdint>
#include <vector>

namespace bbzhm::item_bank {
namespace {

// Decodes one UTF-8 sequence at `at`; returns 0 and advances one byte on invalid input.
char32_t next_code_point(std::string_view s, std::size_t& at) {
  const auto b0 = static_cast<unsigned char>(s[at]);
  auto cont = [&](std::size_t i) -> int {
    if (at + i >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[at + i]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    ++at;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0 && cont(1) >= 0) {
    const char32_t c = (static_cast<char32_t>(b0 & 0x1F) << 6) | static_cast<char32_t>(cont(1));
    at += 2;
    return c;
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) >= 0 && cont(2) >= 0) {
    const char32_t c = (static_cast<char32_t>(b0 & 0x0F) << 12) |
                       (static_cast<char32_t>(cont(1)) << 6) | static_cast<char32_t>(cont(2));
    at += 3;
    return c;
  }
  ++at;
  return 0;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;  // А..Я
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;  // Ѐ..Џ, with Ё and І
  // Cyrillic Extended pairs (Ғ Қ Ң Ү Ұ Һ Ә Ө ...): upper case at the even code point.
  if (c >= 0x0460 && c <= 0x04FF && c % 2 == 0 && !(c >= 0x0482 && c <= 0x0489) &&
      !(c >= 0x04C0 && c <= 0x04CF))
    return c + 1;
  if (c >= 0x04C1 && c <= 0x04CE && c % 2 == 1) return c + 1;
  return c;
}

char32_t fold_look_alike(char32_t c) {
  switch (c) {
    case U'a':
      return U'а';
    case U'c':
      return U'с';
    case U'e':
      return U'е';
    case U'o':
      return U'о';
    case U'p':
      return U'р';
    case U'x':
      return U'х';
    case U'y':
      return U'у';
    case U'k':
      return U'к';
    case U'm':
      return U'м';
    case U't':
      return U'т';
    case U'b':
      return U'в';
    case U'h':
      return U'һ';
    case U'i':
      return U'і';
    case U'ə':
      return U'ә';
    case U'ɵ':
      return U'ө';
    case U'ё':
      return U'е';
    default:
      return c;
  }
}

}  // namespace

std::string normalize_answer_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t start = at;
    const char32_t c = next_code_point(text, at);
    if (c == 0) {
      // A space before a kept invalid byte stays, or two invalid bytes around a dropped space
      // would join into a valid letter and normalizing twice would differ (found by fuzzing).
      if (space) out += ' ';
      out.append(text.substr(start, at - start));
      space = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == 0xA0 || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    append_utf8(out, fold_look_alike(lower(c)));
  }
  return out;
}

}  // namespace bbzhm::item_bank
