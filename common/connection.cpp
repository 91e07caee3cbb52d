// The outgoing queue and its writer coroutine.
#include "common/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bbzhm::wire {

Connection::Connection(Channel channel)
    : channel_(std::move(channel)), wake_(channel_.socket().get_executor()) {
  wake_.expires_at(asio::steady_timer::time_point::max());
}

void Connection::start() {
  asio::co_spawn(wake_.get_executor(), writer(), asio::detached);
}

void Connection::send(const protocol::Message& message) {
  if (closed_ || ending_) return;
  outbox_.push_back(protocol::encode(message));
  wake_.cancel_one();
}

void Connection::end_after_flush() {
  ending_ = true;
  wake_.cancel_one();
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  channel_.close();
  wake_.cancel();
}

asio::awaitable<Result<protocol::Message>> Connection::receive() {
  auto frame = co_await channel_.receive();
  if (!frame) co_return std::unexpected(frame.error());
  auto message = protocol::decode(*frame);
  if (!message) co_return fail("protocol violation: " + message.error().what);
  co_return message;
}

asio::awaitable<void> Connection::writer() {
  auto self = shared_from_this();
  while (!closed_) {
    if (outbox_.empty()) {
      if (ending_) break;
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    const Bytes payload = std::move(outbox_.front());
    outbox_.pop_front();
    if (!co_await channel_.send(payload)) break;
  }
  close();
}

asio::awaitable<Result<std::shared_ptr<Connection>>> connect(
    const std::string& host, std::uint16_t port, const crypto::SigningKey& mine,
    const crypto::PublicKey& pinned_server) {
  using namespace asio::experimental::awaitable_operators;
  constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  const std::string service = std::to_string(port);  // named: GCC 12 and temporaries in co_await
  auto [rec, endpoints] = co_await resolver.async_resolve(host, service, use_tuple);
  if (rec) co_return fail("cannot resolve " + host + ": " + rec.message());
  tcp::socket socket(executor);
  asio::steady_timer connect_timer(executor, std::chrono::seconds(5));
  auto connected = co_await (asio::async_connect(socket, endpoints, use_tuple) ||
                             connect_timer.async_wait(use_tuple));
  if (connected.index() == 1 || std::get<0>(std::get<0>(connected)))
    co_return fail("cannot reach the server at " + host + ":" + service);
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  asio::steady_timer handshake_timer(executor, std::chrono::seconds(10));
  auto channel = co_await (Channel::connect(std::move(socket), mine, pinned_server) ||
                           handshake_timer.async_wait(use_tuple));
  if (channel.index() == 1) co_return fail("the server did not complete the handshake");
  if (!std::get<0>(channel)) co_return std::unexpected(std::get<0>(channel).error());
  auto link = std::make_shared<Connection>(std::move(*std::get<0>(channel)));
  link->start();
  co_return link;
}

}  // namespace bbzhm::wire
