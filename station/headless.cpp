// The scripted student.
#include "station/headless.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"
#include "common/file.hpp"
#include "item_bank/package.hpp"

namespace bbzhm::station {
namespace {

using Clock = std::chrono::steady_clock;

// Waits until `done(snapshot)` holds, or the deadline passes.
template <class Pred>
Result<Snapshot> wait_until(StationClient& client, Clock::time_point deadline, Pred done,
                            std::string_view what) {
  Snapshot s = client.snapshot();
  while (!done(s)) {
    if (Clock::now() >= deadline)
      return fail("timed out waiting for " + std::string(what) +
                  (s.last_error.empty() ? "" : " (" + s.last_error + ")"));
    s = client.wait_for_change(s.version, std::chrono::milliseconds(200));
  }
  return s;
}

std::string refusal_text(protocol::LoginRefusal r) {
  switch (r) {
    case protocol::LoginRefusal::wrong_credentials:
      return "wrong login or password";
    case protocol::LoginRefusal::rate_limited:
      return "too many attempts, try again later";
    case protocol::LoginRefusal::not_admitted:
      return "not admitted by the representative";
    case protocol::LoginRefusal::sitting_not_open:
      return "the sitting is not open";
    case protocol::LoginRefusal::annulled:
      return "results annulled";
    case protocol::LoginRefusal::not_logged_in:
      return "not logged in";
  }
  return "refused";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// The key's own answer.
std::string right_answer(const Item& item, const item_bank::ItemKey& key) {
  switch (item.kind) {
    case ItemKind::single_choice:
    case ItemKind::multiple_choice:
      return joined(key.choices);
    case ItemKind::numeric:
      return number_text(key.value);
    case ItemKind::matching:
      return joined(key.pairs);
    case ItemKind::ordering:
      return joined(key.order);
    case ItemKind::short_text:
      return key.accepted.empty() ? "" : key.accepted.front();
  }
  return "";
}

// Without the form's keys: a well-formed answer, whatever it scores.
std::string any_answer(const Item& item) {
  std::vector<std::string> ids;
  for (const Choice& c : item.choices) ids.push_back(c.id);
  switch (item.kind) {
    case ItemKind::single_choice:
    case ItemKind::multiple_choice:
      return ids.empty() ? "" : ids.front();
    case ItemKind::numeric:
      return "1";
    case ItemKind::matching: {
      std::vector<std::string> pairs;
      for (std::size_t i = 0; i < ids.size() && i < item.targets.size(); ++i)
        pairs.push_back(ids[i] + "-" + item.targets[i].id);
      return joined(pairs);
    }
    case ItemKind::ordering:
      return joined(ids);
    case ItemKind::short_text:
      return "???";
  }
  return "";
}

// An answer that earns nothing under the strict and the partial rule (item_bank/bank/README.md).
std::string wrong_answer(const Item& item, const item_bank::ItemKey& key, std::mt19937_64& random) {
  std::vector<std::string> others;
  for (const Choice& c : item.choices)
    if (!std::ranges::binary_search(key.choices, c.id)) others.push_back(c.id);
  switch (item.kind) {
    case ItemKind::single_choice:
      return others.empty() ? "" : others[random() % others.size()];
    case ItemKind::multiple_choice:
      return joined(others);  // every keyed choice missing, every other one extra
    case ItemKind::numeric:
      return number_text(key.value + (key.tolerance + 1) * static_cast<double>(2 + random() % 50));
    case ItemKind::matching: {
      // Every prompt with the next prompt's target.
      std::vector<std::string> pairs;
      for (std::size_t i = 0; i < key.pairs.size(); ++i) {
        const std::string& next = key.pairs[(i + 1) % key.pairs.size()];
        pairs.push_back(key.pairs[i].substr(0, key.pairs[i].find('-')) +
                        next.substr(next.find('-')));
      }
      return joined(pairs);
    }
    case ItemKind::ordering: {
      std::vector<std::string> order = key.order;
      std::ranges::rotate(order, order.begin() + (order.empty() ? 0 : 1));
      return joined(order);
    }
    case ItemKind::short_text:
      return "???";
  }
  return "";
}

}  // namespace

Result<std::vector<item_bank::TestForm>> package_keys(const std::filesystem::path& package,
                                                      std::string_view ntc_key_hex,
                                                      std::string_view unlock_code) {
  auto read = read_file(package);
  if (!read) return std::unexpected(read.error());
  const std::string& file = *read;
  auto ntc = crypto::public_key_from_hex(ntc_key_hex);
  if (!ntc) return fail("--ntc-key: " + ntc.error().what);
  auto secret = item_bank::parse_unlock_code(unlock_code);
  if (!secret) return fail("--unlock-code: " + secret.error().what);
  auto forms = item_bank::open_package(as_bytes(file), *ntc, *secret, 0);
  if (!forms) return fail(package.string() + ": " + forms.error().what);
  return forms;
}

Result<Outcome> run_script(StationClient& client, const Script& script) {
  const auto deadline = Clock::now() + script.timeout;
  std::map<std::string, item_bank::TestForm> keys;
  for (const auto& f : script.forms) keys.emplace(f.id, f);
  if (script.forms_dir) {
    auto forms = item_bank::load_forms(*script.forms_dir);
    if (!forms) return std::unexpected(forms.error());
    for (auto& f : *forms) keys.emplace(f.id, std::move(f));
  }
  std::mt19937_64 random(script.seed);
  std::uniform_real_distribution<double> coin(0, 1);

  client.login(script.login, script.password);
  auto ready = wait_until(
      client, deadline,
      [](const Snapshot& s) {
        return s.phase == Phase::testing || s.phase == Phase::finished ||
               s.phase == Phase::refused || s.phase == Phase::superseded;
      },
      "the login");
  if (!ready) return std::unexpected(ready.error());
  if (ready->phase == Phase::refused)
    return fail("login refused: " + refusal_text(ready->refusal
                                                     ? ready->refusal->reason
                                                     : protocol::LoginRefusal::wrong_credentials));
  Outcome outcome;
  outcome.student = ready->sitting ? ready->sitting->student_name : "";
  outcome.resumed = static_cast<int>(ready->answers.size());

  if (ready->phase == Phase::testing) {
    for (const Booklet& b : ready->sitting->booklets) {
      const item_bank::TestForm* form = nullptr;
      for (const auto& [id, f] : keys)
        if (f.booklet.subject == b.subject && f.booklet.language == b.language &&
            f.booklet.variant == b.variant &&
            std::ranges::equal(f.booklet.items, b.items, {}, &Item::id, &Item::id))
          form = &f;
      for (const Item& item : b.items) {
        if (ready->answers.contains(item.id)) continue;
        if (script.max_answers >= 0 && outcome.answered >= script.max_answers) break;
        // The test may end under the student (time over, the sitting ended, an act).
        if (client.snapshot().phase != Phase::testing) break;
        std::string response = any_answer(item);
        if (form != nullptr) {
          const auto& key = form->keys.at(item.id);
          response = coin(random) < script.ability ? right_answer(item, key)
                                                   : wrong_answer(item, key, random);
        }
        client.answer(item.id, response);
        ++outcome.answered;
        if (script.delay.count() > 0) std::this_thread::sleep_for(script.delay);
      }
    }
    // Answers reach the client's thread asynchronously: wait until all of them are applied.
    const std::size_t expected = ready->answers.size() + static_cast<std::size_t>(outcome.answered);
    auto saved = wait_until(
        client, deadline,
        [expected](const Snapshot& s) {
          return s.phase != Phase::testing ||
                 (s.answers.size() >= expected && s.unacknowledged == 0);
        },
        "every answer to be saved");
    if (!saved) return std::unexpected(saved.error());
    if (!script.finish) return outcome;
    client.finish();
  }
  auto finished = wait_until(
      client, deadline,
      [](const Snapshot& s) {
        return s.phase == Phase::finished || s.phase == Phase::superseded ||
               s.phase == Phase::refused;
      },
      "the results");
  if (!finished) return std::unexpected(finished.error());
  if (finished->phase == Phase::superseded) return fail("the student continued on another station");
  if (finished->phase == Phase::refused) return fail("refused by the server");
  outcome.results = finished->results;
  if (script.survey && outcome.results && !outcome.results->annulled) {
    const Language language = finished->sitting ? finished->sitting->language : Language::kk;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
    if (auto sent = deliver_survey(client, protocol::SurveyKind::student, *script.survey, language,
                                   std::max(left, std::chrono::seconds(1)));
        !sent)
      return std::unexpected(sent.error());
    outcome.survey_delivered = true;
  }
  return outcome;
}

Result<void> deliver_survey(StationClient& client, protocol::SurveyKind kind,
                            const std::vector<int>& answers, Language language,
                            std::chrono::seconds timeout) {
  const std::size_t before = client.snapshot().surveys_answered;
  client.send_survey(kind, answers, language);
  auto done = wait_until(
      client, Clock::now() + timeout,
      [before](const Snapshot& s) { return s.surveys_answered > before; },
      "the server to take the survey");
  if (!done) return std::unexpected(done.error());
  return {};
}

Result<std::vector<int>> parse_survey(std::string_view text, protocol::SurveyKind kind) {
  std::vector<int> answers;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view part = text.substr(start, comma - start);
    if (part.size() != 1 || part[0] < '1' || part[0] > '0' + protocol::kSurveyOptions)
      return fail("a survey answer is an option from 1 to " +
                  std::to_string(protocol::kSurveyOptions) + ", not '" + std::string(part) + "'");
    answers.push_back(part[0] - '0');
    start = comma + 1;
  }
  if (answers.size() != protocol::survey_questions(kind))
    return fail("the survey has " + std::to_string(protocol::survey_questions(kind)) +
                " questions, " + std::to_string(answers.size()) + " answers given");
  return answers;
}

}  // namespace bbzhm::station
