// A scripted student: drives a StationClient without a window, for tests, the demo and load.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "item_bank/test_form.hpp"
#include "station/client.hpp"

namespace bbzhm::station {

struct Script {
  std::string login;
  std::string password;
  // A simulated student answers each item correctly with probability `ability`, and otherwise
  // gives an answer that earns nothing under either scoring rule (another choice, the other
  // choices, every prompt with another target, the order shifted by one, a number outside the
  // tolerance, a text no key accepts). It reads the keys from forms on disk or from the package
  // (a simulation aid: keys never come from the server).
  double ability = 0.5;
  std::optional<std::filesystem::path> forms_dir;
  std::vector<item_bank::TestForm> forms = {};  // keyed forms, besides those of forms_dir
  std::uint64_t seed = 1;
  std::chrono::milliseconds delay{0};  // between answers
  int max_answers = -1;                // stop after this many new answers (-1: all)
  bool finish = true;
  std::chrono::seconds timeout{120};
  // p.25: the anonymous survey answered after the results (options 1..3 by question), sent and
  // waited for until the server has answered for it.
  std::optional<std::vector<int>> survey;
};

struct Outcome {
  int answered = 0;  // answers given in this run
  int resumed = 0;   // answers the server already held at login
  std::optional<protocol::Results> results;
  std::string student;
  bool survey_delivered = false;
};

// The keyed forms of an NTC package, opened as the school server opens it (the demo and tests
// give the simulated students the package and its unlock code).
Result<std::vector<item_bank::TestForm>> package_keys(const std::filesystem::path& package,
                                                      std::string_view ntc_key_hex,
                                                      std::string_view unlock_code);

// Logs in, answers, waits until every answer is acknowledged, finishes if asked, and returns
// what the server sent. An error says what stopped it (refused login, time out).
Result<Outcome> run_script(StationClient& client, const Script& script);

// p.25: sends a survey and waits until the server has answered for it (stored, or already
// stored); the teachers' survey needs no login.
Result<void> deliver_survey(StationClient& client, protocol::SurveyKind kind,
                            const std::vector<int>& answers, Language language,
                            std::chrono::seconds timeout);
// "1,3,2,1" -> {1, 3, 2, 1}, each option 1..3 and as many as the survey's questions.
Result<std::vector<int>> parse_survey(std::string_view text, protocol::SurveyKind kind);

}  // namespace bbzhm::station
