// The school server's network service (see service.hpp): sessions, group commit, login checks.
#include "server/service.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "common/connection.hpp"
#include "common/log.hpp"

namespace bbzhm::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// [SECTION] Database thread

// Runs database work off the I/O thread. Everything queued while the previous batch was
// committing forms the next batch: one transaction, one fsync, however many saves it holds.
// A job's result reaches its coroutine only after that commit returned.
class DbThread {
 public:
  DbThread(Store& store, asio::io_context& io)
      : store_(store), io_(io), thread_([this] { loop(); }) {}
  ~DbThread() { stop(); }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // Runs `f(store)` on the database thread; the awaiting coroutine resumes on the I/O thread
  // with its result once the batch holding it has committed.
  // GCC 12 bit-copies a temporary closure that crosses a co_await into the coroutine frame, which
  // breaks a captured std::string: callers name lambdas with such captures before awaiting.
  template <class Fn>
  auto call(Fn&& fn) {
    using F = std::decay_t<Fn>;
    using R = std::invoke_result_t<F&, Store&>;
    auto work = std::make_unique<F>(std::forward<Fn>(fn));
    return asio::async_initiate<decltype(asio::use_awaitable), void(Result<R>)>(
        [this](auto handler, std::unique_ptr<F> w) {
          push(std::make_unique<Job<R, F, decltype(handler)>>(std::move(w), std::move(handler),
                                                              io_));
        },
        asio::use_awaitable, std::move(work));
  }

 private:
  struct JobBase {
    virtual ~JobBase() = default;
    virtual void run(Store& store) = 0;
    virtual void complete(const std::optional<std::string>& error) = 0;
  };

  template <class R, class F, class Handler>
  struct Job final : JobBase {
    Job(std::unique_ptr<F> f, Handler h, asio::io_context& io)
        : work(std::move(f)), handler(std::move(h)), guard(asio::make_work_guard(io)) {}
    void run(Store& store) override { result.emplace((*work)(store)); }
    void complete(const std::optional<std::string>& error) override {
      Result<R> r = error || !result ? Result<R>(fail(error.value_or("no result")))
                                     : Result<R>(std::move(*result));
      asio::post(guard.get_executor(), [h = std::move(handler), r = std::move(r)]() mutable {
        std::move(h)(std::move(r));
      });
      guard.reset();
    }
    std::unique_ptr<F> work;
    Handler handler;
    asio::executor_work_guard<asio::io_context::executor_type> guard;
    std::optional<R> result;
  };

  void push(std::unique_ptr<JobBase> job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

  void loop() {
    std::vector<std::unique_ptr<JobBase>> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch.swap(queue_);
      }
      run_batch(batch);
      batch.clear();
    }
  }

  void run_batch(std::vector<std::unique_ptr<JobBase>>& batch) {
    std::vector<std::optional<std::string>> errors(batch.size());
    std::optional<std::string> batch_error;
    auto& db = store_.db();
    try {
      sqlite::Transaction tx(db);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        db.exec("SAVEPOINT job");
        try {
          batch[i]->run(store_);
          db.exec("RELEASE job");
        } catch (const std::exception& e) {
          errors[i] = e.what();
          log::error("database", std::string("a request failed and was rolled back: ") + e.what());
          db.exec("ROLLBACK TO job");
          db.exec("RELEASE job");
        }
      }
      tx.commit();
    } catch (const std::exception& e) {
      // Disk full, I/O error: nothing in this batch is durable, so nothing is acknowledged.
      batch_error = e.what();
      log::error("database", std::string("commit failed, ") + std::to_string(batch.size()) +
                                 " requests refused: " + e.what());
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i]->complete(batch_error ? batch_error : errors[i]);
  }

  Store& store_;
  asio::io_context& io_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::unique_ptr<JobBase>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// [SECTION] Login attempts

// Slows down password guessing: after 5 failures in a row a login is blocked, 30 s at first,
// doubling up to 10 minutes; a success clears it.
class LoginLimiter {
 public:
  std::int64_t blocked_for(const std::string& login, std::int64_t now) const {
    const auto it = by_login_.find(login);
    return it == by_login_.end() ? 0 : std::max<std::int64_t>(0, it->second.blocked_until - now);
  }
  void failed(const std::string& login, std::int64_t now) {
    if (by_login_.size() > 100'000)
      std::erase_if(by_login_, [&](const auto& e) { return e.second.blocked_until < now; });
    State& s = by_login_[login];
    if (++s.failures >= 5)
      s.blocked_until =
          now + std::min<std::int64_t>(30'000LL << std::min(s.failures - 5, 5), 600'000);
  }
  void succeeded(const std::string& login) { by_login_.erase(login); }

 private:
  struct State {
    int failures = 0;
    std::int64_t blocked_until = 0;
  };
  std::unordered_map<std::string, State> by_login_;
};

}  // namespace

// [SECTION] Sessions

struct Service::Impl {
  // A connected station: its connection and, once logged in, whose test it holds.
  struct Session {
    std::shared_ptr<wire::Connection> link;
    std::string station;
    std::int64_t participant = 0;
    int failed_logins = 0;
    int saves_in_flight = 0;

    void send(const protocol::Message& m) { link->send(m); }
  };
  using SessionPtr = std::shared_ptr<Session>;

  Impl(std::unique_ptr<Store> s, ServiceOptions o)
      : store(std::move(s)),
        options(std::move(o)),
        acceptor(io),
        signals(io, SIGINT, SIGTERM),
        hash_pool(static_cast<std::size_t>(std::max(1, options.password_threads))),
        db(*store, io),
        dummy_hash(crypto::hash_password("not a password", crypto::PasswordCost::moderate)) {}

  // Runs `f` on the password pool and resumes the coroutine on the I/O thread.
  template <class F>
  auto offload(F f) {
    using R = std::invoke_result_t<F&>;
    return asio::async_initiate<decltype(asio::use_awaitable), void(R)>(
        [this](auto handler, F work) {
          asio::post(hash_pool, [this, work = std::move(work), handler = std::move(handler),
                                 guard = asio::make_work_guard(io)]() mutable {
            R r = work();
            asio::post(io, [h = std::move(handler), r = std::move(r)]() mutable {
              std::move(h)(std::move(r));
            });
          });
        },
        asio::use_awaitable, std::move(f));
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) {
        if (ec == asio::error::operation_aborted) co_return;
        log::warn("server", "accept: " + ec.message());
        continue;
      }
      if (connections >= options.max_connections) {
        log::warn("server", "connection refused: limit of " +
                                std::to_string(options.max_connections) + " reached");
        continue;
      }
      asio::co_spawn(io, handle_connection(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> handle_connection(tcp::socket socket) {
    ++connections;
    struct Count {
      int& n;
      ~Count() { --n; }
    } count{connections};
    boost::system::error_code ec;
    const std::string peer = socket.remote_endpoint(ec).address().to_string();
    socket.set_option(tcp::no_delay(true), ec);

    std::optional<std::string> station_name;
    auto authorize =
        [this, &station_name](const crypto::PublicKey& key) -> asio::awaitable<Result<void>> {
      auto name = co_await db.call([key](Store& s) { return s.station_name(key); });
      if (!name) co_return fail("the server cannot check pairings right now");
      if (!*name) co_return fail("this station is not paired with this server");
      station_name = **name;
      co_return Result<void>{};
    };
    asio::steady_timer timer(io, std::chrono::milliseconds(options.handshake_timeout_ms));
    auto handshake = co_await (wire::Channel::accept(std::move(socket), store->key(), authorize) ||
                               timer.async_wait(use_tuple));
    if (handshake.index() == 1) {
      log::warn("server", "handshake from " + peer + " timed out");
      co_return;
    }
    auto& channel = std::get<0>(handshake);
    if (!channel) {
      log::warn("server", "handshake from " + peer + " refused: " + channel.error().what);
      co_return;
    }
    auto session = std::make_shared<Session>();
    session->link = std::make_shared<wire::Connection>(std::move(*channel));
    session->station = station_name.value_or("?");
    session->link->start();
    auto policy = [station = session->station](Store& st) {
      return st.station_policy(station, now_ms());
    };
    if (auto p = co_await db.call(std::move(policy))) session->send(*p);
    const std::string reason = co_await read_loop(session);
    log::info("server", "station " + session->station + " (" + peer + ") disconnected: " + reason);
    session->link->end_after_flush();
    if (session->participant != 0) {
      auto it = sessions.find(session->participant);
      if (it != sessions.end() && it->second.lock() == session) sessions.erase(it);
    }
  }

  asio::awaitable<std::string> read_loop(SessionPtr s) {
    for (;;) {
      asio::steady_timer idle(io, std::chrono::milliseconds(options.idle_timeout_ms));
      auto got = co_await (s->link->receive() || idle.async_wait(use_tuple));
      if (s->link->closed()) co_return "closed by the server";
      if (got.index() == 1) co_return "idle for too long";
      auto& message = std::get<0>(got);
      if (!message) co_return message.error().what;
      if (auto* login = std::get_if<protocol::Login>(&*message)) {
        if (!co_await handle_login(s, std::move(*login))) co_return "too many failed logins";
      } else if (auto* save = std::get_if<protocol::SaveAnswer>(&*message)) {
        if (s->participant == 0) {
          s->send(protocol::LoginRefused{protocol::LoginRefusal::not_logged_in, 0});
        } else if (s->saves_in_flight < 64) {
          asio::co_spawn(io, handle_save(s, std::move(*save)), asio::detached);
        } else {
          co_await handle_save(s, std::move(*save));
        }
      } else if (std::holds_alternative<protocol::Finish>(*message)) {
        if (s->participant == 0) {
          s->send(protocol::LoginRefused{protocol::LoginRefusal::not_logged_in, 0});
          continue;
        }
        const std::int64_t pid = s->participant;
        auto results =
            co_await db.call([pid](Store& st) { return st.finish(pid, now_ms(), "student"); });
        if (!results) co_return "database error at finish: " + results.error().what;
        s->send(std::move(*results));
      } else if (auto* incident = std::get_if<protocol::Incident>(&*message)) {
        log::warn("server", "incident at station " + s->station + ": " +
                                std::string(protocol::code(incident->kind)));
        auto record = [station = s->station, pid = s->participant,
                       i = std::move(*incident)](Store& st) {
          st.record_incident(station, pid, i, now_ms());
          return true;
        };
        co_await db.call(std::move(record));
      } else if (std::holds_alternative<protocol::Sync>(*message)) {
        const std::int64_t pid = s->participant;
        auto remaining = co_await db.call(
            [pid](Store& st) { return pid == 0 ? 0 : st.remaining_ms(pid, now_ms()); });
        s->send(protocol::TimeLeft{remaining.value_or(0), now_ms()});
      } else {
        co_return "protocol violation: a station may not send " +
            std::string(protocol::name(*message));
      }
    }
  }

  // Returns false when the connection should end (too many failures on it).
  asio::awaitable<bool> handle_login(SessionPtr s, protocol::Login login) {
    const std::int64_t now = now_ms();
    if (const std::int64_t wait = limiter.blocked_for(login.login, now); wait > 0) {
      s->send(protocol::LoginRefused{protocol::LoginRefusal::rate_limited, wait});
      co_return true;
    }
    // Lambdas that capture strings are named before co_await: GCC 12 bit-copies a temporary
    // closure into the coroutine frame, which breaks a captured std::string.
    auto find = [l = login.login](Store& st) { return st.find_login(l); };
    auto creds = co_await db.call(std::move(find));
    if (!creds) {
      s->send(protocol::LoginRefused{protocol::LoginRefusal::sitting_not_open, 5'000});
      co_return true;
    }
    // An unknown login costs the same hash as a known one, so timing does not tell them apart.
    const std::string hash = *creds ? (*creds)->password_hash : dummy_hash;
    auto check = [hash, pw = std::move(login.password)] {
      return crypto::verify_password(hash, pw);
    };
    const bool valid = co_await offload(std::move(check));
    if (!valid || !*creds) {
      limiter.failed(login.login, now_ms());
      log::warn("server", "failed login at station " + s->station);
      s->send(protocol::LoginRefused{protocol::LoginRefusal::wrong_credentials, 0});
      co_return ++s->failed_logins < 10;
    }
    limiter.succeeded(login.login);
    const std::int64_t pid = (*creds)->participant;
    auto begin = [pid, station = s->station](Store& st) {
      return st.begin_attempt(pid, station, now_ms());
    };
    auto begun = co_await db.call(std::move(begin));
    if (!begun) {
      s->send(protocol::LoginRefused{protocol::LoginRefusal::sitting_not_open, 5'000});
      co_return true;
    }
    if (!*begun) {
      s->send(protocol::LoginRefused{begun->error(), 0});
      co_return true;
    }
    // The student may move to another station (a dead PC): the newest login holds the test.
    if (auto old = sessions[pid].lock(); old && old != s) {
      log::info("server", "a student moved from station " + old->station + " to " + s->station);
      old->participant = 0;
      old->send(protocol::Superseded{});
      old->link->end_after_flush();
    }
    sessions[pid] = s;
    s->participant = pid;
    const bool finished = (*begun)->finished;
    s->send(std::move(**begun));
    log::info("server", "login at station " + s->station);
    if (finished) {
      auto results = co_await db.call(
          [pid](Store& st) { return st.finish(pid, now_ms(), "already finished"); });
      if (results) s->send(std::move(*results));
    }
    co_return true;
  }

  asio::awaitable<void> handle_save(SessionPtr s, protocol::SaveAnswer save) {
    ++s->saves_in_flight;
    const std::int64_t pid = s->participant;
    auto store_save = [pid, save](Store& st) { return st.save_answer(pid, save, now_ms()); };
    auto outcome = co_await db.call(std::move(store_save));
    --s->saves_in_flight;
    if (!outcome) {
      s->send(protocol::SaveRefused{save.seq, protocol::SaveRefusal::storage_failed});
    } else if (outcome->stored) {
      s->send(protocol::SaveAck{save.seq, outcome->remaining_ms});
    } else {
      s->send(protocol::SaveRefused{save.seq, outcome->refusal});
    }
  }

  // Finishes every test whose time ran out, and shows connected students their results.
  asio::awaitable<void> sweep_loop() {
    asio::steady_timer timer(io);
    for (;;) {
      timer.expires_after(1s);
      auto [ec] = co_await timer.async_wait(use_tuple);
      if (ec) co_return;
      auto expired = co_await db.call([](Store& st) { return st.finish_expired(now_ms()); });
      if (!expired) continue;
      for (std::int64_t pid : *expired) {
        auto it = sessions.find(pid);
        if (it == sessions.end()) continue;
        if (auto s = it->second.lock()) {
          auto results =
              co_await db.call([pid](Store& st) { return st.finish(pid, now_ms(), "time_over"); });
          if (results) s->send(std::move(*results));
        }
      }
    }
  }

  void stop() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    io.stop();
  }

  std::unique_ptr<Store> store;
  ServiceOptions options;
  asio::io_context io{1};
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::thread_pool hash_pool;
  DbThread db;
  std::string dummy_hash;
  LoginLimiter limiter;
  std::unordered_map<std::int64_t, std::weak_ptr<Session>> sessions;
  int connections = 0;
};

Service::Service(std::unique_ptr<Store> store, ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(store), std::move(options))) {}

Service::~Service() {
  impl_->db.stop();
  impl_->hash_pool.join();
}

Result<std::uint16_t> Service::listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return fail("not an IP address: " + impl_->options.host);
  const tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail("cannot listen on " + impl_->options.host + ":" +
                std::to_string(impl_->options.port) + ": " + ec.message());
  return impl_->acceptor.local_endpoint().port();
}

void Service::run() {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) {
      log::info("server", "signal " + std::to_string(signal) + ": shutting down");
      impl_->stop();
    }
  });
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  asio::co_spawn(impl_->io, impl_->sweep_loop(), asio::detached);
  impl_->io.run();
  impl_->db.stop();
}

void Service::stop() {
  asio::post(impl_->io, [this] { impl_->stop(); });
}

}  // namespace bbzhm::server
