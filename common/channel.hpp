// The encrypted, mutually authenticated channel every process speaks over TCP.
//
// Frames: a u32 big-endian length (at most kMaxFrameBytes) and that many bytes.
// Handshake (three frames, then one encrypted welcome):
//   1 client -> server  "BBZH" | version u16 | client ephemeral X25519 key | client Ed25519 key
//   2 server -> client  "BBZH" | version u16 | status 0 | server ephemeral key | server Ed25519 key
//                       | secretstream header | Ed25519 signature over the transcript so far
//                       (status 1 | reason: the version is refused; the connection ends)
//   3 client -> server  secretstream header | Ed25519 signature over the whole transcript
//   4 server -> client  encrypted: status 0, or 1 | reason (this station is not paired)
// Session keys come from crypto_kx on the ephemeral keys, bound to the transcript, so a past
// session stays secret when a long-term key leaks (forward secrecy). Each side pins the other's
// long-term key: the station the server's key from pairing, the server its paired stations'.
// Every later frame is one crypto_secretstream message; its built-in counter makes an altered,
// replayed, reordered or dropped frame fail to decrypt, which ends the connection.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "common/codec.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"

namespace bbzhm::wire {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Version 2: a student's Login carries the proof of the password (after LoginStart and the
// server's LoginChallenge), not the password; a version 1 station is refused at the handshake.
inline constexpr std::uint16_t kProtocolVersion = 2;
inline constexpr std::size_t kMaxFrameBytes = 1u << 20;
inline constexpr std::size_t kMaxHandshakeFrameBytes = 1024;

// Reads one frame; refuses a length above `max` before reading its body.
asio::awaitable<Result<Bytes>> read_frame(tcp::socket& socket, std::size_t max = kMaxFrameBytes);
asio::awaitable<Result<void>> write_frame(tcp::socket& socket, ByteView payload);

class Channel {
 public:
  // Decides whether a client key may talk to this server (a paired station or console).
  using Authorize = std::function<asio::awaitable<Result<void>>(const crypto::PublicKey& client)>;

  // Client side: authenticates the server against `pinned_server` and itself with `mine`.
  static asio::awaitable<Result<Channel>> connect(tcp::socket socket,
                                                  const crypto::SigningKey& mine,
                                                  const crypto::PublicKey& pinned_server,
                                                  std::uint16_t version = kProtocolVersion);
  // Client side before pairing (common/pairing.hpp): the server's key is not known yet, so any
  // key is taken; peer() and transcript() are then what the pairing exchange authenticates.
  // The server accepts such a client only while a pairing code is open, and only for pairing.
  static asio::awaitable<Result<Channel>> connect_unpinned(tcp::socket socket,
                                                           const crypto::SigningKey& mine);
  // Server side.
  static asio::awaitable<Result<Channel>> accept(tcp::socket socket, const crypto::SigningKey& mine,
                                                 Authorize authorize);

  Channel(Channel&&) noexcept = default;
  Channel& operator=(Channel&&) noexcept = default;

  // One decrypted payload; an error ends the channel.
  asio::awaitable<Result<Bytes>> receive();
  // Encrypts and writes one payload. Calls must not overlap (one writer at a time).
  asio::awaitable<Result<void>> send(ByteView payload);
  // Appends `payload`, encrypted, as one whole frame (length prefix included) to `out`, for a
  // writer that sends several frames in one write; false when it is too large for a frame.
  bool seal_frame(ByteView payload, Bytes& out);

  const crypto::PublicKey& peer() const { return peer_; }
  // The hash of the three handshake frames, the same on both ends (binds pairing to this link).
  const crypto::Hash& transcript() const { return transcript_; }
  tcp::socket& socket() { return socket_; }
  void close();

 private:
  explicit Channel(tcp::socket socket) : socket_(std::move(socket)) {}
  static asio::awaitable<Result<Channel>> connect_to(tcp::socket socket,
                                                     const crypto::SigningKey& mine,
                                                     const crypto::PublicKey* pinned_server,
                                                     std::uint16_t version);
  Result<Bytes> open(ByteView frame);
  Bytes seal(ByteView payload);

  tcp::socket socket_;
  // Received bytes not yet taken as frames: inbox_[inbox_begin_, inbox_end_). One read takes
  // whatever has arrived (often several frames), so a frame costs no extra system calls.
  Bytes inbox_;
  std::size_t inbox_begin_ = 0, inbox_end_ = 0;
  crypto::Secret push_;  // crypto_secretstream_xchacha20poly1305_state, in guarded memory
  crypto::Secret pull_;
  crypto::PublicKey peer_{};
  crypto::Hash transcript_{};
};

}  // namespace bbzhm::wire
