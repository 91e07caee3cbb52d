// Short text answers compared the way a person would: case, spaces and look-alike letters aside.
#pragma once

#include <string>
#include <string_view>

namespace bbzhm::item_bank {

// Lower case (Latin, Cyrillic and the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І), runs of spaces and tabs
// made one space, no leading or trailing space, ё as е, and Latin letters that look like
// Cyrillic ones (a c e o p x y k m t b h i, ə, ɵ) as those Cyrillic letters: a student on a Latin
// keyboard layout types "caт" for "сат", and both must compare equal. Invalid UTF-8 bytes are
// kept as they are.
std::string normalize_answer_text(std::string_view text);

}  // namespace bbzhm::item_bank
