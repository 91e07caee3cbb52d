// A secure channel with a queue of outgoing messages, drained in order by one writer coroutine:
// any coroutine may send without waiting, and frames never interleave.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <string>

#include "common/channel.hpp"
#include "common/protocol.hpp"

namespace bbzhm::wire {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(Channel channel);

  // Starts the writer; call once, right after construction.
  void start();
  void send(const protocol::Message& message);
  // Sends what is queued, then closes.
  void end_after_flush();
  void close();
  bool closed() const { return closed_; }

  // One decrypted message; an error (or a malformed message) ends the connection.
  asio::awaitable<Result<protocol::Message>> receive();
  const crypto::PublicKey& peer() const { return channel_.peer(); }

 private:
  asio::awaitable<void> writer();

  Channel channel_;
  asio::steady_timer wake_;
  std::deque<Bytes> outbox_;
  bool closed_ = false;
  bool ending_ = false;
};

// Resolves, connects and completes the handshake, each step bounded in time: the way a station
// or a console reaches its server.
asio::awaitable<Result<std::shared_ptr<Connection>>> connect(
    const std::string& host, std::uint16_t port, const crypto::SigningKey& mine,
    const crypto::PublicKey& pinned_server);

}  // namespace bbzhm::wire
