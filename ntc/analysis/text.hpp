// How reports and published pages write numbers and names: decimals with the language's
// separator, subjects, levels and languages from the catalog (the code itself when the catalog
// has no name for it).
#pragma once

#include <string>
#include <string_view>

#include "common/domain.hpp"

namespace bbzhm::ntc {

// `value` with `decimals` digits after a comma (kk, ru) or a point (en).
std::string fixed(double value, int decimals, Language lang);
std::string subject_name(Language lang, std::string_view subject);
std::string level_name(Language lang, std::string_view level);
std::string language_name(Language lang, std::string_view language);
// A catalog text, or `fallback` when the catalog has no such key.
std::string catalog_or(Language lang, const std::string& key, std::string_view fallback);

}  // namespace bbzhm::ntc
