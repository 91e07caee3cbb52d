// A school for end-to-end tests: a data folder with a roster and a sitting, the real server
// process, and paired station folders — all through the shipped command lines.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/store.hpp"
#include "tests/support/process.hpp"

namespace bbzhm::test {

struct Slip {
  int seat = 0;
  std::string personal_code;
  std::string login;
  std::string password;
  std::string full_name;
};

// The login slips create-sitting writes (--logins-out CSV): one per student, in seat order.
std::vector<Slip> read_slips(const std::filesystem::path& csv);

class School {
 public:
  // init + import-roster + create-sitting (grade 9, class 9А of the demo roster by default).
  explicit School(const std::string& roster = "scripts/demo-data/roster-9a.csv", int grade = 9,
                  const std::string& class_name = "9А");

  Output server_command(std::vector<std::string> args) const;
  void admit_all();
  void start_sitting();

  // Starts `bbzhm-server serve` (on the port of the first start, once there was one).
  void serve(const std::map<std::string, std::string>& env = {});  // `env` added to the server's
  void kill_server();                                              // SIGKILL: no shutdown, no flush
  void stop_server();                                              // SIGTERM

  // A paired station folder, registered with the server; `via` points it at another port.
  std::filesystem::path pair_station(const std::string& name,
                                     std::optional<std::uint16_t> via = std::nullopt);
  std::vector<std::string> station_args(const std::filesystem::path& station,
                                        const Slip& slip) const;

  // Rows of school.db through the sqlite3 shell, for checks (one row a line, '|' between columns).
  std::string query(const std::string& sql) const;
  // The answers as stored, opened through the server's store (school.db keeps them sealed).
  std::vector<server::AnswerRow> answers(std::optional<std::int64_t> sitting = std::nullopt) const;

  TempDir dir;
  std::filesystem::path data;
  std::vector<Slip> slips;
  std::uint16_t port = 0;
  std::optional<Child> server;

 private:
  int starts_ = 0;
};

std::string source_path(const std::string& relative);

}  // namespace bbzhm::test
