// The channel's handshake and framing (protocol described in channel.hpp).
#include "common/channel.hpp"

#include <sodium.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace bbzhm::wire {
namespace {

constexpr std::array<std::uint8_t, 4> kMagic = {'B', 'B', 'Z', 'H'};
constexpr std::string_view kServerContext = "bbzhm-handshake-server-v1";
constexpr std::string_view kClientContext = "bbzhm-handshake-client-v1";
constexpr std::size_t kHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr std::size_t kKxBytes = crypto_kx_PUBLICKEYBYTES;
using StreamState = crypto_secretstream_xchacha20poly1305_state;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Ephemeral {
  std::array<std::uint8_t, kKxBytes> public_key{};
  crypto::Secret secret_key{crypto_kx_SECRETKEYBYTES};
  Ephemeral() { crypto_kx_keypair(public_key.data(), secret_key.data()); }
};

// The directional key bound to the transcript: H(kx key || transcript hash).
crypto::Secret bind_key(const crypto::Secret& kx_key, const crypto::Hash& transcript) {
  const crypto::Hash h = crypto::hash({kx_key.view(), transcript});
  crypto::Secret out = crypto::Secret::from(h);
  return out;
}

StreamState* state(crypto::Secret& s) {
  return reinterpret_cast<StreamState*>(s.data());
}

crypto::Signature read_signature(Reader& r) {
  crypto::Signature sig{};
  const ByteView b = r.raw(crypto::kSignatureBytes);
  if (r.ok()) std::copy(b.begin(), b.end(), sig.begin());
  return sig;
}

crypto::PublicKey read_key(Reader& r) {
  crypto::PublicKey k{};
  const ByteView b = r.raw(crypto::kPublicKeyBytes);
  if (r.ok()) std::copy(b.begin(), b.end(), k.begin());
  return k;
}

}  // namespace

asio::awaitable<Result<Bytes>> read_frame(tcp::socket& socket, std::size_t max) {
  std::array<std::uint8_t, 4> prefix{};
  auto [ec, n] = co_await asio::async_read(socket, asio::buffer(prefix), use_tuple);
  if (ec) co_return fail(ec == asio::error::eof ? "connection closed" : "read: " + ec.message());
  const std::uint32_t length = (std::uint32_t{prefix[0]} << 24) | (std::uint32_t{prefix[1]} << 16) |
                               (std::uint32_t{prefix[2]} << 8) | std::uint32_t{prefix[3]};
  if (length > max)
    co_return fail("frame of " + std::to_string(length) + " bytes exceeds the limit of " +
                   std::to_string(max));
  Bytes body(length);
  auto [ec2, n2] = co_await asio::async_read(socket, asio::buffer(body), use_tuple);
  if (ec2) co_return fail("truncated frame: " + ec2.message());
  co_return body;
}

asio::awaitable<Result<void>> write_frame(tcp::socket& socket, ByteView payload) {
  Writer w;
  w.blob(payload);
  auto [ec, n] = co_await asio::async_write(socket, asio::buffer(w.bytes()), use_tuple);
  if (ec) co_return fail("write: " + ec.message());
  co_return Result<void>{};
}

asio::awaitable<Result<Channel>> Channel::connect(tcp::socket socket,
                                                  const crypto::SigningKey& mine,
                                                  const crypto::PublicKey& pinned_server,
                                                  std::uint16_t version) {
  co_return co_await connect_to(std::move(socket), mine, &pinned_server, version);
}

asio::awaitable<Result<Channel>> Channel::connect_unpinned(tcp::socket socket,
                                                           const crypto::SigningKey& mine) {
  co_return co_await connect_to(std::move(socket), mine, nullptr, kProtocolVersion);
}

asio::awaitable<Result<Channel>> Channel::connect_to(tcp::socket socket,
                                                     const crypto::SigningKey& mine,
                                                     const crypto::PublicKey* pinned_server,
                                                     std::uint16_t version) {
  Channel ch(std::move(socket));
  Ephemeral eph;
  Writer m1;
  m1.raw(kMagic);
  m1.u16(version);
  m1.raw(eph.public_key);
  m1.raw(mine.public_key);
  if (auto w = co_await write_frame(ch.socket_, m1.bytes()); !w)
    co_return std::unexpected(w.error());

  auto m2 = co_await read_frame(ch.socket_, kMaxHandshakeFrameBytes);
  if (!m2) co_return std::unexpected(m2.error());
  Reader r(*m2);
  const ByteView magic = r.raw(kMagic.size());
  const std::uint16_t server_version = r.u16();
  const std::uint8_t status = r.u8();
  if (!r.ok() || !std::equal(magic.begin(), magic.end(), kMagic.begin()))
    co_return fail("the peer is not a bbzhm server");
  if (status != 0) {
    const std::string reason = r.str();
    co_return fail("the server refused the connection: " + reason);
  }
  if (server_version != version)
    co_return fail("the server speaks protocol version " + std::to_string(server_version));
  const ByteView server_eph = r.raw(kKxBytes);
  const crypto::PublicKey server_static = read_key(r);
  const ByteView server_header = r.raw(kHeaderBytes);
  const std::size_t signed_length = m2->size() - crypto::kSignatureBytes;
  const crypto::Signature sig = read_signature(r);
  if (!r.done()) co_return fail("malformed handshake from the server");
  if (pinned_server != nullptr &&
      sodium_memcmp(server_static.data(), pinned_server->data(), server_static.size()) != 0)
    co_return fail("the server's key does not match the key this station was paired with");
  const ByteView m2_signed = ByteView(*m2).first(signed_length);
  if (!crypto::verify(server_static,
                      crypto::hash({as_bytes(kServerContext), m1.bytes(), m2_signed}), sig))
    co_return fail("the server's handshake signature is invalid");

  crypto::Secret rx(crypto_kx_SESSIONKEYBYTES), tx(crypto_kx_SESSIONKEYBYTES);
  if (crypto_kx_client_session_keys(rx.data(), tx.data(), eph.public_key.data(),
                                    eph.secret_key.data(), server_eph.data()) != 0)
    co_return fail("the server's ephemeral key is unacceptable");
  const crypto::Hash transcript = crypto::hash({m1.bytes(), server_eph, server_static});
  const crypto::Secret rx_key = bind_key(rx, transcript), tx_key = bind_key(tx, transcript);
  ch.pull_ = crypto::Secret(sizeof(StreamState));
  ch.push_ = crypto::Secret(sizeof(StreamState));
  if (crypto_secretstream_xchacha20poly1305_init_pull(state(ch.pull_), server_header.data(),
                                                      rx_key.data()) != 0)
    co_return fail("the server's stream header is invalid");
  std::array<std::uint8_t, kHeaderBytes> header{};
  crypto_secretstream_xchacha20poly1305_init_push(state(ch.push_), header.data(), tx_key.data());

  Writer m3;
  m3.raw(header);
  const crypto::Signature client_sig =
      crypto::sign(mine, crypto::hash({as_bytes(kClientContext), m1.bytes(), *m2, header}));
  m3.raw(client_sig);
  if (auto w = co_await write_frame(ch.socket_, m3.bytes()); !w)
    co_return std::unexpected(w.error());
  ch.peer_ = server_static;
  ch.transcript_ = crypto::hash({m1.bytes(), *m2, m3.bytes()});

  auto welcome = co_await ch.receive();
  if (!welcome) co_return std::unexpected(welcome.error());
  Reader wr(*welcome);
  const std::uint8_t welcome_status = wr.u8();
  if (welcome_status != 0) {
    const std::string reason = wr.str();
    co_return fail("the server refused this station: " + reason);
  }
  if (!wr.done()) co_return fail("malformed welcome from the server");
  co_return std::move(ch);
}

asio::awaitable<Result<Channel>> Channel::accept(tcp::socket socket, const crypto::SigningKey& mine,
                                                 Authorize authorize) {
  Channel ch(std::move(socket));
  auto m1 = co_await read_frame(ch.socket_, kMaxHandshakeFrameBytes);
  if (!m1) co_return std::unexpected(m1.error());
  Reader r(*m1);
  const ByteView magic = r.raw(kMagic.size());
  const std::uint16_t version = r.u16();
  if (!r.ok() || !std::equal(magic.begin(), magic.end(), kMagic.begin()))
    co_return fail("the peer is not a bbzhm client");
  if (version != kProtocolVersion) {
    Writer refusal;
    refusal.raw(kMagic);
    refusal.u16(kProtocolVersion);
    refusal.u8(1);
    refusal.str("unsupported protocol version " + std::to_string(version) +
                "; this server speaks version " + std::to_string(kProtocolVersion));
    co_await write_frame(ch.socket_, refusal.bytes());
    co_return fail("refused a client speaking protocol version " + std::to_string(version));
  }
  const ByteView client_eph = r.raw(kKxBytes);
  const crypto::PublicKey client_static = read_key(r);
  if (!r.done()) co_return fail("malformed first handshake frame");

  Ephemeral eph;
  crypto::Secret rx(crypto_kx_SESSIONKEYBYTES), tx(crypto_kx_SESSIONKEYBYTES);
  if (crypto_kx_server_session_keys(rx.data(), tx.data(), eph.public_key.data(),
                                    eph.secret_key.data(), client_eph.data()) != 0)
    co_return fail("the client's ephemeral key is unacceptable");
  Writer m2;
  m2.raw(kMagic);
  m2.u16(kProtocolVersion);
  m2.u8(0);
  m2.raw(eph.public_key);
  m2.raw(mine.public_key);
  const crypto::Hash transcript = crypto::hash({*m1, eph.public_key, mine.public_key});
  const crypto::Secret rx_key = bind_key(rx, transcript), tx_key = bind_key(tx, transcript);
  ch.pull_ = crypto::Secret(sizeof(StreamState));
  ch.push_ = crypto::Secret(sizeof(StreamState));
  std::array<std::uint8_t, kHeaderBytes> header{};
  crypto_secretstream_xchacha20poly1305_init_push(state(ch.push_), header.data(), tx_key.data());
  m2.raw(header);
  m2.raw(crypto::sign(mine, crypto::hash({as_bytes(kServerContext), *m1, m2.bytes()})));
  if (auto w = co_await write_frame(ch.socket_, m2.bytes()); !w)
    co_return std::unexpected(w.error());

  auto m3 = co_await read_frame(ch.socket_, kMaxHandshakeFrameBytes);
  if (!m3) co_return std::unexpected(m3.error());
  Reader r3(*m3);
  const ByteView client_header = r3.raw(kHeaderBytes);
  const crypto::Signature sig = read_signature(r3);
  if (!r3.done()) co_return fail("malformed third handshake frame");
  if (!crypto::verify(client_static,
                      crypto::hash({as_bytes(kClientContext), *m1, m2.bytes(), client_header}),
                      sig))
    co_return fail("the client's handshake signature is invalid");
  if (crypto_secretstream_xchacha20poly1305_init_pull(state(ch.pull_), client_header.data(),
                                                      rx_key.data()) != 0)
    co_return fail("the client's stream header is invalid");
  ch.peer_ = client_static;
  ch.transcript_ = crypto::hash({*m1, m2.bytes(), *m3});

  Writer welcome;
  auto allowed = co_await authorize(client_static);
  if (!allowed) {
    welcome.u8(1);
    welcome.str(allowed.error().what);
    co_await ch.send(welcome.bytes());
    co_return fail("refused client " + crypto::fingerprint(client_static) + ": " +
                   allowed.error().what);
  }
  welcome.u8(0);
  if (auto w = co_await ch.send(welcome.bytes()); !w) co_return std::unexpected(w.error());
  co_return std::move(ch);
}

Bytes Channel::seal(ByteView payload) {
  Bytes out(payload.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
  crypto_secretstream_xchacha20poly1305_push(state(push_), out.data(), nullptr, payload.data(),
                                             payload.size(), nullptr, 0,
                                             crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  return out;
}

bool Channel::seal_frame(ByteView payload, Bytes& out) {
  const std::size_t sealed = payload.size() + crypto_secretstream_xchacha20poly1305_ABYTES;
  if (sealed > kMaxFrameBytes) return false;
  const std::size_t at = out.size();
  out.resize(at + 4 + sealed);
  std::uint8_t* p = out.data() + at;
  p[0] = static_cast<std::uint8_t>(sealed >> 24);
  p[1] = static_cast<std::uint8_t>(sealed >> 16);
  p[2] = static_cast<std::uint8_t>(sealed >> 8);
  p[3] = static_cast<std::uint8_t>(sealed);
  crypto_secretstream_xchacha20poly1305_push(state(push_), p + 4, nullptr, payload.data(),
                                             payload.size(), nullptr, 0,
                                             crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  return true;
}

Result<Bytes> Channel::open(ByteView frame) {
  if (frame.size() < crypto_secretstream_xchacha20poly1305_ABYTES)
    return fail("frame too short to be a sealed message");
  Bytes out(frame.size() - crypto_secretstream_xchacha20poly1305_ABYTES);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(state(pull_), out.data(), nullptr, &tag,
                                                 frame.data(), frame.size(), nullptr, 0) != 0)
    return fail("frame failed authentication (altered, replayed or out of order)");
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    return fail("frame carries an unexpected stream tag");
  return out;
}

asio::awaitable<Result<Bytes>> Channel::receive() {
  // A read asks for at least this much: a lab's messages are far smaller, so one read usually
  // takes every frame that has arrived. Kept per connection; a larger buffer (a big frame) is
  // given back once it has been taken.
  constexpr std::size_t kReadBytes = 4096;
  for (;;) {
    const std::size_t have = inbox_end_ - inbox_begin_;
    std::size_t need = 4;
    if (have >= 4) {
      const std::uint8_t* p = inbox_.data() + inbox_begin_;
      const std::uint32_t length = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                   (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
      if (length > kMaxFrameBytes)
        co_return fail("frame of " + std::to_string(length) + " bytes exceeds the limit of " +
                       std::to_string(kMaxFrameBytes));
      need = 4 + std::size_t{length};
      if (have >= need) {
        auto opened = open(ByteView(p + 4, length));
        inbox_begin_ += need;
        if (inbox_begin_ == inbox_end_) {
          inbox_begin_ = inbox_end_ = 0;
          if (inbox_.size() > kReadBytes) Bytes().swap(inbox_);
        }
        co_return opened;
      }
    }
    // Room for the rest of this frame and then some: what is left moves to the front.
    if (inbox_begin_ > 0) {
      std::copy(inbox_.begin() + static_cast<std::ptrdiff_t>(inbox_begin_),
                inbox_.begin() + static_cast<std::ptrdiff_t>(inbox_end_), inbox_.begin());
      inbox_end_ = have;
      inbox_begin_ = 0;
    }
    if (inbox_.size() < std::max(need, kReadBytes)) inbox_.resize(std::max(need, kReadBytes));
    auto [ec, n] = co_await socket_.async_read_some(
        asio::buffer(inbox_.data() + inbox_end_, inbox_.size() - inbox_end_), use_tuple);
    inbox_end_ += n;
    if (ec) {
      if (have >= 4) co_return fail("truncated frame: " + ec.message());
      co_return fail(ec == asio::error::eof ? "connection closed" : "read: " + ec.message());
    }
  }
}

asio::awaitable<Result<void>> Channel::send(ByteView payload) {
  if (payload.size() + crypto_secretstream_xchacha20poly1305_ABYTES > kMaxFrameBytes)
    co_return fail("message too large to send");
  const Bytes sealed = seal(payload);
  co_return co_await write_frame(socket_, sealed);
}

void Channel::close() {
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace bbzhm::wire
