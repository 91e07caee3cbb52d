// The translation catalog: every user-visible string, looked up by key in kk, ru and en.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"

namespace bbzhm::i18n {

// The text of `key` in `lang`, or the key itself when missing (a test keeps that from happening).
std::string_view text(Language lang, std::string_view key);

// The text of `key` with {0}, {1}, ... replaced by `args`.
std::string format(Language lang, std::string_view key,
                   std::initializer_list<std::string_view> args);

// Every key the catalog holds for `lang`, sorted; and where each came from ("kk/roster.txt:12").
std::vector<std::string_view> keys(Language lang);
std::string origin(Language lang, std::string_view key);

// The language for command-line output: BBZHM_LANG, else LANG (kk_KZ, ru_RU, ...), else English.
Language from_environment();

namespace detail {
struct EmbeddedCatalogFile {
  const char* lang;  // "kk", "ru", "en"
  const char* path;  // relative to common/i18n
  const char* text;  // lines of `key = text`; `#` starts a comment; `\n` in text is a newline
};
extern const EmbeddedCatalogFile kEmbeddedCatalog[];
extern const std::size_t kEmbeddedCatalogSize;
}  // namespace detail

}  // namespace bbzhm::i18n
