// Numbers and names as the reports and pages write them.
#include "ntc/analysis/text.hpp"

#include <cmath>
#include <cstdio>

#include "common/i18n.hpp"

namespace bbzhm::ntc {

std::string fixed(double value, int decimals, Language lang) {
  if (!std::isfinite(value)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out = buf;
  if (out.starts_with("-") && std::stod(out) == 0) out.erase(0, 1);  // no "-0,0"
  if (lang != Language::en)
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

std::string catalog_or(Language lang, const std::string& key, std::string_view fallback) {
  const std::string_view t = i18n::text(lang, key);
  return t == key ? std::string(fallback) : std::string(t);
}

std::string subject_name(Language lang, std::string_view subject) {
  return catalog_or(lang, "subject." + std::string(subject), subject);
}

std::string level_name(Language lang, std::string_view level) {
  return catalog_or(lang, "level." + std::string(level), level);
}

std::string language_name(Language lang, std::string_view language) {
  return catalog_or(lang, "language." + std::string(language), language);
}

}  // namespace bbzhm::ntc
