// The station client: a network thread runs one coroutine that keeps the link up (reconnecting
// with back-off), logs in, resends every unacknowledged save, and applies the server's replies.
// All state lives on that thread; other threads see published snapshots.
#include "station/client.hpp"

#include <sys/stat.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <iterator>
#include <thread>

#include "common/connection.hpp"
#include "common/log.hpp"
#include "common/published.hpp"
#include "station/pending_journal.hpp"

namespace bbzhm::station {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
namespace fs = std::filesystem;

constexpr auto kMaxBackoff = 5s;

Result<std::string> read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return fail("cannot read " + file.string());
  return line;
}

}  // namespace

std::int64_t Snapshot::time_left_ms() const {
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - remaining_at);
  return std::max<std::int64_t>(0, remaining_ms - elapsed.count());
}

Result<crypto::PublicKey> pair_station(const fs::path& dir, const crypto::PublicKey& server_key,
                                       const std::string& server_address) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  const crypto::SigningKey key = crypto::SigningKey::generate();
  if (auto w = crypto::write_key_file(dir / kStationKeyFile, key); !w)
    return std::unexpected(w.error());
  std::ofstream(dir / kServerKeyFile) << crypto::to_hex(server_key) << "\n";
  std::ofstream(dir / kServerAddressFile) << server_address << "\n";
  return key.public_key;
}

Result<StationConfig> load_config(const fs::path& dir) {
  StationConfig c;
  c.dir = dir;
  auto key = read_line(dir / kServerKeyFile);
  if (!key)
    return fail(dir.string() + " is not a paired station folder: run 'bbzhm-station pair' first");
  auto pinned = crypto::public_key_from_hex(*key);
  if (!pinned) return fail((dir / kServerKeyFile).string() + ": " + pinned.error().what);
  c.server_key = *pinned;
  auto address = read_line(dir / kServerAddressFile);
  if (!address) return std::unexpected(address.error());
  const auto colon = address->rfind(':');
  if (colon == std::string::npos)
    return fail((dir / kServerAddressFile).string() + ": expected HOST:PORT");
  c.host = address->substr(0, colon);
  c.port = static_cast<std::uint16_t>(std::atoi(address->c_str() + colon + 1));
  return c;
}

struct StationClient::Impl {
  Impl(StationConfig c, crypto::SigningKey k, PendingJournal j)
      : config(std::move(c)),
        key(std::move(k)),
        journal(std::move(j)),
        wake(io),
        retry(io),
        login_retry(io),
        survey_retry(io) {
    wake.expires_at(asio::steady_timer::time_point::max());
  }

  // [SECTION] Publishing state

  void publish() {
    state.version++;
    state.unacknowledged = pending.size();
    state.surveys_pending = journal.surveys().size();
    published.publish(state);
  }

  bool online() const { return link && !link->closed() && state.link == Link::online; }

  void set_remaining(std::int64_t ms) {
    state.remaining_ms = ms;
    state.remaining_at = std::chrono::steady_clock::now();
  }

  // [SECTION] Commands (run on the network thread)

  void do_login(std::string login, std::string password) {
    if (state.phase == Phase::testing || state.phase == Phase::logging_in) return;
    credentials = {std::move(login), std::move(password)};
    proof = {};
    pending = journal.pending(credentials->first);
    state.phase = Phase::logging_in;
    state.refusal.reset();
    state.results.reset();
    state.sitting.reset();
    state.answers.clear();
    finish_requested = false;
    publish();
    if (online()) {
      send_login();
    } else {
      wake.cancel();
    }
  }

  void do_answer(std::string item, std::string response) {
    if (state.phase != Phase::testing || !credentials) return;
    const std::uint64_t seq = next_seq++;
    PendingSave save{item, response};
    if (auto w = journal.record_save(credentials->first, seq, save); !w) {
      state.last_error = w.error().what;
      log::error("station", w.error().what);
    }
    pending[seq] = save;
    state.answers[item] = response;
    publish();
    if (online()) link->send(protocol::SaveAnswer{seq, std::move(item), std::move(response)});
  }

  void do_finish() {
    if (state.phase != Phase::testing) return;
    finish_requested = true;
    send_finish_when_saved();
  }

  // The server scores what it holds, so Finish goes only after every save is acknowledged.
  void send_finish_when_saved() {
    if (finish_requested && pending.empty() && online()) link->send(protocol::Finish{});
  }

  void do_report(protocol::Incident incident) {
    incidents.push_back(std::move(incident));
    flush_incidents();
  }

  void flush_incidents() {
    if (!online()) return;
    for (auto& i : incidents) link->send(i);
    incidents.clear();
  }

  void do_survey(protocol::SurveyKind kind, std::vector<int> answers, Language language) {
    protocol::SurveyAnswers survey;
    survey.kind = kind;
    survey.language = language;
    if (kind == protocol::SurveyKind::student) {
      if (!state.results || state.results->survey_ticket.empty()) {
        log::warn("station", "no survey ticket with these results: the survey is not sent");
        return;
      }
      survey.ticket = state.results->survey_ticket;
      // One survey per results on screen: a second press sends nothing.
      state.results->survey_ticket.clear();
    }
    for (int a : answers) survey.answers.push_back(static_cast<std::uint8_t>(a));
    survey.token.resize(16);
    crypto::random_fill(survey.token);
    const std::string token = crypto::to_hex(survey.token);
    if (auto w = journal.record_survey(token, protocol::encode(survey)); !w) {
      state.last_error = w.error().what;
      log::error("station", w.error().what);
    }
    publish();
    if (online()) {
      link->send(survey);
    } else {
      wake.cancel();
    }
  }

  void flush_surveys() {
    if (!online()) return;
    for (const auto& [token, message] : journal.surveys())
      if (auto m = protocol::decode(message)) link->send(*m);
  }

  // Readiness facts for the console (p.19): version, clock, screen, renderer, free disk.
  void send_report() {
    std::error_code ec;
    const auto space = fs::space(config.dir, ec);
    const std::int64_t clock = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    link->send(protocol::StationReport{BBZHM_VERSION, clock, config.screen, config.renderer,
                                       ec ? -1 : static_cast<std::int64_t>(space.available >> 20)});
  }

  // The password itself never leaves the station: the first login asks the server how to hash
  // it (LoginStart, answered by a LoginChallenge); later ones send the proof kept from then.
  void send_login() {
    if (proof.empty()) {
      link->send(protocol::LoginStart{credentials->first});
      return;
    }
    link->send(protocol::Login{credentials->first, Bytes(proof.view().begin(), proof.view().end()),
                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count()});
  }

  void forget_credentials() {
    if (credentials) std::fill(credentials->second.begin(), credentials->second.end(), '\0');
    credentials.reset();
    proof = {};
  }

  // [SECTION] Messages from the server

  void apply(protocol::LoginOk ok) {
    logged_in_on_link = true;
    state.refusal.reset();
    state.answers.clear();
    for (const auto& a : ok.answers) state.answers[a.item_id] = a.response;
    // Answers given here but not yet acknowledged are newer than what the server holds.
    for (const auto& [seq, save] : pending) state.answers[save.item_id] = save.response;
    next_seq =
        std::max(ok.next_seq, pending.empty() ? std::uint64_t{1} : pending.rbegin()->first + 1);
    set_remaining(ok.remaining_ms);
    state.phase = ok.finished ? Phase::logging_in : Phase::testing;
    ok.answers.clear();
    ok.answers.shrink_to_fit();
    state.sitting = std::make_shared<const protocol::LoginOk>(std::move(ok));
    for (const auto& [seq, save] : pending)
      link->send(protocol::SaveAnswer{seq, save.item_id, save.response});
    send_finish_when_saved();
  }

  // Argon2id of the password on this station (tens of milliseconds on a lab PC, once a login).
  void apply(const protocol::LoginChallenge& c) {
    if (!credentials || c.login != credentials->first || !proof.empty() ||
        state.phase != Phase::logging_in)
      return;
    proof = crypto::prove_password(credentials->second, {c.salt, c.memory_kib, c.passes});
    if (proof.empty()) {
      log::error("station", "the server asked for a password hash outside this product's bounds");
      state.phase = Phase::refused;
      state.refusal = protocol::LoginRefused{protocol::LoginRefusal::wrong_credentials, 0};
      forget_credentials();
      return;
    }
    std::fill(credentials->second.begin(), credentials->second.end(), '\0');
    send_login();
  }

  void apply(const protocol::LoginRefused& r) {
    state.refusal = r;
    if (r.reason == protocol::LoginRefusal::sitting_not_open) {
      // The representative has not started the sitting yet: ask again shortly.
      retry_login_after(std::chrono::milliseconds(std::max<std::int64_t>(r.retry_after_ms, 3000)));
      return;
    }
    if (r.reason == protocol::LoginRefusal::not_logged_in) {
      if (credentials) send_login();
      return;
    }
    state.phase = Phase::refused;
    forget_credentials();
  }

  void apply(const protocol::SaveAck& ack) {
    if (pending.erase(ack.seq) > 0 && credentials) journal.record_ack(credentials->first, ack.seq);
    set_remaining(ack.remaining_ms);
    send_finish_when_saved();
  }

  void apply(const protocol::SaveRefused& r) {
    if (r.reason == protocol::SaveRefusal::storage_failed) {
      // Not durable on the server (its disk): keep it and send everything again shortly.
      state.last_error = "the server could not store an answer; retrying";
      resend_after(2s);
      return;
    }
    // Time over, finished, annulled or invalid: this save can never be stored.
    if (pending.erase(r.seq) > 0 && credentials) journal.record_ack(credentials->first, r.seq);
    send_finish_when_saved();
  }

  void apply(protocol::Results results) {
    state.results = std::move(results);
    state.phase = Phase::finished;
    if (credentials) journal.forget(credentials->first);
    pending.clear();
    forget_credentials();
  }

  void apply(const protocol::TimeLeft& t) { set_remaining(t.remaining_ms); }

  void apply(const protocol::SurveyAck& ack) {
    const std::string token = crypto::to_hex(ack.token);
    if (!journal.surveys().contains(token)) return;
    if (ack.status == protocol::SurveyStatus::rate_limited ||
        ack.status == protocol::SurveyStatus::storage_failed) {
      // Not stored yet: send every kept survey again later.
      survey_retry.expires_after(
          std::chrono::milliseconds(std::max<std::int64_t>(ack.retry_after_ms, 1000)));
      survey_retry.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) flush_surveys();
      });
      return;
    }
    if (ack.status == protocol::SurveyStatus::refused)
      log::warn("station", "the server refused a survey; it is dropped");
    journal.record_survey_done(token);
    state.surveys_answered++;
  }

  void apply(protocol::StationPolicy policy) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    state.clock_skew_ms = policy.server_time_ms - now;
    save_policy(policy);
    state.policy = std::move(policy);
  }

  void save_policy(const protocol::StationPolicy& policy) {
    Writer w;
    w.str(policy.station_name);
    w.str(policy.exit_code_hash);
    w.boolean(policy.block_on_alarm);
    const fs::path tmp = config.dir / (std::string(kPolicyFile) + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(w.bytes().data()),
                static_cast<std::streamsize>(w.bytes().size()));
    }
    fs::rename(tmp, config.dir / kPolicyFile);
  }

  void load_policy() {
    std::ifstream in(config.dir / kPolicyFile, std::ios::binary);
    if (!in) return;
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Reader r(bytes);
    protocol::StationPolicy p;
    p.station_name = r.str();
    p.exit_code_hash = r.str();
    p.block_on_alarm = r.boolean();
    if (r.done()) state.policy = std::move(p);
  }

  void apply(const protocol::Superseded&) {
    state.phase = Phase::superseded;
    forget_credentials();
    if (link) link->end_after_flush();
  }

  void apply(const protocol::Release&) { state.released = true; }

  template <class T>
  void apply(const T&) {}  // messages only a server receives

  // Also mid-test: a station that lost its link while the server's disk was full is refused at
  // its re-login, and must ask again once the server can start its attempt.
  void retry_login_after(std::chrono::milliseconds delay) {
    login_retry.expires_after(delay);
    login_retry.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && online() && credentials && !logged_in_on_link &&
          (state.phase == Phase::logging_in || state.phase == Phase::testing))
        send_login();
    });
  }

  void resend_after(std::chrono::milliseconds delay) {
    retry.expires_after(delay);
    retry.async_wait([this](const boost::system::error_code& ec) {
      if (ec || !online()) return;
      for (const auto& [seq, save] : pending)
        link->send(protocol::SaveAnswer{seq, save.item_id, save.response});
    });
  }

  // [SECTION] The link

  asio::awaitable<void> run() {
    auto backoff = std::chrono::milliseconds(200);
    while (!stopping) {
      const bool want_link =
          config.stay_connected ||
          (credentials && (state.phase == Phase::logging_in || state.phase == Phase::testing)) ||
          !journal.surveys().empty();
      if (!want_link) {
        co_await wake.async_wait(use_tuple);
        continue;
      }
      state.link = Link::connecting;
      publish();
      const bool reached = co_await connect_once();
      if (stopping) break;
      state.link = Link::offline;
      link.reset();
      publish();
      if (reached) backoff = std::chrono::milliseconds(200);
      asio::steady_timer pause(io, backoff);
      co_await pause.async_wait(use_tuple);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
    }
  }

  // One connection, until it fails. Returns whether the server was reached.
  asio::awaitable<bool> connect_once() {
    auto connected = co_await wire::connect(config.host, config.port, key, config.server_key);
    if (!connected) {
      // Said once, not at every retry of a lab's outage.
      if (connected.error().what != state.last_error)
        log::warn("station", "cannot connect: " + connected.error().what);
      state.last_error = connected.error().what;
      co_return false;
    }
    link = *connected;
    logged_in_on_link = false;
    state.link = Link::online;
    state.last_error.clear();
    send_report();
    if (credentials) send_login();
    flush_incidents();
    flush_surveys();
    publish();

    auto deliver = [this](protocol::Message message) {
      std::visit([this](auto&& m) { apply(std::move(m)); }, std::move(message));
      publish();
    };
    auto failure = co_await wire::receive_until_closed(link, config.keep_alive,
                                                       config.receive_timeout, stopping, deliver);
    if (!failure.empty()) state.last_error = std::move(failure);
    co_return true;
  }

  StationConfig config;
  crypto::SigningKey key;
  PendingJournal journal;
  asio::io_context io{1};
  asio::steady_timer wake;
  asio::steady_timer retry;        // resending saves the server could not store
  asio::steady_timer login_retry;  // a login refused until the sitting (or the disk) is ready
  asio::steady_timer survey_retry;
  std::thread thread;
  bool stopping = false;

  Snapshot state;
  std::optional<std::pair<std::string, std::string>> credentials;
  crypto::Secret proof;  // of the password in `credentials`, once the server's challenge came
  bool logged_in_on_link = false;  // a LoginOk came on the current link
  std::map<std::uint64_t, PendingSave> pending;
  std::uint64_t next_seq = 1;
  bool finish_requested = false;
  std::vector<protocol::Incident> incidents;  // waiting for the link
  std::shared_ptr<wire::Connection> link;

  Published<Snapshot> published;
};

// [SECTION] The public face

StationClient::StationClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<StationClient>> StationClient::start(StationConfig config) {
  auto key = crypto::read_key_file(config.dir / kStationKeyFile);
  if (!key) return std::unexpected(key.error());
  auto journal = PendingJournal::open(config.dir / kJournalFile,
                                      crypto::derive_key(*key, "bbzhm station journal"));
  if (!journal) return std::unexpected(journal.error());
  auto impl = std::make_unique<Impl>(std::move(config), std::move(*key), std::move(*journal));
  Impl& i = *impl;
  i.load_policy();
  i.publish();
  asio::co_spawn(i.io, i.run(), asio::detached);
  i.thread = std::thread([&i] { i.io.run(); });
  return std::make_unique<StationClient>(std::move(impl));
}

StationClient::~StationClient() {
  asio::post(impl_->io, [i = impl_.get()] {
    i->stopping = true;
    if (i->link) i->link->close();
    i->wake.cancel();
    i->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
}

void StationClient::login(std::string login, std::string password) {
  asio::post(impl_->io, [i = impl_.get(), l = std::move(login), p = std::move(password)]() mutable {
    i->do_login(std::move(l), std::move(p));
  });
}

void StationClient::answer(std::string item_id, std::string response) {
  asio::post(impl_->io,
             [i = impl_.get(), item = std::move(item_id), r = std::move(response)]() mutable {
               i->do_answer(std::move(item), std::move(r));
             });
}

void StationClient::finish() {
  asio::post(impl_->io, [i = impl_.get()] { i->do_finish(); });
}

void StationClient::report(protocol::IncidentKind kind, std::string detail) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  asio::post(impl_->io, [i = impl_.get(),
                         incident = protocol::Incident{kind, std::move(detail), now}]() mutable {
    i->do_report(std::move(incident));
  });
}

bool StationClient::exit_code_matches(std::string_view code) const {
  const Snapshot s = snapshot();
  return s.policy && !s.policy->exit_code_hash.empty() &&
         crypto::verify_password(s.policy->exit_code_hash, code);
}

void StationClient::send_survey(protocol::SurveyKind kind, std::vector<int> answers,
                                Language language) {
  asio::post(impl_->io, [i = impl_.get(), kind, a = std::move(answers), language]() mutable {
    i->do_survey(kind, std::move(a), language);
  });
}

Snapshot StationClient::snapshot() const {
  return impl_->published.snapshot();
}

Snapshot StationClient::wait_for_change(std::uint64_t seen,
                                        std::chrono::milliseconds timeout) const {
  return impl_->published.wait_for_change(seen, timeout);
}

void StationClient::on_change(std::function<void()> callback) {
  impl_->published.on_change(std::move(callback));
}

}  // namespace bbzhm::station
