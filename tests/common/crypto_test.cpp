// The crypto layer: signatures, key files, password hashes, sealed records.
#include "common/crypto.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <thread>
#include <vector>

#include "tests/support/process.hpp"

namespace bbzhm::crypto {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { init(); }
};

TEST_F(Crypto, SignatureVerifiesOnlyForTheSameMessageAndKey) {
  const SigningKey a = SigningKey::generate(), b = SigningKey::generate();
  const Signature s = sign(a, as_bytes("journal entry"));
  EXPECT_TRUE(verify(a.public_key, as_bytes("journal entry"), s));
  EXPECT_FALSE(verify(a.public_key, as_bytes("journal entrY"), s));
  EXPECT_FALSE(verify(b.public_key, as_bytes("journal entry"), s));
}

TEST_F(Crypto, KeyFileIsPrivateAndNeverOverwritten) {
  test::TempDir dir;
  const SigningKey k = SigningKey::generate();
  ASSERT_TRUE(write_key_file(dir / "k.key", k));
  struct stat st {};
  ASSERT_EQ(stat((dir / "k.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(write_key_file(dir / "k.key", SigningKey::generate()));
  auto back = read_key_file(dir / "k.key");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->public_key, k.public_key);
}

TEST_F(Crypto, PasswordHashIsArgon2idAndChecksThePassword) {
  const std::string h = hash_password("t8x628ut", PasswordCost::minimum);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(h.find("t8x628ut"), std::string::npos);
  EXPECT_TRUE(verify_password(h, "t8x628ut"));
  EXPECT_FALSE(verify_password(h, "t8x628uT"));
}

// Hashes stored before the product checked passwords with libargon2 were written by libsodium:
// they must still verify, and a hash written now must verify with libsodium too.
TEST_F(Crypto, PasswordHashesAreTheSameStringsLibsodiumWritesAndReads) {
  char by_libsodium[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(by_libsodium, "Bq7-K2p-9xM", 11, 2, 16u << 20,
                                  crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(verify_password(by_libsodium, "Bq7-K2p-9xM"));
  EXPECT_FALSE(verify_password(by_libsodium, "Bq7-K2p-9xm"));

  const std::string ours = hash_password("Бқ7-Ә2р-9хМ", PasswordCost::moderate);
  EXPECT_EQ(ours.rfind("$argon2id$v=19$m=16384,t=2,p=1$", 0), 0u) << ours;
  EXPECT_EQ(crypto_pwhash_str_verify(ours.c_str(), "Бқ7-Ә2р-9хМ", std::strlen("Бқ7-Ә2р-9хМ")), 0);
  EXPECT_TRUE(verify_password(ours, "Бқ7-Ә2р-9хМ"));
  EXPECT_FALSE(verify_password(ours, ""));
  EXPECT_TRUE(verify_password(hash_password("", PasswordCost::minimum), ""));
}

// A student's password: the station proves it, the server keeps a hash of the proof.
TEST_F(Crypto, AStudentsPasswordProofOpensOnlyItsHashAndIsNotWhatTheServerKeeps) {
  const std::string stored = hash_password_for_proof("Бқ7-Ә2р-9хМ", PasswordCost::minimum);
  EXPECT_EQ(stored.rfind("$argon2id-proof$v=19$m=8,t=1,p=1$", 0), 0u) << stored;
  const auto challenge = challenge_of(stored);
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->salt.size(), 16u);
  EXPECT_EQ(challenge->memory_kib, 8u);
  EXPECT_EQ(challenge->passes, 1u);
  const Secret proof = prove_password("Бқ7-Ә2р-9хМ", *challenge);
  ASSERT_EQ(proof.size(), kPasswordProofBytes);
  EXPECT_TRUE(check_password_proof(stored, proof.view()));
  EXPECT_TRUE(verify_password(stored, "Бқ7-Ә2р-9хМ"));
  EXPECT_FALSE(verify_password(stored, "Бқ7-Ә2р-9хм"));
  EXPECT_FALSE(check_password_proof(stored, prove_password("Бқ7-Ә2р-9хм", *challenge).view()));
  // What the server keeps does not open the login: it is not the proof.
  const std::string kept = stored.substr(stored.rfind('$') + 1);
  EXPECT_NE(kept, to_hex(proof.view()));
  Bytes flipped(proof.view().begin(), proof.view().end());
  flipped[31] ^= 1;
  EXPECT_FALSE(check_password_proof(stored, flipped));
  EXPECT_FALSE(check_password_proof(stored, ByteView(flipped).first(16)));  // a short proof
  // A representative's plain Argon2id hash is not a student's: no challenge, no proof check.
  const std::string plain = hash_password("Бқ7-Ә2р-9хМ", PasswordCost::minimum);
  EXPECT_FALSE(challenge_of(plain));
  EXPECT_FALSE(check_password_proof(plain, proof.view()));
}

// A database written before proofs: its Argon2id hash is the proof, so it converts without the
// password, and the same password opens it.
TEST_F(Crypto, AnOldStudentHashBecomesAProofHashWithoutThePassword) {
  const std::string old = hash_password("t8x628ut", PasswordCost::minimum);
  const auto converted = proof_hash_from_argon2id(old);
  ASSERT_TRUE(converted);
  const auto challenge = challenge_of(*converted);
  ASSERT_TRUE(challenge);
  // "$argon2id$v=19$m=8,t=1,p=1$<salt>$<hash>": the salt stays, the hash (now a proof) goes.
  const std::size_t last = old.rfind('$'), before = old.rfind('$', last - 1);
  const std::string salt = old.substr(before + 1, last - before - 1), hash = old.substr(last + 1);
  EXPECT_NE(converted->find("$" + salt + "$"), std::string::npos) << *converted;
  EXPECT_EQ(converted->find(hash), std::string::npos) << *converted;
  EXPECT_TRUE(check_password_proof(*converted, prove_password("t8x628ut", *challenge).view()));
  EXPECT_TRUE(verify_password(*converted, "t8x628ut"));
  EXPECT_FALSE(verify_password(*converted, "t8x628uT"));
  EXPECT_FALSE(proof_hash_from_argon2id(*converted));  // only from a plain Argon2id hash
  EXPECT_FALSE(proof_hash_from_argon2id("not a hash"));
}

// An unknown login's challenge looks like a known one's and does not change between asks; a
// challenge outside the product's bounds is not run (a station never allocates gigabytes).
TEST_F(Crypto, DecoyChallengesAreStablePerLoginAndOutOfBoundsChallengesAreRefused) {
  const Secret server = Secret::random(64);
  const auto a = decoy_challenge(server, "b123456");
  EXPECT_EQ(a.salt, decoy_challenge(server, "b123456").salt);
  EXPECT_NE(a.salt, decoy_challenge(server, "b123457").salt);
  EXPECT_NE(a.salt, decoy_challenge(Secret::random(64), "b123456").salt);
  EXPECT_EQ(a.salt.size(), 16u);
  EXPECT_EQ(a.memory_kib, 16u << 10);
  EXPECT_EQ(a.passes, 2u);
  const Bytes salt(16, 1);
  EXPECT_FALSE(prove_password("x", {salt, 8, 1}).empty());
  EXPECT_TRUE(prove_password("x", {salt, 4u << 20, 1}).empty());  // 4 GiB
  EXPECT_TRUE(prove_password("x", {salt, 4, 1}).empty());         // below Argon2's minimum
  EXPECT_TRUE(prove_password("x", {salt, 8, 0}).empty());
  EXPECT_TRUE(prove_password("x", {salt, 8, 65}).empty());
  EXPECT_TRUE(prove_password("x", {Bytes(4, 1), 8, 1}).empty());  // a salt too short
}

TEST_F(Crypto, MalformedOrOversizedPasswordHashesNeverVerify) {
  const std::string good = hash_password("t8x628ut", PasswordCost::minimum);
  ASSERT_TRUE(verify_password(good, "t8x628ut"));
  const auto params_end = good.find('$', std::string_view("$argon2id$v=19$").size());
  const std::string tail = good.substr(params_end);  // "$salt$hash"
  for (const std::string& bad : {
           std::string(),
           std::string("t8x628ut"),
           "$argon2i$v=19$m=8,t=1,p=1" + tail,                     // another variant
           "$argon2id$v=16$m=8,t=1,p=1" + tail,                    // another version
           "$argon2id$v=19$m=8,t=1,p=2" + tail,                    // two lanes
           "$argon2id$v=19$m=4,t=1,p=1" + tail,                    // below Argon2's minimum
           "$argon2id$v=19$m=4194304,t=1,p=1" + tail,              // 4 GiB: refused, not allocated
           "$argon2id$v=19$m=8,t=0,p=1" + tail,                    // no pass
           "$argon2id$v=19$m=8,t=1,p=1,x=3" + tail,                // trailing parameter
           std::string("$argon2id$v=19$m=8,t=1,p=1"),              // no salt or hash
           "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$" + tail.substr(1),  // a salt too short
           good.substr(0, good.size() - 3),                        // a hash cut short
           good + "A",                                             // a hash one character longer
           good.substr(0, params_end) + "$@@@@@@@@@@@" + tail.substr(tail.rfind('$')),
       })
    EXPECT_FALSE(verify_password(bad, "t8x628ut")) << bad;
}

// A burst of checks maps its working memory once; a second after the last check the process
// holds none of it (a kiosk that checked the exit code once must not keep 16 MiB).
TEST_F(Crypto, PasswordCheckMemoryIsGivenBackWhenChecksStop) {
  auto rss_mib = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
    return 0.0;
  };
  const std::string h = hash_password("Bq7-K2p-9xM", PasswordCost::moderate);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const double before = rss_mib();
  std::vector<std::jthread> checks;
  for (int t = 0; t < 2; ++t)
    checks.emplace_back([&] {
      for (int i = 0; i < 3; ++i) EXPECT_TRUE(verify_password(h, "Bq7-K2p-9xM"));
    });
  checks.clear();
  const double during = rss_mib();
  EXPECT_GT(during, before + 12) << "two checks' 16 MiB blocks are kept for the next check";
  double after = during;
  for (int i = 0; i < 50 && after > before + 8; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = rss_mib();
  }
  EXPECT_LT(after, before + 8) << "before " << before << " MiB, during " << during << " MiB";
}

// Small secrets share slabs: thousands alive at once (more than a slab holds) from two threads
// never overlap, and each keeps exactly its own bytes until it is destroyed.
TEST_F(Crypto, SecretsSharingSlabsNeverOverlap) {
  auto churn = [](std::uint8_t tag) {
    std::vector<Secret> alive;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 1500; ++i) {
        const std::size_t size = 1 + static_cast<std::size_t>(i % 64);
        Secret s(size);
        std::memset(s.data(), tag ^ (i & 0x7f), size);
        alive.push_back(std::move(s));
      }
      for (std::size_t i = 0; i < alive.size(); ++i) {
        const auto expected = static_cast<std::uint8_t>(tag ^ (i % 1500 & 0x7f));
        for (std::size_t b = 0; b < alive[i].size(); ++b)
          ASSERT_EQ(alive[i].data()[b], expected) << "secret " << i << " byte " << b;
      }
      alive.erase(alive.begin(), alive.begin() + 1000);  // give most back, keep some
      for (std::size_t i = 0; i < alive.size(); ++i) alive[i] = Secret::from(alive[i].view());
      alive.clear();
    }
  };
  std::jthread a(churn, 0x80), b(churn, 0x00);
  const Secret big = Secret::random(4096);  // beyond a slot: a region of its own
  EXPECT_EQ(big.size(), 4096u);
  EXPECT_TRUE(big.equals(big.view()));
}

TEST_F(Crypto, FreshNoncesNeverRepeatWithinOrAcrossThreads) {
  using Nonce = std::array<std::uint8_t, kNonceBytes>;
  constexpr int kEach = 50000;
  auto draw = [](std::vector<Nonce>& out) {
    out.resize(kEach);
    for (Nonce& n : out) fresh_nonce(n);
  };
  std::vector<Nonce> a, b, c;
  {
    std::jthread ta(draw, std::ref(a)), tb(draw, std::ref(b));
    draw(c);
  }
  std::set<Nonce> seen;
  for (const auto* list : {&a, &b, &c})
    for (const Nonce& n : *list) ASSERT_TRUE(seen.insert(n).second) << "a nonce came twice";
  EXPECT_EQ(seen.size(), 3u * kEach);
  // Each thread's nonces differ from the others' in their random part, not just the counter.
  EXPECT_NE(std::memcmp(a[0].data(), b[0].data(), 16), 0);
  EXPECT_NE(std::memcmp(a[0].data(), c[0].data(), 16), 0);
  // A forked child does not repeat what its parent draws next.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Nonce n;
    fresh_nonce(n);
    _exit(write(pipe_fds[1], n.data(), n.size()) == static_cast<ssize_t>(n.size()) ? 0 : 1);
  }
  Nonce in_parent, in_child;
  fresh_nonce(in_parent);
  ASSERT_EQ(read(pipe_fds[0], in_child.data(), in_child.size()),
            static_cast<ssize_t>(in_child.size()));
  waitpid(child, nullptr, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  EXPECT_NE(in_parent, in_child);
  // Two records sealed with one key never share a nonce.
  const Secret key = Secret::random(kRecordKeyBytes);
  const Bytes one = seal_record(key, as_bytes("A")), two = seal_record(key, as_bytes("A"));
  EXPECT_NE(Bytes(one.begin(), one.begin() + kNonceBytes),
            Bytes(two.begin(), two.begin() + kNonceBytes));
}

TEST_F(Crypto, SealedRecordRefusesAnyAlteredByte) {
  const Secret key = Secret::random(kRecordKeyBytes);
  const Bytes sealed = seal_record(key, as_bytes("G9M-03=12.5"));
  ASSERT_TRUE(open_record(key, sealed));
  EXPECT_EQ(as_chars(*open_record(key, sealed)), "G9M-03=12.5");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes altered = sealed;
    altered[i] ^= 0x01;
    EXPECT_FALSE(open_record(key, altered)) << "byte " << i;
  }
}

TEST_F(Crypto, SecretsCompareInConstantTimeByContent) {
  const Secret a = Secret::from(as_bytes("abc"));
  EXPECT_TRUE(a.equals(as_bytes("abc")));
  EXPECT_FALSE(a.equals(as_bytes("abd")));
  EXPECT_FALSE(a.equals(as_bytes("ab")));
}

TEST_F(Crypto, HexRoundTripAndErrors) {
  auto k = public_key_from_hex(std::string(64, 'a'));
  ASSERT_TRUE(k);
  EXPECT_EQ(to_hex(*k), std::string(64, 'a'));
  EXPECT_FALSE(public_key_from_hex("abc"));
  EXPECT_FALSE(public_key_from_hex(std::string(64, 'g')));
}

}  // namespace bbzhm::crypto
