// Results bundles leaving the school: the file export, the HTTPS upload to the NTC (Boost.Beast
// over OpenSSL, the NTC's self-signed certificate pinned by its SHA-256), and the receipt check.
#include "server/bundle_upload.hpp"

#include <openssl/x509.h>
#include <sys/stat.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"
#include "common/file.hpp"
#include "common/i18n.hpp"
#include "server/bundle.hpp"
#include "server/commands.hpp"
#include "server/store.hpp"

namespace bbzhm::server {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

// The sittings a verb works on: --sitting, or every ended one.
Result<std::vector<std::int64_t>> chosen_sittings(const Args& args, Store& store) {
  auto id = args.number("sitting", 0);
  if (!id) return std::unexpected(id.error());
  if (*id > 0) return std::vector<std::int64_t>{*id};
  auto all = store.ended_sittings();
  if (all.empty()) return fail("this server has no ended sitting to send");
  return all;
}

struct Target {
  std::string host;
  std::string port;
};

Result<Target> parse_url(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  if (!url.starts_with(scheme)) return fail("--ntc takes https://HOST:PORT");
  std::string rest(url.substr(scheme.size()));
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon + 1 == rest.size()) return Target{rest, "443"};
  return Target{rest.substr(0, colon), rest.substr(colon + 1)};
}

struct Reply {
  int status = 0;
  std::string body;
};

// One HTTPS request, the server's certificate checked against the pinned fingerprint only. An
// error is a connection failure (worth retrying); any HTTP answer is a Reply.
Result<Reply> https_post(const Target& to, const std::string& fingerprint, const std::string& path,
                         std::string body,
                         std::string_view content_type = "application/octet-stream") {
  asio::io_context io;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_peer);
  bool pinned_ok = false;
  ctx.set_verify_callback([&fingerprint, &pinned_ok](bool, ssl::verify_context& vc) {
    X509_STORE_CTX* store = vc.native_handle();
    if (X509_STORE_CTX_get_error_depth(store) != 0) return true;  // the leaf decides
    X509* cert = X509_STORE_CTX_get_current_cert(store);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!cert || !X509_digest(cert, EVP_sha256(), md, &n)) return false;
    pinned_ok = crypto::to_hex(ByteView(md, n)) == fingerprint;
    return pinned_ok;
  });
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  Result<Reply> out = fail("no answer");
  auto exchange = [&]() -> asio::awaitable<void> {
    auto tok = asio::as_tuple(asio::use_awaitable);
    asio::ip::tcp::resolver resolver(io);
    auto [rerr, endpoints] = co_await resolver.async_resolve(to.host, to.port, tok);
    if (rerr) {
      out = fail("cannot resolve " + to.host + ": " + rerr.message());
      co_return;
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [cerr, ep] = co_await beast::get_lowest_layer(stream).async_connect(endpoints, tok);
    if (cerr) {
      out = fail("cannot connect to " + to.host + ":" + to.port + ": " + cerr.message());
      co_return;
    }
    auto [herr] = co_await stream.async_handshake(ssl::stream_base::client, tok);
    if (herr) {
      out =
          fail(pinned_ok ? "TLS handshake failed: " + herr.message()
                         : "the NTC's certificate is not the pinned one (" + herr.message() + ")");
      co_return;
    }
    http::request<http::string_body> req{http::verb::post, path, 11};
    req.set(http::field::host, to.host);
    req.set(http::field::content_type, content_type);
    req.body() = std::move(body);
    req.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(120));
    auto [werr, wn] = co_await http::async_write(stream, req, tok);
    if (werr) {
      out = fail("sending failed: " + werr.message());
      co_return;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    auto [rderr, rn] = co_await http::async_read(stream, buffer, parser, tok);
    const auto& res = parser.get();
    if (rderr) {
      out = fail("no answer from the NTC: " + rderr.message());
      co_return;
    }
    out = Reply{static_cast<int>(res.result_int()), res.body()};
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(tok);
  };
  asio::co_spawn(io, exchange, asio::detached);
  io.run();
  return out;
}

}  // namespace

Result<NtcLink> ntc_link(Store& store, std::optional<std::string> url) {
  NtcLink link;
  if (!url) url = store.setting("ntc_url");
  if (!url || url->empty())
    return fail(
        "this server knows no NTC address: give --ntc, or store it with trust-ntc-cert --url");
  if (auto target = parse_url(*url); !target) return std::unexpected(target.error());
  link.url = *url;
  const auto fingerprint = store.setting("ntc_tls_fingerprint");
  if (!fingerprint)
    return fail("this server has no pinned NTC certificate: run trust-ntc-cert first");
  link.fingerprint = *fingerprint;
  const auto key = store.ntc_key();
  if (!key) return fail("this server trusts no NTC key: run trust-ntc-key first");
  link.key = *key;
  return link;
}

UploadAttempt post_bundle(const NtcLink& ntc, ByteView sealed, std::string_view bundle_id) {
  UploadAttempt out;
  auto target = parse_url(ntc.url);
  if (!target) {
    out.outcome = UploadAttempt::Outcome::refused;
    out.error = target.error().what;
    return out;
  }
  auto reply = https_post(*target, ntc.fingerprint, "/v1/bundles",
                          std::string(sealed.begin(), sealed.end()));
  if (reply && reply->status == 200) {
    const auto answer = json::parse(reply->body, nullptr, false);
    out.outcome = UploadAttempt::Outcome::refused;
    if (!answer.is_object()) {
      out.error = "the NTC's answer is not JSON";
      return out;
    }
    out.receipt = answer.value("receipt", std::string());
    auto sig_bytes = crypto::from_hex(answer.value("signature", std::string()));
    if (!sig_bytes || sig_bytes->size() != out.signature.size()) {
      out.error = "the NTC's answer carries no signed receipt";
      return out;
    }
    std::copy(sig_bytes->begin(), sig_bytes->end(), out.signature.begin());
    if (!verify_receipt(out.receipt, out.signature, ntc.key)) {
      out.error = "the receipt's signature is not the trusted NTC key's";
      return out;
    }
    const auto fields = json::parse(out.receipt, nullptr, false);
    if (!fields.is_object() || fields.value("bundle", std::string()) != bundle_id) {
      out.error = "the receipt is for another bundle";
      return out;
    }
    out.outcome = answer.value("status", std::string()) == "duplicate"
                      ? UploadAttempt::Outcome::duplicate
                      : UploadAttempt::Outcome::received;
    out.students = fields.value("students", 0);
    out.rescored = fields.value("rescored", json::array()).size();
    out.received_at_ms = fields.value("received_at", std::int64_t{0});
    return out;
  }
  if (reply && reply->status >= 400 && reply->status < 500) {
    const auto answer = json::parse(reply->body, nullptr, false);
    out.outcome = UploadAttempt::Outcome::refused;
    out.error = "the NTC refused the bundle: " +
                (answer.is_object() ? answer.value("error", reply->body) : reply->body);
    return out;
  }
  out.outcome = UploadAttempt::Outcome::retry;
  out.error = reply ? "the NTC answered " + std::to_string(reply->status) : reply.error().what;
  return out;
}

std::string report_request(Store& store, std::string_view campaign) {
  const std::string school = store.school().code;
  const std::int64_t at = now_ms();
  return json{{"campaign", campaign},
              {"school", school},
              {"at", at},
              {"signature", crypto::to_hex(sign_report_request(campaign, school, at, store.key()))}}
      .dump();
}

Result<std::string> post_report_request(const NtcLink& ntc, std::string request_json) {
  auto target = parse_url(ntc.url);
  if (!target) return std::unexpected(target.error());
  auto reply = https_post(*target, ntc.fingerprint, "/v1/reports", std::move(request_json),
                          "application/json");
  if (!reply) return std::unexpected(reply.error());
  if (reply->status != 200) {
    const auto answer = json::parse(reply->body, nullptr, false);
    return fail("the NTC sent no report: " +
                (answer.is_object() ? answer.value("error", reply->body) : reply->body));
  }
  return std::move(reply->body);
}

int run_export_bundle(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "out", "sitting"}); !ok) return report(ok.error());
  auto out = args.need("out");
  if (!out) return report(out.error());
  auto store = open_store(args);
  if (!store) return report(store.error());
  const auto ntc = (*store)->ntc_key();
  if (!ntc)
    return report(
        Error("this server trusts no NTC key: run trust-ntc-key first (the bundle is "
              "sealed to it)"));
  auto sittings = chosen_sittings(args, **store);
  if (!sittings) return report(sittings.error());
  if (sittings->size() != 1)
    return report(Error("several sittings have ended: name one with --sitting"));
  auto content = (*store)->bundle_content(sittings->front());
  if (!content) return report(content.error(), kExitBadInput);
  const Bytes file = seal_bundle(*content, (*store)->key(), *ntc);
  const std::filesystem::path path = *out;
  const std::filesystem::path partial = path.string() + ".part";
  {
    std::ofstream f(partial, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
    if (!f.flush()) return report(Error("cannot write " + partial.string()));
  }
  std::filesystem::rename(partial, path);
  std::cout << i18n::format(lang, "ntc.bundle.exported",
                            {std::to_string(sittings->front()), path.string(),
                             bundle_id(*content).substr(0, 16), std::to_string(file.size())})
            << "\n";
  return 0;
}

int run_trust_ntc_cert(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "fingerprint", "url"}); !ok) return report(ok.error());
  const auto url = args.get("url");
  if (url)
    if (auto target = parse_url(*url); !target) return report(target.error());
  auto fp = args.need("fingerprint");
  if (!fp) return report(fp.error());
  std::string hex;
  for (char ch : *fp)
    if (ch != ':') hex += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto bytes = crypto::from_hex(hex);
  if (!bytes || bytes->size() != 32)
    return report(Error("--fingerprint: a SHA-256 fingerprint is 64 hexadecimal digits"));
  auto store = open_store(args);
  if (!store) return report(store.error());
  sqlite::Transaction tx((*store)->db());
  (*store)->set_setting("ntc_tls_fingerprint", hex);
  json entry = {{"fingerprint", hex}};
  if (url) {
    (*store)->set_setting("ntc_url", *url);
    entry["url"] = *url;
  }
  (*store)->journal("technician", "trust_ntc_cert", entry.dump(), now_ms());
  tx.commit();
  std::cout << i18n::format(lang, "ntc.cert.trusted", {hex.substr(0, 16)}) << "\n";
  return 0;
}

int run_fetch_report(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "ntc", "campaign", "out"}); !ok) return report(ok.error());
  auto campaign = args.need("campaign");
  auto out = args.need("out");
  if (!campaign || !out) return report(!campaign ? campaign.error() : out.error());
  auto store = open_store(args);
  if (!store) return report(store.error());
  auto link = ntc_link(**store, args.get("ntc"));
  if (!link) return report(link.error());
  auto pdf = post_report_request(*link, report_request(**store, *campaign));
  if (!pdf) return report(pdf.error(), kExitBadInput);
  const std::filesystem::path path = *out;
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << *pdf;
    if (!f.flush()) return report(Error("cannot write " + path.string()));
  }
  std::cout << i18n::format(lang, "ntc.report.fetched",
                            {*campaign, path.string(), std::to_string(pdf->size())})
            << "\n";
  return 0;
}

Result<void> check_representative_credential(Store& store, const Args& args,
                                             std::string_view full_name) {
  const auto ntc = store.ntc_key();
  const auto file = args.get("credential");
  if (!ntc && !file) return {};
  if (!ntc) return fail("--credential: this server trusts no NTC key to check it with");
  if (!file)
    return fail(
        "this server trusts an NTC key: a representative needs the NTC's credential "
        "(--credential FILE)");
  auto text = read_file(*file);
  if (!text) return std::unexpected(text.error());
  auto id = verify_credential(*text, *ntc, store.school().code, full_name, now_ms());
  if (!id) return fail("representative refused: " + id.error().what);
  return {};
}

int run_upload(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "ntc", "sitting", "give-up-after"}); !ok)
    return report(ok.error());
  auto give_up = args.number("give-up-after", 24 * 3600);
  if (!give_up) return report(give_up.error());
  auto store = open_store(args);
  if (!store) return report(store.error());
  auto link = ntc_link(**store, args.get("ntc"));
  if (!link) return report(link.error());
  auto sittings = chosen_sittings(args, **store);
  if (!sittings) return report(sittings.error());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*give_up);
  for (const std::int64_t sitting : *sittings) {
    auto content = (*store)->bundle_content(sitting);
    if (!content) return report(content.error(), kExitBadInput);
    const std::string id = bundle_id(*content);
    if ((*store)->ntc_receipt(id)) {
      std::cout << i18n::format(lang, "ntc.upload.already",
                                {std::to_string(sitting), id.substr(0, 16)})
                << "\n";
      continue;
    }
    const Bytes file = seal_bundle(*content, (*store)->key(), link->key);
    auto wait = std::chrono::seconds(1);
    for (int attempt = 1;; ++attempt) {
      const UploadAttempt sent = post_bundle(*link, file, id);
      using Outcome = UploadAttempt::Outcome;
      if (sent.outcome == Outcome::received || sent.outcome == Outcome::duplicate) {
        sqlite::Transaction tx((*store)->db());
        (*store)->save_ntc_receipt(id, sitting, sent.receipt, sent.signature);
        tx.commit();
        std::cout << i18n::format(lang,
                                  sent.outcome == Outcome::duplicate ? "ntc.upload.duplicate"
                                                                     : "ntc.upload.received",
                                  {std::to_string(sitting), id.substr(0, 16),
                                   std::to_string(sent.students), std::to_string(sent.rescored)})
                  << "\n"
                  << sent.receipt << "\n";
        break;
      }
      if (sent.outcome == Outcome::refused)
        return report(Error("sitting " + std::to_string(sitting) + ": " + sent.error),
                      kExitBadInput);
      if (std::chrono::steady_clock::now() + wait > deadline)
        return report(
            Error("giving up after " + std::to_string(attempt) + " attempts: " + sent.error));
      std::cerr << "bbzhm-server: attempt " << attempt << ": " << sent.error << "; retrying in "
                << wait.count() << " s" << std::endl;
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, std::chrono::seconds(60));
    }
  }
  return 0;
}

}  // namespace bbzhm::server
