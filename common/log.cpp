// The stderr log: one write(2) per record so lines of concurrent threads never interleave.
#include "common/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

namespace bbzhm::log {
namespace {
std::atomic<Level> g_min_level{Level::info};
}

void set_min_level(Level level) {
  g_min_level = level;
}

void write(Level level, std::string_view component, std::string_view message) {
  if (level < g_min_level.load()) return;
  static constexpr std::string_view kNames[] = {"debug", "info", "warn", "error"};
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string line = stamp;
  line += '.';
  line += std::to_string(1000 + ms).substr(1);
  line += "Z ";
  line += kNames[static_cast<int>(level)];
  line += ' ';
  line += component;
  line += ": ";
  line += message;
  line += '\n';
  [[maybe_unused]] auto n = ::write(2, line.data(), line.size());
}

}  // namespace bbzhm::log
