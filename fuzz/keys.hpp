// Fixed keys for the fuzzers and their seed corpora, so a seed sealed or signed by seeds.cpp
// opens in the fuzzer and the fuzzer reaches the code behind the signature checks.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>

#include "common/crypto.hpp"

namespace bbzhm::fuzz {

inline crypto::SigningKey fixed_key(std::uint8_t which) {
  std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
  seed.fill(which);
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  return *crypto::SigningKey::from_secret(ByteView(sk.data(), sk.size()));
}

}  // namespace bbzhm::fuzz
