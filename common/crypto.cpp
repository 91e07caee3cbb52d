// libsodium (and libargon2 for password hashes) behind the bbzhm::crypto names.
#include "common/crypto.hpp"

#include <argon2.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace bbzhm::crypto {

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
}

namespace {

// Small secrets (session keys, stream states, signing keys: at most 64 bytes) share slabs of
// locked memory. Each sodium_malloc and sodium_free changes the page tables (mmap, mprotect,
// mlock, munmap), and each change stops the process's threads on the other cores to flush their
// TLBs: 126 µs a pair on this project's VM while another thread runs, and a connection's handshake
// made seven, in the thread that serves every station. A slab is one sodium_malloc'd region
// (guard pages around it, locked in RAM, never in the general heap); a slot is wiped when given
// back. What is lost against one region per secret: the guard pages between two secrets of a slab.
// Slabs are never given back, and the free list is trivially destructible, so a Secret destroyed
// during exit still finds it.
class SecretSlots {
 public:
  static constexpr std::size_t kSlotBytes = 64;
  static constexpr std::size_t kSlotsPerSlab = 1024;                // 64 KiB a slab
  static constexpr std::size_t kLinkBytes = sizeof(std::uint8_t*);  // a free slot's next

  std::uint8_t* take() {
    const Hold hold(busy_);
    if (free_ == nullptr) add_slab();
    std::uint8_t* slot = free_;
    std::memcpy(&free_, slot, kLinkBytes);  // the next free slot
    sodium_memzero(slot, kLinkBytes);
    return slot;
  }

  void give_back(std::uint8_t* slot) {
    sodium_memzero(slot, kSlotBytes);
    const Hold hold(busy_);
    std::memcpy(slot, &free_, kLinkBytes);
    free_ = slot;
  }

 private:
  // A spin lock: held for a few instructions, and trivially destructible unlike a mutex.
  class Hold {
   public:
    explicit Hold(std::atomic_flag& flag) : flag_(flag) {
      while (flag_.test_and_set(std::memory_order_acquire))
        flag_.wait(true, std::memory_order_relaxed);
    }
    ~Hold() {
      flag_.clear(std::memory_order_release);
      flag_.notify_one();
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    std::atomic_flag& flag_;
  };

  void add_slab() {
    auto* slab = static_cast<std::uint8_t*>(sodium_malloc(kSlotBytes * kSlotsPerSlab));
    if (slab == nullptr) throw std::bad_alloc();
    for (std::size_t i = kSlotsPerSlab; i-- > 0;) {
      std::uint8_t* slot = slab + i * kSlotBytes;
      sodium_memzero(slot, kSlotBytes);
      std::memcpy(slot, &free_, kLinkBytes);
      free_ = slot;
    }
  }

  std::atomic_flag busy_;
  std::uint8_t* free_ = nullptr;
};
static_assert(std::is_trivially_destructible_v<SecretSlots>);
constinit SecretSlots secret_slots;

std::uint8_t* allocate_secret(std::size_t size) {
  static const bool ready = (init(), true);  // sodium_malloc needs an initialized libsodium
  (void)ready;
  if (size <= SecretSlots::kSlotBytes) return secret_slots.take();
  auto* data = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data == nullptr) throw std::bad_alloc();
  return data;
}

void free_secret(std::uint8_t* data, std::size_t size) {
  if (data == nullptr) return;
  if (size <= SecretSlots::kSlotBytes)
    secret_slots.give_back(data);
  else
    sodium_free(data);
}

}  // namespace

Secret::Secret(std::size_t size) : size_(size) {
  if (size > 0) data_ = allocate_secret(size);
}
Secret::Secret(Secret&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    free_secret(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}
Secret::~Secret() {
  free_secret(data_, size_);
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

// [SECTION] Password hashes
//
// Argon2id through Debian's libargon2 rather than libsodium's crypto_pwhash: libsodium maps,
// zeroes and unmaps the whole working memory (16 MiB for a student's password) on every check,
// which was a fifth of a check's CPU on the school server and more when the two password threads
// share the cores with the rest of the server during a lab's login burst (docs/PERFORMANCE.md).
// libargon2's context takes the caller's allocator, so a check reuses the memory another check
// running beside it has just given back. The strings are the same PHC strings libsodium writes
// and reads ("$argon2id$v=19$m=16384,t=2,p=1$salt$hash"), so hashes stored before still verify.

namespace {

// Working memory for password checks: a block a check gives back is kept for the next check, and
// what is kept is unmapped once no check has run for a second (a thread that sleeps meanwhile
// does it), so a burst of logins maps its memory once while an idle server or kiosk holds none.
// libargon2 wipes a block before it gives it back.
class Argon2Memory {
 public:
  static Argon2Memory& instance() {
    static Argon2Memory memory;
    return memory;
  }

  std::uint8_t* take(std::size_t bytes) {
    {
      const std::lock_guard lock(mutex_);
      ++running_;
      for (auto it = spare_.begin(); it != spare_.end(); ++it)
        if (it->size() == bytes) {
          Block block = std::move(*it);
          spare_.erase(it);
          return block.release();
        }
    }
    Block block(bytes);
    if (block.data() == nullptr) {
      const std::lock_guard lock(mutex_);
      --running_;
      return nullptr;
    }
    return block.release();
  }

  void give_back(std::uint8_t* data, std::size_t bytes) {
    const std::lock_guard lock(mutex_);
    spare_.emplace_back(data, bytes);
    --running_;
    ++returns_;
    if (!reaper_.joinable()) reaper_ = std::jthread([this](std::stop_token stop) { reap(stop); });
    idle_.notify_all();
  }

 private:
  // One anonymous mapping, its pages populated at once: faulting 4 096 pages in one by one costs
  // several times the hash itself on a virtual machine.
  class Block {
   public:
    explicit Block(std::size_t bytes) : size_(bytes) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
      data_ = p == MAP_FAILED ? nullptr : static_cast<std::uint8_t*>(p);
    }
    Block(std::uint8_t* data, std::size_t bytes) : data_(data), size_(bytes) {}
    Block(Block&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(other.size_) {}
    Block& operator=(Block&& other) noexcept {
      std::swap(data_, other.data_);
      std::swap(size_, other.size_);
      return *this;
    }
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;
    ~Block() {
      if (data_ != nullptr) munmap(data_, size_);
    }
    std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::uint8_t* release() { return std::exchange(data_, nullptr); }

   private:
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
  };

  // Unmaps the spare blocks once a second has passed with no check running or given back.
  void reap(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      idle_.wait(lock, stop, [this] { return running_ == 0 && !spare_.empty(); });
      const std::uint64_t seen = returns_;
      if (idle_.wait_for(lock, stop, std::chrono::seconds(1),
                         [&] { return running_ > 0 || returns_ != seen; }))
        continue;
      std::vector<Block> unmap;
      unmap.swap(spare_);
      lock.unlock();
      unmap.clear();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable_any idle_;
  std::vector<Block> spare_;
  int running_ = 0;            // checks between take and give_back
  std::uint64_t returns_ = 0;  // blocks given back so far
  std::jthread reaper_;        // last: stopped and joined before the rest is destroyed
};

int take_argon2_memory(std::uint8_t** memory, std::size_t bytes) {
  *memory = Argon2Memory::instance().take(bytes);
  return *memory == nullptr ? ARGON2_MEMORY_ALLOCATION_ERROR : ARGON2_OK;
}
void give_back_argon2_memory(std::uint8_t* memory, std::size_t bytes) {
  Argon2Memory::instance().give_back(memory, bytes);
}

// The parameters and salt of an Argon2id hash, and the hash itself.
struct Argon2idHash {
  std::uint32_t memory_kib = 0;
  std::uint32_t passes = 0;
  Bytes salt;
  Bytes hash;
};

constexpr std::string_view kArgon2idPrefix = "$argon2id$v=19$";

// Runs Argon2id (one lane) with the shared working memory; `out` gets `out_size` bytes.
// Returns libargon2's result code, or its verify result when `expected` is given.
int run_argon2id(std::string_view password, const Argon2idHash& params, std::uint8_t* out,
                 std::size_t out_size, const Bytes* expected) {
  argon2_context context{};
  context.out = out;
  context.outlen = static_cast<std::uint32_t>(out_size);
  // libargon2 only reads the password and the salt (it would wipe the password only with
  // ARGON2_FLAG_CLEAR_PASSWORD); its context has no const pointers.
  context.pwd = reinterpret_cast<std::uint8_t*>(const_cast<char*>(password.data()));
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = const_cast<std::uint8_t*>(params.salt.data());
  context.saltlen = static_cast<std::uint32_t>(params.salt.size());
  context.t_cost = params.passes;
  context.m_cost = params.memory_kib;
  context.lanes = 1;
  context.threads = 1;
  context.version = ARGON2_VERSION_13;
  context.allocate_cbk = take_argon2_memory;
  context.free_cbk = give_back_argon2_memory;
  context.flags = ARGON2_DEFAULT_FLAGS;
  if (expected == nullptr) return argon2_ctx(&context, Argon2_id);
  return argon2_verify_ctx(&context, reinterpret_cast<const char*>(expected->data()), Argon2_id);
}

std::string base64(ByteView bytes) {
  std::string out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<Bytes> from_base64(std::string_view text, std::size_t min, std::size_t max) {
  Bytes out(max);
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      length < min)
    return std::nullopt;
  out.resize(length);
  return out;
}

// The bounds of what this product writes: a stored hash or a challenge with a huge memory cost
// must not make a check allocate gigabytes.
bool within_bounds(std::uint64_t memory_kib, std::uint64_t passes, std::size_t salt_bytes) {
  return memory_kib >= 8 && memory_kib <= (1u << 20) && passes >= 1 && passes <= 64 &&
         salt_bytes >= 8 && salt_bytes <= 64;
}

// Parses "<prefix>m=<KiB>,t=<passes>,p=1$<salt>$<hash>" within those bounds; the prefix is
// "$argon2id$v=19$" or, for a student's stored proof hash, "$argon2id-proof$v=19$".
std::optional<Argon2idHash> parse_argon2id(std::string_view text,
                                           std::string_view prefix = kArgon2idPrefix) {
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  Argon2idHash h;
  unsigned memory = 0, passes = 0, lanes = 0;
  int used = 0;
  const std::string params(text.substr(0, text.find('$')));
  if (std::sscanf(params.c_str(), "m=%u,t=%u,p=%u%n", &memory, &passes, &lanes, &used) != 3 ||
      static_cast<std::size_t>(used) != params.size() || lanes != 1 ||
      !within_bounds(memory, passes, 8))
    return std::nullopt;
  h.memory_kib = memory;
  h.passes = passes;
  text.remove_prefix(params.size());
  if (!text.starts_with('$')) return std::nullopt;
  text.remove_prefix(1);
  const auto dollar = text.find('$');
  if (dollar == std::string_view::npos) return std::nullopt;
  auto salt = from_base64(text.substr(0, dollar), 8, 64);
  auto hash = from_base64(text.substr(dollar + 1), 16, 64);
  if (!salt || !hash) return std::nullopt;
  h.salt = std::move(*salt);
  h.hash = std::move(*hash);
  return h;
}

constexpr std::string_view kProofPrefix = "$argon2id-proof$v=19$";

std::string format_argon2id(std::string_view prefix, const Argon2idHash& h) {
  return std::string(prefix) + "m=" + std::to_string(h.memory_kib) +
         ",t=" + std::to_string(h.passes) + ",p=1$" + base64(h.salt) + "$" + base64(h.hash);
}

Argon2idHash new_hash_params(PasswordCost cost) {
  Argon2idHash h;
  switch (cost) {
    case PasswordCost::minimum:  // tests only
      h.memory_kib = 8;
      h.passes = 1;
      break;
    case PasswordCost::moderate:  // a student's or the console's password: 16 MiB, 2 passes
      h.memory_kib = 16u << 10;
      h.passes = 2;
      break;
    case PasswordCost::interactive:  // libsodium's "interactive": 64 MiB, 2 passes
      h.memory_kib = 64u << 10;
      h.passes = 2;
      break;
  }
  h.salt.resize(16);
  randombytes_buf(h.salt.data(), h.salt.size());
  return h;
}

// What the server keeps of a proof: its BLAKE2b-256.
Bytes proof_digest(ByteView proof) {
  const Hash digest = hash({proof});
  return Bytes(digest.begin(), digest.end());
}

}  // namespace

std::string hash_password(std::string_view password, PasswordCost cost) {
  Argon2idHash h = new_hash_params(cost);
  h.hash.resize(32);
  if (run_argon2id(password, h, h.hash.data(), h.hash.size(), nullptr) != ARGON2_OK)
    throw std::bad_alloc();
  return format_argon2id(kArgon2idPrefix, h);
}

std::string hash_password_for_proof(std::string_view password, PasswordCost cost) {
  Argon2idHash h = new_hash_params(cost);
  const Secret proof = prove_password(password, {h.salt, h.memory_kib, h.passes});
  if (proof.empty()) throw std::bad_alloc();
  h.hash = proof_digest(proof.view());
  return format_argon2id(kProofPrefix, h);
}

std::optional<std::string> proof_hash_from_argon2id(std::string_view argon2id_hash) {
  auto h = parse_argon2id(argon2id_hash);
  if (!h || h->hash.size() != kPasswordProofBytes) return std::nullopt;
  const Bytes digest = proof_digest(h->hash);
  sodium_memzero(h->hash.data(), h->hash.size());
  h->hash = digest;
  return format_argon2id(kProofPrefix, *h);
}

std::optional<PasswordChallenge> challenge_of(std::string_view stored) {
  auto h = parse_argon2id(stored, kProofPrefix);
  if (!h) return std::nullopt;
  return PasswordChallenge{std::move(h->salt), h->memory_kib, h->passes};
}

PasswordChallenge decoy_challenge(const Secret& server_secret, std::string_view login) {
  const Hash salt =
      hash({server_secret.view(), as_bytes("bbzhm decoy login salt"), as_bytes(login)});
  const Argon2idHash moderate = new_hash_params(PasswordCost::moderate);
  return {Bytes(salt.begin(), salt.begin() + 16), moderate.memory_kib, moderate.passes};
}

Secret prove_password(std::string_view password, const PasswordChallenge& challenge) {
  if (!within_bounds(challenge.memory_kib, challenge.passes, challenge.salt.size())) return {};
  Argon2idHash h{challenge.memory_kib, challenge.passes, challenge.salt, {}};
  Secret proof(kPasswordProofBytes);
  if (run_argon2id(password, h, proof.data(), proof.size(), nullptr) != ARGON2_OK) return {};
  return proof;
}

bool check_password_proof(std::string_view stored, ByteView proof) {
  const auto h = parse_argon2id(stored, kProofPrefix);
  if (!h || h->hash.size() != kHashBytes || proof.size() != kPasswordProofBytes) return false;
  const Bytes digest = proof_digest(proof);
  return sodium_memcmp(digest.data(), h->hash.data(), digest.size()) == 0;
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.starts_with(kProofPrefix)) {
    const auto challenge = challenge_of(hash);
    if (!challenge) return false;
    const Secret proof = prove_password(password, *challenge);
    return !proof.empty() && check_password_proof(hash, proof.view());
  }
  const auto h = parse_argon2id(hash);
  if (!h) return false;
  // On the stack, wiped after: a sodium_malloc'd buffer costs two page-table changes a check.
  std::array<std::uint8_t, 64> computed{};
  const bool valid =
      run_argon2id(password, *h, computed.data(), h->hash.size(), &h->hash) == ARGON2_OK;
  sodium_memzero(computed.data(), computed.size());
  return valid;
}

std::uint32_t random_below(std::uint32_t upper) {
  return randombytes_uniform(upper);
}
void random_fill(std::span<std::uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

// Bumped in the child of a fork: the child's copy of a thread's nonce source (prefix and counter)
// would otherwise repeat the parent's nonces.
constinit static std::atomic<std::uint64_t> nonce_generation{0};

void fresh_nonce(std::span<std::uint8_t, kNonceBytes> out) {
  static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  [[maybe_unused]] static const int registered =
      pthread_atfork(nullptr, nullptr, [] { nonce_generation.fetch_add(1); });
  struct Source {
    std::array<std::uint8_t, 16> prefix{};
    std::uint64_t counter = 0;
    std::uint64_t generation = ~std::uint64_t{0};  // none yet
  };
  thread_local Source source;
  if (const std::uint64_t g = nonce_generation.load(std::memory_order_relaxed);
      source.generation != g) {
    randombytes_buf(source.prefix.data(), source.prefix.size());
    source.counter = 0;
    source.generation = g;
  }
  std::memcpy(out.data(), source.prefix.data(), source.prefix.size());
  const std::uint64_t n = source.counter++;
  std::memcpy(out.data() + source.prefix.size(), &n, sizeof n);
}

Bytes seal_record(const Secret& key, ByteView plaintext, ByteView associated) {
  Bytes out(kNonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  const std::span<std::uint8_t, kNonceBytes> nonce(out.data(), kNonceBytes);
  fresh_nonce(nonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &len, plaintext.data(),
                                             plaintext.size(), associated.data(), associated.size(),
                                             nullptr, nonce.data(), key.data());
  return out;
}

Result<Bytes> open_record(const Secret& key, ByteView sealed, ByteView associated) {
  constexpr std::size_t kOverhead = kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kOverhead) return fail("sealed record too short");
  Bytes out(sealed.size() - kOverhead);
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &len, nullptr, sealed.data() + kNonceBytes, sealed.size() - kNonceBytes,
          associated.data(), associated.size(), sealed.data(), key.data()) != 0)
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
