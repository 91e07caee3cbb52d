// Error values for expected failures: what went wrong and where.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace bbzhm {

// An expected failure (bad input, refused login, broken frame). `what` is a complete sentence
// for a technician or a log; where it is shown to a user, `key` names its catalog entry.
struct Error {
  std::string what;
  std::string key;

  Error() = default;
  explicit Error(std::string w, std::string k = {}) : what(std::move(w)), key(std::move(k)) {}
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string what, std::string key = {}) {
  return std::unexpected<Error>(Error(std::move(what), std::move(key)));
}

}  // namespace bbzhm
