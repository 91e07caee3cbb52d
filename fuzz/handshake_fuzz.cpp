// The first bytes a server or a station reads from the network, before any key is trusted:
// the first input byte picks the side (server accepting a client, or a station connecting to a
// server), the rest is what the other end sends, over a real loopback TCP connection.
#include <boost/asio.hpp>
#include <cstdint>

#include "common/channel.hpp"
#include "fuzz/keys.hpp"

namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace bbzhm;
using wire::Channel;

struct Loop {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  crypto::SigningKey server = fuzz::fixed_key(2);
  crypto::SigningKey station = fuzz::fixed_key(3);
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Loop loop;
  if (size == 0 || size > 60000) return 0;
  const bool server_side = data[0] & 1;
  tcp::socket peer(loop.io), ours(loop.io);
  // libFuzzer's timeout alarm may interrupt the harness's own blocking loopback set-up (it is not
  // under test): an interrupted connect goes on in the kernel, so it is asked again until it says
  // it is connected, and an interrupted accept is retried.
  boost::system::error_code ec;
  do {
    peer.connect(loop.acceptor.local_endpoint(), ec);
  } while (ec == asio::error::interrupted || ec == asio::error::already_started);
  if (ec && ec != asio::error::already_connected) return 0;
  do {
    loop.acceptor.accept(ours, ec);
  } while (ec == asio::error::interrupted);
  if (ec) return 0;
  asio::write(peer, asio::buffer(data + 1, size - 1), ec);
  peer.shutdown(tcp::socket::shutdown_send, ec);
  auto run = [&]() -> asio::awaitable<void> {
    if (server_side) {
      Channel::Authorize any = [](const crypto::PublicKey&) -> asio::awaitable<Result<void>> {
        co_return Result<void>{};
      };
      auto ch = co_await Channel::accept(std::move(ours), loop.server, any);
      if (ch) (void)co_await ch->receive();
    } else {
      auto ch = co_await Channel::connect(std::move(ours), loop.station, loop.server.public_key);
      if (ch) (void)co_await ch->receive();
    }
  };
  asio::co_spawn(loop.io, run(), asio::detached);
  loop.io.run();
  loop.io.restart();
  return 0;
}
