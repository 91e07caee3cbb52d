// Simulated stations: one Asio thread, one coroutine per station.
#include "tests/reliability/fleet.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <random>

#include "common/connection.hpp"
#include "common/sqlite.hpp"
#include "server/store.hpp"
#include "station/client.hpp"

namespace bbzhm::test {
namespace {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A valid response for `item`, different for each `round`.
std::string response_for(const Item& item, int round) {
  switch (item.kind) {
    case ItemKind::numeric:
      return std::to_string(round + 1);
    case ItemKind::short_text:
      return "w" + std::to_string(round);
    default:
      return item.choices.empty()
                 ? std::string()
                 : item.choices[static_cast<std::size_t>(round) % item.choices.size()].id;
  }
}

struct SimStation {
  std::string login;
  std::string password;
  crypto::SigningKey key;
  crypto::PublicKey server_key{};
  std::vector<Item> items;  // from the first LoginOk
  std::uint64_t next_seq = 1;
  std::size_t next_item = 0;
  int round = 0;
  bool done = false;
};

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(use_tuple);
}

}  // namespace

struct Fleet::Impl {
  asio::io_context io;
  Options options;
  std::uint16_t port = 0;
  std::vector<SimStation> stations;
  std::atomic<bool> wrapping{false};
  std::atomic<int> running{0};
  mutable std::mutex mutex;  // guards figures and promises
  FleetFigures figures;
  std::map<std::pair<std::string, std::string>, Promise> promises;
  std::thread thread;
  std::mt19937 random{20270415};

  // Waits for one message, or gives up after the reply timeout (a stalled link).
  asio::awaitable<std::optional<protocol::Message>> receive(wire::Connection& link) {
    asio::steady_timer timer(io, options.reply_timeout);
    auto r = co_await (link.receive() || timer.async_wait(use_tuple));
    if (r.index() == 1) co_return std::nullopt;
    auto& m = std::get<0>(r);
    if (!m) co_return std::nullopt;
    co_return std::move(*m);
  }

  void note_error(const SimStation& s, const std::string& what) {
    std::lock_guard lock(mutex);
    figures.errors.push_back(s.login + ": " + what);
  }

  // One connection's life: login, then saves until done or the link fails.
  // Returns true when the station has its results.
  asio::awaitable<bool> session(SimStation& s, std::optional<protocol::SaveAnswer>& pending) {
    auto link = co_await wire::connect("127.0.0.1", port, s.key, s.server_key);
    if (!link) co_return false;
    auto close = [&link] { (*link)->close(); };
    (*link)->send(protocol::LoginStart{s.login});
    for (;;) {
      auto m = co_await receive(**link);
      if (!m) {
        close();
        co_return false;
      }
      if (auto* c = std::get_if<protocol::LoginChallenge>(&*m)) {
        const auto proof = crypto::prove_password(s.password, {c->salt, c->memory_kib, c->passes});
        (*link)->send(protocol::Login{s.login, Bytes(proof.view().begin(), proof.view().end()), 0});
        continue;
      }
      if (auto* refused = std::get_if<protocol::LoginRefused>(&*m)) {
        if (refused->reason != protocol::LoginRefusal::rate_limited)
          note_error(s, "login refused " + std::to_string(static_cast<int>(refused->reason)));
        close();
        co_await sleep_for(std::chrono::milliseconds(
            std::max<std::int64_t>(200, std::min<std::int64_t>(refused->retry_after_ms, 2000))));
        co_return false;
      }
      if (auto* ok = std::get_if<protocol::LoginOk>(&*m)) {
        if (ok->finished) {
          close();
          co_return true;
        }
        if (s.items.empty())
          for (const auto& b : ok->booklets)
            for (const auto& i : b.items) s.items.push_back(i);
        s.next_seq = std::max(s.next_seq, ok->next_seq);
        break;
      }
    }
    for (;;) {
      if (!pending) {
        const bool all_once = s.round > 0;
        if (all_once && wrapping) {
          (*link)->send(protocol::Finish{});
          for (;;) {
            auto m = co_await receive(**link);
            if (!m) {
              close();
              co_return false;
            }
            if (std::holds_alternative<protocol::Results>(*m)) {
              close();
              co_return true;
            }
          }
        }
        const Item& item = s.items[s.next_item];
        protocol::SaveAnswer save{s.next_seq++, item.id, response_for(item, s.round)};
        {
          std::lock_guard lock(mutex);
          auto canonical = normalize_response(item, save.response);
          promises[{s.login, item.id}].sent[save.seq] = canonical ? *canonical : save.response;
        }
        pending = save;
        if (++s.next_item == s.items.size()) {
          s.next_item = 0;
          ++s.round;
        }
      }
      (*link)->send(*pending);
      {
        std::lock_guard lock(mutex);
        ++figures.sent;
      }
      for (;;) {
        auto m = co_await receive(**link);
        if (!m) {
          close();
          co_return false;
        }
        if (auto* ack = std::get_if<protocol::SaveAck>(&*m); ack && ack->seq == pending->seq) {
          std::lock_guard lock(mutex);
          ++figures.acked;
          auto& p = promises[{s.login, pending->item_id}];
          if (pending->seq > p.acked_seq) {
            p.acked_seq = pending->seq;
            p.acked_response = p.sent[pending->seq];
          }
          pending.reset();
          break;
        }
        if (auto* no = std::get_if<protocol::SaveRefused>(&*m); no && no->seq == pending->seq) {
          {
            std::lock_guard lock(mutex);
            ++figures.refused;
          }
          if (no->reason != protocol::SaveRefusal::storage_failed) {
            note_error(s, "save refused " + std::to_string(static_cast<int>(no->reason)));
            close();
            s.done = true;
            co_return false;
          }
          co_await sleep_for(200ms);
          break;  // resend
        }
      }
      co_await sleep_for(options.pause);
    }
  }

  asio::awaitable<void> station(SimStation& s) {
    std::optional<protocol::SaveAnswer> pending;
    for (int attempt = 0; !s.done; ++attempt) {
      if (attempt > 0) {
        {
          std::lock_guard lock(mutex);
          ++figures.reconnects;
        }
        co_await sleep_for(std::chrono::milliseconds(50 + random() % 200));
      }
      if (co_await session(s, pending)) {
        std::lock_guard lock(mutex);
        ++figures.finished;
        s.done = true;
      }
    }
  }
};

Fleet::Fleet(School& school, std::uint16_t port, std::size_t first, std::size_t count,
             Options options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->port = port;
  for (std::size_t i = first; i < first + count && i < school.slips.size(); ++i) {
    const std::string name = (i + 1 < 10 ? "F0" : "F") + std::to_string(i + 1);
    const auto dir = school.pair_station(name);
    auto config = station::load_config(dir);
    auto key = crypto::read_key_file(dir / station::kStationKeyFile);
    if (!config || !key) throw std::runtime_error("cannot read the paired station " + dir.string());
    SimStation s;
    s.login = school.slips[i].login;
    s.password = school.slips[i].password;
    s.key = std::move(*key);
    s.server_key = config->server_key;
    impl_->stations.push_back(std::move(s));
  }
  for (auto& s : impl_->stations) {
    ++impl_->running;
    asio::co_spawn(impl_->io, impl_->station(s), [i = impl_.get()](std::exception_ptr e) {
      if (e) {
        std::lock_guard lock(i->mutex);
        i->figures.errors.push_back("a station's coroutine threw");
      }
      --i->running;
    });
  }
  impl_->thread = std::thread([i = impl_.get()] { i->io.run(); });
}

Fleet::~Fleet() {
  impl_->io.stop();
  impl_->thread.join();
}

void Fleet::wrap_up() {
  impl_->wrapping = true;
}

bool Fleet::wait_done(std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (impl_->running > 0 && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(20ms);
  return impl_->running == 0;
}

FleetFigures Fleet::figures() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->figures;
}

std::map<std::pair<std::string, std::string>, Promise> Fleet::promises() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->promises;
}

Problems Fleet::check(const std::filesystem::path& database) const {
  const auto promised = promises();
  Problems p;
  // Answers are sealed at rest: read them through the server's store, as the server does.
  auto store = server::Store::open(database.parent_path());
  if (!store) throw std::runtime_error(store.error().what);
  std::map<std::pair<std::string, std::string>, std::vector<server::AnswerRow>> stored;
  for (auto& a : (*store)->answer_rows()) stored[{a.login, a.item_id}].push_back(std::move(a));
  for (const auto& [key, rows] : stored) p.duplicated += static_cast<long>(rows.size()) - 1;
  for (const auto& [key, promise] : promised) {
    const auto row = stored.find(key);
    const bool found = row != stored.end();
    const auto seq = found ? static_cast<std::uint64_t>(row->second.front().seq) : 0;
    const std::string response = found ? row->second.front().response : std::string();
    const std::string where = key.first + "/" + key.second;
    if (promise.acked_seq > 0 && seq < promise.acked_seq) {
      ++p.lost;
      p.details.push_back(where + ": acknowledged seq " + std::to_string(promise.acked_seq) +
                          ", stored " + std::to_string(seq));
      continue;
    }
    if (!found) continue;
    auto sent = promise.sent.find(seq);
    if (sent == promise.sent.end() || sent->second != response) {
      ++p.wrong;
      p.details.push_back(where + ": stored seq " + std::to_string(seq) + " '" + response +
                          "' was never sent so");
    }
  }
  return p;
}

}  // namespace bbzhm::test
