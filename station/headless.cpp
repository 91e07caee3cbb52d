// The scripted student.
#include "station/headless.hpp"

#include <random>
#include <thread>

#include "item_bank/test_form.hpp"

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

}  // namespace

Result<Outcome> run_script(StationClient& client, const Script& script) {
  const auto deadline = Clock::now() + script.timeout;
  std::map<std::string, item_bank::TestForm> keys;
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
            f.booklet.variant == b.variant && f.booklet.items.size() == b.items.size() &&
            f.booklet.items.front().id == b.items.front().id)
          form = &f;
      for (const Item& item : b.items) {
        if (ready->answers.contains(item.id)) continue;
        if (script.max_answers >= 0 && outcome.answered >= script.max_answers) break;
        // The test may end under the student (time over, the sitting ended, an act).
        if (client.snapshot().phase != Phase::testing) break;
        std::string response;
        const bool correct = form != nullptr && coin(random) < script.ability;
        const auto* key = form ? &form->keys.at(item.id) : nullptr;
        if (item.kind == ItemKind::numeric) {
          const double value = correct ? key->value : std::floor(coin(random) * 100);
          std::ostringstream text;
          text << value;
          response = text.str();
        } else if (correct) {
          for (const auto& id : key->choices) response += (response.empty() ? "" : ",") + id;
        } else {
          response = item.choices[random() % item.choices.size()].id;
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
  return outcome;
}

}  // namespace bbzhm::station
