// The test relay: one Asio thread, two coroutines per connection.
#include "tests/support/relay.hpp"

#include <boost/asio.hpp>
#include <mutex>
#include <thread>

namespace bbzhm::test {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct Relay::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t upstream;
  Hook hook;
  mutable std::mutex mutex;
  std::string bytes;
  std::vector<std::weak_ptr<tcp::socket>> sockets;
  std::thread thread;

  void record(const std::uint8_t* p, std::size_t n) {
    std::lock_guard lock(mutex);
    bytes.append(reinterpret_cast<const char*>(p), n);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      auto client = std::make_shared<tcp::socket>(std::move(s));
      auto server = std::make_shared<tcp::socket>(io);
      auto [cec] = co_await server->async_connect(
          tcp::endpoint(asio::ip::make_address("127.0.0.1"), upstream), use_tuple);
      if (cec) continue;
      {
        std::lock_guard lock(mutex);
        sockets.push_back(client);
        sockets.push_back(server);
      }
      asio::co_spawn(io, client_to_server(client, server), asio::detached);
      asio::co_spawn(io, server_to_client(server, client), asio::detached);
    }
  }

  asio::awaitable<void> client_to_server(std::shared_ptr<tcp::socket> from,
                                         std::shared_ptr<tcp::socket> to) {
    for (std::size_t index = 0;; ++index) {
      std::uint8_t prefix[4];
      auto [ec, n] = co_await asio::async_read(*from, asio::buffer(prefix), use_tuple);
      if (ec) break;
      const std::uint32_t length = (std::uint32_t{prefix[0]} << 24) |
                                   (std::uint32_t{prefix[1]} << 16) |
                                   (std::uint32_t{prefix[2]} << 8) | prefix[3];
      Bytes frame(std::min<std::uint32_t>(length, 1u << 24));
      auto [ec2, n2] = co_await asio::async_read(*from, asio::buffer(frame), use_tuple);
      if (ec2) {
        // Forward the truncated remainder as it is (the server must refuse it).
        Writer w;
        w.u32(length);
        w.raw(frame);
        co_await asio::async_write(*to, asio::buffer(w.bytes()), use_tuple);
        break;
      }
      std::vector<Bytes> out = hook ? hook(index, frame) : std::vector<Bytes>{frame};
      for (const Bytes& f : out) {
        Writer w;
        w.blob(f);
        record(w.bytes().data(), w.bytes().size());
        auto [wec, wn] = co_await asio::async_write(*to, asio::buffer(w.bytes()), use_tuple);
        if (wec) break;
      }
    }
    boost::system::error_code ignored;
    to->shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> server_to_client(std::shared_ptr<tcp::socket> from,
                                         std::shared_ptr<tcp::socket> to) {
    std::uint8_t buf[16384];
    for (;;) {
      auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), use_tuple);
      if (ec) break;
      record(buf, n);
      auto [wec, wn] = co_await asio::async_write(*to, asio::buffer(buf, n), use_tuple);
      if (wec) break;
    }
    boost::system::error_code ignored;
    to->shutdown(tcp::socket::shutdown_send, ignored);
  }
};

Relay::Relay(std::uint16_t upstream_port, Hook hook) : impl_(std::make_unique<Impl>()) {
  impl_->upstream = upstream_port;
  impl_->hook = std::move(hook);
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  impl_->thread = std::thread([i = impl_.get()] { i->io.run(); });
}

Relay::~Relay() {
  asio::post(impl_->io, [i = impl_.get()] {
    boost::system::error_code ignored;
    i->acceptor.close(ignored);
    i->io.stop();
  });
  impl_->thread.join();
}

std::uint16_t Relay::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::string Relay::captured() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->bytes;
}

void Relay::cut_all() {
  asio::post(impl_->io, [i = impl_.get()] {
    std::lock_guard lock(i->mutex);
    for (auto& w : i->sockets)
      if (auto s = w.lock()) {
        boost::system::error_code ignored;
        s->close(ignored);
      }
  });
}

}  // namespace bbzhm::test
