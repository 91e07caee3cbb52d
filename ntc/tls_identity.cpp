// The NTC's self-signed HTTPS certificate (OpenSSL 3).
#include "ntc/tls_identity.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include "common/crypto.hpp"

namespace bbzhm::ntc {
namespace {

struct FreeKey {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct FreeCert {
  void operator()(X509* c) const { X509_free(c); }
};
struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<void> create_tls_identity(const std::filesystem::path& cert_path,
                                 const std::filesystem::path& key_path) {
  std::unique_ptr<EVP_PKEY, FreeKey> key(EVP_EC_gen("P-256"));
  if (!key) return fail("cannot generate the HTTPS key");
  std::unique_ptr<X509, FreeCert> cert(X509_new());
  if (!cert) return fail("cannot make the HTTPS certificate");
  X509_set_version(cert.get(), 2);
  std::uint32_t serial = 0;
  crypto::random_fill(std::span(reinterpret_cast<std::uint8_t*>(&serial), sizeof serial));
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(serial & 0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365 * 20);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("bbzhm-ntc"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
    return fail("cannot sign the HTTPS certificate");
  {
    const mode_t old = ::umask(0077);
    std::unique_ptr<std::FILE, CloseFile> f(std::fopen(key_path.c_str(), "wx"));
    ::umask(old);
    if (!f || !PEM_write_PrivateKey(f.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
      return fail("cannot write " + key_path.string());
  }
  std::unique_ptr<std::FILE, CloseFile> f(std::fopen(cert_path.c_str(), "wx"));
  if (!f || !PEM_write_X509(f.get(), cert.get())) return fail("cannot write " + cert_path.string());
  return {};
}

Result<std::string> certificate_fingerprint(const std::filesystem::path& cert_path) {
  std::unique_ptr<std::FILE, CloseFile> f(std::fopen(cert_path.c_str(), "r"));
  if (!f) return fail("cannot read " + cert_path.string());
  std::unique_ptr<X509, FreeCert> cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
  if (!cert) return fail(cert_path.string() + " is not a PEM certificate");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!X509_digest(cert.get(), EVP_sha256(), md, &n)) return fail("cannot hash the certificate");
  return crypto::to_hex(ByteView(md, n));
}

}  // namespace bbzhm::ntc
