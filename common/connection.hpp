// A secure channel with a queue of outgoing messages: any coroutine may send without waiting,
// frames never interleave, and what queues while a write is on the wire leaves in the next one.
#pragma once

#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/channel.hpp"
#include "common/protocol.hpp"

namespace bbzhm::wire {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(Channel channel);

  void send(const protocol::Message& message);
  // Sends what is queued, then closes.
  void end_after_flush();
  void close();
  bool closed() const { return closed_; }

  // One decrypted message; an error (or a malformed message) ends the connection.
  asio::awaitable<Result<protocol::Message>> receive();
  const crypto::PublicKey& peer() const { return channel_.peer(); }

 private:
  void write_queued();
  void written(const boost::system::error_code& ec);

  Channel channel_;
  Bytes queued_;   // sealed frames waiting for the write in flight to end
  Bytes writing_;  // the frames of the write in flight
  bool write_in_flight_ = false;
  bool closed_ = false;
  bool ending_ = false;
};

// One message over a link that may go quiet: after `keep_alive` without one, asks the server for
// a sign of life (Sync, answered with TimeLeft) and fails when nothing has come `timeout` after
// the wait began: a server that died without closing the socket is noticed.
asio::awaitable<Result<protocol::Message>> receive_alive(Connection& link,
                                                         std::chrono::milliseconds keep_alive,
                                                         std::chrono::milliseconds timeout);

// Hands each message of `link` to `deliver` (keep-alives as receive_alive) until the link is
// closed, `stopping` is set or it fails; closes the link and returns the failure, empty when the
// link was closed. How a station and a console read their server.
asio::awaitable<std::string> receive_until_closed(std::shared_ptr<Connection> link,
                                                  std::chrono::milliseconds keep_alive,
                                                  std::chrono::milliseconds timeout,
                                                  const bool& stopping,
                                                  std::function<void(protocol::Message)> deliver);

// Resolves, connects and completes the handshake, each step bounded in time: the way a station
// or a console reaches its server.
asio::awaitable<Result<std::shared_ptr<Connection>>> connect(
    const std::string& host, std::uint16_t port, const crypto::SigningKey& mine,
    const crypto::PublicKey& pinned_server);

// Logs a student in over `link` the way a station does (crypto.hpp, "A student's password never
// reaches the server"): LoginStart, Argon2id of the password under the server's LoginChallenge
// (messages before it are dropped), then Login. The server's answer is left to the caller.
asio::awaitable<Result<void>> send_login(Connection& link, std::string login, std::string password,
                                         std::int64_t station_clock_ms);

}  // namespace bbzhm::wire
