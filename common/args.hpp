// Command-line arguments: a verb, positional words and --options with values.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace bbzhm {

class Args {
 public:
  // `flags` are options without a value (--headless); every other --option takes one.
  static Result<Args> parse(int argc, char** argv, std::set<std::string> flags = {});

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& option) const { return options_.contains(option); }
  std::optional<std::string> get(const std::string& option) const;
  // The value of a required option, or an error naming it.
  Result<std::string> need(const std::string& option) const;
  Result<long long> number(const std::string& option, long long fallback) const;
  // Options given but not in `known`: a typo gets a clear error instead of being ignored.
  Result<void> only(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
};

}  // namespace bbzhm
