// Pairing by a short code, the station's side (the exchange is in common/pairing.cpp).
#include "station/pairing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <optional>

#include "common/channel.hpp"
#include "common/pairing.hpp"
#include "common/protocol.hpp"
#include "station/client.hpp"

namespace bbzhm::station {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<Result<protocol::Message>> receive(wire::Channel& channel) {
  auto bytes = co_await channel.receive();
  if (!bytes) co_return std::unexpected(bytes.error());
  co_return protocol::decode(*bytes);
}

// The exchange itself; the caller bounds its time.
asio::awaitable<Result<PairedByCode>> exchange(std::string host, std::string port,
                                               const crypto::SigningKey& key, std::string code,
                                               std::string name) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(host, port, use_tuple);
  if (rec) co_return fail("cannot resolve " + host + ": " + rec.message());
  tcp::socket socket(executor);
  auto [cec, endpoint] = co_await asio::async_connect(socket, endpoints, use_tuple);
  if (cec) co_return fail("cannot connect to " + host + ":" + port + ": " + cec.message());
  auto channel = co_await wire::Channel::connect_unpinned(std::move(socket), key);
  if (!channel) {
    if (channel.error().what.find("not paired") != std::string::npos)
      co_return fail("the server has no pairing code open: ask the representative to show one");
    co_return std::unexpected(channel.error());
  }
  pairing::Party party(code, channel->transcript(), true);
  // Messages are encoded before any co_await: GCC 12 mishandles temporaries that cross one.
  const Bytes start = protocol::encode(
      protocol::PairStart{name, Bytes(party.share().begin(), party.share().end())});
  if (auto s = co_await channel->send(start); !s) co_return std::unexpected(s.error());
  auto challenge = co_await receive(*channel);
  if (!challenge) co_return fail("the server ended pairing: " + challenge.error().what);
  if (auto* done = std::get_if<protocol::PairDone>(&*challenge))
    co_return fail("the server refused pairing: " + done->message);
  auto* c = std::get_if<protocol::PairChallenge>(&*challenge);
  if (c == nullptr) co_return fail("unexpected answer to pairing from the server");
  if (auto f = party.finish(c->share); !f) co_return std::unexpected(f.error());
  const pairing::Mac mine = party.station_mac();
  const Bytes confirm = protocol::encode(protocol::PairConfirm{Bytes(mine.begin(), mine.end())});
  if (auto s = co_await channel->send(confirm); !s) co_return std::unexpected(s.error());
  auto answer = co_await receive(*channel);
  if (!answer) co_return fail("the server ended pairing: " + answer.error().what);
  auto* done = std::get_if<protocol::PairDone>(&*answer);
  if (done == nullptr) co_return fail("unexpected answer to pairing from the server");
  if (!done->ok) co_return fail("the server refused pairing: " + done->message);
  // The server proves it knew the code too, on this very channel: only then is its key pinned.
  if (!party.check(done->mac, false))
    co_return fail(
        "the server could not prove it knows the code: not paired (is another "
        "computer pretending to be the server?)");
  channel->close();
  co_return PairedByCode{channel->peer(), key.public_key, done->message};
}

}  // namespace

std::expected<PairedByKey, PairingFailure> pair_by_key(const Args& args) {
  auto dir = args.need("dir");
  auto server = args.need("server");
  auto key_hex = args.need("server-key");
  if (!dir || !server || !key_hex)
    return std::unexpected(PairingFailure{(!dir      ? dir.error()
                                           : !server ? server.error()
                                                     : key_hex.error())
                                              .what,
                                          2});
  auto key = crypto::public_key_from_hex(*key_hex);
  if (!key) return std::unexpected(PairingFailure{"--server-key: " + key.error().what, 2});
  auto mine = pair_station(*dir, *key, *server);
  if (!mine) return std::unexpected(PairingFailure{mine.error().what});
  return PairedByKey{*key, *mine};
}

std::string host_name() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "station";
  return buf.data();
}

Result<PairedByCode> pair_by_code(const fs::path& dir, const std::string& server_address,
                                  std::string_view typed_code, const std::string& station_name,
                                  std::chrono::seconds timeout) {
  auto code = pairing::normalize_code(typed_code);
  if (!code) return std::unexpected(code.error());
  const auto colon = server_address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == server_address.size())
    return fail("--server: expected HOST:PORT, got '" + server_address + "'");
  if (fs::exists(dir / kServerKeyFile))
    return fail(dir.string() + " is already paired with a server; use an empty folder");
  if (fs::exists(dir / kStationKeyFile))
    return fail((dir / kStationKeyFile).string() + " already exists; use an empty folder");

  const crypto::SigningKey key = crypto::SigningKey::generate();
  asio::io_context io;
  std::optional<Result<PairedByCode>> outcome;
  const std::string host = server_address.substr(0, colon), port = server_address.substr(colon + 1);
  auto run = [&]() -> asio::awaitable<void> {
    asio::steady_timer timer(io, timeout);
    auto r =
        co_await (exchange(host, port, key, *code, station_name) || timer.async_wait(use_tuple));
    if (r.index() == 0)
      outcome = std::move(std::get<0>(r));
    else
      outcome = fail("the server did not answer within " + std::to_string(timeout.count()) + " s");
  };
  asio::co_spawn(io, run(), asio::detached);
  io.run();
  if (!outcome) return fail("pairing did not finish");
  if (!*outcome) return std::unexpected(outcome->error());

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  if (auto w = crypto::write_key_file(dir / kStationKeyFile, key); !w)
    return std::unexpected(w.error());
  std::ofstream(dir / kServerKeyFile) << crypto::to_hex((*outcome)->server_key) << "\n";
  std::ofstream(dir / kServerAddressFile) << server_address << "\n";
  return **outcome;
}

}  // namespace bbzhm::station
