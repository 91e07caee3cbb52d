// The bbzhm-ntc verbs of the intake side: init, show-key, import-schools, register-package,
// intake, serve.
#include "ntc/commands.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/file.hpp"
#include "common/i18n.hpp"
#include "item_bank/package.hpp"
#include "ntc/https_service.hpp"
#include "ntc/intake.hpp"
#include "ntc/registry.hpp"
#include "ntc/store.hpp"
#include "ntc/tls_identity.hpp"

namespace bbzhm::ntc {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitRefused = 2;

int report(const Error& e, int status = kExitFailure) {
  std::cerr << "bbzhm-ntc: " << e.what << "\n";
  return status;
}

Result<std::unique_ptr<Store>> open(const Args& args) {
  auto dir = args.need("data");
  if (!dir) return std::unexpected(dir.error());
  return Store::open(*dir, args.get("db").value_or(""));
}

}  // namespace

int run_init(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "key", "db"}); !ok) return report(ok.error());
  auto dir = args.need("data");
  if (!dir) return report(dir.error());
  std::optional<std::filesystem::path> key;
  if (auto k = args.get("key")) key = *k;
  if (auto r = Store::create(*dir, key, args.get("db").value_or("")); !r) return report(r.error());
  std::cout << i18n::format(lang, "ntc.init.done", {*dir}) << "\n";
  return run_show_key(args, lang);
}

int run_show_key(const Args& args, Language lang) {
  auto store = open(args);
  if (!store) return report(store.error());
  auto fp = certificate_fingerprint((*store)->dir() / kCertFile);
  if (!fp) return report(fp.error());
  std::cout << i18n::format(lang, "ntc.key.public", {crypto::to_hex((*store)->key().public_key)})
            << "\n"
            << i18n::format(lang, "ntc.cert.fingerprint", {*fp}) << "\n";
  return 0;
}

int run_import_schools(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db"}); !ok) return report(ok.error());
  if (args.positional().size() != 2)
    return report(Error("usage: bbzhm-ntc import-schools --data DIR FILE.csv"), kExitRefused);
  const std::string file = args.positional()[1];
  auto bytes = read_file(file);
  if (!bytes) return report(bytes.error());
  auto schools = parse_registry(*bytes);
  if (!schools) {
    const std::string name = std::filesystem::path(file).filename().string();
    for (const auto& p : schools.error()) std::cerr << describe(p, name, lang) << "\n";
    return kExitRefused;
  }
  auto store = open(args);
  if (!store) return report(store.error());
  Transaction tx((*store)->db());
  const auto [added, updated] = (*store)->import_schools(*schools);
  tx.commit();
  std::cout << i18n::format(lang, "ntc.schools.imported",
                            {std::to_string(schools->size()), std::to_string(added),
                             std::to_string(updated)})
            << "\n";
  return 0;
}

// The NTC holds every package's secret: the unlock secret derives from its key and the id.
int run_register_package(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db"}); !ok) return report(ok.error());
  if (args.positional().size() != 2)
    return report(Error("usage: bbzhm-ntc register-package --data DIR FILE"), kExitRefused);
  auto bytes = read_file(args.positional()[1]);
  if (!bytes) return report(bytes.error());
  auto store = open(args);
  if (!store) return report(store.error());
  const crypto::PublicKey ntc = (*store)->key().public_key;
  auto header = item_bank::read_package_header(as_bytes(*bytes));
  if (!header) return report(Error("package refused: " + header.error().what), kExitRefused);
  auto forms = item_bank::open_package(as_bytes(*bytes), ntc,
                                       item_bank::unlock_secret((*store)->key(), header->id),
                                       header->created_ms);
  if (!forms) return report(Error("package refused: " + forms.error().what), kExitRefused);
  RegisteredPackage package{header->id, header->campaign, now_ms(), {}};
  Transaction tx((*store)->db());
  if (auto r = (*store)->register_package(package, *forms); !r)
    return report(r.error(), kExitRefused);
  tx.commit();
  std::cout << i18n::format(lang, "ntc.package.registered",
                            {header->id, header->campaign, std::to_string(forms->size())})
            << "\n";
  return 0;
}

// Bundles are opened and checked on every core while this thread stores them, a transaction
// per batch; each file's line is printed once its transaction committed.
int run_intake(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db", "campaign", "receipts", "threads"}); !ok)
    return report(ok.error());
  if (args.positional().size() < 2)
    return report(Error("usage: bbzhm-ntc intake --data DIR [--campaign C] FILE..."), kExitRefused);
  auto threads = args.number("threads", 0);
  if (!threads || *threads < 0 || *threads > 256)
    return report(Error("--threads: a number from 0 (one per core) to 256"), kExitRefused);
  auto store = open(args);
  if (!store) return report(store.error());
  const std::vector<std::string> files(args.positional().begin() + 1, args.positional().end());
  BatchOptions options;
  options.threads = static_cast<unsigned>(*threads);
  options.only_campaign = args.get("campaign");
  int status = 0;
  auto load = [&files](std::size_t i) -> Result<Bytes> {
    auto bytes = read_file(files[i]);
    if (!bytes) return std::unexpected(bytes.error());
    return Bytes(bytes->begin(), bytes->end());
  };
  auto done = [&](std::size_t i, Result<IntakeOutcome> outcome) {
    const std::string& file = files[i];
    if (!outcome) {
      std::cerr << i18n::format(lang, "ntc.intake.refused", {file, outcome.error().what}) << "\n";
      status = kExitRefused;
      return;
    }
    std::cout << (outcome->duplicate
                      ? i18n::format(lang, "ntc.intake.duplicate",
                                     {file, outcome->bundle_id.substr(0, 16), outcome->school_code})
                      : i18n::format(
                            lang, "ntc.intake.stored",
                            {file, outcome->bundle_id.substr(0, 16), outcome->school_code,
                             std::to_string(outcome->sitting), std::to_string(outcome->students),
                             std::to_string(outcome->disagreements.size())}))
              << "\n";
    for (const auto& d : outcome->disagreements)
      std::cout << "  " << d.personal_code << " " << d.subject << ": school " << d.school_score
                << ", NTC " << d.ntc_score << "\n";
    // The signed receipt, for the school (on a USB stick back, when there is no link).
    if (auto dir = args.get("receipts")) {
      std::ofstream out(std::filesystem::path(*dir) / (outcome->bundle_id + ".receipt"));
      out << outcome->receipt.json << "\n" << crypto::to_hex(outcome->receipt.signature) << "\n";
    }
  };
  try {
    intake_bundles(**store, files.size(), load, done, options);
  } catch (const DbError& e) {
    return report(Error(std::string("the database failed; the files not listed above were not "
                                    "stored: ") +
                        e.what()));
  }
  return status;
}

// Seeds 000-002 p.8: the year's data frozen for the archive. The manifest names every stored
// bundle, report and draw of the campaign with its BLAKE2b hash, signed by the NTC key; intake
// refuses the campaign afterwards.
int run_freeze(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db", "campaign", "out"}); !ok) return report(ok.error());
  auto campaign = args.need("campaign");
  if (!campaign) return report(campaign.error(), kExitRefused);
  auto store = open(args);
  if (!store) return report(store.error());
  Transaction tx((*store)->db());
  if ((*store)->frozen(*campaign))
    return report(Error("the campaign " + *campaign + " is already frozen"), kExitRefused);
  nlohmann::json manifest = {{"campaign", *campaign},
                             {"frozen_at", now_ms()},
                             {"ntc_key", crypto::to_hex((*store)->key().public_key)},
                             {"hashes", (*store)->campaign_hashes(*campaign)}};
  const std::string text = manifest.dump();
  const crypto::Signature sig =
      crypto::sign((*store)->key(), crypto::hash({as_bytes("bbzhm-freeze-v1"), as_bytes(text)}));
  if (auto r = (*store)->freeze(*campaign, text, sig); !r) return report(r.error(), kExitRefused);
  if (auto out = args.get("out")) {
    std::ofstream f(*out, std::ios::trunc);
    f << text << "\n" << crypto::to_hex(sig) << "\n";
    if (!f.flush()) return report(Error("cannot write " + *out));
  }
  tx.commit();
  std::cout << i18n::format(lang, "ntc.freeze.done",
                            {*campaign, std::to_string(manifest["hashes"].size())})
            << "\n";
  return 0;
}

int run_serve(const Args& args, Language) {
  if (auto ok = args.only({"data", "db", "listen", "campaign", "threads"}); !ok)
    return report(ok.error());
  const std::string listen = args.get("listen").value_or("0.0.0.0:8443");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    return report(Error("--listen takes ADDRESS:PORT, e.g. 0.0.0.0:8443"), kExitRefused);
  ServeOptions options;
  options.host = listen.substr(0, colon);
  try {
    options.port = static_cast<std::uint16_t>(std::stoul(listen.substr(colon + 1)));
  } catch (const std::exception&) {
    return report(Error("--listen: '" + listen.substr(colon + 1) + "' is not a port"),
                  kExitRefused);
  }
  options.only_campaign = args.get("campaign");
  auto threads = args.number("threads", 0);
  if (!threads || *threads < 0 || *threads > 256)
    return report(Error("--threads: a number from 0 (one per core) to 256"), kExitRefused);
  options.threads = static_cast<unsigned>(*threads);
  auto store = open(args);
  if (!store) return report(store.error());
  if (auto r = serve(**store, options); !r) return report(r.error());
  return 0;
}

}  // namespace bbzhm::ntc
