// Sealing, opening and checking results bundles and receipts (server/bundle.hpp).
#include "server/bundle.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/codec.hpp"

namespace bbzhm::server {
namespace {

constexpr std::string_view kBundleDomain = "bbzhm-bundle-v1";
constexpr std::string_view kReceiptDomain = "bbzhm-receipt-v1";
constexpr std::string_view kCredentialDomain = "bbzhm-representative-v1";

}  // namespace

Bytes journal_entry_bytes(std::int64_t seq, std::int64_t at, std::string_view actor,
                          std::string_view kind, std::string_view payload, ByteView prev_hash) {
  Writer w;
  w.i64(seq);
  w.i64(at);
  w.str(actor);
  w.str(kind);
  w.str(payload);
  w.raw(prev_hash);
  return w.take();
}

std::string bundle_id(std::string_view content) {
  return crypto::to_hex(crypto::hash({as_bytes(content)}));
}

Bytes seal_bundle(std::string_view content, const crypto::SigningKey& school,
                  const crypto::PublicKey& ntc) {
  const crypto::Hash h = crypto::hash({as_bytes(kBundleDomain), as_bytes(content)});
  const crypto::Signature sig = crypto::sign(school, h);
  Bytes inner;
  inner.reserve(school.public_key.size() + sig.size() + content.size());
  inner.insert(inner.end(), school.public_key.begin(), school.public_key.end());
  inner.insert(inner.end(), sig.begin(), sig.end());
  inner.insert(inner.end(), content.begin(), content.end());
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> x25519{};
  if (crypto_sign_ed25519_pk_to_curve25519(x25519.data(), ntc.data()) != 0)
    throw std::runtime_error("the NTC key is not a valid Ed25519 key");
  const std::size_t start = kBundleMagic.size();
  Bytes out(start + crypto_box_SEALBYTES + inner.size());
  std::memcpy(out.data(), kBundleMagic.data(), start);
  crypto_box_seal(out.data() + start, inner.data(), inner.size(), x25519.data());
  sodium_memzero(inner.data(), inner.size());
  return out;
}

Result<OpenedBundle> open_bundle(ByteView file, const crypto::SigningKey& ntc) {
  if (file.size() < kBundleMagic.size() ||
      !std::equal(kBundleMagic.begin(), kBundleMagic.end(), file.begin()))
    return fail("not a results bundle (no BBZHMRB1 header)");
  const ByteView sealed = file.subspan(kBundleMagic.size());
  if (sealed.size() < crypto_box_SEALBYTES + crypto::kPublicKeyBytes + crypto::kSignatureBytes)
    return fail("the bundle is truncated");
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> x_public{};
  crypto::Secret x_secret(crypto_box_SECRETKEYBYTES);
  if (crypto_sign_ed25519_pk_to_curve25519(x_public.data(), ntc.public_key.data()) != 0 ||
      crypto_sign_ed25519_sk_to_curve25519(x_secret.data(), ntc.secret_key.data()) != 0)
    return fail("the NTC key cannot open bundles");
  // Opened straight into the string the content is returned in: the NTC parses and stores it,
  // so a guarded copy (sodium_malloc: mmap, mlock, mprotect per bundle) would protect nothing.
  std::string inner(sealed.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<std::uint8_t*>(inner.data()), sealed.data(),
                           sealed.size(), x_public.data(), x_secret.data()) != 0)
    return fail(
        "the bundle cannot be opened: it was altered on the way or sealed to another NTC key");
  OpenedBundle out;
  std::copy_n(reinterpret_cast<const std::uint8_t*>(inner.data()), out.school_key.size(),
              out.school_key.begin());
  crypto::Signature sig{};
  std::copy_n(reinterpret_cast<const std::uint8_t*>(inner.data()) + out.school_key.size(),
              sig.size(), sig.begin());
  const std::size_t head = out.school_key.size() + sig.size();
  inner.erase(0, head);
  out.content = std::move(inner);
  const crypto::Hash h = crypto::hash({as_bytes(kBundleDomain), as_bytes(out.content)});
  if (!crypto::verify(out.school_key, h, sig))
    return fail("the bundle's signature does not verify against the key inside it");
  return out;
}

Result<std::int64_t> verify_journal_json(std::string_view journal_json,
                                         const crypto::PublicKey& key) {
  return verify_journal(nlohmann::json::parse(journal_json, nullptr, false), key);
}

namespace {
// A string field of a journal entry without a copy; "" when missing. Throws, as `value` did, when
// the field is there but not a string.
std::string_view text(const nlohmann::json& entry, const char* key) {
  const auto it = entry.find(key);
  return it == entry.end() ? std::string_view()
                           : std::string_view(it->get_ref<const std::string&>());
}
}  // namespace

Result<std::int64_t> verify_journal(const nlohmann::json& entries, const crypto::PublicKey& key) {
  if (!entries.is_array()) return fail("the journal is not a list of entries");
  Bytes prev(crypto::kHashBytes, 0);
  std::int64_t expected = 1;
  for (const auto& e : entries) {
    if (!e.is_object() || !e.contains("seq") || !e["seq"].is_number_integer())
      return fail("journal entry " + std::to_string(expected) + ": malformed");
    const std::int64_t seq = e["seq"].get<std::int64_t>();
    // Named only when it is refused (a string per entry otherwise).
    const auto where = [&] {
      return "journal entry " + std::to_string(seq) + " (" + e.value("kind", std::string("?")) +
             ")";
    };
    if (seq != expected)
      return fail(where() + ": entry " + std::to_string(expected) + " is missing");
    auto prev_hash = crypto::from_hex(text(e, "prev_hash"));
    auto hash = crypto::from_hex(text(e, "hash"));
    auto sig_bytes = crypto::from_hex(text(e, "signature"));
    if (!prev_hash || !hash || !sig_bytes || sig_bytes->size() != crypto::kSignatureBytes)
      return fail(where() + ": malformed");
    if (*prev_hash != prev) return fail(where() + ": does not follow the previous entry's hash");
    const Bytes entry = journal_entry_bytes(seq, e.value("at", std::int64_t{0}), text(e, "actor"),
                                            text(e, "kind"), text(e, "payload"), prev);
    const crypto::Hash h = crypto::hash({entry});
    if (!std::equal(h.begin(), h.end(), hash->begin(), hash->end()))
      return fail(where() + ": its content was altered (hash mismatch)");
    crypto::Signature sig{};
    std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
    if (!crypto::verify(key, h, sig)) return fail(where() + ": signature is not the school's");
    prev = *hash;
    ++expected;
  }
  return expected - 1;
}

crypto::Signature sign_receipt(std::string_view json, const crypto::SigningKey& ntc) {
  return crypto::sign(ntc, crypto::hash({as_bytes(kReceiptDomain), as_bytes(json)}));
}

bool verify_receipt(std::string_view json, const crypto::Signature& signature,
                    const crypto::PublicKey& ntc) {
  return crypto::verify(ntc, crypto::hash({as_bytes(kReceiptDomain), as_bytes(json)}), signature);
}

namespace {
Bytes report_request_bytes(std::string_view campaign, std::string_view school, std::int64_t at) {
  const std::string text = "bbzhm-report-request-v1" + std::string(campaign) + "\n" +
                           std::string(school) + "\n" + std::to_string(at);
  return Bytes(text.begin(), text.end());
}
}  // namespace

crypto::Signature sign_report_request(std::string_view campaign, std::string_view school,
                                      std::int64_t at_ms, const crypto::SigningKey& key) {
  return crypto::sign(key, crypto::hash({report_request_bytes(campaign, school, at_ms)}));
}

bool verify_report_request(std::string_view campaign, std::string_view school, std::int64_t at_ms,
                           const crypto::Signature& signature, const crypto::PublicKey& key) {
  return crypto::verify(key, crypto::hash({report_request_bytes(campaign, school, at_ms)}),
                        signature);
}

std::string sign_credential(std::string_view json, const crypto::SigningKey& ntc) {
  const crypto::Signature sig =
      crypto::sign(ntc, crypto::hash({as_bytes(kCredentialDomain), as_bytes(json)}));
  return std::string(json) + "\n" + crypto::to_hex(sig) + "\n";
}

std::string utc_date(std::int64_t ms) {
  // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
  std::int64_t z = (ms >= 0 ? ms : ms - 86'399'999) / 86'400'000 + 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char out[48];
  std::snprintf(out, sizeof out, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return out;
}

Result<std::string> verify_credential(std::string_view file, const crypto::PublicKey& ntc,
                                      std::string_view school_code, std::string_view full_name,
                                      std::int64_t now_ms) {
  const auto newline = file.find('\n');
  if (newline == std::string_view::npos) return fail("not a representative's credential");
  const std::string_view json_text = file.substr(0, newline);
  std::string hex(file.substr(newline + 1));
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  auto sig_bytes = crypto::from_hex(hex);
  if (!sig_bytes || sig_bytes->size() != crypto::kSignatureBytes)
    return fail("the credential carries no signature");
  crypto::Signature sig{};
  std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
  if (!crypto::verify(ntc, crypto::hash({as_bytes(kCredentialDomain), as_bytes(json_text)}), sig))
    return fail("the credential is not signed by the trusted NTC key");
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object() || !j.contains("schools") || !j["schools"].is_array())
    return fail("not a representative's credential");
  if (j.value("full_name", std::string()) != full_name)
    return fail("the credential is for " + j.value("full_name", std::string()) + ", not " +
                std::string(full_name));
  bool assigned = false;
  for (const auto& s : j["schools"]) assigned = assigned || (s.is_string() && s == school_code);
  if (!assigned)
    return fail("the credential does not assign this school (" + std::string(school_code) +
                ") to " + std::string(full_name));
  // p.17: the authorization is for the campaign's period only.
  const auto from = j.find("valid_from");
  const auto until = j.find("valid_until");
  if (from == j.end() || until == j.end() || !from->is_number_integer() ||
      !until->is_number_integer())
    return fail("the credential carries no validity period: ask the NTC for a new one");
  if (now_ms > until->get<std::int64_t>())
    return fail("the credential expired on " + utc_date(until->get<std::int64_t>()));
  if (now_ms < from->get<std::int64_t>())
    return fail("the credential is valid only from " + utc_date(from->get<std::int64_t>()));
  return j.value("id", std::string());
}

}  // namespace bbzhm::server
