// The secure channel against real loopback sockets: mutual authentication, and refusal of an
// altered, replayed, reordered, truncated or oversized frame, a wrong key and an unknown version.
#include "common/channel.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include "tests/support/relay.hpp"

namespace bbzhm::wire {
namespace {

using namespace std::chrono_literals;

struct Harness {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  crypto::SigningKey server_key = crypto::SigningKey::generate();
  crypto::SigningKey client_key = crypto::SigningKey::generate();
  bool client_paired = true;
  std::vector<std::string> server_received, client_received;
  std::string server_error, client_error;
  bool server_handshake_done = false;

  Harness() { crypto::init(); }

  std::uint16_t port() const { return acceptor.local_endpoint().port(); }

  asio::awaitable<void> serve_one() {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    Channel::Authorize authorize =
        [this](const crypto::PublicKey& k) -> asio::awaitable<Result<void>> {
      if (client_paired && k == client_key.public_key) co_return Result<void>{};
      co_return fail("this station is not paired with this server");
    };
    auto ch = co_await Channel::accept(std::move(socket), server_key, authorize);
    if (!ch) {
      server_error = ch.error().what;
      co_return;
    }
    server_handshake_done = true;
    for (;;) {
      auto m = co_await ch->receive();
      if (!m) {
        server_error = m.error().what;
        co_return;
      }
      server_received.emplace_back(as_chars(*m));
      co_await ch->send(*m);
    }
  }

  asio::awaitable<void> client(std::uint16_t to, crypto::PublicKey pinned,
                               std::vector<std::string> messages,
                               std::uint16_t version = kProtocolVersion) {
    tcp::socket socket(io);
    co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), to),
                                  asio::use_awaitable);
    auto ch = co_await Channel::connect(std::move(socket), client_key, pinned, version);
    if (!ch) {
      client_error = ch.error().what;
      co_return;
    }
    for (const auto& m : messages) co_await ch->send(as_bytes(m));
    for (std::size_t i = 0; i < messages.size(); ++i) {
      auto r = co_await ch->receive();
      if (!r) {
        client_error = r.error().what;
        co_return;
      }
      client_received.emplace_back(as_chars(*r));
    }
    ch->close();
  }

  void run(std::uint16_t to, crypto::PublicKey pinned, std::vector<std::string> messages,
           std::uint16_t version = kProtocolVersion) {
    asio::co_spawn(io, serve_one(), asio::detached);
    asio::co_spawn(io, client(to, pinned, std::move(messages), version), asio::detached);
    io.run_for(5s);
  }
};

TEST(Channel, MutualHandshakeCarriesMessagesBothWays) {
  Harness h;
  h.run(h.port(), h.server_key.public_key, {"Әйгерім", "G9M-03=12.5"});
  EXPECT_EQ(h.client_error, "");
  EXPECT_EQ(h.server_received, (std::vector<std::string>{"Әйгерім", "G9M-03=12.5"}));
  EXPECT_EQ(h.client_received, h.server_received);
}

TEST(Channel, ServerWithAnotherKeyThanThePairedOneIsRefused) {
  Harness h;
  h.run(h.port(), crypto::SigningKey::generate().public_key, {"x"});
  EXPECT_NE(h.client_error.find("does not match the key this station was paired with"),
            std::string::npos)
      << h.client_error;
  EXPECT_TRUE(h.server_received.empty());
}

TEST(Channel, UnpairedStationIsRefusedWithTheReason) {
  Harness h;
  h.client_paired = false;
  h.run(h.port(), h.server_key.public_key, {"x"});
  EXPECT_NE(h.client_error.find("not paired"), std::string::npos) << h.client_error;
  EXPECT_NE(h.server_error.find("not paired"), std::string::npos) << h.server_error;
  EXPECT_TRUE(h.server_received.empty());
}

TEST(Channel, UnknownProtocolVersionGetsAClearRefusal) {
  Harness h;
  h.run(h.port(), h.server_key.public_key, {"x"}, 99);
  EXPECT_NE(h.client_error.find("unsupported protocol version 99"), std::string::npos)
      << h.client_error;
  EXPECT_NE(h.server_error.find("version 99"), std::string::npos) << h.server_error;
}

// Client frames: 0 and 1 are the handshake; 2, 3, ... carry messages.
TEST(Channel, AlteredByteEndsTheConnectionAndIsNotActedOn) {
  Harness h;
  test::Relay relay(h.port(), [](std::size_t i, const Bytes& f) {
    Bytes out = f;
    if (i == 3) out[out.size() / 2] ^= 0x20;
    return std::vector<Bytes>{out};
  });
  h.run(relay.port(), h.server_key.public_key, {"first", "second", "third"});
  EXPECT_EQ(h.server_received, std::vector<std::string>{"first"});
  EXPECT_NE(h.server_error.find("failed authentication"), std::string::npos) << h.server_error;
}

TEST(Channel, ReplayedFrameEndsTheConnection) {
  Harness h;
  test::Relay relay(h.port(), [](std::size_t i, const Bytes& f) {
    return i == 2 ? std::vector<Bytes>{f, f} : std::vector<Bytes>{f};
  });
  h.run(relay.port(), h.server_key.public_key, {"save 1", "save 2"});
  EXPECT_EQ(h.server_received, std::vector<std::string>{"save 1"});
  EXPECT_NE(h.server_error.find("failed authentication"), std::string::npos) << h.server_error;
}

TEST(Channel, ReorderedFramesEndTheConnection) {
  Harness h;
  Bytes held;
  test::Relay relay(h.port(), [&held](std::size_t i, const Bytes& f) {
    if (i == 2) {
      held = f;
      return std::vector<Bytes>{};
    }
    if (i == 3) return std::vector<Bytes>{f, held};
    return std::vector<Bytes>{f};
  });
  h.run(relay.port(), h.server_key.public_key, {"one", "two"});
  EXPECT_TRUE(h.server_received.empty());
  EXPECT_NE(h.server_error.find("failed authentication"), std::string::npos) << h.server_error;
}

TEST(Channel, DroppedFrameEndsTheConnectionAtTheNext) {
  Harness h;
  test::Relay relay(h.port(), [](std::size_t i, const Bytes& f) {
    return i == 2 ? std::vector<Bytes>{} : std::vector<Bytes>{f};
  });
  h.run(relay.port(), h.server_key.public_key, {"one", "two"});
  EXPECT_TRUE(h.server_received.empty());
  EXPECT_NE(h.server_error.find("failed authentication"), std::string::npos) << h.server_error;
}

TEST(Channel, OversizedLengthIsRefusedBeforeAnyBodyIsRead) {
  Harness h;
  asio::co_spawn(h.io, h.serve_one(), asio::detached);
  tcp::socket raw(h.io);
  raw.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), h.port()));
  const std::uint8_t huge[4] = {0xFF, 0xFF, 0xFF, 0xFF};
  asio::write(raw, asio::buffer(huge));
  h.io.run_for(2s);
  EXPECT_NE(h.server_error.find("exceeds the limit"), std::string::npos) << h.server_error;
}

TEST(Channel, TruncatedFrameIsRefused) {
  Harness h;
  asio::co_spawn(h.io, h.serve_one(), asio::detached);
  {
    tcp::socket raw(h.io);
    raw.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), h.port()));
    const std::uint8_t partial[6] = {0, 0, 0, 100, 'B', 'B'};
    asio::write(raw, asio::buffer(partial));
  }
  h.io.run_for(2s);
  EXPECT_NE(h.server_error.find("truncated frame"), std::string::npos) << h.server_error;
}

TEST(Channel, NoPlaintextCrossesTheWire) {
  Harness h;
  test::Relay relay(h.port());
  const std::string name = "Нұрсұлтан Ахметов", iin = "110315500012", answer = "G9M-03=12.5";
  h.run(relay.port(), h.server_key.public_key, {name, iin, answer});
  ASSERT_EQ(h.server_received.size(), 3u);
  const std::string wire = relay.captured();
  EXPECT_GT(wire.size(), 200u);
  for (const auto& secret : {name, iin, answer})
    EXPECT_EQ(wire.find(secret), std::string::npos) << secret;
}

}  // namespace
}  // namespace bbzhm::wire
