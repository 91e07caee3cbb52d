// The test package NTC sends to schools: one file, its forms encrypted under a package key, the
// answer keys sealed apart from the booklets, the whole signed by NTC; and the unlock code that
// releases the package key on the day (item_bank/bank/README.md, "Packages").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "item_bank/test_form.hpp"

namespace bbzhm::item_bank {

inline constexpr std::string_view kPackageMagic = "BBZHMPK1";
inline constexpr std::size_t kUnlockSecretBytes = 15;  // 120 bits: 24 base-32 characters

// What a package says about itself in the clear (signed, not secret): enough to check it and
// plan a sitting, nothing of the items.
struct PackageHeader {
  std::string id;  // "2027-04-schools"
  std::string campaign;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;  // refused after this moment
  crypto::PublicKey signer{};   // NTC's key, as the builder says; the pinned key decides
  struct FormInfo {
    std::string id;
    int grade = 0;
    Subject subject = Subject::math;
    Language language = Language::kk;
    int variant = 1;
    int minutes = 0;
    int items = 0;
  };
  std::vector<FormInfo> forms;
  std::size_t content_bytes = 0;  // sizes of the two sealed parts, for `inspect`
  std::size_t keys_bytes = 0;
};

// The secret behind a package's unlock code, derived from NTC's key and the package id, so NTC
// keeps only its key file and can say any package's code on the day.
crypto::Secret unlock_secret(const crypto::SigningKey& ntc, std::string_view package_id);
// "7K3QD-M9XW2-..." : 24 Crockford base-32 characters and a Luhn mod 32 check character, in five
// groups of five.
std::string unlock_code(const crypto::Secret& secret);
// Reads a typed code: case, spaces and dashes do not matter, O is 0 and I, L are 1. A mistyped
// character fails the check character ("a character is mistyped") before any decryption.
Result<crypto::Secret> parse_unlock_code(std::string_view typed);

// Seals forms (with their keys) into a package file signed by `ntc`.
Bytes seal_package(const PackageHeader& header, const std::vector<TestForm>& forms,
                   const crypto::SigningKey& ntc);
// Checks structure and signature against the pinned NTC key, and the expiry; the error says
// which (not a package, truncated, foreign, tampered, expired).
Result<PackageHeader> verify_package(ByteView file, const crypto::PublicKey& ntc,
                                     std::int64_t now_ms);
// Reads the header without checking the signature: `inspect` shows what a package claims.
Result<PackageHeader> read_package_header(ByteView file);
// verify_package, then decrypts the booklets and the keys with the unlock code's secret.
Result<std::vector<TestForm>> open_package(ByteView file, const crypto::PublicKey& ntc,
                                           const crypto::Secret& secret, std::int64_t now_ms);

}  // namespace bbzhm::item_bank
