// bbzhm-station: the student's station. `pair` sets it up; `--headless` runs a scripted student;
// `--dir DIR` alone opens the kiosk window (built with BBZHM_GUI).
#include <cstdlib>
#include <iostream>

#include "common/args.hpp"
#include "common/i18n.hpp"
#include "station/client.hpp"
#include "station/headless.hpp"
#include "station/pairing.hpp"
#ifdef BBZHM_STATION_GUI
#include "station/gui/kiosk.hpp"
#endif

namespace {

using namespace bbzhm;

int fail_with(std::string_view what, int status = 1) {
  std::cerr << "bbzhm-station: " << what << "\n";
  return status;
}

int cmd_pair(const Args& args, Language lang) {
  if (auto ok = args.only({"dir", "server", "server-key", "code", "name"}); !ok)
    return fail_with(ok.error().what, 2);
  if (auto code = args.get("code")) {  // the short code the representative's console shows
    auto dir = args.need("dir");
    auto server = args.need("server");
    if (!dir || !server) return fail_with((!dir ? dir.error() : server.error()).what, 2);
    auto paired = station::pair_by_code(*dir, *server, *code,
                                        args.get("name").value_or(station::host_name()));
    if (!paired) return fail_with(paired.error().what);
    std::cout << i18n::format(lang, "station.paired_by_code",
                              {paired->name, crypto::fingerprint(paired->server_key)})
              << "\n";
    return 0;
  }
  auto paired = station::pair_by_key(args);
  if (!paired) return fail_with(paired.error().what, paired.error().status);
  std::cout << i18n::format(lang, "station.paired", {crypto::fingerprint(paired->server_key)})
            << "\n"
            << crypto::to_hex(paired->own_key) << "\n";
  return 0;
}

int cmd_headless(const Args& args, Language lang) {
  if (auto ok = args.only({"headless", "dir", "login", "password", "ability", "forms", "package",
                           "ntc-key", "unlock-code", "seed", "delay-ms", "max-answers", "no-finish",
                           "timeout", "survey", "teacher-survey"});
      !ok)
    return fail_with(ok.error().what, 2);
  // p.25: --teacher-survey A,B,...: a teacher's anonymous survey from this station, no login.
  if (auto answers = args.get("teacher-survey")) {
    auto dir = args.need("dir");
    if (!dir) return fail_with(dir.error().what, 2);
    auto parsed = station::parse_survey(*answers, protocol::SurveyKind::teacher);
    if (!parsed) return fail_with("--teacher-survey: " + parsed.error().what, 2);
    auto config = station::load_config(*dir);
    if (!config) return fail_with(config.error().what);
    config->stay_connected = true;
    auto client = station::StationClient::start(std::move(*config));
    if (!client) return fail_with(client.error().what);
    auto sent = station::deliver_survey(**client, protocol::SurveyKind::teacher, *parsed, lang,
                                        std::chrono::seconds(120));
    if (!sent) return fail_with(sent.error().what, 3);
    std::cout << "teacher survey delivered\n";
    return 0;
  }
  auto dir = args.need("dir");
  auto login = args.need("login");
  auto password = args.need("password");
  if (!dir || !login || !password)
    return fail_with((!dir ? dir.error() : !login ? login.error() : password.error()).what, 2);
  station::Script script;
  script.login = *login;
  script.password = *password;
  if (auto f = args.get("forms")) script.forms_dir = *f;
  // --package FILE --ntc-key HEX --unlock-code CODE: the keys of an NTC package (a simulation aid).
  if (auto p = args.get("package")) {
    auto ntc = args.need("ntc-key");
    auto code = args.need("unlock-code");
    if (!ntc || !code) return fail_with((!ntc ? ntc.error() : code.error()).what, 2);
    auto forms = station::package_keys(*p, *ntc, *code);
    if (!forms) return fail_with(forms.error().what, 2);
    script.forms = std::move(*forms);
  }
  try {
    script.ability = std::stod(args.get("ability").value_or("0.5"));
  } catch (const std::exception&) {
    return fail_with("--ability needs a number between 0 and 1", 2);
  }
  auto seed = args.number("seed", 1);
  auto delay = args.number("delay-ms", 0);
  auto max_answers = args.number("max-answers", -1);
  auto timeout = args.number("timeout", 120);
  if (!seed || !delay || !max_answers || !timeout)
    return fail_with((!seed          ? seed.error()
                      : !delay       ? delay.error()
                      : !max_answers ? max_answers.error()
                                     : timeout.error())
                         .what,
                     2);
  script.seed = static_cast<std::uint64_t>(*seed);
  script.delay = std::chrono::milliseconds(*delay);
  script.max_answers = static_cast<int>(*max_answers);
  script.timeout = std::chrono::seconds(*timeout);
  script.finish = !args.has("no-finish");
  if (auto survey = args.get("survey")) {
    auto parsed = station::parse_survey(*survey, protocol::SurveyKind::student);
    if (!parsed) return fail_with("--survey: " + parsed.error().what, 2);
    script.survey = std::move(*parsed);
  }

  auto config = station::load_config(*dir);
  if (!config) return fail_with(config.error().what);
  auto client = station::StationClient::start(std::move(*config));
  if (!client) return fail_with(client.error().what);
  auto outcome = station::run_script(**client, script);
  if (!outcome) return fail_with(outcome.error().what, 3);
  std::cout << outcome->student << ": answered=" << outcome->answered
            << " resumed=" << outcome->resumed << "\n";
  if (outcome->results) {
    const Language shown =
        (*client)->snapshot().sitting ? (*client)->snapshot().sitting->language : lang;
    for (const auto& s : outcome->results->subjects)
      std::cout << "  " << i18n::text(shown, "subject." + std::string(code(s.subject))) << ": "
                << s.score << "/" << s.max_score << " (" << i18n::text(shown, "level." + s.level)
                << ")\n";
    std::cout << "receipt=" << outcome->results->receipt << "\n";
  }
  if (outcome->survey_delivered) std::cout << "survey delivered\n";
  return 0;
}

#ifdef BBZHM_STATION_GUI
// The kiosk. BBZHM_SCREENSHOT_DIR and BBZHM_KIOSK_TRACE serve tests and the bench.
int cmd_kiosk(const Args& args) {
  if (auto ok = args.only({"dir", "gallery", "forms"}); !ok) return fail_with(ok.error().what, 2);
  if (auto out = args.get("gallery")) {
    auto forms = args.need("forms");
    if (!forms) return fail_with(forms.error().what, 2);
    return station::gui::run_gallery(*forms, *out);
  }
  auto dir = args.need("dir");
  if (!dir) return fail_with(dir.error().what, 2);
  station::gui::KioskOptions options;
  options.dir = *dir;
  if (const char* shots = std::getenv("BBZHM_SCREENSHOT_DIR")) options.screenshots = shots;
  if (const char* trace = std::getenv("BBZHM_KIOSK_TRACE")) options.trace = trace[0] == '1';
  return station::gui::run_kiosk(options);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const Language lang = i18n::from_environment();
  auto args = Args::parse(argc, argv, {"headless", "no-finish"});
  if (!args) return fail_with(args.error().what, 2);
  if (!args->positional().empty() && args->positional()[0] == "pair") return cmd_pair(*args, lang);
  if (args->has("headless")) return cmd_headless(*args, lang);
#ifdef BBZHM_STATION_GUI
  if (args->has("dir") || args->has("gallery")) return cmd_kiosk(*args);
#endif
  std::cerr << i18n::text(lang, "station.usage") << "\n";
  return 2;
}
