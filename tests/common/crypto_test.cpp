// The crypto layer: signatures, key files, password hashes, sealed records.
#include "common/crypto.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

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
