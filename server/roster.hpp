// Parsing the school's student list (a CSV exported from Excel) into roster entries.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"

namespace bbzhm::server {

inline constexpr int kMaxNameLength = 100;  // characters (code points) in a name
inline constexpr int kMaxClassLength = 20;  // characters in a school class or college group

// One student of the list, as the school gave it (fields trimmed, otherwise byte for byte).
struct RosterStudent {
  std::string iin, last_name, first_name, middle_name;  // middle_name may be empty
  Stage stage;             // Stage::school (grade/class columns) or Stage::college (course/group)
  int grade;               // school: 4 or 9; college: course 2 or 3
  std::string class_name;  // school class "9А" or college group "ТО-21"
  Language language;       // language of instruction
  std::optional<Language> reading_language;  // grade 9 only (p.8); absent = language of instruction
  int line;                                  // 1-based line in the file
};

// Why one line (or the header, or the file) is refused. `field` is the column name as in the
// header ("iin", "last_name", ...), "line" for the line as a whole, "header" for the header and
// the file; `key` names the catalog entry of the reason and `args` fill its {0}, {1}, ...
struct RosterProblem {
  int line;
  std::string field;
  std::string key;
  std::vector<std::string> args;
};

// Reads the whole file: UTF-8 with or without BOM, LF or CRLF, `,` or `;` as the header line
// shows, RFC 4180 quoting. Every line is checked and every problem reported, in file order;
// nothing is returned unless the whole file is sound (p.19 identifies students against it).
std::expected<std::vector<RosterStudent>, std::vector<RosterProblem>> parse_roster(
    std::string_view file_bytes);

// "FILE:LINE: field: reason" with the reason from the catalog in `lang`.
std::string describe(const RosterProblem& p, std::string_view file_name, Language lang);

}  // namespace bbzhm::server
