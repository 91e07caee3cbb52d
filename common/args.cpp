// Parsing of --option value pairs.
#include "common/args.hpp"

#include <charconv>

namespace bbzhm {

Result<Args> Args::parse(int argc, char** argv, std::set<std::string> flags) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.rfind("--", 0) != 0 || word.size() == 2) {
      a.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    if (const auto eq = name.find('='); eq != std::string::npos) {
      a.options_[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (flags.contains(name)) {
      a.options_[name] = "";
    } else if (i + 1 < argc) {
      a.options_[name] = argv[++i];
    } else {
      return fail("option --" + name + " needs a value");
    }
  }
  return a;
}

std::optional<std::string> Args::get(const std::string& option) const {
  const auto it = options_.find(option);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> Args::need(const std::string& option) const {
  auto v = get(option);
  if (!v || v->empty()) return fail("option --" + option + " is required");
  return *v;
}

Result<long long> Args::number(const std::string& option, long long fallback) const {
  const auto v = get(option);
  if (!v) return fallback;
  long long n = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size())
    return fail("option --" + option + " needs a whole number, not '" + *v + "'");
  return n;
}

Result<void> Args::only(const std::set<std::string>& known) const {
  for (const auto& [name, _] : options_)
    if (!known.contains(name)) return fail("unknown option --" + name);
  return {};
}

}  // namespace bbzhm
