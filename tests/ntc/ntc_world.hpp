// The world the NTC tests share: one real school (tests/support/school.hpp) that sat a package
// sitting with real stations and ended it, the NTC's key that built the package, and helpers to
// start an NTC (SQLite or a real PostgreSQL the tests start) and to copy the school.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {

Output ntc(std::vector<std::string> args);

// A PostgreSQL server in a temporary folder (initdb + pg_ctl as the postgres user), stopped on
// destruction. `available()` is false when this machine cannot start one (not root, no binaries).
class Postgres {
 public:
  Postgres();
  ~Postgres();
  bool available() const { return started_; }
  // A fresh, empty database on it: its conninfo.
  std::string new_database();

 private:
  std::filesystem::path dir_;
  bool started_ = false;
  int databases_ = 0;
};

// The NTC's key (bbzhm-bank keygen) and the package it signed for campaign 2027-04 (grade 9,
// reading, mathematics and science, two variants): built once per test program.
struct Package {
  std::filesystem::path key;  // the NTC's key file
  std::string public_hex;
  std::filesystem::path file;
  std::string id = "2027-04-schools";
  std::string unlock_code;  // what the NTC reads out on the day
};
const Package& package();

// The package loaded and unlocked at `school`, and a sitting of its 9А on it (sitting 2 when the
// school has only its own first sitting): the login slips.
std::vector<Slip> create_package_sitting(School& school);

struct World {
  std::unique_ptr<School> school;
  std::filesystem::path
      ntc_key;  // the NTC's key file (bbzhm-bank keygen), which signed the package
  std::string ntc_public_hex;
  std::filesystem::path package;
  std::string school_key_hex;
  std::unique_ptr<Postgres> postgres;
};

// Built once per test program (a sitting with stations takes a few seconds).
World& world();
// The world's PostgreSQL server, started on first use.
Postgres& postgres();

// A copy of the school's data folder, to change or upload without touching the shared one.
std::filesystem::path copy_school(const std::filesystem::path& into);

// An NTC data folder: init with the package key, the registry CSV, the package registered.
struct Ntc {
  std::filesystem::path data;
  std::string db;  // "" for SQLite, else the PostgreSQL conninfo
  std::string fingerprint;
  Output run(std::vector<std::string> args) const;
  std::string query(const std::string& sql) const;  // one row a line, '|' between columns
};
Ntc make_ntc(const std::filesystem::path& data, const std::string& db,
             const std::string& registry_csv);
// The registry line of the world's school with the given key.
std::string registry_csv(const std::string& school_key_hex);

}  // namespace bbzhm::test
