// bbzhm-bank: NTC's command line for the item bank: validate, keygen, build, inspect, unlock-code,
// import-qti.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "common/file.hpp"
#include "common/i18n.hpp"
#include "item_bank/assembly.hpp"
#include "item_bank/bank.hpp"
#include "item_bank/package.hpp"
#include "item_bank/qti.hpp"

namespace {

using namespace bbzhm;
using namespace bbzhm::item_bank;
namespace fs = std::filesystem;

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

struct Context {
  const Args& args;
  Language lang;
  std::string tr(std::string_view key, std::initializer_list<std::string_view> a = {}) const {
    return i18n::format(lang, key, a);
  }
};

int report(const Error& e) {
  std::cerr << "bbzhm-bank: " << e.what << "\n";
  return kExitFailure;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string date_of(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

// "2027-05-01" -> the end of that day (UTC), in ms.
Result<std::int64_t> parse_expiry(const std::string& date) {
  std::tm tm{};
  std::istringstream in(date);
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (in.fail() || date.size() != 10) return fail("--expires takes a date YYYY-MM-DD");
  tm.tm_hour = 23;
  tm.tm_min = 59;
  tm.tm_sec = 59;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + 999;
}

// The bank's problems, one a line; true when there are none.
bool print_problems(const LoadedBank& loaded, const Context& c) {
  for (const auto& p : loaded.problems) std::cerr << describe(p) << "\n";
  if (!loaded.problems.empty())
    std::cerr << c.tr("bank.validate.problems", {std::to_string(loaded.problems.size())}) << "\n";
  return loaded.problems.empty();
}

int cmd_validate(const Context& c) {
  if (c.args.positional().size() != 2) return report(Error("usage: bbzhm-bank validate DIR"));
  const auto loaded = load_bank(c.args.positional()[1]);
  if (!print_problems(loaded, c)) return kExitBadInput;
  std::cout << c.tr("bank.validate.ok", {std::to_string(loaded.bank.items.size()),
                                         std::to_string(loaded.bank.passages.size()),
                                         std::to_string(loaded.bank.specs.size())})
            << "\n";
  return 0;
}

int cmd_keygen(const Context& c) {
  auto out = c.args.need("out");
  if (!out) return report(out.error());
  const auto key = crypto::SigningKey::generate();
  if (auto r = crypto::write_key_file(*out, key); !r) return report(r.error());
  std::cout << c.tr("bank.keygen.done", {*out, crypto::fingerprint(key.public_key)}) << "\n"
            << crypto::to_hex(key.public_key) << "\n";
  return 0;
}

int cmd_build(const Context& c) {
  if (auto ok =
          c.args.only({"bank", "spec", "variants", "seed", "key", "out", "package-id", "expires"});
      !ok)
    return report(ok.error());
  auto bank_dir = c.args.need("bank");
  auto specs = c.args.need("spec");
  auto key_file = c.args.need("key");
  auto out = c.args.need("out");
  auto variants = c.args.number("variants", 2);
  auto seed = c.args.number("seed", 1);
  auto expires_text = c.args.need("expires");
  for (const auto* r : {&bank_dir, &specs, &key_file, &out, &expires_text})
    if (!*r) return report(r->error());
  if (!variants || !seed) return report(!variants ? variants.error() : seed.error());
  auto expires = parse_expiry(*expires_text);
  if (!expires) return report(expires.error());
  const auto loaded = load_bank(*bank_dir);
  if (!print_problems(loaded, c)) return kExitBadInput;
  auto ntc = crypto::read_key_file(*key_file);
  if (!ntc) return report(ntc.error());

  // --spec lists spec ids (or "all" of a campaign's specs, with --package-id naming it).
  std::vector<const Spec*> chosen;
  std::string wanted = *specs + ",";
  for (std::size_t at = 0, comma; (comma = wanted.find(',', at)) != std::string::npos;
       at = comma + 1) {
    const std::string id = wanted.substr(at, comma - at);
    if (id.empty()) continue;
    const Spec* found = nullptr;
    for (const auto& s : loaded.bank.specs)
      if (s.id == id || s.file == id || fs::path(s.file).stem() == id) found = &s;
    if (found == nullptr) return report(Error("there is no spec '" + id + "' in the bank"));
    chosen.push_back(found);
  }
  if (chosen.empty()) return report(Error("--spec names at least one specification"));
  PackageHeader header;
  header.campaign = chosen.front()->campaign;
  header.id = c.args.get("package-id").value_or(header.campaign + "-" + chosen.front()->id);
  header.created_ms = now_ms();
  header.expires_ms = *expires;
  std::vector<TestForm> forms;
  for (const Spec* s : chosen) {
    if (s->campaign != header.campaign)
      return report(Error("one package is one campaign: " + s->id + " is for " + s->campaign));
    auto made = assemble(loaded.bank, *s, static_cast<int>(*variants),
                         static_cast<std::uint64_t>(*seed), header.id + "/");
    if (!made) return report(made.error());
    std::ranges::move(*made, std::back_inserter(forms));
  }
  const Bytes package = seal_package(header, forms, *ntc);
  {
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(package.data()),
            static_cast<std::streamsize>(package.size()));
    if (!f.flush()) return report(Error("cannot write " + *out));
  }
  std::cout << c.tr("bank.build.done",
                    {*out, header.id, std::to_string(forms.size()), std::to_string(package.size())})
            << "\n";
  return 0;
}

int cmd_inspect(const Context& c) {
  if (auto ok = c.args.only({"ntc-key"}); !ok) return report(ok.error());
  if (c.args.positional().size() != 2)
    return report(Error("usage: bbzhm-bank inspect FILE [--ntc-key HEX]"));
  auto bytes = read_file(c.args.positional()[1]);
  if (!bytes) return report(bytes.error());
  auto header = read_package_header(as_bytes(*bytes));
  if (!header) return report(header.error());
  std::cout << "package  " << header->id << "\ncampaign " << header->campaign << "\ncreated  "
            << date_of(header->created_ms) << "\nexpires  " << date_of(header->expires_ms)
            << "\nsigner   " << crypto::fingerprint(header->signer) << "\nsealed   booklets "
            << header->content_bytes << " bytes, answer keys " << header->keys_bytes
            << " bytes\nforms    " << header->forms.size() << "\n";
  for (const auto& f : header->forms)
    std::cout << "  " << f.id << "  grade " << f.grade << " " << code(f.subject) << " "
              << code(f.language) << " variant " << f.variant << ", " << f.items << " items, "
              << f.minutes << " min\n";
  if (auto hex = c.args.get("ntc-key")) {
    auto key = crypto::public_key_from_hex(*hex);
    if (!key) return report(Error("--ntc-key: " + key.error().what));
    auto ok = verify_package(as_bytes(*bytes), *key, now_ms());
    if (!ok) return report(ok.error());
    std::cout << "signature verifies against " << crypto::fingerprint(*key) << "\n";
  }
  return 0;
}

int cmd_unlock_code(const Context& c) {
  if (auto ok = c.args.only({"key"}); !ok) return report(ok.error());
  auto key_file = c.args.need("key");
  if (!key_file || c.args.positional().size() != 2)
    return report(Error("usage: bbzhm-bank unlock-code --key NTC.key PACKAGE"));
  auto ntc = crypto::read_key_file(*key_file);
  if (!ntc) return report(ntc.error());
  auto bytes = read_file(c.args.positional()[1]);
  if (!bytes) return report(bytes.error());
  // Only a package this key signed gets a code: the code is derived from the key.
  auto header = verify_package(as_bytes(*bytes), ntc->public_key, now_ms());
  if (!header) return report(header.error());
  std::cout << unlock_code(unlock_secret(*ntc, header->id)) << "\n";
  return 0;
}

// bbzhm-bank import-qti --out DIR --grade N --subject S [--area A] [--level L] [--lang L] FILES...
int cmd_import_qti(const Context& c) {
  if (auto ok = c.args.only({"out", "grade", "subject", "area", "level", "lang"}); !ok)
    return report(ok.error());
  auto out = c.args.need("out");
  auto grade = c.args.number("grade", 0);
  auto subject_text = c.args.need("subject");
  if (!out || !grade || !subject_text)
    return report(!out ? out.error() : !grade ? grade.error() : subject_text.error());
  if (c.args.positional().size() < 2)
    return report(Error("usage: bbzhm-bank import-qti --out DIR --grade N --subject S FILE..."));
  QtiOptions options;
  options.grade = static_cast<int>(*grade);
  const auto subject = parse_subject(*subject_text);
  if (!subject) return report(Error("--subject is reading, math or science"));
  options.subject = *subject;
  options.area = c.args.get("area").value_or(options.area);
  options.level = c.args.get("level").value_or(options.level);
  if (std::ranges::find(kCognitiveLevels, options.level) == std::end(kCognitiveLevels))
    return report(Error("--level is knowledge, application or reasoning"));
  if (auto l = c.args.get("lang")) {
    options.language = parse_language(*l);
    if (!options.language) return report(Error("--lang is kk, ru or en"));
  }
  std::vector<fs::path> inputs(c.args.positional().begin() + 1, c.args.positional().end());
  const QtiImport imported = import_qti(inputs, options);
  for (const auto& p : imported.problems) std::cerr << describe(p) << "\n";
  if (!imported.problems.empty()) {
    std::cerr << c.tr("bank.validate.problems", {std::to_string(imported.problems.size())}) << "\n";
    return kExitBadInput;
  }
  if (auto r = write_import(imported, *out); !r) return report(r.error());
  std::cout << c.tr("bank.import.done",
                    {std::to_string(imported.items), std::to_string(imported.versions), *out})
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const Language lang = i18n::from_environment();
  auto args = Args::parse(argc, argv);
  if (!args) {
    std::cerr << "bbzhm-bank: " << args.error().what << "\n";
    return kExitBadInput;
  }
  const Context c{*args, lang};
  const std::string verb = args->positional().empty() ? "" : args->positional()[0];
  if (verb == "validate") return cmd_validate(c);
  if (verb == "keygen") return cmd_keygen(c);
  if (verb == "build") return cmd_build(c);
  if (verb == "inspect") return cmd_inspect(c);
  if (verb == "unlock-code") return cmd_unlock_code(c);
  if (verb == "import-qti") return cmd_import_qti(c);
  std::cerr << c.tr("bank.usage") << "\n";
  return kExitBadInput;
}
