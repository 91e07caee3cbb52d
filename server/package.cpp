// Loading and unlocking NTC test packages on the school server.
#include "server/package.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/crypto.hpp"
#include "common/file.hpp"
#include "common/i18n.hpp"
#include "item_bank/package.hpp"
#include "server/commands.hpp"
#include "server/store.hpp"

namespace bbzhm::server {
namespace {

Result<crypto::PublicKey> key_option(const Args& args, const std::string& name) {
  auto hex = args.need(name);
  if (!hex) return std::unexpected(hex.error());
  auto key = crypto::public_key_from_hex(*hex);
  if (!key) return fail("--" + name + ": " + key.error().what);
  return *key;
}

}  // namespace

int run_trust_ntc_key(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "key", "replace"}); !ok) return report(ok.error());
  auto key = key_option(args, "key");
  if (!key) return report(key.error());
  auto store = open_store(args);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  const bool already = (*store)->ntc_key() == *key;
  if (auto r = (*store)->trust_ntc_key(*key, args.get("replace") == "yes"); !r)
    return report(r.error(), kExitBadInput);
  tx.commit();
  std::cout << i18n::format(lang, already ? "bank.trust.kept" : "bank.trust.done",
                            {crypto::fingerprint(*key)})
            << "\n";
  return 0;
}

int run_load_package(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "ntc-key"}); !ok) return report(ok.error());
  if (args.positional().size() != 2)
    return report(Error("usage: bbzhm-server load-package --data DIR FILE [--ntc-key HEX]"));
  auto file = read_file(args.positional()[1]);
  if (!file) return report(file.error());
  const std::string& bytes = *file;
  auto store = open_store(args);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  if (args.has("ntc-key")) {
    auto key = key_option(args, "ntc-key");
    if (!key) return report(key.error());
    if (auto r = (*store)->trust_ntc_key(*key, false); !r) return report(r.error(), kExitBadInput);
  }
  const auto ntc = (*store)->ntc_key();
  if (!ntc)
    return report(
        Error("this server trusts no NTC key yet: give --ntc-key HEX (from NTC) or run "
              "trust-ntc-key first"));
  // Nothing of a refused package is kept: the transaction is not committed.
  auto header = item_bank::verify_package(as_bytes(bytes), *ntc, now_ms());
  if (!header) return report(Error("package refused: " + header.error().what), kExitBadInput);
  if (auto r = (*store)->store_package(header->id, header->campaign, header->expires_ms,
                                       as_bytes(bytes));
      !r)
    return report(r.error(), kExitBadInput);
  tx.commit();
  std::cout << i18n::format(lang, "bank.load.done",
                            {header->id, header->campaign, std::to_string(header->forms.size())})
            << "\n";
  return 0;
}

int run_unlock(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "package"}); !ok) return report(ok.error());
  // The code may be typed in groups separated by spaces: every word after the verb is the code.
  std::string typed;
  for (std::size_t i = 1; i < args.positional().size(); ++i) typed += args.positional()[i];
  if (typed.empty())
    return report(Error("usage: bbzhm-server unlock --data DIR CODE [--package ID]"));
  auto secret = item_bank::parse_unlock_code(typed);
  if (!secret) return report(Error("unlock code refused: " + secret.error().what), kExitBadInput);
  auto store = open_store(args);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  std::string id;
  if (auto p = args.get("package")) {
    id = *p;
  } else {
    const auto locked = (*store)->locked_packages();
    if (locked.size() != 1)
      return report(Error(locked.empty() ? "there is no locked package on this server"
                                         : "several packages are locked: name one with --package"));
    id = locked.front();
  }
  const auto file = (*store)->package_file(id);
  if (!file) return report(Error("there is no package " + id + " on this server"));
  const auto ntc = (*store)->ntc_key();
  if (!ntc) return report(Error("this server trusts no NTC key"));
  auto forms = item_bank::open_package(*file, *ntc, *secret, now_ms());
  if (!forms) return report(Error("unlock refused: " + forms.error().what), kExitBadInput);
  (*store)->store_unlocked_forms(id, *forms);
  tx.commit();
  std::cout << i18n::format(lang, "bank.unlock.done", {id, std::to_string(forms->size())}) << "\n";
  return 0;
}

}  // namespace bbzhm::server
