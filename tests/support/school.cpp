// The end-to-end school fixture.
#include "tests/support/school.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace bbzhm::test {

std::vector<Slip> read_slips(const std::filesystem::path& csv) {
  std::vector<Slip> slips;
  std::istringstream lines(read_file(csv));
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream cells(line);
    while (std::getline(cells, cell, ',')) f.push_back(cell);
    if (f.size() < 6) continue;
    std::string name = f[4];
    if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
    slips.push_back({std::stoi(f[0]), f[1], f[2], f[3], name});
  }
  return slips;
}

std::string source_path(const std::string& relative) {
  return std::string(BBZHM_SOURCE_DIR) + "/" + relative;
}

School::School(const std::string& roster, int grade, const std::string& class_name) {
  data = dir / "school";
  auto init =
      server_command({"init", "--school-code", "010203", "--school-name", "№7 мектеп-гимназиясы"});
  EXPECT_EQ(init.status, 0) << init.err;
  auto import = server_command({"import-roster", source_path(roster)});
  EXPECT_EQ(import.status, 0) << import.err;
  const auto logins = dir / "logins.csv";
  auto created = server_command({"create-sitting", "--campaign", "2027-04", "--grade",
                                 std::to_string(grade), "--class", class_name, "--room", "12",
                                 "--logins-out", logins.string(), "--password-cost", "minimum"});
  EXPECT_EQ(created.status, 0) << created.err;
  slips = read_slips(logins);
}

Output School::server_command(std::vector<std::string> args) const {
  args.insert(args.begin(), BBZHM_SERVER_BIN);
  args.push_back("--data");
  args.push_back(data.string());
  return run(args);
}

void School::admit_all() {
  for (const Slip& s : slips) {
    auto r = server_command({"check-in", "--sitting", "1", "--code", s.personal_code});
    EXPECT_EQ(r.status, 0) << r.err;
  }
}

void School::start_sitting() {
  auto r = server_command({"start", "--sitting", "1"});
  EXPECT_EQ(r.status, 0) << r.err;
}

void School::serve(const std::map<std::string, std::string>& env) {
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const auto log = dir / ("server-" + std::to_string(++starts_) + ".log");
  server.reset();
  server.emplace(std::vector<std::string>{BBZHM_SERVER_BIN, "serve", "--data", data.string(),
                                          "--listen", listen},
                 log, env);
  const std::string line = server->wait_for_line("listening on", std::chrono::seconds(20));
  ASSERT_FALSE(line.empty()) << read_file(log);
  port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
}

void School::kill_server() {
  server->signal(SIGKILL);
  server->wait();
  server.reset();
}

void School::stop_server() {
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait(), 0);
  server.reset();
}

std::filesystem::path School::pair_station(const std::string& name,
                                           std::optional<std::uint16_t> via) {
  const auto key = server_command({"show-key"});
  std::string server_key = key.out.substr(0, key.out.find('\n'));
  const auto station = dir / ("station-" + name);
  auto paired =
      run({BBZHM_STATION_BIN, "pair", "--dir", station.string(), "--server",
           "127.0.0.1:" + std::to_string(via.value_or(port)), "--server-key", server_key});
  EXPECT_EQ(paired.status, 0) << paired.err;
  std::string out = paired.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const std::string station_key = out.substr(out.rfind('\n') + 1);
  auto added = server_command({"add-station", "--name", name, "--key", station_key});
  EXPECT_EQ(added.status, 0) << added.err;
  return station;
}

std::vector<std::string> School::station_args(const std::filesystem::path& station,
                                              const Slip& slip) const {
  return {BBZHM_STATION_BIN, "--headless",
          "--dir",           station.string(),
          "--login",         slip.login,
          "--password",      slip.password,
          "--forms",         source_path("item_bank/samples"),
          "--timeout",       "60"};
}

std::string School::query(const std::string& sql) const {
  auto r = run({"/usr/bin/sqlite3", (data / "school.db").string(), sql});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

std::vector<server::AnswerRow> School::answers(std::optional<std::int64_t> sitting) const {
  auto store = server::Store::open(data);
  if (!store) throw std::runtime_error(store.error().what);
  return (*store)->answer_rows(sitting);
}

}  // namespace bbzhm::test
