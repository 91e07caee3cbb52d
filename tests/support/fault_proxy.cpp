// The fault proxy: one Asio thread, two pumping coroutines per connection.
#include "tests/support/fault_proxy.hpp"

#include <boost/asio.hpp>
#include <mutex>
#include <random>
#include <thread>

namespace bbzhm::test {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Both sockets of one proxied connection; a stalled pair forwards nothing more.
struct Pair {
  explicit Pair(asio::io_context& io) : client(io), server(io) {}
  tcp::socket client;
  tcp::socket server;
  bool stalled = false;
  void cut() {
    boost::system::error_code ignored;
    client.close(ignored);
    server.close(ignored);
  }
};

}  // namespace

struct FaultProxy::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t upstream = 0;
  mutable std::mutex mutex;  // guards plan and counts
  FaultPlan plan;
  FaultCounts counts;
  std::mt19937 random;
  std::vector<std::weak_ptr<Pair>> pairs;
  std::thread thread;

  bool roll(double p) { return p > 0 && std::uniform_real_distribution<double>(0, 1)(random) < p; }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      auto pair = std::make_shared<Pair>(io);
      pair->client = std::move(s);
      auto [cec] = co_await pair->server.async_connect(
          tcp::endpoint(asio::ip::make_address("127.0.0.1"), upstream), use_tuple);
      if (cec) {
        pair->cut();
        continue;
      }
      {
        std::lock_guard lock(mutex);
        ++counts.connections;
        pairs.push_back(pair);
      }
      asio::co_spawn(io, pump(pair, true), asio::detached);
      asio::co_spawn(io, pump(pair, false), asio::detached);
    }
  }

  // Forwards one direction chunk by chunk, meeting the plan's faults on the way.
  asio::awaitable<void> pump(std::shared_ptr<Pair> pair, bool upward) {
    tcp::socket& from = upward ? pair->client : pair->server;
    tcp::socket& to = upward ? pair->server : pair->client;
    std::vector<std::uint8_t> buf(16384);
    asio::steady_timer timer(io);
    for (;;) {
      auto [ec, n] = co_await from.async_read_some(asio::buffer(buf), use_tuple);
      if (ec) break;
      FaultPlan p;
      bool delay = false, cut = false, half = false, stall = false, corrupt = false;
      std::size_t flip_at = 0;
      int delay_ms = 0;
      {
        std::lock_guard lock(mutex);
        p = plan;
        ++counts.chunks;
        if ((stall = roll(p.stall))) ++counts.stalled;
        if (!stall && (cut = roll(p.cut))) ++counts.cut;
        if (!stall && !cut && (half = roll(p.half_close))) ++counts.half_closed;
        if ((corrupt = roll(p.corrupt))) {
          ++counts.corrupted;
          flip_at = random() % n;
        }
        if ((delay = roll(p.delay))) {
          ++counts.delayed;
          delay_ms = 1 + static_cast<int>(random() % static_cast<unsigned>(p.delay_max_ms));
        }
      }
      if (stall) pair->stalled = true;
      if (pair->stalled) continue;  // swallow everything, keep the sockets open
      if (cut) {
        pair->cut();
        co_return;
      }
      if (half) {
        boost::system::error_code ignored;
        to.shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
      if (corrupt) buf[flip_at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
      if (delay) {
        timer.expires_after(std::chrono::milliseconds(delay_ms));
        co_await timer.async_wait(use_tuple);
      }
      auto [wec, wn] = co_await asio::async_write(to, asio::buffer(buf.data(), n), use_tuple);
      if (wec) break;
    }
    if (!pair->stalled) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored);
    }
  }
};

FaultProxy::FaultProxy(std::uint16_t upstream_port, FaultPlan plan, std::uint32_t seed)
    : impl_(std::make_unique<Impl>()) {
  impl_->upstream = upstream_port;
  impl_->plan = plan;
  impl_->random.seed(seed);
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  impl_->thread = std::thread([i = impl_.get()] { i->io.run(); });
}

FaultProxy::~FaultProxy() {
  asio::post(impl_->io, [i = impl_.get()] {
    boost::system::error_code ignored;
    i->acceptor.close(ignored);
    for (auto& w : i->pairs)
      if (auto p = w.lock()) p->cut();
    i->io.stop();
  });
  impl_->thread.join();
}

std::uint16_t FaultProxy::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void FaultProxy::set_plan(FaultPlan plan) {
  std::lock_guard lock(impl_->mutex);
  impl_->plan = plan;
}

FaultCounts FaultProxy::counts() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->counts;
}

}  // namespace bbzhm::test
