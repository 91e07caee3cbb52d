// Child processes for end-to-end tests: started with posix_spawn, killed in every outcome.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace bbzhm::test {

struct Output {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

// Runs to completion and captures stdout and stderr.
Output run(const std::vector<std::string>& argv,
           const std::map<std::string, std::string>& env = {});

// A long-running child (the server, a station); SIGKILLed on destruction if still running.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::filesystem::path& log,
        const std::map<std::string, std::string>& env = {});
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  void signal(int sig);
  int wait();  // exit status, or 128 + signal
  bool wait_for(std::chrono::milliseconds timeout, int* status);
  const std::filesystem::path& log() const { return log_; }
  // Waits until the log holds `text`; returns the line that has it (empty on timeout).
  std::string wait_for_line(const std::string& text, std::chrono::milliseconds timeout) const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

std::string read_file(const std::filesystem::path& path);

// The last line of a command's output, without its newline (keys and ids are printed there).
std::string last_line(std::string out);

// A loopback port the kernel just handed out and nobody listens on (for a server started later).
std::uint16_t free_port();

// A fresh temporary folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace bbzhm::test
