// The school registry as the NTC receives it: a CSV with one organization a line (code, name,
// region, district, settlement, type, languages, contingent, public_key). Every line and field is
// checked; nothing is imported unless the whole file is sound.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "ntc/store.hpp"

namespace bbzhm::ntc {

struct RegistryProblem {
  int line = 0;
  std::string field;  // the column, "header" or "line"
  std::string key;    // catalog key of the reason
  std::vector<std::string> args;
};

std::expected<std::vector<RegisteredSchool>, std::vector<RegistryProblem>> parse_registry(
    std::string_view file_bytes);

// "FILE:LINE: field: reason", as the school roster reports its lines.
std::string describe(const RegistryProblem& p, std::string_view file_name, Language lang);

}  // namespace bbzhm::ntc
