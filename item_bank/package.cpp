// Test packages and unlock codes (item_bank/package.hpp).
#include "item_bank/package.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace bbzhm::item_bank {
namespace {

using nlohmann::json;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
constexpr std::size_t kCodeChars = 24;                                      // 120 bits
constexpr std::string_view kSignatureContext = "bbzhm-package-v1";

// The fields of an item that are its key: they travel only in the sealed keys part.
constexpr const char* kKeyFields[] = {"key",       "key_value", "tolerance", "key_pairs",
                                      "key_order", "accepted",  "partial"};

// Luhn mod 32 over the characters' values: catches every single mistyped character and most
// swaps of two neighbours.
int check_value(const std::vector<int>& values, bool with_check) {
  int sum = 0;
  bool twice = !with_check;
  for (auto v = values.rbegin(); v != values.rend(); ++v) {
    int addend = twice ? *v * 2 : *v;
    addend = addend / 32 + addend % 32;
    sum += addend;
    twice = !twice;
  }
  return with_check ? sum % 32 : (32 - sum % 32) % 32;
}

// A 32-byte key for one part of one package, hashed from the unlock secret; written straight
// into guarded memory.
crypto::Secret part_key(const crypto::Secret& secret, std::string_view purpose,
                        std::string_view package_id) {
  crypto::Secret key(crypto::kRecordKeyBytes);
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, key.size());
  crypto_generichash_update(&st, secret.data(), secret.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(purpose.data()),
                            purpose.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(package_id.data()),
                            package_id.size());
  crypto_generichash_final(&st, key.data(), key.size());
  sodium_memzero(&st, sizeof st);
  return key;
}

json header_json(const PackageHeader& h) {
  json forms = json::array();
  for (const auto& f : h.forms)
    forms.push_back({{"id", f.id},
                     {"grade", f.grade},
                     {"subject", code(f.subject)},
                     {"language", code(f.language)},
                     {"variant", f.variant},
                     {"minutes", f.minutes},
                     {"items", f.items}});
  return {{"package", h.id},
          {"campaign", h.campaign},
          {"created", h.created_ms},
          {"expires", h.expires_ms},
          {"signer", crypto::to_hex(h.signer)},
          {"forms", forms}};
}

Result<PackageHeader> parse_header(std::string_view text) {
  try {
    const json j = json::parse(text);
    PackageHeader h;
    h.id = j.at("package").get<std::string>();
    h.campaign = j.at("campaign").get<std::string>();
    h.created_ms = j.at("created").get<std::int64_t>();
    h.expires_ms = j.at("expires").get<std::int64_t>();
    auto signer = crypto::public_key_from_hex(j.at("signer").get<std::string>());
    if (!signer) return fail("the package's signer is not a key");
    h.signer = *signer;
    for (const auto& f : j.at("forms")) {
      PackageHeader::FormInfo info;
      info.id = f.at("id").get<std::string>();
      info.grade = f.at("grade").get<int>();
      const auto s = parse_subject(f.at("subject").get<std::string>());
      const auto l = parse_language(f.at("language").get<std::string>());
      if (!s || !l) return fail("the package lists a form of an unknown subject or language");
      info.subject = *s;
      info.language = *l;
      info.variant = f.at("variant").get<int>();
      info.minutes = f.at("minutes").get<int>();
      info.items = f.at("items").get<int>();
      h.forms.push_back(std::move(info));
    }
    return h;
  } catch (const std::exception& e) {
    return fail(std::string("the package's header is unreadable: ") + e.what());
  }
}

struct Parts {
  PackageHeader header;
  ByteView signed_bytes;  // everything before the signature
  ByteView content, keys;
  crypto::Signature signature{};
};

Result<Parts> split(ByteView file) {
  if (file.size() < kPackageMagic.size() ||
      as_chars(file.first(kPackageMagic.size())) != kPackageMagic)
    return fail("this is not a test package (no BBZHMPK1 signature at the start)");
  if (file.size() < kPackageMagic.size() + 12 + crypto::kSignatureBytes)
    return fail("the package is truncated");
  Parts p;
  p.signed_bytes = file.first(file.size() - crypto::kSignatureBytes);
  std::ranges::copy(file.last(crypto::kSignatureBytes), p.signature.begin());
  Reader r(p.signed_bytes.subspan(kPackageMagic.size()));
  const std::string header = r.str();
  p.content = r.blob();
  p.keys = r.blob();
  if (!r.ok()) return fail("the package is truncated");
  if (!r.at_end()) return fail("the package has bytes after its parts (damaged or altered)");
  auto h = parse_header(header);
  if (!h) return std::unexpected(h.error());
  p.header = std::move(*h);
  p.header.content_bytes = p.content.size();
  p.header.keys_bytes = p.keys.size();
  return p;
}

Bytes signed_message(ByteView signed_bytes) {
  Bytes m(kSignatureContext.begin(), kSignatureContext.end());
  m.insert(m.end(), signed_bytes.begin(), signed_bytes.end());
  return m;
}

}  // namespace

crypto::Secret unlock_secret(const crypto::SigningKey& ntc, std::string_view package_id) {
  const crypto::Secret full =
      crypto::derive_key(ntc, "bbzhm package unlock " + std::string(package_id));
  return crypto::Secret::from(full.view().first(kUnlockSecretBytes));
}

std::string unlock_code(const crypto::Secret& secret) {
  std::vector<int> values;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    acc = (acc << 8) | secret.data()[i];
    bits += 8;
    while (bits >= 5) {
      values.push_back(static_cast<int>((acc >> (bits - 5)) & 31));
      bits -= 5;
    }
  }
  values.push_back(check_value(values, false));
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0 && i % 5 == 0) out += '-';
    out += kAlphabet[static_cast<std::size_t>(values[i])];
  }
  sodium_memzero(values.data(), values.size() * sizeof(int));
  return out;
}

Result<crypto::Secret> parse_unlock_code(std::string_view typed) {
  std::vector<int> values;
  for (char ch : typed) {
    if (ch == '-' || ch == ' ') continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const auto at = kAlphabet.find(c);
    if (at == std::string_view::npos)
      return fail("'" + std::string(1, ch) + "' is not a character of unlock codes",
                  "bank.code.bad_character");
    values.push_back(static_cast<int>(at));
  }
  if (values.size() != kCodeChars + 1)
    return fail("an unlock code has 25 characters, this one " + std::to_string(values.size()),
                "bank.code.length");
  if (check_value(values, true) != 0)
    return fail("the check character does not match: a character is mistyped", "bank.code.typo");
  crypto::Secret secret(kUnlockSecretBytes);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < kCodeChars; ++i) {
    acc = (acc << 5) | static_cast<std::uint32_t>(values[i]);
    bits += 5;
    if (bits >= 8) {
      secret.data()[n++] = static_cast<std::uint8_t>(acc >> (bits - 8));
      bits -= 8;
    }
  }
  sodium_memzero(values.data(), values.size() * sizeof(int));
  return secret;
}

Bytes seal_package(const PackageHeader& header, const std::vector<TestForm>& forms,
                   const crypto::SigningKey& ntc) {
  PackageHeader h = header;
  h.signer = ntc.public_key;
  h.forms.clear();
  json booklets = json::array();
  json keys = json::object();
  for (const auto& f : forms) {
    h.forms.push_back({f.id, f.grade, f.booklet.subject, f.booklet.language, f.booklet.variant,
                       f.booklet.minutes, static_cast<int>(f.booklet.items.size())});
    json j = json::parse(form_json(f));
    json& form_keys = keys[f.id];
    for (auto& item : j["items"]) {
      json k = json::object();
      for (const char* field : kKeyFields)
        if (item.contains(field)) {
          k[field] = item[field];
          item.erase(field);
        }
      form_keys[item["id"].get<std::string>()] = std::move(k);
    }
    booklets.push_back(std::move(j));
  }
  const crypto::Secret secret = unlock_secret(ntc, h.id);
  Writer w;
  w.raw(as_bytes(kPackageMagic));
  w.str(header_json(h).dump());
  w.blob(crypto::seal_record(part_key(secret, "booklets", h.id), as_bytes(booklets.dump())));
  w.blob(crypto::seal_record(part_key(secret, "answer keys", h.id), as_bytes(keys.dump())));
  const crypto::Signature sig = crypto::sign(ntc, signed_message(w.bytes()));
  w.raw(sig);
  return w.take();
}

Result<PackageHeader> read_package_header(ByteView file) {
  auto parts = split(file);
  if (!parts) return std::unexpected(parts.error());
  return parts->header;
}

Result<PackageHeader> verify_package(ByteView file, const crypto::PublicKey& ntc,
                                     std::int64_t now_ms) {
  auto parts = split(file);
  if (!parts) return std::unexpected(parts.error());
  if (parts->header.signer != ntc)
    return fail("the package is foreign: it names the signer " +
                    crypto::fingerprint(parts->header.signer) + ", this server trusts " +
                    crypto::fingerprint(ntc),
                "bank.package.foreign");
  if (!crypto::verify(ntc, signed_message(parts->signed_bytes), parts->signature))
    return fail("the package's signature does not verify: it was altered or damaged",
                "bank.package.tampered");
  if (now_ms > parts->header.expires_ms) return fail("the package expired", "bank.package.expired");
  return parts->header;
}

Result<std::vector<TestForm>> open_package(ByteView file, const crypto::PublicKey& ntc,
                                           const crypto::Secret& secret, std::int64_t now_ms) {
  auto header = verify_package(file, ntc, now_ms);
  if (!header) return std::unexpected(header.error());
  auto parts = split(file);
  auto booklets = crypto::open_record(part_key(secret, "booklets", header->id), parts->content);
  if (!booklets) return fail("the unlock code does not open this package", "bank.code.wrong");
  auto keys = crypto::open_record(part_key(secret, "answer keys", header->id), parts->keys);
  if (!keys) return fail("the unlock code does not open this package's keys", "bank.code.wrong");
  std::vector<TestForm> forms;
  try {
    const json all_keys = json::parse(as_chars(*keys));
    for (json form : json::parse(as_chars(*booklets))) {
      const std::string id = form.at("form").get<std::string>();
      for (auto& item : form.at("items"))
        for (const auto& [field, value] :
             all_keys.at(id).at(item.at("id").get<std::string>()).items())
          item[field] = value;
      auto parsed = parse_form(form.dump(), "package " + header->id);
      if (!parsed) return std::unexpected(parsed.error());
      forms.push_back(std::move(*parsed));
    }
  } catch (const std::exception& e) {
    return fail(std::string("the package's content is unreadable: ") + e.what());
  }
  return forms;
}

}  // namespace bbzhm::item_bank
