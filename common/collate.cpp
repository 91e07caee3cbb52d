// The Kazakh alphabet order (42 letters of the Cyrillic Kazakh alphabet).
#include "common/collate.hpp"

#include <array>
#include <cstdint>

namespace bbzhm {
namespace {

constexpr std::u32string_view kUpper = U"АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ";
constexpr std::u32string_view kLower = U"аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
  while (extra-- > 0 && i < s.size()) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

}  // namespace

std::string collation_key(std::string_view text) {
  std::string key;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    std::uint32_t rank;
    if (auto at = kUpper.find(cp); at != std::u32string_view::npos) {
      rank = 0x100 + static_cast<std::uint32_t>(at);
    } else if (auto low = kLower.find(cp); low != std::u32string_view::npos) {
      rank = 0x100 + static_cast<std::uint32_t>(low);
    } else if (cp >= 'a' && cp <= 'z') {
      rank = 0x200 + (cp - 'a');
    } else if (cp >= 'A' && cp <= 'Z') {
      rank = 0x200 + (cp - 'A');
    } else {
      rank = cp < 0x80 ? cp : 0x1000 + cp;  // spaces and hyphens sort first, then the rest by code
    }
    key += static_cast<char>((rank >> 16) & 0xFF);
    key += static_cast<char>((rank >> 8) & 0xFF);
    key += static_cast<char>(rank & 0xFF);
  }
  return key;
}

}  // namespace bbzhm
