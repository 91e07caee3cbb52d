// The outgoing queue and its writer coroutine.
#include "common/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
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

}  // namespace bbzhm::wire
