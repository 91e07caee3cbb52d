// bbzhm-proctor: the representative's console. `pair` sets up its folder (the same pairing as a
// station; the technician then registers the printed key with `bbzhm-server add-station --role
// console`); `--dir DIR` opens the console window.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "common/args.hpp"
#include "common/i18n.hpp"
#include "common/pairing.hpp"
#include "proctor/console_client.hpp"
#include "proctor/gui/console.hpp"
#include "station/client.hpp"
#include "station/pairing.hpp"

namespace {

using namespace bbzhm;

int fail_with(std::string_view what, int status = 1) {
  std::cerr << "bbzhm-proctor: " << what << "\n";
  return status;
}

int cmd_pair(const Args& args, Language lang) {
  if (auto ok = args.only({"dir", "server", "server-key"}); !ok)
    return fail_with(ok.error().what, 2);
  auto paired = station::pair_by_key(args);
  if (!paired) return fail_with(paired.error().what, paired.error().status);
  // The last line is the console's key, for `bbzhm-server add-station --role console --key`.
  std::cout << i18n::format(lang, "console.paired", {crypto::fingerprint(paired->server_key)})
            << "\n"
            << crypto::to_hex(paired->own_key) << "\n";
  return 0;
}

// `pairing-code --dir DIR --login LOGIN` (the password on stdin): signs in like the window does
// and prints a new pairing code and the server's fingerprint, for a technician at a terminal.
int cmd_pairing_code(const Args& args, Language lang) {
  if (auto ok = args.only({"dir", "login"}); !ok) return fail_with(ok.error().what, 2);
  auto dir = args.need("dir");
  auto login = args.need("login");
  if (!dir || !login) return fail_with((!dir ? dir.error() : login.error()).what, 2);
  std::string password;
  std::getline(std::cin, password);
  auto config = station::load_config(*dir);
  if (!config) return fail_with(config.error().what);
  auto client = proctor::ConsoleClient::start(std::move(*config));
  if (!client) return fail_with(client.error().what);
  (*client)->sign_in(*login, std::move(password));
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  proctor::Room room = (*client)->snapshot();
  while (!room.welcome && !room.refusal && std::chrono::steady_clock::now() < end)
    room = (*client)->wait_for_change(room.version, std::chrono::milliseconds(200));
  if (!room.welcome)
    return fail_with(room.refusal ? "the server refused the sign-in"
                                  : "no answer from the server: " + room.last_error);
  auto reply = (*client)->command(proctor::new_pairing_code()).get();
  if (!reply.ok) return fail_with(reply.message);
  std::cout << i18n::format(lang, "console.pair.code_line",
                            {pairing::display_code(reply.message), room.server_fingerprint})
            << "\n"
            << reply.message << "\n";
  return 0;
}

// BBZHM_SCREENSHOT_DIR and BBZHM_CONSOLE_TRACE serve tests and the README's pictures.
int cmd_console(const Args& args, Language lang) {
  if (auto ok = args.only({"dir", "print-dir"}); !ok) return fail_with(ok.error().what, 2);
  auto dir = args.need("dir");
  if (!dir) return fail_with(dir.error().what, 2);
  proctor::gui::ConsoleOptions options;
  options.dir = *dir;
  options.language = lang;
  if (const char* shots = std::getenv("BBZHM_SCREENSHOT_DIR")) options.screenshots = shots;
  if (const char* trace = std::getenv("BBZHM_CONSOLE_TRACE")) options.trace = trace[0] == '1';
  if (auto printed = args.get("print-dir")) options.print_dir = *printed;
  return proctor::gui::run_console(options);
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const Language lang = i18n::from_environment();
  auto args = Args::parse(argc, argv, {"help"});
  if (!args) return fail_with(args.error().what, 2);
  if (args->has("help")) {
    std::cout << i18n::text(lang, "console.usage") << "\n";
    return 0;
  }
  if (!args->positional().empty() && args->positional()[0] == "pair") return cmd_pair(*args, lang);
  if (!args->positional().empty() && args->positional()[0] == "pairing-code")
    return cmd_pairing_code(*args, lang);
  if (args->positional().empty() && args->has("dir")) return cmd_console(*args, lang);
  std::cerr << i18n::text(lang, "console.usage") << "\n";
  return 2;
}
