// The outgoing queue and its writes, keep-alives, and the way a client reaches its server.
#include "common/connection.hpp"

#include <sodium.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace bbzhm::wire {

Connection::Connection(Channel channel) : channel_(std::move(channel)) {}

void Connection::send(const protocol::Message& message) {
  if (closed_ || ending_) return;
  if (!channel_.seal_frame(protocol::encode(message), queued_)) {
    close();  // larger than a frame: nothing after it could be read in order either
    return;
  }
  if (!write_in_flight_) write_queued();
}

void Connection::end_after_flush() {
  ending_ = true;
  if (!write_in_flight_) close();
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  channel_.close();
}

void Connection::write_queued() {
  writing_.swap(queued_);
  queued_.clear();
  write_in_flight_ = true;
  asio::async_write(channel_.socket(), asio::buffer(writing_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->written(ec);
                    });
}

void Connection::written(const boost::system::error_code& ec) {
  write_in_flight_ = false;
  // A large message (a booklet) should not keep its buffer for the rest of the sitting.
  if (writing_.capacity() > 64 * 1024) Bytes().swap(writing_);
  if (ec || closed_) {
    close();
  } else if (!queued_.empty()) {
    write_queued();
  } else if (ending_) {
    close();
  }
}

asio::awaitable<Result<protocol::Message>> Connection::receive() {
  auto frame = co_await channel_.receive();
  if (!frame) co_return std::unexpected(frame.error());
  auto message = protocol::decode(*frame);
  if (!message) co_return fail("protocol violation: " + message.error().what);
  co_return message;
}

asio::awaitable<Result<protocol::Message>> receive_alive(Connection& link,
                                                         std::chrono::milliseconds keep_alive,
                                                         std::chrono::milliseconds timeout) {
  using namespace asio::experimental::awaitable_operators;
  constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
  asio::steady_timer timer(co_await asio::this_coro::executor, keep_alive);
  auto got = co_await (link.receive() || timer.async_wait(use_tuple));
  if (got.index() == 0) co_return std::move(std::get<0>(got));
  link.send(protocol::Sync{});
  timer.expires_after(timeout - keep_alive);
  auto reply = co_await (link.receive() || timer.async_wait(use_tuple));
  if (reply.index() == 1) co_return fail("the server stopped answering");
  co_return std::move(std::get<0>(reply));
}

asio::awaitable<std::string> receive_until_closed(std::shared_ptr<Connection> link,
                                                  std::chrono::milliseconds keep_alive,
                                                  std::chrono::milliseconds timeout,
                                                  const bool& stopping,
                                                  std::function<void(protocol::Message)> deliver) {
  std::string failure;
  for (;;) {
    auto message = co_await receive_alive(*link, keep_alive, timeout);
    if (stopping || link->closed()) break;
    if (!message) {
      failure = message.error().what;
      break;
    }
    deliver(std::move(*message));
  }
  link->close();
  co_return failure;
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
  co_return link;
}

asio::awaitable<Result<void>> send_login(Connection& link, std::string login, std::string password,
                                         std::int64_t station_clock_ms) {
  link.send(protocol::LoginStart{login});
  for (;;) {
    auto m = co_await link.receive();
    if (!m) {
      sodium_memzero(password.data(), password.size());
      co_return std::unexpected(m.error());
    }
    const auto* c = std::get_if<protocol::LoginChallenge>(&*m);
    if (c == nullptr || c->login != login) continue;
    const crypto::Secret proof =
        crypto::prove_password(password, {c->salt, c->memory_kib, c->passes});
    sodium_memzero(password.data(), password.size());
    if (proof.empty()) co_return fail("the server asked for a password hash out of bounds");
    link.send(protocol::Login{std::move(login), Bytes(proof.view().begin(), proof.view().end()),
                              station_clock_ms});
    co_return Result<void>{};
  }
}

}  // namespace bbzhm::wire
