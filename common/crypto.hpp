// The crypto layer over libsodium: keys, signatures, hashes, password hashes, sealed files.
// As in libsodium, verbs on nouns and sizes as constants; no algorithm is left to the caller.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/codec.hpp"
#include "common/error.hpp"

namespace bbzhm::crypto {

inline constexpr std::size_t kPublicKeyBytes = 32;  // Ed25519 public key
inline constexpr std::size_t kSecretKeyBytes = 64;  // Ed25519 secret key (seed + public key)
inline constexpr std::size_t kSignatureBytes = 64;
inline constexpr std::size_t kHashBytes = 32;  // BLAKE2b-256

using PublicKey = std::array<std::uint8_t, kPublicKeyBytes>;
using Signature = std::array<std::uint8_t, kSignatureBytes>;
using Hash = std::array<std::uint8_t, kHashBytes>;

// Initializes libsodium; every program calls it once at start-up (throws if it cannot).
void init();

// Bytes in sodium_malloc'd memory (locked, guarded, wiped on free; up to 64 bytes in a slot of a
// shared slab, crypto.cpp). Not copyable, so a secret cannot be duplicated or logged by accident;
// compared in constant time.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::size_t size);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  static Secret from(ByteView bytes);
  static Secret random(std::size_t size);

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  ByteView view() const { return {data_, size_}; }
  bool empty() const { return size_ == 0; }
  bool equals(ByteView other) const;

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// A long-term Ed25519 identity: the server's, a station's, a console's.
struct SigningKey {
  PublicKey public_key{};
  Secret secret_key;  // kSecretKeyBytes

  static SigningKey generate();
  static Result<SigningKey> from_secret(ByteView secret);
};

Signature sign(const SigningKey& key, ByteView message);
bool verify(const PublicKey& key, ByteView message, const Signature& signature);

// BLAKE2b-256 of the concatenation of the parts.
Hash hash(std::initializer_list<ByteView> parts);

std::string to_hex(ByteView bytes);
Result<Bytes> from_hex(std::string_view hex);
Result<PublicKey> public_key_from_hex(std::string_view hex);
// A fingerprint a person can compare by eye: the first 8 bytes of the key's hash, grouped.
std::string fingerprint(const PublicKey& key);

// Writes a secret key file with mode 0600; refuses to overwrite an existing file.
Result<void> write_key_file(const std::filesystem::path& path, const SigningKey& key);
Result<SigningKey> read_key_file(const std::filesystem::path& path);

// Argon2id password hashes (the string carries its own parameters).
enum class PasswordCost { minimum, moderate, interactive };
std::string hash_password(std::string_view password, PasswordCost cost);
// Checks a password against either kind of stored hash (this one, or a student's below).
bool verify_password(std::string_view hash, std::string_view password);

// A student's password never reaches the server: the station runs the slow hash. The server
// sends the salt and cost of the student's stored hash (a `PasswordChallenge`), the station runs
// Argon2id over the password (the proof) and sends that, and the server compares the BLAKE2b-256
// of the proof with the one it keeps, in constant time. A lab's login burst runs its Argon2id
// checks on the lab's stations at once, not one after another on the server's cores. A stolen
// database still costs an Argon2id run per guessed password (what it keeps is a hash of the
// proof, not the proof); a proof is worth a login on this server only and travels inside the
// encrypted channel. Stored as "$argon2id-proof$v=19$m=<KiB>,t=<passes>,p=1$<salt>$<hash>".
struct PasswordChallenge {
  Bytes salt;
  std::uint32_t memory_kib = 0;
  std::uint32_t passes = 0;
};
inline constexpr std::size_t kPasswordProofBytes = 32;
std::string hash_password_for_proof(std::string_view password, PasswordCost cost);
// The same from an Argon2id hash written before proofs ("$argon2id$..."): the password is not
// needed, the proof is the Argon2id hash itself. Empty for anything else.
std::optional<std::string> proof_hash_from_argon2id(std::string_view argon2id_hash);
// The salt and cost in a stored student hash; empty when it is not one or out of bounds.
std::optional<PasswordChallenge> challenge_of(std::string_view stored);
// The challenge for a login the server does not know: the same every time for the same login
// and server (derived from `server_secret`), so a challenge does not tell which logins exist.
PasswordChallenge decoy_challenge(const Secret& server_secret, std::string_view login);
// The station's side: Argon2id of the password under the challenge (32 bytes); empty when the
// challenge is outside the bounds this product writes (a huge cost is not allocated).
Secret prove_password(std::string_view password, const PasswordChallenge& challenge);
// The server's side: the proof matches the stored student hash.
bool check_password_proof(std::string_view stored, ByteView proof);

// Uniform random integer in [0, upper).
std::uint32_t random_below(std::uint32_t upper);
void random_fill(std::span<std::uint8_t> out);
// A 24-byte XChaCha20 nonce no other call in this process has returned, without a system call:
// a random 16-byte prefix drawn once per thread (and again in a forked child), then a counter. (The
// server seals an answer a save; one getrandom each was 4 % of its CPU at full load.)
inline constexpr std::size_t kNonceBytes = 24;
void fresh_nonce(std::span<std::uint8_t, kNonceBytes> out);

// Authenticated encryption of small records at rest (XChaCha20-Poly1305) with a 32-byte key:
// nonce || ciphertext. `open` fails on any alteration, and when `associated` (data bound to the
// record without being stored in it, e.g. the row it belongs to) is not what it was sealed with.
inline constexpr std::size_t kRecordKeyBytes = 32;
Bytes seal_record(const Secret& key, ByteView plaintext, ByteView associated = {});
Result<Bytes> open_record(const Secret& key, ByteView sealed, ByteView associated = {});
// A subkey for one purpose, derived from a signing key's secret.
Secret derive_key(const SigningKey& key, std::string_view purpose);

}  // namespace bbzhm::crypto
