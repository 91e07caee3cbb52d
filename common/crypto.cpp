// libsodium behind the bbzhm::crypto names.
#include "common/crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace bbzhm::crypto {

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
}

Secret::Secret(std::size_t size) : size_(size) {
  if (size == 0) return;
  static const bool ready = (init(), true);  // sodium_malloc needs an initialized libsodium
  (void)ready;
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
}
Secret::Secret(Secret&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}
Secret::~Secret() {
  if (data_ != nullptr) sodium_free(data_);
}
Secret Secret::from(ByteView bytes) {
  Secret s(bytes.size());
  if (!bytes.empty()) std::copy(bytes.begin(), bytes.end(), s.data_);
  return s;
}
Secret Secret::random(std::size_t size) {
  Secret s(size);
  if (size > 0) randombytes_buf(s.data_, size);
  return s;
}
bool Secret::equals(ByteView other) const {
  return other.size() == size_ && (size_ == 0 || sodium_memcmp(data_, other.data(), size_) == 0);
}

SigningKey SigningKey::generate() {
  SigningKey k;
  k.secret_key = Secret(kSecretKeyBytes);
  crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
  return k;
}

Result<SigningKey> SigningKey::from_secret(ByteView secret) {
  if (secret.size() != kSecretKeyBytes) return fail("a secret key must be 64 bytes");
  SigningKey k;
  k.secret_key = Secret::from(secret);
  crypto_sign_ed25519_sk_to_pk(k.public_key.data(), k.secret_key.data());
  return k;
}

Signature sign(const SigningKey& key, ByteView message) {
  Signature s{};
  crypto_sign_detached(s.data(), nullptr, message.data(), message.size(), key.secret_key.data());
  return s;
}

bool verify(const PublicKey& key, ByteView message, const Signature& signature) {
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     key.data()) == 0;
}

Hash hash(std::initializer_list<ByteView> parts) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, kHashBytes);
  for (ByteView p : parts) crypto_generichash_update(&st, p.data(), p.size());
  Hash h{};
  crypto_generichash_final(&st, h.data(), h.size());
  return h;
}

std::string to_hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Result<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return fail("hex text has an odd number of digits");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return fail("hex text has a character that is not a hex digit");
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

Result<PublicKey> public_key_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  if (!bytes) return std::unexpected(bytes.error());
  if (bytes->size() != kPublicKeyBytes) return fail("a public key is 64 hex digits");
  PublicKey k{};
  std::copy(bytes->begin(), bytes->end(), k.begin());
  return k;
}

std::string fingerprint(const PublicKey& key) {
  const Hash h = hash({key});
  const std::string hex = to_hex(ByteView(h).first(8));
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 4) {
    if (i > 0) out += '-';
    out += hex.substr(i, 4);
  }
  return out;
}

Result<void> write_key_file(const std::filesystem::path& path, const SigningKey& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create key file " + path.string() + " (it may already exist)");
  const std::string hex = to_hex(key.secret_key.view()) + "\n";
  const bool ok =
      ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail("cannot write key file " + path.string());
  return {};
}

Result<SigningKey> read_key_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot read key file " + path.string());
  std::string hex;
  std::getline(in, hex);
  auto bytes = from_hex(hex);
  if (!bytes) return fail("key file " + path.string() + ": " + bytes.error().what);
  Secret secret = Secret::from(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  sodium_memzero(hex.data(), hex.size());
  auto key = SigningKey::from_secret(secret.view());
  if (!key) return fail("key file " + path.string() + ": " + key.error().what);
  return key;
}

std::string hash_password(std::string_view password, PasswordCost cost) {
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::minimum) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  } else if (cost == PasswordCost::moderate) {
    // 11 ms and 16 MiB: a lab of 300 logs in within seconds on two cores (PLATFORM.md).
    ops = 2;
    mem = 16u << 20;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::bad_alloc();
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::uint32_t random_below(std::uint32_t upper) {
  return randombytes_uniform(upper);
}
void random_fill(std::span<std::uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

Bytes seal_record(const Secret& key, ByteView plaintext) {
  Bytes out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
            crypto_aead_xchacha20poly1305_ietf_ABYTES);
  std::uint8_t* nonce = out.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &len, plaintext.data(),
      plaintext.size(), nullptr, 0, nullptr, nonce, key.data());
  return out;
}

Result<Bytes> open_record(const Secret& key, ByteView sealed) {
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kOverhead) return fail("sealed record too short");
  Bytes out(sealed.size() - kOverhead);
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &len, nullptr, sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          sealed.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, nullptr, 0, sealed.data(),
          key.data()) != 0)
    return fail("sealed record does not authenticate");
  return out;
}

Secret derive_key(const SigningKey& key, std::string_view purpose) {
  Secret out(kRecordKeyBytes);
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const std::uint8_t*>(purpose.data()),
                     purpose.size(), key.secret_key.data(), 32);
  return out;
}

}  // namespace bbzhm::crypto
