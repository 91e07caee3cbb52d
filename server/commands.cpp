// The bbzhm-server command line: each verb opens the store, does one thing in one transaction,
// and says what it did in the operator's language.
#include "server/commands.hpp"

#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "common/file.hpp"
#include "common/i18n.hpp"
#include "common/log.hpp"
#include "item_bank/test_form.hpp"
#include "server/backup.hpp"
#include "server/bundle_upload.hpp"
#include "server/package.hpp"
#include "server/print.hpp"
#include "server/roster.hpp"
#include "server/service.hpp"
#include "server/store.hpp"

namespace bbzhm::server {

int report(const Error& e, int status) {
  std::cerr << "bbzhm-server: " << e.what << "\n";
  return status;
}

Result<std::unique_ptr<Store>> open_store(const Args& args) {
  auto dir = args.need("data");
  if (!dir) return std::unexpected(dir.error());
  return Store::open(*dir);
}

namespace {

namespace fs = std::filesystem;

struct Context {
  const Args& args;
  Language lang;
  std::string tr(std::string_view key, std::initializer_list<std::string_view> a = {}) const {
    return i18n::format(lang, key, a);
  }
};

Result<std::unique_ptr<Store>> open_store(const Context& c) {
  return server::open_store(c.args);
}

// Display width of UTF-8 text (every Cyrillic and Latin letter is one column).
std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}
std::string pad(std::string s, std::size_t w) {
  const std::size_t have = width(s);
  if (have < w) s.append(w - have, ' ');
  return s;
}

// [SECTION] Commands

int cmd_init(const Context& c) {
  if (auto ok = c.args.only({"data", "school-code", "school-name"}); !ok) return report(ok.error());
  auto dir = c.args.need("data");
  auto code = c.args.need("school-code");
  auto name = c.args.need("school-name");
  if (!dir || !code || !name)
    return report(!dir ? dir.error() : !code ? code.error() : name.error());
  if (auto r = Store::create(*dir, School{*code, *name}); !r) return report(r.error());
  auto store = Store::open(*dir);
  if (!store) return report(store.error());
  std::cout << c.tr("server.init.done", {*dir, *name}) << "\n"
            << c.tr("server.key.fingerprint", {crypto::fingerprint((*store)->key().public_key)})
            << "\n"
            << c.tr("server.key.public", {crypto::to_hex((*store)->key().public_key)}) << "\n";
  return 0;
}

int cmd_import_roster(const Context& c) {
  if (auto ok = c.args.only({"data"}); !ok) return report(ok.error());
  if (c.args.positional().size() != 2)
    return report(Error("usage: bbzhm-server import-roster --data DIR FILE"));
  const fs::path file = c.args.positional()[1];
  auto bytes = read_file(file);
  if (!bytes) return report(bytes.error());
  auto students = parse_roster(*bytes);
  if (!students) {
    for (const auto& p : students.error()) std::cerr << describe(p, file.string(), c.lang) << "\n";
    std::cerr << c.tr("server.roster.refused", {std::to_string(students.error().size())}) << "\n";
    return kExitBadInput;
  }
  auto store = open_store(c);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  const ImportSummary s = (*store)->import_roster(*students, file.filename().string());
  tx.commit();
  std::cout << c.tr("server.roster.imported",
                    {std::to_string(students->size()), std::to_string(s.added),
                     std::to_string(s.updated), std::to_string(s.unchanged)})
            << "\n";
  return 0;
}

int cmd_add_station(const Context& c) {
  if (auto ok = c.args.only({"data", "name", "key", "role"}); !ok) return report(ok.error());
  const std::string role_name = c.args.get("role").value_or("station");
  if (role_name != "station" && role_name != "console")
    return report(
        Error("--role is 'station' (a student PC) or 'console' (the representative's console)"));
  const ClientRole role = role_name == "console" ? ClientRole::console : ClientRole::station;
  auto name = c.args.need("name");
  auto key_hex = c.args.need("key");
  if (!name || !key_hex) return report(!name ? name.error() : key_hex.error());
  auto key = crypto::public_key_from_hex(*key_hex);
  if (!key) return report(Error("--key: " + key.error().what));
  auto store = open_store(c);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  if (auto r = (*store)->add_station(*name, *key, role); !r) return report(r.error());
  tx.commit();
  std::cout << c.tr("server.station.paired", {*name, crypto::fingerprint(*key)}) << "\n";
  return 0;
}

int cmd_set_exit_code(const Context& c) {
  if (auto ok = c.args.only({"data", "code"}); !ok) return report(ok.error());
  auto code = c.args.need("code");
  if (!code) return report(code.error());
  if (code->size() < 4) return report(Error("--code: the exit code has at least 4 characters"));
  auto store = open_store(c);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  (*store)->set_exit_code(*code, crypto::PasswordCost::moderate);
  tx.commit();
  std::cout << c.tr("server.exit_code.set") << "\n";
  return 0;
}

int cmd_add_representative(const Context& c) {
  if (auto ok = c.args.only({"data", "login", "full-name", "password", "credential"}); !ok)
    return report(ok.error());
  auto login = c.args.need("login");
  auto name = c.args.need("full-name");
  auto password = c.args.need("password");
  if (!login || !name || !password)
    return report(!login ? login.error() : !name ? name.error() : password.error());
  auto store = open_store(c);
  if (!store) return report(store.error());
  if (auto r = check_representative_credential(**store, c.args, *name); !r)
    return report(r.error());
  sqlite::Transaction tx((*store)->db());
  if (auto r =
          (*store)->add_representative(*login, *name, *password, crypto::PasswordCost::moderate);
      !r)
    return report(r.error());
  tx.commit();
  std::cout << c.tr("server.representative.added", {*name, *login}) << "\n";
  return 0;
}

int cmd_show_key(const Context& c) {
  auto store = open_store(c);
  if (!store) return report(store.error());
  std::cout << crypto::to_hex((*store)->key().public_key) << "\n";
  return 0;
}

int cmd_create_sitting(const Context& c) {
  if (auto ok = c.args.only({"data", "campaign", "grade", "class", "room", "forms", "package",
                             "logins-out", "password-cost"});
      !ok)
    return report(ok.error());
  auto campaign = c.args.need("campaign");
  auto grade = c.args.number("grade", 0);
  auto class_name = c.args.need("class");
  auto logins_out = c.args.need("logins-out");
  if (!campaign || !grade || !class_name || !logins_out)
    return report(!campaign     ? campaign.error()
                  : !grade      ? grade.error()
                  : !class_name ? class_name.error()
                                : logins_out.error());
  auto store = open_store(c);
  if (!store) return report(store.error());
  // --package: the forms of an unlocked NTC package (server/package.cpp), else a folder of forms.
  const auto package = c.args.get("package");
  auto forms = package
                   ? (*store)->package_forms(*package)
                   : item_bank::load_forms(c.args.get("forms").value_or(BBZHM_SAMPLE_FORMS_DIR));
  if (!forms) return report(forms.error());
  const std::string cost_name = c.args.get("password-cost").value_or("moderate");
  const crypto::PasswordCost cost = cost_name == "minimum"       ? crypto::PasswordCost::minimum
                                    : cost_name == "interactive" ? crypto::PasswordCost::interactive
                                                                 : crypto::PasswordCost::moderate;
  sqlite::Transaction tx((*store)->db());
  SittingPlan plan{*campaign, static_cast<int>(*grade), *class_name,
                   c.args.get("room").value_or("1")};
  auto created = (*store)->create_sitting(plan, *forms, cost);
  if (!created) return report(created.error());

  // The passwords leave the server only in this file (mode 0600), for the login slips.
  const fs::path out = *logins_out;
  {
    std::ofstream f(out, std::ios::trunc);
    if (!f) return report(Error("cannot write " + out.string()));
    ::chmod(out.c_str(), 0600);
    f << "seat,personal_code,login,password,full_name,class\n";
    for (const auto& l : created->logins)
      f << l.seat << ',' << l.personal_code << ',' << l.login << ',' << l.password << ",\""
        << l.full_name << "\"," << l.class_name << "\n";
    if (!f.flush()) return report(Error("cannot write " + out.string()));
  }
  tx.commit();
  std::cout << c.tr("server.sitting.created",
                    {std::to_string(created->id), std::to_string(created->logins.size()),
                     std::to_string(created->minutes), out.string()})
            << "\n";
  return 0;
}

Result<std::int64_t> sitting_id(const Context& c) {
  auto id = c.args.number("sitting", 0);
  if (!id) return std::unexpected(id.error());
  if (*id <= 0) return fail("option --sitting is required");
  return *id;
}

int cmd_check_in(const Context& c) {
  if (auto ok = c.args.only({"data", "sitting", "code", "absent"}); !ok) return report(ok.error());
  auto sitting = sitting_id(c);
  auto code = c.args.need("code");
  if (!sitting || !code) return report(!sitting ? sitting.error() : code.error());
  std::optional<AbsenceReason> absence;
  if (auto reason = c.args.get("absent")) {
    absence = parse_absence_reason(*reason);
    if (!absence) {
      std::string valid;
      for (AbsenceReason r : kAllAbsenceReasons)
        valid += (valid.empty() ? "" : ", ") + std::string(bbzhm::code(r));
      return report(Error("--absent: '" + *reason + "' is not a reason of p.12 (" + valid + ")"));
    }
  }
  auto store = open_store(c);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  auto name = (*store)->check_in(*sitting, *code, absence);
  if (!name) return report(name.error());
  tx.commit();
  std::cout << (absence ? c.tr("server.checkin.absent",
                               {*name, c.tr("absence." + std::string(bbzhm::code(*absence)))})
                        : c.tr("server.checkin.admitted", {*name}))
            << "\n";
  return 0;
}

int cmd_set_state(const Context& c, SittingState state) {
  if (auto ok = c.args.only({"data", "sitting"}); !ok) return report(ok.error());
  auto sitting = sitting_id(c);
  if (!sitting) return report(sitting.error());
  auto store = open_store(c);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  if (auto r = (*store)->set_state(*sitting, state, now_ms()); !r) return report(r.error());
  tx.commit();
  std::cout << c.tr("server.sitting.state." + std::string(code(state)), {std::to_string(*sitting)})
            << "\n";
  return 0;
}

int cmd_results(const Context& c) {
  if (auto ok = c.args.only({"data", "sitting"}); !ok) return report(ok.error());
  auto sitting = sitting_id(c);
  if (!sitting) return report(sitting.error());
  auto store = open_store(c);
  if (!store) return report(store.error());
  const auto rows = (*store)->results(*sitting);
  if (rows.empty()) return report(Error("there is no sitting " + std::to_string(*sitting)));
  const Subject subjects[] = {Subject::reading, Subject::math, Subject::science};
  auto cell = [&](const ResultRow& r, Subject s) {
    for (const auto& sr : r.subjects)
      if (sr.subject == s)
        return std::to_string(sr.score) + "/" + std::to_string(sr.max_score) + " " +
               c.tr("level." + sr.level) + " (" + std::string(code(sr.language)) + ")";
    return std::string("-");
  };
  std::size_t name_w = width(c.tr("results.student"));
  std::size_t subject_w[3] = {};
  for (int i = 0; i < 3; ++i)
    subject_w[i] = width(c.tr("subject." + std::string(code(subjects[i]))));
  for (const auto& r : rows) {
    name_w = std::max(name_w, width(r.full_name));
    for (int i = 0; i < 3; ++i) subject_w[i] = std::max(subject_w[i], width(cell(r, subjects[i])));
  }
  std::cout << pad(c.tr("results.seat"), 6) << pad(c.tr("results.student"), name_w + 2)
            << pad(c.tr("results.code"), 9);
  for (int i = 0; i < 3; ++i)
    std::cout << pad(c.tr("subject." + std::string(code(subjects[i]))), subject_w[i] + 2);
  std::cout << c.tr("results.status") << "\n";
  for (const auto& r : rows) {
    std::cout << pad(std::to_string(r.seat), 6) << pad(r.full_name, name_w + 2)
              << pad(r.personal_code, 9);
    for (int i = 0; i < 3; ++i) std::cout << pad(cell(r, subjects[i]), subject_w[i] + 2);
    std::string status = c.tr("status." + r.status);
    if (r.absence) status += ": " + c.tr("absence." + std::string(code(*r.absence)));
    std::cout << status << "\n";
  }
  return 0;
}

int cmd_verify_journal(const Context& c) {
  auto store = open_store(c);
  if (!store) return report(store.error());
  auto n = (*store)->verify_journal();
  if (!n) {
    std::cerr << "bbzhm-server: " << n.error().what << "\n";
    return kExitBadInput;
  }
  std::cout << c.tr("server.journal.ok", {std::to_string(*n)}) << "\n";
  return 0;
}

int cmd_serve(const Context& c) {
  if (auto ok = c.args.only({"data", "listen", "max-handshakes-per-address"}); !ok)
    return report(ok.error());
  const std::string listen = c.args.get("listen").value_or("0.0.0.0:7700");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    return report(Error("--listen takes ADDRESS:PORT, e.g. 0.0.0.0:7700"));
  ServiceOptions options;
  options.host = listen.substr(0, colon);
  try {
    options.port = static_cast<std::uint16_t>(std::stoul(listen.substr(colon + 1)));
  } catch (const std::exception&) {
    return report(Error("--listen: '" + listen.substr(colon + 1) + "' is not a port"));
  }
  if (auto n = c.args.number("max-handshakes-per-address", options.max_handshakes_per_address); !n)
    return report(n.error());
  else
    options.max_handshakes_per_address = static_cast<int>(*n);
  auto store = open_store(c);
  if (!store) return report(store.error());
  Service service(std::move(*store), options);
  auto port = service.listen();
  if (!port) return report(port.error());
  std::cout << "bbzhm-server: listening on " << options.host << ":" << *port << std::endl;
  service.run();
  std::cout << "bbzhm-server: stopped" << std::endl;
  return 0;
}

int usage(const Context& c) {
  std::cerr << c.tr("server.usage") << "\n";
  return kExitBadInput;
}

}  // namespace

int run_command(int argc, char** argv) {
  crypto::init();
  const Language lang = i18n::from_environment();
  auto args = Args::parse(argc, argv);
  if (!args) {
    std::cerr << "bbzhm-server: " << args.error().what << "\n";
    return kExitBadInput;
  }
  const Context c{*args, lang};
  if (args->positional().empty()) return usage(c);
  const std::map<std::string, std::function<int(const Context&)>> verbs = {
      {"init", cmd_init},
      {"import-roster", cmd_import_roster},
      {"add-station", cmd_add_station},
      {"show-key", cmd_show_key},
      {"set-exit-code", cmd_set_exit_code},
      {"add-representative", cmd_add_representative},
      {"create-sitting", cmd_create_sitting},
      {"check-in", cmd_check_in},
      {"start", [](const Context& ctx) { return cmd_set_state(ctx, SittingState::open); }},
      {"end", [](const Context& ctx) { return cmd_set_state(ctx, SittingState::ended); }},
      {"cancel", [](const Context& ctx) { return cmd_set_state(ctx, SittingState::cancelled); }},
      {"results", cmd_results},
      {"print", [](const Context& ctx) { return print_command(ctx.args, ctx.lang); }},
      {"verify-journal", cmd_verify_journal},
      {"serve", cmd_serve},
      {"backup", [](const Context& ctx) { return run_backup(ctx.args, ctx.lang); }},
      {"restore", [](const Context& ctx) { return run_restore(ctx.args, ctx.lang); }},
      {"trust-ntc-key", [](const Context& ctx) { return run_trust_ntc_key(ctx.args, ctx.lang); }},
      {"load-package", [](const Context& ctx) { return run_load_package(ctx.args, ctx.lang); }},
      {"unlock", [](const Context& ctx) { return run_unlock(ctx.args, ctx.lang); }},
      {"export-bundle", [](const Context& ctx) { return run_export_bundle(ctx.args, ctx.lang); }},
      {"upload", [](const Context& ctx) { return run_upload(ctx.args, ctx.lang); }},
      {"fetch-report", [](const Context& ctx) { return run_fetch_report(ctx.args, ctx.lang); }},
      {"trust-ntc-cert", [](const Context& ctx) { return run_trust_ntc_cert(ctx.args, ctx.lang); }},
  };
  const auto verb = verbs.find(args->positional()[0]);
  if (verb == verbs.end()) return usage(c);
  try {
    return verb->second(c);
  } catch (const sqlite::DbError& e) {
    std::cerr << "bbzhm-server: database error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace bbzhm::server
