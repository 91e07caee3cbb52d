// Alphabetical order of names as a Kazakh school lists them: А Ә Б В Г Ғ Д ... Ң ... Ө ... Ұ Ү
// ... Һ ... І ... Я, then Latin; case is ignored.
#pragma once

#include <string>
#include <string_view>

namespace bbzhm {

// A key whose byte order is the alphabetical order of `utf8_text`.
std::string collation_key(std::string_view utf8_text);

}  // namespace bbzhm
