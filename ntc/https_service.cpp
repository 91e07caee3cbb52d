// The NTC's HTTPS service (ntc/https_service.hpp). Endpoints (docs/ARCHITECTURE.md):
//   POST /v1/bundles  body: a sealed results bundle → 200 {status, receipt, signature}
//                     or 422 {error} when refused (the school does not retry a refusal)
//   POST /v1/reports  body: {campaign, school, at, signature} signed by the school's key
//                     → 200 the school's report (application/pdf), 403 or 404 {error}
//   GET  /v1/health   → 200 "ok"
#include "ntc/https_service.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include <thread>

#include "common/log.hpp"
#include "ntc/intake.hpp"
#include "server/bundle.hpp"

namespace bbzhm::ntc {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

constexpr std::size_t kMaxBundleBytes = 256u << 20;

http::response<http::string_body> answer(http::status status, std::string body,
                                         std::string_view type = "application/json") {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::server, "bbzhm-ntc");
  res.set(http::field::content_type, type);
  res.body() = std::move(body);
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

// A school fetches its own report: the request is signed by the registered key of the school it
// names, and no older than 15 minutes.
http::response<http::string_body> school_report(Store& store, const std::string& body) {
  const auto request = json::parse(body, nullptr, false);
  if (!request.is_object())
    return answer(http::status::bad_request, json{{"error", "not a report request"}}.dump());
  const std::string campaign = request.value("campaign", std::string());
  const std::string code = request.value("school", std::string());
  const std::int64_t at = request.value("at", std::int64_t{0});
  const auto school = store.school(code);
  auto sig_bytes = crypto::from_hex(request.value("signature", std::string()));
  crypto::Signature sig{};
  const bool well_formed = sig_bytes && sig_bytes->size() == sig.size();
  if (well_formed) std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
  if (!school || !well_formed ||
      !server::verify_report_request(campaign, code, at, sig, school->public_key))
    return answer(
        http::status::forbidden,
        json{{"error", "the request is not signed by the registered key of school " + code}}
            .dump());
  if (std::llabs(now_ms() - at) > 15 * 60 * 1000)
    return answer(
        http::status::forbidden,
        json{{"error", "the request is too old (check the school server's clock)"}}.dump());
  auto pdf = store.report(campaign, code);
  if (!pdf)
    return answer(http::status::not_found, json{{"error", "no report for school " + code +
                                                              " in campaign " + campaign + " yet"}}
                                               .dump());
  return answer(http::status::ok, std::string(pdf->begin(), pdf->end()), "application/pdf");
}

// What the connections share: the store and its thread, the checking pool, the intake's bound.
struct Service {
  Store& store;
  const ServeOptions& options;
  asio::io_context store_io;  // run by the store's one thread
  asio::thread_pool checkers;
  FormCatalog forms;
  StudentKeys keys;
  std::atomic<std::size_t> in_intake{0};

  Service(Store& s, const ServeOptions& o, unsigned threads)
      : store(s), options(o), checkers(threads), keys(s.key()) {}
};

asio::awaitable<CheckedBundle> check_on_pool(Service& service, const std::string& body) {
  co_return check_bundle(service.store.key(), service.keys, service.forms,
                         Bytes(body.begin(), body.end()));
}

// On the store's thread: one transaction per bundle, committed before the receipt is sent.
asio::awaitable<http::response<http::string_body>> admit_on_store(Service& service,
                                                                  CheckedBundle& checked) {
  try {
    Transaction tx(service.store.db());
    auto outcome = admit_bundle(service.store, service.forms, std::move(checked),
                                service.options.only_campaign);
    if (!outcome) {
      std::cerr << "bbzhm-ntc: bundle refused: " << outcome.error().what << std::endl;
      co_return answer(http::status::unprocessable_entity,
                       json{{"error", outcome.error().what}}.dump());
    }
    tx.commit();
    std::cerr << "bbzhm-ntc: bundle " << outcome->bundle_id.substr(0, 16) << " from "
              << outcome->school_code << (outcome->duplicate ? " (duplicate)" : " stored")
              << std::endl;
    co_return answer(http::status::ok,
                     json{{"status", outcome->duplicate ? "duplicate" : "stored"},
                          {"receipt", outcome->receipt.json},
                          {"signature", crypto::to_hex(outcome->receipt.signature)}}
                         .dump());
  } catch (const std::exception& e) {
    std::cerr << "bbzhm-ntc: intake failed: " << e.what() << std::endl;
    co_return answer(http::status::internal_server_error,
                     json{{"error", "the NTC could not store the bundle; try again later"}}.dump());
  }
}

asio::awaitable<http::response<http::string_body>> report_on_store(Service& service,
                                                                   const std::string& body) {
  co_return school_report(service.store, body);
}

// Releases a place in the intake's bound however the request ends.
struct IntakePlace {
  std::atomic<std::size_t>& count;
  ~IntakePlace() { --count; }
};

asio::awaitable<http::response<http::string_body>> handle(
    Service& service, const http::request<http::string_body>& req) {
  auto use = asio::use_awaitable;
  if (req.method() == http::verb::get && req.target() == "/v1/health")
    co_return answer(http::status::ok, "ok", "text/plain");
  if (req.method() == http::verb::post && req.target() == "/v1/reports")
    co_return co_await asio::co_spawn(service.store_io, report_on_store(service, req.body()), use);
  if (req.method() != http::verb::post || req.target() != "/v1/bundles")
    co_return answer(http::status::not_found, json{{"error", "no such endpoint"}}.dump());
  if (++service.in_intake > service.options.max_bundles) {
    --service.in_intake;
    auto busy =
        answer(http::status::service_unavailable,
               json{{"error", "the NTC is taking in other bundles; try again later"}}.dump());
    busy.set(http::field::retry_after, "5");
    co_return busy;
  }
  IntakePlace place{service.in_intake};
  CheckedBundle checked;
  try {
    checked = co_await asio::co_spawn(service.checkers, check_on_pool(service, req.body()), use);
  } catch (const std::exception& e) {
    std::cerr << "bbzhm-ntc: bundle could not be checked: " << e.what() << std::endl;
    co_return answer(http::status::internal_server_error,
                     json{{"error", "the NTC could not check the bundle; try again later"}}.dump());
  }
  co_return co_await asio::co_spawn(service.store_io, admit_on_store(service, checked), use);
}

asio::awaitable<void> session(asio::ip::tcp::socket socket, ssl::context& ctx, Service& service) {
  auto tok = asio::as_tuple(asio::use_awaitable);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  auto [herr] = co_await stream.async_handshake(ssl::stream_base::server, tok);
  if (herr) co_return;
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxBundleBytes);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(300));
  auto [rerr, n] = co_await http::async_read(stream, buffer, parser, tok);
  if (rerr) co_return;
  auto res = co_await handle(service, parser.get());
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  auto [werr, wn] = co_await http::async_write(stream, res, tok);
  if (werr) co_return;
  co_await stream.async_shutdown(tok);
}

asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor, ssl::context& ctx,
                                  Service& service) {
  for (;;) {
    auto [err, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (err) {
      if (err == asio::error::operation_aborted) co_return;
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), ctx, service),
                   asio::detached);
  }
}

}  // namespace

Result<void> serve(Store& store, const ServeOptions& options) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                  ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file((store.dir() / kCertFile).string(), ec);
  if (!ec) ctx.use_private_key_file((store.dir() / kCertKeyFile).string(), ssl::context::pem, ec);
  if (ec)
    return fail("cannot load the HTTPS certificate of " + store.dir().string() + ": " +
                ec.message());
  // Declared before the I/O context: the sessions it still holds when it is destroyed refer to it.
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Service service(store, options, threads);
  for (const std::string& campaign : store.package_campaigns())
    if (!store.frozen(campaign)) service.forms.refresh(store, campaign);
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) return fail("--listen: '" + options.host + "' is not an address");
  const asio::ip::tcp::endpoint endpoint(address, options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                ec.message());
  std::cout << "bbzhm-ntc: listening on " << options.host << ":" << acceptor.local_endpoint().port()
            << std::endl;
  auto store_work = asio::make_work_guard(service.store_io);
  std::thread store_thread([&service] { service.store_io.run(); });
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    acceptor.close();
    io.stop();
  });
  asio::co_spawn(io, accept_loop(acceptor, ctx, service), asio::detached);
  io.run();
  // Whatever the store's thread was doing finishes (a bundle's transaction commits or rolls
  // back) before the store closes.
  service.checkers.stop();
  service.checkers.join();
  store_work.reset();
  service.store_io.stop();
  store_thread.join();
  std::cout << "bbzhm-ntc: stopped" << std::endl;
  return {};
}

}  // namespace bbzhm::ntc
