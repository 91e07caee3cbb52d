// One-line log records on stderr: time, level, component, message. Never pass secrets here.
#pragma once

#include <string_view>

namespace bbzhm::log {

enum class Level { debug, info, warn, error };

void set_min_level(Level level);
void write(Level level, std::string_view component, std::string_view message);

inline void info(std::string_view component, std::string_view message) {
  write(Level::info, component, message);
}
inline void warn(std::string_view component, std::string_view message) {
  write(Level::warn, component, message);
}
inline void error(std::string_view component, std::string_view message) {
  write(Level::error, component, message);
}

}  // namespace bbzhm::log
