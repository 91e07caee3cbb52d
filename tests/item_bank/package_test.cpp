// Packages: any altered byte, a truncation, a foreign signer or an expired package is refused;
// unlock codes catch a mistyped character and a wrong code opens nothing.
#include "item_bank/package.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "item_bank/assembly.hpp"

namespace bbzhm::item_bank {
namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;  // 2027
constexpr std::int64_t kExpires = kNow + 86'400'000;

struct Built {
  crypto::SigningKey ntc = crypto::SigningKey::generate();
  std::vector<TestForm> forms;
  Bytes file;
};

Built build(const std::string& spec_id) {
  crypto::init();
  Built b;
  static const LoadedBank bank = load_bank(BBZHM_SAMPLE_BANK_DIR);
  for (const auto& s : bank.bank.specs)
    if (s.id == spec_id) b.forms = assemble(bank.bank, s, 2, 5, "pk/").value();
  PackageHeader h;
  h.id = "pk";
  h.campaign = "2027-11";
  h.created_ms = kNow;
  h.expires_ms = kExpires;
  b.file = seal_package(h, b.forms, b.ntc);
  return b;
}

TEST(Package, OpensWithItsCodeAndGivesBackEveryFormWithKeys) {
  const Built b = build("c2-math");
  const std::string code = unlock_code(unlock_secret(b.ntc, "pk"));
  ASSERT_EQ(code.size(), 29u);  // five groups of five
  const auto secret = parse_unlock_code(code);
  ASSERT_TRUE(secret) << secret.error().what;
  const auto forms = open_package(b.file, b.ntc.public_key, *secret, kNow);
  ASSERT_TRUE(forms) << forms.error().what;
  ASSERT_EQ(forms->size(), b.forms.size());
  for (std::size_t i = 0; i < forms->size(); ++i)
    EXPECT_EQ(form_json((*forms)[i]), form_json(b.forms[i]));
}

TEST(Package, EveryFlippedByteIsRefused) {
  const Built b = build("c2-math");
  const auto secret = unlock_secret(b.ntc, "pk");
  ASSERT_TRUE(verify_package(b.file, b.ntc.public_key, kNow));
  for (std::size_t at = 0; at < b.file.size(); ++at) {
    Bytes bad = b.file;
    bad[at] ^= 0x01;
    ASSERT_FALSE(verify_package(bad, b.ntc.public_key, kNow)) << "byte " << at;
    ASSERT_FALSE(open_package(bad, b.ntc.public_key, secret, kNow)) << "byte " << at;
  }
}

TEST(Package, ATruncatedOrExtendedPackageIsRefusedWithTheReason) {
  const Built b = build("c2-math");
  for (std::size_t len = 0; len < b.file.size(); len += 97) {
    const Bytes cut(b.file.begin(), b.file.begin() + static_cast<std::ptrdiff_t>(len));
    EXPECT_FALSE(verify_package(cut, b.ntc.public_key, kNow)) << len;
  }
  const Bytes cut(b.file.begin(), b.file.end() - 1);
  EXPECT_FALSE(verify_package(cut, b.ntc.public_key, kNow));
  Bytes longer = b.file;
  longer.push_back(0);
  EXPECT_FALSE(verify_package(longer, b.ntc.public_key, kNow));
  const Bytes header_only(b.file.begin(), b.file.begin() + 40);
  EXPECT_NE(verify_package(header_only, b.ntc.public_key, kNow).error().what.find("truncated"),
            std::string::npos);
}

TEST(Package, APackageSignedByAnotherKeyIsRefused) {
  const Built b = build("c2-math");
  const auto pinned = crypto::SigningKey::generate();
  const auto r = verify_package(b.file, pinned.public_key, kNow);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("foreign"), std::string::npos) << r.error().what;
  // A forger who writes the pinned key into the header still cannot sign for it.
  const std::string pinned_hex = crypto::to_hex(pinned.public_key);
  const std::string real_hex = crypto::to_hex(b.ntc.public_key);
  std::string text(b.file.begin(), b.file.end());
  text.replace(text.find(real_hex), real_hex.size(), pinned_hex);
  const Bytes forged(text.begin(), text.end());
  const auto f = verify_package(forged, pinned.public_key, kNow);
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().what.find("signature does not verify"), std::string::npos);
}

TEST(Package, AnExpiredPackageIsRefused) {
  const Built b = build("c2-math");
  const auto r = verify_package(b.file, b.ntc.public_key, kExpires + 1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("expired"), std::string::npos);
}

TEST(Package, TheBookletsPartHoldsNoKeyAndNothingIsReadableWithoutTheCode) {
  const Built b = build("c2-math");
  const std::string text(b.file.begin(), b.file.end());
  for (const auto& f : b.forms)
    for (const auto& item : f.booklet.items) {
      EXPECT_EQ(text.find(item.stem), std::string::npos) << "a stem is in the clear";
      for (const auto& a : f.keys.at(item.id).accepted)
        if (a.size() > 3) {
          EXPECT_EQ(text.find(a), std::string::npos);
        }
    }
  EXPECT_EQ(text.find("key_pairs"), std::string::npos);
}

TEST(UnlockCode, AWrongCodeIsRefused) {
  const Built b = build("c2-math");
  const auto other = unlock_secret(crypto::SigningKey::generate(), "pk");
  const auto parsed = parse_unlock_code(unlock_code(other));
  ASSERT_TRUE(parsed);  // well formed, but not this package's
  const auto r = open_package(b.file, b.ntc.public_key, *parsed, kNow);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("does not open"), std::string::npos);
}

TEST(UnlockCode, EveryOneCharacterTypoIsCaughtByTheCheckCharacter) {
  crypto::init();
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (int round = 0; round < 4; ++round) {
    const std::string code = unlock_code(unlock_secret(crypto::SigningKey::generate(), "pk"));
    for (std::size_t at = 0; at < code.size(); ++at) {
      if (code[at] == '-') continue;
      for (char c : alphabet) {
        if (c == code[at]) continue;
        std::string typo = code;
        typo[at] = c;
        const auto r = parse_unlock_code(typo);
        ASSERT_FALSE(r) << typo;
        EXPECT_EQ(r.error().key, "bank.code.typo");
      }
    }
  }
}

TEST(UnlockCode, ReadsWhatAPersonTypes) {
  crypto::init();
  const auto secret = unlock_secret(crypto::SigningKey::generate(), "pk");
  std::string code = unlock_code(secret);
  std::string lower;
  for (char c : code)
    if (c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  lower.insert(10, "  ");
  const auto back = parse_unlock_code(lower);
  ASSERT_TRUE(back) << back.error().what;
  EXPECT_TRUE(back->equals(secret.view()));
  EXPECT_FALSE(parse_unlock_code(code.substr(0, 20)));
  EXPECT_FALSE(parse_unlock_code(code + "U"));
}

}  // namespace
}  // namespace bbzhm::item_bank
