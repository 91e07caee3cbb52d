// The school server's network service (see service.hpp): sessions, group commit, login checks.
#include "server/service.hpp"

#include <sodium.h>
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
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "common/connection.hpp"
#include "common/log.hpp"
#include "server/bundle.hpp"
#include "server/bundle_upload.hpp"
#include "server/pairing.hpp"
#include "server/print.hpp"

namespace bbzhm::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// [SECTION] Group commit

// The database's one owner: runs database work on the I/O thread, batched. Every job queued
// before the batch runs (the saves of every connection one wait for the network found ready)
// forms one transaction, one fsync, however many saves it holds; a job's result reaches its
// coroutine only after that commit returned. No second thread: a save handed to another thread
// and back cost two sleeps and two wake-ups, dearer on a virtual machine than the save itself
// (docs/PERFORMANCE.md). While a batch syncs, new requests wait in the sockets' buffers and form
// the next batch.
class GroupCommit {
 public:
  GroupCommit(Store& store, asio::io_context& io) : store_(store), io_(io) {}
  ~GroupCommit() { stop(); }

  // Commits whatever is still queued (the I/O thread has stopped: nobody hears the results).
  void stop() {
    while (!queue_.empty()) {
      std::vector<std::unique_ptr<JobBase>> batch;
      batch.swap(queue_);
      run_batch(batch);
    }
  }

  // Runs `f(store)` in the next batch; the awaiting coroutine resumes with its result once that
  // batch has committed. Called on the I/O thread only.
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

  // The same without a coroutine: `done(Result<R>)` runs after the commit.
  // For the save, the one request a lab sends a thousand times a second: a coroutine frame and
  // its scheduling cost more than the rest of the I/O thread's work for it.
  template <class Fn, class Done>
  void submit(Fn&& fn, Done&& done) {
    using F = std::decay_t<Fn>;
    using R = std::invoke_result_t<F&, Store&>;
    push(std::make_unique<Job<R, F, std::decay_t<Done>>>(std::make_unique<F>(std::forward<Fn>(fn)),
                                                         std::forward<Done>(done), io_));
  }

 private:
  struct JobBase {
    virtual ~JobBase() = default;
    virtual void run(Store& store) = 0;
    // Once the batch holding the job has committed (or failed).
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
      std::move(handler)(std::move(r));
      guard.reset();
    }
    std::unique_ptr<F> work;
    Handler handler;
    asio::executor_work_guard<asio::io_context::executor_type> guard;
    std::optional<R> result;
  };

  // The batch runs after the handlers already queued: the completions of every socket the last
  // wait found readable, each of which may add its save.
  void push(std::unique_ptr<JobBase> job) {
    queue_.push_back(std::move(job));
    if (batch_posted_) return;
    batch_posted_ = true;
    asio::post(io_, [this] {
      batch_posted_ = false;
      std::vector<std::unique_ptr<JobBase>> batch;
      batch.swap(queue_);
      run_batch(batch);
    });
  }

  void run_batch(std::vector<std::unique_ptr<JobBase>>& batch) {
    std::vector<std::optional<std::string>> errors(batch.size());
    std::optional<std::string> batch_error;
    auto& db = store_.db();
    if (!savepoint_) {
      begin_.emplace(db.prepare("BEGIN IMMEDIATE"));
      commit_.emplace(db.prepare("COMMIT"));
      rollback_all_.emplace(db.prepare("ROLLBACK"));
      savepoint_.emplace(db.prepare("SAVEPOINT job"));
      release_.emplace(db.prepare("RELEASE job"));
      rollback_.emplace(db.prepare("ROLLBACK TO job"));
    }
    try {
      begin_->run();
    } catch (const std::exception& e) {
      batch_error = e.what();
    }
    try {
      if (batch_error) throw std::runtime_error(*batch_error);
      // A job alone in its batch (most, at a lab's pace) needs no savepoint: if it fails, the
      // whole transaction is its own and is rolled back instead of committed.
      const bool alone = batch.size() == 1;
      bool rolled_back = false;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!alone) savepoint_->run();
        try {
          batch[i]->run(store_);
          if (!alone) release_->run();
        } catch (const std::exception& e) {
          errors[i] = e.what();
          log::error("database", std::string("a request failed and was rolled back: ") + e.what());
          if (alone) {
            rollback_all_->run();
            rolled_back = true;
          } else {
            rollback_->run();
            release_->run();
          }
        }
      }
      if (!rolled_back) commit_->run();
    } catch (const std::exception& e) {
      // Disk full, I/O error: nothing in this batch is durable, so nothing is acknowledged.
      if (!batch_error) {
        try {
          rollback_all_->run();
        } catch (const std::exception&) {
          // SQLite already rolled back after the I/O error: nothing left to undo.
        }
      }
      batch_error = e.what();
      log::error("database", std::string("commit failed, ") + std::to_string(batch.size()) +
                                 " requests refused: " + e.what());
    }
    // The results are handed out after the batch, never inside it: a resumed coroutine may
    // queue its next job, which belongs to the next batch.
    if (batch_error) std::ranges::fill(errors, batch_error);
    asio::post(io_, [jobs = std::move(batch), errors = std::move(errors)] {
      for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i]->complete(errors[i]);
    });
  }

  Store& store_;
  asio::io_context& io_;
  // Prepared once: parsing BEGIN/COMMIT for every save cost more than the save's own statements.
  std::optional<sqlite::Statement> begin_, commit_, rollback_all_;
  std::optional<sqlite::Statement> savepoint_, release_, rollback_;  // run per job
  std::vector<std::unique_ptr<JobBase>> queue_;
  bool batch_posted_ = false;
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
  // Returns true when this failure starts the block: guessing, to be reported.
  bool failed(const std::string& login, std::int64_t now) {
    if (by_login_.size() > 100'000)
      std::erase_if(by_login_, [&](const auto& e) { return e.second.blocked_until < now; });
    State& s = by_login_[login];
    if (++s.failures >= kFailuresBeforeBlock)
      s.blocked_until =
          now + std::min<std::int64_t>(30'000LL << std::min(s.failures - kFailuresBeforeBlock, 5),
                                       600'000);
    return s.failures == kFailuresBeforeBlock;
  }
  static constexpr int kFailuresBeforeBlock = 5;
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
  // A connected station (once logged in: whose test it holds) or console (once signed in: the
  // representative, and the sitting it watches).
  struct Session {
    std::shared_ptr<wire::Connection> link;
    std::string station;
    ClientRole role = ClientRole::station;
    std::int64_t participant = 0;
    std::int64_t sitting = 0;  // of the participant
    std::string personal_code;
    std::string representative;
    std::int64_t watching = 0;
    int failed_logins = 0;
    int saves_in_flight = 0;
    int teacher_surveys = 0;  // stored on this connection (p.25; rate limit)
    std::int64_t last_teacher_survey_ms = 0;
    // Idle watchdog: one timer per session, pushed forward by each message (a timer per
    // message cost more CPU than the save itself at a lab's rate).
    std::chrono::steady_clock::time_point last_heard = std::chrono::steady_clock::now();
    bool went_idle = false;
    bool done = false;
    std::optional<asio::steady_timer> idle_timer;
    // An unpaired station let in while a pairing code is open: it may only pair.
    bool unpaired = false;
    crypto::Hash transcript{};
    crypto::PublicKey key{};
    std::unique_ptr<pairing::Party> pairing;
    std::string pairing_name;

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
        dummy_hash(crypto::hash_password("not a password", crypto::PasswordCost::moderate)),
        dummy_proof_hash(
            crypto::hash_password_for_proof("not a password", crypto::PasswordCost::minimum)) {}

  // Runs `f` on the password pool and resumes the coroutine on the I/O thread.
  template <class F>
  auto offload(F f) {
    return offload_to(hash_pool, std::move(f));
  }
  // Runs `f` on `pool` (the password pool, or the NTC's for HTTPS) and resumes on the I/O thread.
  template <class F>
  auto offload_to(asio::thread_pool& pool, F f) {
    using R = std::invoke_result_t<F&>;
    return asio::async_initiate<decltype(asio::use_awaitable), void(R)>(
        [this, &pool](auto handler, F work) {
          asio::post(pool, [this, work = std::move(work), handler = std::move(handler),
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
      boost::system::error_code peer_ec;
      const std::string address = socket.remote_endpoint(peer_ec).address().to_string();
      if (peer_ec) continue;
      if (handshaking_from[address] >= options.max_handshakes_per_address ||
          handshaking >= options.max_handshakes) {
        // Logged at the first refusal and every 1000th, so a flood cannot fill the log either.
        if (refused_handshakes++ % 1000 == 0)
          log::warn("server", "connection from " + address +
                                  " refused: " + std::to_string(handshaking_from[address]) +
                                  " of its connections (" + std::to_string(handshaking) +
                                  " in all) have not finished the handshake; " +
                                  std::to_string(refused_handshakes) + " refused so far");
        continue;
      }
      asio::co_spawn(io, handle_connection(std::move(socket), address), asio::detached);
    }
  }

  asio::awaitable<void> handle_connection(tcp::socket socket, std::string peer) {
    ++connections;
    struct Count {
      int& n;
      ~Count() { --n; }
    } count{connections};
    // Counted as handshaking until the handshake ends, whichever way it ends.
    struct Handshaking {
      Impl& impl;
      std::string address;
      bool done = false;
      void end() {
        if (done) return;
        done = true;
        --impl.handshaking;
        if (--impl.handshaking_from[address] <= 0) impl.handshaking_from.erase(address);
      }
      ~Handshaking() { end(); }
    } handshaking_guard{*this, peer};
    ++handshaking;
    ++handshaking_from[peer];
    boost::system::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);

    std::optional<PairedClient> paired;
    auto authorize = [this,
                      &paired](const crypto::PublicKey& key) -> asio::awaitable<Result<void>> {
      auto found = co_await db.call([key](Store& s) { return s.client(key); });
      if (!found) co_return fail("the server cannot check pairings right now");
      if (!*found && pairing_desk.is_open(now_ms())) co_return Result<void>{};  // may only pair
      if (!*found) co_return fail("this station is not paired with this server");
      paired = **found;
      co_return Result<void>{};
    };
    asio::steady_timer timer(io, std::chrono::milliseconds(options.handshake_timeout_ms));
    auto handshake = co_await (wire::Channel::accept(std::move(socket), store->key(), authorize) ||
                               timer.async_wait(use_tuple));
    handshaking_guard.end();
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
    session->unpaired = !paired;
    session->transcript = channel->transcript();
    session->key = channel->peer();
    session->link = std::make_shared<wire::Connection>(std::move(*channel));
    session->station = paired ? paired->name : "?";
    session->role = paired ? paired->role : ClientRole::station;
    if (session->unpaired) {
      log::info("server", "an unpaired station (" + peer + ") connected to pair");
    } else if (session->role == ClientRole::station) {
      std::erase_if(all_stations, [](const std::weak_ptr<Session>& w) { return w.expired(); });
      all_stations.push_back(session);
      auto policy = [station = session->station](Store& st) {
        return st.station_policy(station, now_ms());
      };
      if (auto p = co_await db.call(std::move(policy))) session->send(*p);
    } else {
      consoles.push_back(session);
    }
    const std::string reason = co_await read_loop(session);
    log::info("server", session->station + " (" + peer + ") disconnected: " + reason);
    session->link->end_after_flush();
    std::erase_if(consoles, [&](const std::weak_ptr<Session>& w) {
      return w.expired() || w.lock() == session;
    });
    if (session->participant != 0) {
      auto it = sessions.find(session->participant);
      if (it != sessions.end() && it->second.lock() == session) {
        sessions.erase(it);
        seat_changed(session->participant);
      }
    }
  }

  // Closes the session's connection when nothing was heard for `idle_timeout_ms`; ends with it.
  asio::awaitable<void> watch_idle(SessionPtr s) {
    const auto limit = std::chrono::milliseconds(options.idle_timeout_ms);
    auto& timer = s->idle_timer.emplace(io);
    while (!s->done) {
      timer.expires_at(s->last_heard + limit);
      co_await timer.async_wait(use_tuple);
      if (s->done || s->link->closed()) co_return;
      if (std::chrono::steady_clock::now() >= s->last_heard + limit) {
        s->went_idle = true;
        s->link->close();
        co_return;
      }
    }
  }

  asio::awaitable<std::string> read_loop(SessionPtr s) {
    struct StopWatch {
      Session& s;
      ~StopWatch() {
        s.done = true;
        if (s.idle_timer) s.idle_timer->cancel();
      }
    } stop_watch{*s};
    asio::co_spawn(io, watch_idle(s), asio::detached);
    for (;;) {
      auto message = co_await s->link->receive();
      if (s->went_idle) co_return "idle for too long";
      if (s->link->closed()) co_return "closed by the server";
      if (!message) co_return message.error().what;
      s->last_heard = std::chrono::steady_clock::now();
      if (s->unpaired) {
        auto handled = co_await handle_pairing(s, std::move(*message));
        co_return handled ? "paired" : handled.error().what;
      }
      if (s->role == ClientRole::console) {
        if (auto handled = co_await handle_console(s, std::move(*message)); !handled)
          co_return handled.error().what;
        continue;
      }
      if (auto* start = std::get_if<protocol::LoginStart>(&*message)) {
        co_await handle_login_start(s, std::move(*start));
      } else if (auto* login = std::get_if<protocol::Login>(&*message)) {
        if (!co_await handle_login(s, std::move(*login))) co_return "too many failed logins";
      } else if (auto* save = std::get_if<protocol::SaveAnswer>(&*message)) {
        if (s->participant == 0) {
          s->send(protocol::LoginRefused{protocol::LoginRefusal::not_logged_in, 0});
        } else if (s->saves_in_flight < 64) {
          start_save(s, std::move(*save));
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
        seat_changed(pid);
      } else if (auto* incident = std::get_if<protocol::Incident>(&*message)) {
        log::warn("server", "incident at station " + s->station + ": " +
                                std::string(protocol::code(incident->kind)));
        const std::int64_t sitting = s->sitting;
        auto record = [station = s->station, pid = s->participant, sitting,
                       i = std::move(*incident)](Store& st) {
          const std::int64_t id = st.record_incident(station, pid, i, now_ms());
          return st.incident_views(sitting, id);
        };
        if (auto views = co_await db.call(std::move(record)); views && !views->empty())
          for_watchers(sitting, protocol::IncidentRaised{views->front()});
      } else if (auto* survey = std::get_if<protocol::SurveyAnswers>(&*message)) {
        co_await handle_survey(s, std::move(*survey));
      } else if (auto* report = std::get_if<protocol::StationReport>(&*message)) {
        station_reports[s->station] = {*report, now_ms()};
      } else if (std::holds_alternative<protocol::Sync>(*message)) {
        const std::int64_t pid = s->participant;
        auto left = co_await db.call([pid](Store& st) {
          return pid == 0 ? protocol::TimeLeft{0, now_ms(), false} : st.time_left(pid, now_ms());
        });
        if (left) s->send(*left);
      } else {
        co_return "protocol violation: a station may not send " +
            std::string(protocol::name(*message));
      }
    }
  }

  // p.25: stores an anonymous survey unlinked (Store::store_survey). A station's connection may
  // send a teachers' survey at most every kTeacherSurveyEvery and kTeacherSurveysPerLink in all:
  // enough for a queue of teachers at one kiosk, too slow to flood the table.
  asio::awaitable<void> handle_survey(SessionPtr s, protocol::SurveyAnswers survey) {
    constexpr std::int64_t kTeacherSurveyEvery = 10'000;
    constexpr int kTeacherSurveysPerLink = 30;
    protocol::SurveyAck ack{survey.token, protocol::SurveyStatus::stored, 0};
    const std::int64_t now = now_ms();
    const bool teacher = survey.kind == protocol::SurveyKind::teacher;
    if (teacher) {
      if (s->teacher_surveys >= kTeacherSurveysPerLink) {
        ack.status = protocol::SurveyStatus::rate_limited;
        ack.retry_after_ms = 60'000;
      } else if (now - s->last_teacher_survey_ms < kTeacherSurveyEvery) {
        ack.status = protocol::SurveyStatus::rate_limited;
        ack.retry_after_ms = kTeacherSurveyEvery - (now - s->last_teacher_survey_ms);
      }
    }
    if (ack.status == protocol::SurveyStatus::stored) {
      auto store = [survey = std::move(survey), now](Store& st) {
        return st.store_survey(survey, now);
      };
      auto stored = co_await db.call(std::move(store));
      ack.status = stored ? *stored : protocol::SurveyStatus::storage_failed;
      if (!stored) ack.retry_after_ms = 2000;
      if (stored && *stored == protocol::SurveyStatus::stored && teacher) {
        s->teacher_surveys++;
        s->last_teacher_survey_ms = now;
      }
    }
    s->send(ack);
  }

  // [SECTION] Pairing by a short code (common/pairing.hpp)

  // Runs the exchange with an unpaired station; any error (a wrong code included) ends the
  // connection, and the success does too: the station reconnects with the server's key pinned.
  asio::awaitable<Result<void>> handle_pairing(SessionPtr s, protocol::Message message) {
    for (;;) {
      if (auto* start = std::get_if<protocol::PairStart>(&message); start && !s->pairing) {
        auto taken = [name = start->station_name](Store& st) { return st.station_named(name); };
        auto exists = co_await db.call(std::move(taken));
        if (start->station_name.empty() || !exists || *exists) {
          const std::string why = start->station_name.empty()
                                      ? "a station needs a name"
                                      : "a station named " + start->station_name +
                                            " is already paired: choose another name";
          s->send(protocol::PairDone{false, why, {}});
          co_return fail("pairing refused: " + why);
        }
        auto party = pairing_desk.begin(s->transcript, now_ms());
        if (!party) {
          s->send(protocol::PairDone{
              false, "no pairing code is open (expired, used, or too many attempts)", {}});
          co_return fail("pairing refused: no open code");
        }
        if (auto ok = party->finish(start->share); !ok) {
          s->send(protocol::PairDone{false, ok.error().what, {}});
          co_return fail("pairing refused: " + ok.error().what);
        }
        s->pairing_name = start->station_name;
        s->send(protocol::PairChallenge{Bytes(party->share().begin(), party->share().end())});
        s->pairing = std::move(party);
      } else if (auto* confirm = std::get_if<protocol::PairConfirm>(&message);
                 confirm && s->pairing) {
        if (!s->pairing->check(confirm->mac, true)) {
          log::warn("server", "pairing with a wrong code (attempt " +
                                  std::to_string(pairing_desk.attempts()) + " of " +
                                  std::to_string(PairingDesk::kMaxAttempts) + ")");
          s->send(protocol::PairDone{false, "wrong pairing code", {}});
          co_return fail("pairing refused: wrong code");
        }
        const std::string who = pairing_desk.consume();
        auto add = [name = s->pairing_name, key = s->key, who](Store& st) -> Result<void> {
          if (auto r = st.add_station(name, key); !r) return r;
          st.journal(who, "pair_by_code",
                     nlohmann::json{{"name", name}, {"key", crypto::fingerprint(key)}}.dump(),
                     now_ms());
          return {};
        };
        auto added = co_await db.call(std::move(add));
        if (!added || !*added) {
          const std::string why = !added ? added.error().what : added->error().what;
          s->send(protocol::PairDone{false, why, {}});
          co_return fail("pairing failed: " + why);
        }
        const pairing::Mac mac = s->pairing->server_mac();
        s->send(protocol::PairDone{true, s->pairing_name, Bytes(mac.begin(), mac.end())});
        log::info("server", "paired station " + s->pairing_name + " by code");
        co_return Result<void>{};
      } else {
        co_return fail("protocol violation: an unpaired station may not send " +
                       std::string(protocol::name(message)));
      }
      asio::steady_timer limit(io, std::chrono::milliseconds(options.handshake_timeout_ms));
      auto next = co_await (s->link->receive() || limit.async_wait(use_tuple));
      if (next.index() == 1) co_return fail("pairing took too long");
      auto& got = std::get<0>(next);
      if (!got) co_return std::unexpected(got.error());
      message = std::move(*got);
    }
  }

  // The salt and cost of the login's password hash: the station runs Argon2id itself and sends
  // the proof (crypto.hpp). A login the server does not know gets its decoy challenge.
  asio::awaitable<void> handle_login_start(SessionPtr s, protocol::LoginStart start) {
    auto find = [l = start.login](Store& st) { return st.find_login(l); };
    auto creds = co_await db.call(std::move(find));
    std::optional<crypto::PasswordChallenge> challenge;
    if (creds && *creds) challenge = crypto::challenge_of((*creds)->password_hash);
    if (!challenge) challenge = crypto::decoy_challenge(store->key().secret_key, start.login);
    s->send(protocol::LoginChallenge{std::move(start.login), std::move(challenge->salt),
                                     challenge->memory_kib, challenge->passes});
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
    // The proof is checked here, on the I/O thread: a BLAKE2b and a comparison (the slow hash ran
    // on the station). An unknown login costs the same check against the dummy hash.
    const bool valid = crypto::check_password_proof(
        *creds ? std::string_view((*creds)->password_hash) : std::string_view(dummy_proof_hash),
        login.proof);
    sodium_memzero(login.proof.data(), login.proof.size());
    if (!valid || !*creds) {
      if (limiter.failed(login.login, now_ms())) co_await report_guessing(s->station, login.login);
      log::warn("server", "failed login at station " + s->station);
      s->send(protocol::LoginRefused{protocol::LoginRefusal::wrong_credentials, 0});
      co_return ++s->failed_logins < 10;
    }
    limiter.succeeded(login.login);
    const std::int64_t pid = (*creds)->participant;
    auto sitting_of = [pid](Store& st) { return st.sitting_of(pid); };
    if (auto sitting = co_await db.call(std::move(sitting_of))) s->sitting = *sitting;
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
    s->personal_code = (*begun)->personal_code;
    s->send(std::move(**begun));
    seat_changed(pid);
    log::info("server", "login at station " + s->station);
    if (finished) {
      auto results = co_await db.call(
          [pid](Store& st) { return st.finish(pid, now_ms(), "already finished"); });
      if (results) s->send(std::move(*results));
    }
    co_return true;
  }

  // Stores a save; its ack (or refusal) leaves once the batch holding it has committed.
  void start_save(const SessionPtr& s, protocol::SaveAnswer save) {
    ++s->saves_in_flight;
    const std::int64_t pid = s->participant;
    const std::uint64_t seq = save.seq;
    db.submit(
        [pid, save = std::move(save)](Store& st) { return st.save_answer(pid, save, now_ms()); },
        [this, s, pid, seq](Result<SaveOutcome> outcome) {
          --s->saves_in_flight;
          answer_save(*s, pid, seq, outcome);
        });
  }

  // The back-pressure path: a station with 64 saves in flight waits for this one.
  asio::awaitable<void> handle_save(SessionPtr s, protocol::SaveAnswer save) {
    ++s->saves_in_flight;
    const std::int64_t pid = s->participant;
    auto store_save = [pid, save](Store& st) { return st.save_answer(pid, save, now_ms()); };
    auto outcome = co_await db.call(std::move(store_save));
    --s->saves_in_flight;
    answer_save(*s, pid, save.seq, outcome);
  }

  void answer_save(Session& s, std::int64_t pid, std::uint64_t seq,
                   const Result<SaveOutcome>& outcome) {
    if (!outcome) {
      s.send(protocol::SaveRefused{seq, protocol::SaveRefusal::storage_failed});
      storage_alarm(s.sitting, s.station, outcome.error().what);
    } else if (outcome->stored) {
      s.send(protocol::SaveAck{seq, outcome->remaining_ms});
      seat_changed(pid);
    } else {
      s.send(protocol::SaveRefused{seq, outcome->refusal});
    }
  }

  // [SECTION] The representative's console

  // Marks a seat changed; watching consoles get the new SeatView within kSeatPushDelay. Saves
  // arrive in bursts, so changes are gathered and read back from the database in one job.
  void seat_changed(std::int64_t participant) {
    if (consoles.empty()) return;
    dirty_seats.insert(participant);
    if (seat_push_pending) return;
    seat_push_pending = true;
    asio::co_spawn(io, push_seats(), asio::detached);
  }

  asio::awaitable<void> push_seats() {
    asio::steady_timer delay(io, std::chrono::milliseconds(300));
    co_await delay.async_wait(use_tuple);
    seat_push_pending = false;
    std::vector<std::int64_t> ids(dirty_seats.begin(), dirty_seats.end());
    dirty_seats.clear();
    auto read = [ids](Store& st) {
      std::vector<std::pair<std::int64_t, protocol::SeatView>> out;
      for (std::int64_t pid : ids) {
        const std::int64_t sitting = st.sitting_of(pid);
        for (auto& v : st.seat_views(sitting, now_ms(), pid))
          out.emplace_back(sitting, std::move(v));
      }
      return out;
    };
    auto views = co_await db.call(std::move(read));
    if (!views) co_return;
    for (auto& [sitting, view] : *views) {
      overlay_connection(view, sitting);
      for_watchers(sitting, protocol::SeatChanged{view});
    }
  }

  // Who is connected where lives in the sessions, not in the database.
  void overlay_connection(protocol::SeatView& view, std::int64_t sitting) {
    for (const auto& entry : sessions)
      if (auto s = entry.second.lock(); s && s->sitting == sitting && !s->link->closed() &&
                                        view.personal_code == s->personal_code) {
        view.connected = true;
        view.station = s->station;
      }
  }

  // Saves cannot be made durable (disk full, I/O error): the log and the watching consoles are
  // told at once, then at most every 10 s while it lasts. Not recorded: the disk is what failed.
  std::int64_t last_storage_alarm_ms = 0;
  void storage_alarm(std::int64_t sitting, const std::string& station, const std::string& why) {
    const std::int64_t now = now_ms();
    if (now - last_storage_alarm_ms < 10'000) return;
    last_storage_alarm_ms = now;
    log::error("server",
               "answers cannot be saved (disk full or failing), stations keep them: " + why);
    protocol::IncidentView v;
    v.at_ms = now;
    v.station = station;
    v.kind = protocol::IncidentKind::other;
    v.detail = "storage_failed: " + why;
    for_watchers(sitting, protocol::IncidentRaised{v});
  }

  void for_watchers(std::int64_t sitting, const protocol::Message& m) {
    for (const auto& weak : consoles)
      if (auto c = weak.lock();
          c && !c->representative.empty() && (c->watching == sitting || sitting == 0))
        c->send(m);
  }

  // Password guessing blocked a login (a student's, or a representative's when `login` is empty):
  // an incident for the representative's console and the journal, naming the station and, for a
  // student's login, the seat it targets.
  asio::awaitable<void> report_guessing(std::string station, std::string login) {
    log::warn("server", "password guessing at " + station + ": the login is blocked");
    auto record = [station, login](Store& st) {
      std::int64_t pid = 0;
      if (!login.empty())
        if (auto c = st.find_login(login)) pid = c->participant;
      // Kind `other` (the protocol's kinds are the station's); the detail names what happened.
      const protocol::Incident incident{
          protocol::IncidentKind::other,
          "login_guessing: " + std::to_string(LoginLimiter::kFailuresBeforeBlock) +
              " wrong passwords, login blocked",
          0};
      const std::int64_t id = st.record_incident(station, pid, incident, now_ms());
      const std::int64_t sitting = pid == 0 ? 0 : st.sitting_of(pid);
      return std::pair{sitting, st.incident_views(sitting, id)};
    };
    auto views = co_await db.call(std::move(record));
    if (views && !views->second.empty())
      for_watchers(views->first, protocol::IncidentRaised{views->second.front()});
  }

  // A live station of `participant`, if any.
  std::shared_ptr<Session> station_of(std::int64_t participant) {
    auto it = sessions.find(participant);
    return it == sessions.end() ? nullptr : it->second.lock();
  }

  asio::awaitable<Result<void>> handle_console(SessionPtr s, protocol::Message message) {
    if (auto* login = std::get_if<protocol::ConsoleLogin>(&message)) {
      const std::string key = "representative:" + login->login;
      if (const std::int64_t wait = limiter.blocked_for(key, now_ms()); wait > 0) {
        s->send(protocol::LoginRefused{protocol::LoginRefusal::rate_limited, wait});
        co_return Result<void>{};
      }
      auto find = [l = login->login](Store& st) { return st.find_representative(l); };
      auto rep = co_await db.call(std::move(find));
      if (!rep) co_return fail("database error: " + rep.error().what);
      const std::string hash = *rep ? (*rep)->password_hash : dummy_hash;
      auto check = [hash, pw = std::move(login->password)] {
        return crypto::verify_password(hash, pw);
      };
      if (!co_await offload(std::move(check)) || !*rep) {
        if (limiter.failed(key, now_ms())) co_await report_guessing(s->station, "");
        s->send(protocol::LoginRefused{protocol::LoginRefusal::wrong_credentials, 0});
        co_return ++s->failed_logins < 10 ? Result<void>{} : fail("too many failed sign-ins");
      }
      limiter.succeeded(key);
      s->representative = (*rep)->full_name;
      auto welcome = co_await db.call([](Store& st) {
        const School school = st.school();
        return protocol::ConsoleWelcome{"", school.code, school.name, st.sitting_summaries()};
      });
      if (!welcome) co_return fail("database error: " + welcome.error().what);
      welcome->representative = s->representative;
      s->send(std::move(*welcome));
      log::info("server", "representative signed in at console " + s->station);
      co_return Result<void>{};
    }
    if (s->representative.empty()) {
      s->send(protocol::LoginRefused{protocol::LoginRefusal::not_logged_in, 0});
      co_return Result<void>{};
    }
    if (auto* watch = std::get_if<protocol::Watch>(&message)) {
      s->watching = watch->sitting;
      const std::int64_t sitting = watch->sitting;
      auto read = [sitting](Store& st) {
        protocol::RoomView room;
        for (const auto& summary : st.sitting_summaries())
          if (summary.id == sitting) room.sitting = summary;
        room.seats = st.seat_views(sitting, now_ms());
        room.incidents = st.incident_views(sitting);
        return room;
      };
      auto room = co_await db.call(std::move(read));
      if (!room) co_return fail("database error: " + room.error().what);
      for (auto& seat : room->seats) overlay_connection(seat, sitting);
      s->send(std::move(*room));
      auto upload = co_await db.call([sitting](Store& st) { return st.upload_state(sitting); });
      if (upload && *upload) s->send(**upload);
      co_return Result<void>{};
    }
    if (auto* print = std::get_if<protocol::PrintForm>(&message)) {
      co_await send_form(s, std::move(*print));
      co_return Result<void>{};
    }
    if (std::holds_alternative<protocol::ListStations>(message)) {
      co_await send_station_list(s);
      co_return Result<void>{};
    }
    if (auto* file = std::get_if<protocol::NtcFile>(&message)) {
      co_await send_ntc_file(s, std::move(*file));
      co_return Result<void>{};
    }
    if (auto* command = std::get_if<protocol::Command>(&message);
        command && command->kind == protocol::CommandKind::new_pairing_code) {
      const auto opened = pairing_desk.open(s->representative, now_ms());
      auto record = [who = s->representative, expires = opened.expires_at_ms](Store& st) {
        st.journal(who, "pairing_code_opened", nlohmann::json{{"expires_at", expires}}.dump(),
                   now_ms());
        return true;
      };
      co_await db.call(std::move(record));
      log::info("server", "a pairing code was opened at console " + s->station);
      s->send(protocol::CommandReply{command->request, true, opened.code, opened.expires_at_ms});
      co_return Result<void>{};
    }
    if (auto* command = std::get_if<protocol::Command>(&message);
        command && command->kind == protocol::CommandKind::release_station) {
      co_await release_station(s, *command);
      co_return Result<void>{};
    }
    if (auto* command = std::get_if<protocol::Command>(&message)) {
      co_await run_command(s, std::move(*command));
      co_return Result<void>{};
    }
    if (std::holds_alternative<protocol::Sync>(message)) {
      // A quiet console asking for a sign of life (wire::receive_alive).
      s->send(protocol::TimeLeft{0, now_ms(), false});
      co_return Result<void>{};
    }
    co_return fail("protocol violation: a console may not send " +
                   std::string(protocol::name(message)));
  }

  // Issue 5: the representative lets a kiosk go from the console (the exit code's other way).
  // Only a station connected now can be told; the release is journaled with its actor.
  asio::awaitable<void> release_station(SessionPtr s, const protocol::Command& c) {
    int told = 0;
    for (const auto& w : all_stations)
      if (auto st = w.lock(); st && !st->link->closed() && st->station == c.reason) {
        st->send(protocol::Release{});
        ++told;
      }
    if (told == 0) {
      s->send(protocol::CommandReply{c.request, false,
                                     "station '" + c.reason + "' is not connected", 0});
      co_return;
    }
    auto record = [who = s->representative, station = c.reason](Store& st) {
      st.journal(who, "release_station", nlohmann::json{{"station", station}}.dump(), now_ms());
      return true;
    };
    co_await db.call(std::move(record));
    log::info("server",
              "station " + c.reason + " released from the kiosk by console " + s->station);
    s->send(protocol::CommandReply{c.request, true, "", 0});
  }

  // A form rendered by forms/ and sent in chunks under the channel's frame limit.
  asio::awaitable<void> send_form(SessionPtr s, protocol::PrintForm f) {
    ConsolePrint c;
    c.form = f.form;
    c.sitting = f.sitting;
    if (!f.personal_code.empty()) c.student = f.personal_code;
    if (f.act > 0) c.act = f.act;
    c.representative = s->representative;
    c.lang = f.language;
    auto work = [c](Store& st) -> Result<Bytes> {
      auto pdf = print_for_console(st, c, c.lang);
      if (pdf)
        st.journal(
            c.representative, "print_form",
            nlohmann::json{{"form", c.form}, {"sitting", c.sitting}, {"bytes", pdf->size()}}.dump(),
            now_ms());
      return pdf;
    };
    auto pdf = co_await db.call(std::move(work));
    send_chunks(*s, f.request,
                !pdf ? Result<Bytes>(std::unexpected(pdf.error())) : std::move(*pdf));
  }

  // A file in FormChunk pieces under the channel's frame limit (or the reason there is none).
  static void send_chunks(Session& s, std::uint32_t request, const Result<Bytes>& file) {
    if (!file) {
      s.send(protocol::FormChunk{request, 0, {}, true, file.error().what});
      return;
    }
    constexpr std::size_t kChunk = 512 * 1024;  // well under wire::kMaxFrameBytes
    const Bytes& bytes = *file;
    if (bytes.empty()) {
      s.send(protocol::FormChunk{request, 0, {}, true, ""});
      return;
    }
    for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, bytes.size() - at);
      s.send(protocol::FormChunk{request, bytes.size(),
                                 Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                       bytes.begin() + static_cast<std::ptrdiff_t>(at + n)),
                                 at + n == bytes.size(), ""});
    }
  }

  // [SECTION] The NTC from the console (p.26, issue 8)

  // The sealed bundle for a USB stick, or the organization's report fetched from the NTC.
  asio::awaitable<void> send_ntc_file(SessionPtr s, protocol::NtcFile f) {
    const std::uint32_t request = f.request;
    if (f.kind == protocol::NtcFileKind::bundle) {
      auto work = [f, who = s->representative](Store& st) -> Result<Bytes> {
        const auto key = st.ntc_key();
        if (!key) return fail("this server trusts no NTC key: run trust-ntc-key first");
        auto content = st.bundle_content(f.sitting);
        if (!content) return std::unexpected(content.error());
        Bytes sealed = seal_bundle(*content, st.key(), *key);
        st.journal(
            who, "export_bundle",
            nlohmann::json{
                {"sitting", f.sitting}, {"bundle", bundle_id(*content)}, {"bytes", sealed.size()}}
                .dump(),
            now_ms());
        return sealed;
      };
      auto file = co_await db.call(std::move(work));
      send_chunks(*s, request,
                  !file ? Result<Bytes>(std::unexpected(file.error())) : std::move(*file));
      co_return;
    }
    struct Asked {
      NtcLink link;
      std::string request;
      std::string campaign;
    };
    auto ask = [f](Store& st) -> Result<Asked> {
      std::string campaign = f.campaign;
      if (campaign.empty())
        for (const auto& summary : st.sitting_summaries())
          if (summary.id == f.sitting) campaign = summary.campaign;
      if (campaign.empty()) return fail("which campaign's report: the sitting is unknown");
      auto link = ntc_link(st);
      if (!link) return std::unexpected(link.error());
      return Asked{*link, report_request(st, campaign), campaign};
    };
    auto asked = co_await db.call(std::move(ask));
    if (!asked || !*asked) {
      send_chunks(*s, request, fail(!asked ? asked.error().what : asked->error().what));
      co_return;
    }
    auto post = [link = (*asked)->link, body = (*asked)->request] {
      return post_report_request(link, body);
    };
    auto pdf = co_await offload_to(ntc_pool, std::move(post));
    auto record = [who = s->representative, campaign = (*asked)->campaign,
                   outcome =
                       pdf ? std::to_string(pdf->size()) + " bytes" : pdf.error().what](Store& st) {
      st.journal(who, "fetch_report",
                 nlohmann::json{{"campaign", campaign}, {"outcome", outcome}}.dump(), now_ms());
      return true;
    };
    co_await db.call(std::move(record));
    if (!pdf) {
      send_chunks(*s, request, std::unexpected(pdf.error()));
      co_return;
    }
    send_chunks(*s, request, Bytes(pdf->begin(), pdf->end()));
  }

  // The server sends an ended sitting's bundle until the NTC's receipt arrives, retrying with
  // back-off (1 s doubling to 60 s); every state is kept in the database (a restart resumes it)
  // and pushed to the consoles watching the sitting.
  std::set<std::int64_t> uploading;  // sittings whose upload_loop runs

  void start_upload(std::int64_t sitting) {
    if (!uploading.insert(sitting).second) return;
    asio::co_spawn(io, upload_loop(sitting), asio::detached);
  }

  asio::awaitable<void> resume_uploads() {
    auto pending = co_await db.call([](Store& st) { return st.pending_uploads(); });
    if (!pending) co_return;
    for (std::int64_t sitting : *pending) start_upload(sitting);
  }

  asio::awaitable<void> upload_loop(std::int64_t sitting) {
    struct Running {
      std::set<std::int64_t>& set;
      std::int64_t id;
      ~Running() { set.erase(id); }
    } running{uploading, sitting};
    auto wait = std::chrono::seconds(1);
    for (;;) {
      struct Prepared {
        protocol::UploadState state;
        NtcLink link;
        Bytes sealed;  // empty: nothing (more) to send
      };
      auto prepare = [sitting](Store& st) -> Result<Prepared> {
        auto state = st.upload_state(sitting);
        if (!state) return fail("no upload was asked for");
        Prepared p{*state, {}, {}};
        if (state->state == "received" || state->state == "refused") return p;
        p.state.updated_ms = now_ms();
        auto link = ntc_link(st);
        auto content = st.bundle_content(sitting);
        if (!link || !content) {
          p.state.state = "refused";
          p.state.last_error = !link ? link.error().what : content.error().what;
          st.set_upload_state(p.state);
          return p;
        }
        p.state.bundle_id = bundle_id(*content);
        if (auto receipt = st.ntc_receipt(p.state.bundle_id)) {
          const auto fields = nlohmann::json::parse(*receipt, nullptr, false);
          p.state.state = "received";
          p.state.last_error.clear();
          p.state.receipt_at_ms =
              fields.is_object() ? fields.value("received_at", std::int64_t{0}) : 0;
          st.set_upload_state(p.state);
          return p;
        }
        p.link = *link;
        p.sealed = seal_bundle(*content, st.key(), link->key);
        p.state.state = "sending";
        ++p.state.attempts;
        p.state.next_attempt_ms = 0;
        st.set_upload_state(p.state);
        return p;
      };
      auto prepared = co_await db.call(std::move(prepare));
      if (!prepared || !*prepared) {
        log::warn("server", "upload of sitting " + std::to_string(sitting) + ": " +
                                (!prepared ? prepared.error().what : prepared->error().what));
        co_return;
      }
      Prepared& p = **prepared;
      for_watchers(sitting, p.state);
      if (p.sealed.empty()) co_return;
      auto send = [link = p.link, sealed = std::move(p.sealed), id = p.state.bundle_id] {
        return post_bundle(link, sealed, id);
      };
      const UploadAttempt sent = co_await offload_to(ntc_pool, std::move(send));
      auto record = [sitting, sent, u = p.state, wait](Store& st) mutable {
        u.updated_ms = now_ms();
        switch (sent.outcome) {
          case UploadAttempt::Outcome::received:
          case UploadAttempt::Outcome::duplicate:
            st.save_ntc_receipt(u.bundle_id, sitting, sent.receipt, sent.signature);
            u.state = "received";
            u.last_error.clear();
            u.receipt_at_ms = sent.received_at_ms;
            break;
          case UploadAttempt::Outcome::refused:
            u.state = "refused";
            u.last_error = sent.error;
            st.journal("server", "ntc_upload_refused",
                       nlohmann::json{{"sitting", sitting}, {"reason", sent.error}}.dump(),
                       u.updated_ms);
            break;
          case UploadAttempt::Outcome::retry:
            u.state = "retrying";
            u.last_error = sent.error;
            u.next_attempt_ms =
                u.updated_ms + std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
            break;
        }
        st.set_upload_state(u);
        return u;
      };
      auto recorded = co_await db.call(std::move(record));
      if (!recorded) co_return;
      log::info("server",
                "upload of sitting " + std::to_string(sitting) + ": " + recorded->state +
                    (recorded->last_error.empty() ? "" : " (" + recorded->last_error + ")"));
      for_watchers(sitting, *recorded);
      if (recorded->state != "retrying") co_return;
      asio::steady_timer pause(io, wait);
      co_await pause.async_wait(use_tuple);
      wait = std::min<std::chrono::seconds>(wait * 2, std::chrono::seconds(60));
    }
  }

  // The paired stations with what each reported and whether it is online now.
  asio::awaitable<void> send_station_list(SessionPtr s) {
    const std::int64_t sitting = s->watching;
    auto read = [sitting](Store& st) {
      protocol::StationList list;
      list.stations = st.station_views();
      list.package_ready = st.package_ready(sitting);
      list.server_free_disk_mb = st.free_disk_mb();
      return list;
    };
    auto list = co_await db.call(std::move(read));
    if (!list) co_return;
    list->server_time_ms = now_ms();
    std::set<std::string> online;
    for (const auto& weak : consoles)
      if (auto c = weak.lock(); c && !c->link->closed()) online.insert(c->station);
    for (const auto& w : all_stations)
      if (auto st = w.lock(); st && !st->link->closed()) online.insert(st->station);
    for (auto& v : list->stations) {
      v.online = online.contains(v.name);
      if (auto it = station_reports.find(v.name); it != station_reports.end()) {
        const auto& r = it->second.report;
        v.version = r.version;
        v.clock_offset_ms = r.station_clock_ms - it->second.at_ms;
        v.screen = r.screen;
        v.renderer = r.renderer;
        v.free_disk_mb = r.free_disk_mb;
        v.reported_at_ms = it->second.at_ms;
      }
    }
    s->send(std::move(*list));
  }

  // One action of the representative: done in one database job (journaled by the store),
  // answered, and then shown where it matters (the station, the watching consoles).
  asio::awaitable<void> run_command(SessionPtr s, protocol::Command c) {
    using protocol::CommandKind;
    struct Outcome {
      Result<std::int64_t> result = 0;
      std::int64_t participant = 0;
      std::string message;
      std::vector<std::int64_t> finished;  // tests ended by the command
    };
    auto work = [c, who = s->representative](Store& st) {
      Outcome out;
      const std::int64_t now = now_ms();
      auto need_student = [&]() -> Result<std::int64_t> {
        auto pid = st.participant_of(c.sitting, c.personal_code);
        if (!pid)
          return fail("no student with personal code " + c.personal_code + " in sitting " +
                      std::to_string(c.sitting));
        out.participant = *pid;
        return *pid;
      };
      auto done = [&](Result<void> r) -> Result<std::int64_t> {
        if (!r) return std::unexpected(r.error());
        return 0;
      };
      switch (c.kind) {
        case CommandKind::identify:
          if (auto pid = need_student(); !pid) {
            out.result = std::unexpected(pid.error());
          } else {
            const auto views = st.seat_views(c.sitting, now, *pid);
            out.message = views.front().full_name + "|" + views.front().class_name + "|" +
                          views.front().status;
          }
          break;
        case CommandKind::admit:
        case CommandKind::mark_absent: {
          std::optional<AbsenceReason> reason;
          if (c.kind == CommandKind::mark_absent) {
            reason = parse_absence_reason(c.reason);
            if (!reason) {
              out.result = fail("'" + c.reason + "' is not a reason of p.12");
              break;
            }
          }
          (void)need_student();
          auto name = st.check_in(c.sitting, c.personal_code, reason);
          if (!name)
            out.result = std::unexpected(name.error());
          else
            out.message = *name;
          break;
        }
        case CommandKind::start_sitting:
          out.result = done(st.set_state(c.sitting, SittingState::open, now));
          break;
        case CommandKind::end_sitting: {
          for (const auto& v : st.seat_views(c.sitting, now))
            if (v.status == "testing")
              out.finished.push_back(*st.participant_of(c.sitting, v.personal_code));
          out.result = done(st.set_state(c.sitting, SittingState::ended, now));
          break;
        }
        case CommandKind::cancel_sitting:
          if (c.reason.empty()) {
            out.result = fail("a cancellation needs its reason (p.15)");
            break;
          }
          st.journal(who, "cancel_reason",
                     nlohmann::json{{"sitting", c.sitting}, {"reason", c.reason}}.dump(), now);
          out.result = done(st.set_state(c.sitting, SittingState::cancelled, now));
          break;
        case CommandKind::leave_room:
          if (auto pid = need_student())
            out.result = done(st.leave_room(*pid, c.number == 1, c.reason, who, now));
          else
            out.result = std::unexpected(pid.error());
          break;
        case CommandKind::return_to_room:
          if (auto pid = need_student())
            out.result = done(st.return_to_room(*pid, who, now));
          else
            out.result = std::unexpected(pid.error());
          break;
        case CommandKind::extend_time:
          if (auto pid = need_student())
            out.result = done(st.extend_time(*pid, static_cast<int>(c.number), c.reason, who, now));
          else
            out.result = std::unexpected(pid.error());
          break;
        case CommandKind::acknowledge_incident:
          out.result = done(st.acknowledge_incident(c.number, who, now));
          break;
        case CommandKind::record_act: {
          if (auto pid = need_student(); !pid) {
            out.result = std::unexpected(pid.error());
            break;
          }
          ActRecord act;
          act.kind = c.act.impostor ? ActKind::impostor : ActKind::confiscation;
          act.sitting = c.sitting;
          act.personal_code = c.personal_code;
          act.representative = who;
          for (std::size_t i = 0; i < c.act.item_names.size(); ++i)
            act.items.push_back(
                {c.act.item_names[i], c.act.item_brands[i], c.act.item_quantities[i]});
          act.drawn_up_by = c.act.drawn_up_by;
          act.impostor_full_name = c.act.impostor_full_name;
          act.found_at_admission = c.act.found_at_admission;
          act.corrects = c.act.corrects;
          out.result = st.record_act(act, now);
          break;
        }
        case CommandKind::new_pairing_code:  // answered by handle_console, on the I/O thread
        case CommandKind::release_station:
          out.result = fail("answered on the I/O thread, not a database command");
          break;
        case CommandKind::move_student:
          if (auto pid = need_student())
            out.result = done(st.move_student(*pid, c.reason, who, now));
          else
            out.result = std::unexpected(pid.error());
          break;
        case CommandKind::assign_station:
          out.result =
              done(st.assign_station(c.sitting, static_cast<int>(c.number), c.reason, who, now));
          break;
        case CommandKind::upload_bundle: {
          auto content = st.bundle_content(c.sitting);
          if (!content) {
            out.result = std::unexpected(content.error());
            break;
          }
          if (auto link = ntc_link(st); !link) {
            out.result = std::unexpected(link.error());
            break;
          }
          auto u = st.upload_state(c.sitting).value_or(protocol::UploadState{});
          if (u.state.empty() || u.state == "refused") {
            u = protocol::UploadState{};
            u.sitting = c.sitting;
            u.state = "queued";
            u.bundle_id = bundle_id(*content);
            u.requested_by = who;
            u.updated_ms = now;
            st.set_upload_state(u);
          }
          st.journal(who, "ntc_upload_requested",
                     nlohmann::json{{"sitting", c.sitting}, {"bundle", bundle_id(*content)}}.dump(),
                     now);
          out.message = u.state;
          break;
        }
        case CommandKind::plan_seating:
          out.result = st.plan_seating(c.sitting, who, now);
          break;
        case CommandKind::read_act: {
          const auto act = st.act(c.number);
          if (!act || act->sitting != c.sitting) {
            out.result = fail("sitting " + std::to_string(c.sitting) + " has no act " +
                              std::to_string(c.number));
            break;
          }
          nlohmann::json items = nlohmann::json::array();
          for (const auto& item : act->items)
            items.push_back(
                {{"name", item.name}, {"brand", item.brand}, {"quantity", item.quantity}});
          out.message = nlohmann::json{{"impostor", act->kind == ActKind::impostor},
                                       {"personal_code", act->personal_code},
                                       {"items", items},
                                       {"drawn_up_by", act->drawn_up_by},
                                       {"impostor_full_name", act->impostor_full_name},
                                       {"found_at_admission", act->found_at_admission}}
                            .dump();
          out.result = act->number;
          break;
        }
        case CommandKind::record_readiness: {
          ReadinessRecord r;
          r.sitting = c.sitting;
          r.representative = who;
          r.head_full_name = c.readiness.head_full_name;
          r.technician_full_name = c.readiness.technician_full_name;
          for (std::size_t i = 0; i < c.readiness.texts.size(); ++i)
            r.checks.push_back(
                {c.readiness.texts[i], c.readiness.ok[i] != 0, c.readiness.notes[i]});
          out.result = st.record_readiness(r, now);
          break;
        }
      }
      return out;
    };
    const auto request = c.request;
    const auto kind = c.kind;
    const std::int64_t sitting = c.sitting;
    auto outcome = co_await db.call(std::move(work));
    protocol::CommandReply reply{request, false, "", 0};
    if (!outcome) {
      reply.message = "database error: " + outcome.error().what;
    } else if (!outcome->result) {
      reply.message = outcome->result.error().what;
    } else {
      reply.ok = true;
      reply.value = *outcome->result;
      reply.message = outcome->message;
    }
    s->send(reply);
    if (!reply.ok) co_return;

    // Show the effect where it matters.
    const std::int64_t pid = outcome->participant;
    if (kind == CommandKind::record_act) {
      // p.20-21: the station says the results are annulled, and the test is over.
      if (auto station = station_of(pid)) {
        auto results =
            co_await db.call([pid](Store& st) { return st.finish(pid, now_ms(), "act"); });
        if (results) station->send(*results);
      }
    } else if (kind == CommandKind::leave_room || kind == CommandKind::return_to_room ||
               kind == CommandKind::extend_time) {
      if (auto station = station_of(pid)) {
        auto left = co_await db.call([pid](Store& st) { return st.time_left(pid, now_ms()); });
        if (left) station->send(*left);
      }
    } else if (kind == CommandKind::move_student) {
      // The old station stops; the student signs in at the spare one with the same slip.
      if (auto station = station_of(pid)) {
        sessions.erase(pid);
        station->participant = 0;
        station->send(protocol::Superseded{});
      }
    } else if (kind == CommandKind::end_sitting) {
      for (std::int64_t ended : outcome->finished)
        if (auto station = station_of(ended)) {
          auto results = co_await db.call(
              [ended](Store& st) { return st.finish(ended, now_ms(), "sitting_ended"); });
          if (results) station->send(*results);
        }
    } else if (kind == CommandKind::cancel_sitting) {
      for (const auto& [p, weak] : sessions)
        if (auto station = weak.lock(); station && station->sitting == sitting) {
          station->send(protocol::LoginRefused{protocol::LoginRefusal::sitting_not_open, 0});
          station->link->end_after_flush();
        }
    }
    if (kind == CommandKind::upload_bundle) start_upload(sitting);
    if (kind == CommandKind::start_sitting || kind == CommandKind::end_sitting ||
        kind == CommandKind::cancel_sitting || kind == CommandKind::plan_seating) {
      // Every seat may have changed: send the whole room again.
      for (const auto& weak : consoles)
        if (auto console = weak.lock(); console && console->watching == sitting)
          co_await handle_console(console, protocol::Watch{sitting});
    } else if (pid != 0) {
      seat_changed(pid);
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
        seat_changed(pid);
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
  asio::thread_pool ntc_pool{1};  // HTTPS to the NTC: seconds per request, never on the I/O thread
  GroupCommit db;
  std::string dummy_hash;        // a representative's login the server does not know
  std::string dummy_proof_hash;  // a student's
  LoginLimiter limiter;
  PairingDesk pairing_desk;
  struct SeenReport {
    protocol::StationReport report;
    std::int64_t at_ms = 0;  // server time
  };
  std::unordered_map<std::string, SeenReport> station_reports;  // by station name
  std::vector<std::weak_ptr<Session>> all_stations;             // connected, logged in or not
  std::unordered_map<std::int64_t, std::weak_ptr<Session>> sessions;
  std::vector<std::weak_ptr<Session>> consoles;
  std::set<std::int64_t> dirty_seats;
  bool seat_push_pending = false;
  int connections = 0;
  int handshaking = 0;                                    // connections before their handshake
  std::unordered_map<std::string, int> handshaking_from;  // ... by peer address
  long refused_handshakes = 0;
};

Service::Service(std::unique_ptr<Store> store, ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(store), std::move(options))) {}

Service::~Service() {
  impl_->db.stop();
  impl_->hash_pool.join();
  impl_->ntc_pool.stop();
  impl_->ntc_pool.join();
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
  asio::co_spawn(impl_->io, impl_->resume_uploads(), asio::detached);
  impl_->io.run();
  impl_->db.stop();
}

void Service::stop() {
  asio::post(impl_->io, [this] { impl_->stop(); });
}

}  // namespace bbzhm::server
