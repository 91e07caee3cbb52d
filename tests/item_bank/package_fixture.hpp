// Helpers for tests that run sittings from NTC packages: bbzhm-bank as NTC runs it, and the
// login slips create-sitting writes.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/crypto.hpp"
#include "tests/support/process.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {

inline Output bank(std::vector<std::string> args) {
  args.insert(args.begin(), BBZHM_BANK_BIN);
  return run(args);
}

struct BuiltPackage {
  std::filesystem::path file;
  std::filesystem::path ntc_key;  // NTC's key file
  std::string ntc_hex;            // its public key, as schools pin it
  std::string unlock_code;
};

// keygen, build and unlock-code as NTC runs them; an empty unlock_code (and a test failure)
// when a step fails.
inline BuiltPackage build_package(const std::filesystem::path& dir,
                                  const std::filesystem::path& bank_dir, const std::string& specs,
                                  const std::string& id, int variants) {
  BuiltPackage p;
  p.ntc_key = dir / "ntc.key";
  p.file = dir / (id + ".bbzp");
  if (!std::filesystem::exists(p.ntc_key)) {
    const auto key = bank({"keygen", "--out", p.ntc_key.string()});
    EXPECT_EQ(key.status, 0) << key.err;
    if (key.status != 0) return p;
  }
  const auto ntc = crypto::read_key_file(p.ntc_key);
  EXPECT_TRUE(ntc) << ntc.error().what;
  if (!ntc) return p;
  p.ntc_hex = crypto::to_hex(ntc->public_key);
  const auto built =
      bank({"build", "--bank", bank_dir.string(), "--spec", specs, "--variants",
            std::to_string(variants), "--seed", "11", "--key", p.ntc_key.string(), "--expires",
            "2099-05-01", "--package-id", id, "--out", p.file.string()});
  EXPECT_EQ(built.status, 0) << built.err;
  if (built.status != 0) return p;
  const auto code = bank({"unlock-code", "--key", p.ntc_key.string(), p.file.string()});
  EXPECT_EQ(code.status, 0) << code.err;
  if (code.status != 0) return p;
  p.unlock_code = code.out.substr(0, code.out.find('\n'));
  return p;
}

// A bank written out from (path, text) pairs, as tests keep small banks in their source.
inline void write_bank(const std::filesystem::path& dir,
                       const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [path, text] : files) {
    std::filesystem::create_directories((dir / path).parent_path());
    std::ofstream(dir / path) << text;
  }
}

// The school's second sitting from `package` (built with `package_id`), as a school runs it: the
// package loaded with the NTC's key and unlocked, the sitting created for `class_name` (cheap
// passwords: tests log in often), the first `admitted` students checked in (every one when
// negative), started. Its login slips; none, and a test failure, when a step fails.
inline std::vector<Slip> start_package_sitting(School& school, const BuiltPackage& package,
                                               const std::string& package_id,
                                               const std::string& class_name, int admitted = -1) {
  auto step = [&](std::vector<std::string> args) {
    const auto r = school.server_command(args);
    EXPECT_EQ(r.status, 0) << args[0] << ": " << r.err;
    return r.status == 0;
  };
  const auto logins = school.dir / ("logins-" + package_id + ".csv");
  if (package.unlock_code.empty() ||
      !step({"load-package", package.file.string(), "--ntc-key", package.ntc_hex}) ||
      !step({"unlock", package.unlock_code}) ||
      !step({"create-sitting", "--campaign", "2027-04", "--grade", "9", "--class", class_name,
             "--package", package_id, "--logins-out", logins.string(), "--password-cost",
             "minimum"}))
    return {};
  std::vector<Slip> slips = read_slips(logins);
  EXPECT_FALSE(slips.empty()) << logins;
  for (std::size_t i = 0; i < slips.size() && (admitted < 0 || std::cmp_less(i, admitted)); ++i)
    if (!step({"check-in", "--sitting", "2", "--code", slips[i].personal_code})) return {};
  if (!step({"start", "--sitting", "2"})) return {};
  return slips;
}

// A scripted student (`bbzhm-station --headless`) who reads the keys from the package: ability 1
// answers everything right, 0 everything wrong.
inline Output sit_headless(School& school, const Slip& slip, const BuiltPackage& package,
                           const std::string& ability) {
  const auto station = school.pair_station("H" + std::to_string(slip.seat));
  return run({BBZHM_STATION_BIN, "--headless",
              "--dir",           station.string(),
              "--login",         slip.login,
              "--password",      slip.password,
              "--package",       package.file.string(),
              "--ntc-key",       package.ntc_hex,
              "--unlock-code",   package.unlock_code,
              "--ability",       ability,
              "--seed",          std::to_string(slip.seat),
              "--timeout",       "60"});
}

// "seat subject score/max" rows of a sitting's results, as the server keeps them.
inline std::string results_of(const School& school, int sitting) {
  return school.query(
      "SELECT p.seat || ' ' || r.subject || ' ' || r.score || '/' || r.max_score FROM results r "
      "JOIN participants p ON p.id = r.participant_id WHERE p.sitting_id = " +
      std::to_string(sitting) + " ORDER BY p.seat, r.subject");
}

}  // namespace bbzhm::test
