// bbzhm-loadgen: N simulated stations against a real bbzhm-server process, each with its own
// connection over the real secure channel and protocol, measured against the disk's own limit
// in the same run. Prints one line per station count and a final `key=value ...` line.
//
// A simulated station speaks the protocol directly (common/connection + common/protocol) rather
// than through StationClient: a real station syncs its own answer journal on its own disk, and
// 300 of them on this one machine would measure the load generator's fsyncs, not the server's.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "common/args.hpp"
#include "common/connection.hpp"
#include "common/iin.hpp"
#include "server/service.hpp"
#include "server/store.hpp"
#include "station/client.hpp"
#include "tests/support/process.hpp"

namespace bbzhm::bench {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Options {
  std::vector<int> stations = {30, 100, 300};
  double seconds = 5;
  double rate = 1000;  // saves per second in total for the latency phase
};

// [SECTION] The machine's own limits, measured in the same run

// Student password checks (Argon2id at the server's cost), on `threads` threads at once as a
// server's password pool would run them (they share the caches and the memory bus): checks per
// second. A login burst whose checks ran on the server could not beat N of them; the stations
// now run them, each its own (crypto.hpp), and this figure is what that design no longer pays.
double password_checks_per_s(int threads) {
  const std::string hash = crypto::hash_password("Bq7-K2p-9xM", crypto::PasswordCost::moderate);
  std::atomic<long> checks{0};
  const auto start = Clock::now();
  const auto end = start + 1500ms;
  std::vector<std::jthread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      while (Clock::now() < end) {
        if (!crypto::verify_password(hash, "Bq7-K2p-9xM")) throw std::runtime_error("password");
        ++checks;
      }
    });
  pool.clear();
  return static_cast<double>(checks) / std::chrono::duration<double>(Clock::now() - start).count();
}

double sqlite_commits_per_s(const std::filesystem::path& dir, int rows_per_commit, double seconds) {
  sqlite::Database db(dir / ("limit-" + std::to_string(rows_per_commit) + ".db"),
                      sqlite::Database::Mode::read_write_create);
  db.exec("CREATE TABLE t(a INTEGER, b TEXT, c INTEGER)");
  auto insert = db.prepare("INSERT INTO t VALUES(?, 'G9M-03', ?)");
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  long rows = 0;
  const auto start = Clock::now();
  while (Clock::now() < end) {
    sqlite::Transaction tx(db);
    for (int i = 0; i < rows_per_commit; ++i, ++rows) insert.bind(1, rows).bind(2, rows).run();
    tx.commit();
  }
  return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - start).count();
}

// The disk alone at the lab's rate: one row per transaction (synchronous=FULL, WAL, as the
// server's database), started `rate` times a second on a steady clock as the saves arrive. Each
// commit's latency and the CPU it costs (this thread's, kernel included) bound what the server
// can do at that rate when it answers each save on its own commit: the floor of its p50, p99 and
// CPU per save.
struct PacedCommits {
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double cpu_us_per_commit = 0;
};

double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double percentile(std::vector<double> v, double p);

PacedCommits paced_commits(const std::filesystem::path& dir, double rate, double seconds) {
  sqlite::Database db(dir / "limit-paced.db", sqlite::Database::Mode::read_write_create);
  db.exec("CREATE TABLE t(a INTEGER, b TEXT, c INTEGER)");
  auto insert = db.prepare("INSERT INTO t VALUES(?, 'G9M-03', ?)");
  std::vector<double> latencies;
  const auto period =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  const double cpu0 = thread_cpu_s();
  long rows = 0;
  for (auto due = Clock::now(); due < end; due += period, ++rows) {
    std::this_thread::sleep_until(due);
    const auto start = Clock::now();
    sqlite::Transaction tx(db);
    insert.bind(1, rows).bind(2, rows).run();
    tx.commit();
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  PacedCommits out;
  out.cpu_us_per_commit = rows == 0 ? 0 : (thread_cpu_s() - cpu0) * 1e6 / static_cast<double>(rows);
  out.p50_ms = percentile(latencies, 0.50);
  out.p99_ms = percentile(latencies, 0.99);
  out.p999_ms = percentile(latencies, 0.999);
  return out;
}

// [SECTION] A school with N students, paired stations and an open sitting

struct Seat {
  std::string login;
  std::string password;
  std::filesystem::path dir;
  crypto::PasswordChallenge challenge;  // of the stored hash, to prove the password ahead
  Bytes proof;
};

std::vector<Seat> prepare_school(const std::filesystem::path& root, int n,
                                 std::string& server_key_hex) {
  const auto data = root / "school";
  if (auto r = server::Store::create(data, {"010203", "Bench school"}); !r)
    throw std::runtime_error(r.error().what);
  auto store = server::Store::open(data);
  if (!store) throw std::runtime_error(store.error().what);
  server_key_hex = crypto::to_hex((*store)->key().public_key);
  std::vector<server::RosterStudent> students;
  for (int i = 0; students.size() < static_cast<std::size_t>(n); ++i) {
    std::string first11 = std::to_string(10000 + i % 10000);  // serial digits 8-11
    first11 = "1103155" + first11.substr(first11.size() - 4);
    const char control = iin_control_digit(first11);
    if (control == 0) continue;
    server::RosterStudent s{first11 + control,
                            "Оқушы",
                            "Нөмір" + std::to_string(i),
                            "",
                            Stage::school,
                            9,
                            "9А",
                            Language::kk,
                            std::nullopt,
                            i + 2};
    students.push_back(std::move(s));
  }
  auto forms = item_bank::load_forms(BBZHM_SAMPLE_FORMS_DIR);
  if (!forms) throw std::runtime_error(forms.error().what);
  std::vector<Seat> seats;
  sqlite::Transaction tx((*store)->db());
  (*store)->import_roster(students, "bench");
  auto created =
      (*store)->create_sitting({"2027-04", 9, "9А", "1"}, *forms, crypto::PasswordCost::moderate);
  if (!created) throw std::runtime_error(created.error().what);
  for (const auto& l : created->logins) {
    if (auto r = (*store)->check_in(created->id, l.personal_code, std::nullopt); !r)
      throw std::runtime_error(r.error().what);
    auto creds = (*store)->find_login(l.login);
    auto challenge = creds ? crypto::challenge_of(creds->password_hash) : std::nullopt;
    if (!challenge) throw std::runtime_error("no password hash for " + l.login);
    Seat seat{l.login,
              l.password,
              root / ("station-" + std::to_string(l.seat)),
              std::move(*challenge),
              {}};
    seats.push_back(std::move(seat));
  }
  if (auto r = (*store)->set_state(created->id, server::SittingState::open, server::now_ms()); !r)
    throw std::runtime_error(r.error().what);
  auto server_key = crypto::public_key_from_hex(server_key_hex);
  for (std::size_t i = 0; i < seats.size(); ++i) {
    auto key = station::pair_station(seats[i].dir, *server_key, "127.0.0.1:0");
    if (!key) throw std::runtime_error(key.error().what);
    if (auto r = (*store)->add_station("S" + std::to_string(i + 1), *key); !r)
      throw std::runtime_error(r.error().what);
  }
  tx.commit();
  return seats;
}

// [SECTION] Simulated stations

struct Acked {
  std::int64_t participant_seq_item = 0;
};

struct Run {
  std::vector<double> latencies_ms;  // ack latency of every acknowledged save (latency phase)
  long acked = 0;
  long refused = 0;
  int logged_in = 0;
  double login_burst_s = 0;
  // The newest acknowledged (seq, response) per login and item: what the database must hold.
  std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::string>> expected;
};

struct Station {
  Seat seat;
  crypto::SigningKey key;
  std::shared_ptr<wire::Connection> link;
  std::vector<std::pair<std::string, std::string>> answers;  // item, a valid response
  std::uint64_t next_seq = 1;
  std::string failure;  // why it could not log in
};

std::vector<std::pair<std::string, std::string>> answer_sheet(const protocol::LoginOk& ok) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& b : ok.booklets)
    for (const auto& i : b.items)
      out.emplace_back(i.id, i.kind == ItemKind::numeric ? "12.5" : i.choices.front().id);
  return out;
}

class Fleet {
 public:
  Fleet(std::vector<Seat> seats, std::uint16_t port, crypto::PublicKey server_key)
      : port_(port), server_key_(server_key) {
    for (auto& s : seats) {
      auto key = crypto::read_key_file(s.dir / station::kStationKeyFile);
      stations_.push_back(Station{std::move(s), std::move(*key), nullptr, {}, 1, {}});
    }
  }

  // All stations connect and log in at once; returns how long until the last got its booklets.
  double login_all() {
    const auto start = Clock::now();
    for (auto& s : stations_) spawn(login(s));
    run_until_done();
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  // Closed loop: each station sends its next save as soon as the previous one is acknowledged.
  void saturate(double seconds, Run& run) {
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    for (auto& s : stations_) spawn(closed_loop(s, end, run));
    run_until_done();
  }

  // Open loop at `rate` saves per second in total, spread evenly over the stations.
  void paced(double seconds, double rate, Run& run) {
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    const auto period = std::chrono::duration<double>(static_cast<double>(stations_.size()) / rate);
    for (std::size_t i = 0; i < stations_.size(); ++i) {
      const auto offset = period * (static_cast<double>(i) / static_cast<double>(stations_.size()));
      spawn(open_loop(stations_[i], end, period, offset, run));
    }
    run_until_done();
  }

  // "12 × connect: ..., 3 × refused (rate_limited)": why the stations that could not log in could
  // not.
  std::string login_failures() const {
    std::map<std::string, int> why;
    for (const auto& s : stations_)
      if (s.answers.empty()) ++why[s.failure.empty() ? "no answer" : s.failure];
    std::string out;
    for (const auto& [text, count] : why)
      out += (out.empty() ? "" : ", ") + std::to_string(count) + " × " + text;
    return out;
  }

  int reconnects() const { return reconnects_; }

  int logged_in() const {
    return static_cast<int>(
        std::ranges::count_if(stations_, [](const Station& s) { return !s.answers.empty(); }));
  }

  void close() {
    for (auto& s : stations_)
      if (s.link) s.link->close();
    io_.poll();
  }

 private:
  // The connections' writers wait forever, so the context never runs out of work: each phase
  // counts its coroutines and stops the context when the last one ends.
  void spawn(asio::awaitable<void> task) {
    ++running_;
    asio::co_spawn(io_, std::move(task), [this](std::exception_ptr) {
      if (--running_ == 0) io_.stop();
    });
  }
  void run_until_done() {
    if (running_ > 0) io_.run();
    io_.restart();
  }
  int running_ = 0;
  int reconnects_ = 0;  // connections tried again during the login burst

  asio::awaitable<void> login(Station& s) {
    // As a station does: a server that closes a connection during its handshake (more than
    // its `max_handshakes` at once) is tried again after 200 ms, 400 ms, ... up to 5 s.
    const auto give_up = Clock::now() + 60s;
    auto link = co_await wire::connect("127.0.0.1", port_, s.key, server_key_);
    for (auto backoff = 200ms; !link && Clock::now() < give_up;
         backoff = std::min(backoff * 2, 5000ms)) {
      ++reconnects_;
      asio::steady_timer pause(io_, backoff);
      co_await pause.async_wait(use_tuple);
      link = co_await wire::connect("127.0.0.1", port_, s.key, server_key_);
    }
    if (!link) {
      s.failure = "connect: " + link.error().what;
      co_return;
    }
    s.link = *link;
    s.link->send(protocol::LoginStart{s.seat.login});
    for (;;) {
      auto m = co_await s.link->receive();
      if (!m) {
        s.failure = "waiting for the login's answer: " + m.error().what;
        co_return;
      }
      if (auto* c = std::get_if<protocol::LoginChallenge>(&*m)) {
        // Each lab PC runs its own Argon2id while the others run theirs: the proof made ahead
        // (timed in `prove_ahead`) stands in for it, if the challenge is the one it answers.
        if (c->salt != s.seat.challenge.salt || c->memory_kib != s.seat.challenge.memory_kib ||
            c->passes != s.seat.challenge.passes) {
          s.failure = "a challenge other than the stored hash's";
          co_return;
        }
        s.link->send(protocol::Login{s.seat.login, s.seat.proof, 0});
        continue;
      }
      if (auto* ok = std::get_if<protocol::LoginOk>(&*m)) {
        s.answers = answer_sheet(*ok);
        s.next_seq = ok->next_seq;
        co_return;
      }
      if (auto* refused = std::get_if<protocol::LoginRefused>(&*m)) {
        s.failure = "refused (" + std::string(protocol::code(refused->reason)) + ")";
        co_return;
      }
    }
  }

  void record(Run& run, const Station& s, std::uint64_t seq,
              const std::pair<std::string, std::string>& answer) {
    auto& e = run.expected[{s.seat.login, answer.first}];
    if (seq > e.first) e = {seq, answer.second};
  }

  asio::awaitable<void> closed_loop(Station& s, Clock::time_point end, Run& run) {
    if (!s.link || s.answers.empty()) co_return;
    std::size_t next = 0;
    while (Clock::now() < end) {
      const auto& answer = s.answers[next++ % s.answers.size()];
      const std::uint64_t seq = s.next_seq++;
      s.link->send(protocol::SaveAnswer{seq, answer.first, answer.second});
      auto m = co_await s.link->receive();
      if (!m) co_return;
      if (std::holds_alternative<protocol::SaveAck>(*m)) {
        ++run.acked;
        record(run, s, seq, answer);
      } else {
        ++run.refused;
      }
    }
  }

  asio::awaitable<void> open_loop(Station& s, Clock::time_point end,
                                  std::chrono::duration<double> period,
                                  std::chrono::duration<double> offset, Run& run) {
    if (!s.link || s.answers.empty()) co_return;
    std::map<std::uint64_t, std::pair<Clock::time_point, std::size_t>> in_flight;
    bool acks_done = false;
    asio::co_spawn(io_, acks(s, in_flight, run),
                   [&acks_done](std::exception_ptr) { acks_done = true; });
    asio::steady_timer timer(io_);
    auto due = Clock::now() + std::chrono::duration_cast<Clock::duration>(offset);
    for (std::size_t next = 0; due < end; ++next) {
      timer.expires_at(due);
      co_await timer.async_wait(use_tuple);
      const std::uint64_t seq = s.next_seq++;
      const std::size_t which = next % s.answers.size();
      in_flight[seq] = {Clock::now(), which};
      s.link->send(protocol::SaveAnswer{seq, s.answers[which].first, s.answers[which].second});
      due += std::chrono::duration_cast<Clock::duration>(period);
    }
    // Let the last acknowledgements arrive, then stop the reader (it ends with the link).
    timer.expires_after(500ms);
    co_await timer.async_wait(use_tuple);
    s.link->close();
    while (!acks_done) {
      timer.expires_after(10ms);
      co_await timer.async_wait(use_tuple);
    }
  }

  asio::awaitable<void> acks(
      Station& s, std::map<std::uint64_t, std::pair<Clock::time_point, std::size_t>>& in_flight,
      Run& run) {
    for (;;) {
      auto m = co_await s.link->receive();
      if (!m) co_return;
      if (auto* ack = std::get_if<protocol::SaveAck>(&*m)) {
        auto it = in_flight.find(ack->seq);
        if (it == in_flight.end()) continue;
        run.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - it->second.first).count());
        ++run.acked;
        record(run, s, ack->seq, s.answers[it->second.second]);
        in_flight.erase(it);
      } else if (std::holds_alternative<protocol::SaveRefused>(*m)) {
        ++run.refused;
      }
    }
  }

  asio::io_context io_{1};
  std::uint16_t port_;
  crypto::PublicKey server_key_;
  std::vector<Station> stations_;
};

// [SECTION] Measuring the server process

struct ProcessSample {
  double cpu_s = 0;
  double rss_mib = 0;
};

ProcessSample sample(pid_t pid) {
  ProcessSample out;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string f;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) out.cpu_s += std::stod(f) / static_cast<double>(sysconf(_SC_CLK_TCK));
    if (i == 15) out.cpu_s += std::stod(f) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) out.rss_mib = std::stod(line.substr(6)) / 1024;
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::ranges::sort(v);
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Answers acknowledged but not in the database (or older there than acknowledged).
long count_lost(const std::filesystem::path& db_path, const Run& run) {
  sqlite::Database db(db_path, sqlite::Database::Mode::read_write);
  auto q = db.prepare(
      "SELECT a.seq FROM answers a JOIN participants p ON p.id = a.participant_id "
      "WHERE p.login = ? AND a.item_id = ?");
  long lost = 0;
  for (const auto& [key, value] : run.expected) {
    q.bind(1, key.first).bind(2, key.second);
    if (!q.step() || static_cast<std::uint64_t>(q.integer(0)) < value.first) ++lost;
    q.reset();
  }
  return lost;
}

// Each station's proof of its password, made ahead as its own PC would make it when the student
// presses "log in": returns the longest one in seconds (the burst's part that runs on the
// stations, all at once in a lab).
double prove_ahead(std::vector<Seat>& seats, std::vector<double>& each_ms) {
  double longest = 0;
  for (auto& s : seats) {
    const auto start = Clock::now();
    const crypto::Secret proof = crypto::prove_password(s.password, s.challenge);
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    if (proof.empty()) throw std::runtime_error("cannot prove the password of " + s.login);
    s.proof.assign(proof.view().begin(), proof.view().end());
    each_ms.push_back(took * 1000);
    longest = std::max(longest, took);
  }
  return longest;
}

struct Figures {
  int stations = 0;
  double login_burst_s = 0;     // the wire part and one station's proof
  double login_wire_s = 0;      // connect, handshake, challenge, check, booklets: all N
  double station_proof_ms = 0;  // one station's Argon2id (median; the burst adds the longest)
  double station_proof_max_ms = 0;
  double login_floor_s = 0;        // N password checks over two threads: the server-side design
  double login_server_cores = 0;   // the server's CPU seconds in the burst over its length
  double login_loadgen_cores = 0;  // the simulated stations' own, on the same two cores
  int login_reconnects = 0;        // connections the server closed in the burst, tried again
  double naive_limit_per_s = 0;    // the disk's one-commit-per-save limit, just before this count
  double saves_per_s = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
  double server_cpu_pct = 0;
  double server_cpu_us_per_save = 0;
  PacedCommits commits;  // the disk alone at the same rate, just before the latency phase
  double server_rss_mib = 0;
  long acked_lost = 0;
};

Figures measure(int n, const Options& o, const std::filesystem::path& root) {
  std::string server_key_hex;
  auto seats = prepare_school(root, n, server_key_hex);
  const auto log = root / "server.log";
  test::Child server(
      // 300 stations from one address stand in for 300 addresses: lift the per-address limit.
      {BBZHM_SERVER_BIN, "serve", "--data", (root / "school").string(), "--listen", "127.0.0.1:0",
       "--max-handshakes-per-address", "100000"},
      log);
  const std::string line = server.wait_for_line("listening on", 20s);
  if (line.empty()) throw std::runtime_error("the server did not start: " + test::read_file(log));
  const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));

  Figures f;
  f.stations = n;
  // The limits next to the figures they bound: the disk and the CPU move from minute to minute.
  f.naive_limit_per_s = sqlite_commits_per_s(root, 1, std::min(o.seconds, 2.0));
  f.login_floor_s = n / password_checks_per_s(server::ServiceOptions{}.password_threads);
  std::vector<double> proof_ms;
  f.station_proof_max_ms = prove_ahead(seats, proof_ms) * 1000;
  f.station_proof_ms = percentile(proof_ms, 0.5);
  Fleet fleet(std::move(seats), port, *crypto::public_key_from_hex(server_key_hex));
  const ProcessSample before_login = sample(server.pid()), loadgen_before = sample(getpid());
  f.login_wire_s = fleet.login_all();
  f.login_burst_s = f.login_wire_s + f.station_proof_max_ms / 1000;
  // How many of the two cores the server and the simulated stations kept busy on the wire.
  f.login_server_cores = (sample(server.pid()).cpu_s - before_login.cpu_s) / f.login_wire_s;
  f.login_loadgen_cores = (sample(getpid()).cpu_s - loadgen_before.cpu_s) / f.login_wire_s;
  f.login_reconnects = fleet.reconnects();
  if (fleet.logged_in() != n)
    throw std::runtime_error(std::to_string(n - fleet.logged_in()) +
                             " stations could not log in: " + fleet.login_failures());

  Run saturated;
  const auto t0 = Clock::now();
  fleet.saturate(o.seconds, saturated);
  f.saves_per_s = static_cast<double>(saturated.acked) /
                  std::chrono::duration<double>(Clock::now() - t0).count();

  f.commits = paced_commits(root, o.rate, std::min(o.seconds, 3.0));
  Run paced;
  const ProcessSample before = sample(server.pid());
  const auto t1 = Clock::now();
  fleet.paced(o.seconds, o.rate, paced);
  const ProcessSample after = sample(server.pid());
  f.server_cpu_pct =
      100 * (after.cpu_s - before.cpu_s) / std::chrono::duration<double>(Clock::now() - t1).count();
  f.server_cpu_us_per_save =
      paced.acked == 0 ? 0 : (after.cpu_s - before.cpu_s) * 1e6 / static_cast<double>(paced.acked);
  f.server_rss_mib = after.rss_mib;
  f.p50_ms = percentile(paced.latencies_ms, 0.50);
  f.p99_ms = percentile(paced.latencies_ms, 0.99);
  f.p999_ms = percentile(paced.latencies_ms, 0.999);
  f.max_ms = percentile(paced.latencies_ms, 1.0);
  fleet.close();

  // Every acknowledged answer must be durable: kill the server without warning, then look.
  server.signal(SIGKILL);
  server.wait();
  for (const auto& [k, v] : paced.expected)
    saturated.expected[k] = std::max(saturated.expected[k], v);
  f.acked_lost = count_lost(root / "school" / server::kDatabaseFile, saturated);
  return f;
}

}  // namespace
}  // namespace bbzhm::bench

int main(int argc, char** argv) {
  using namespace bbzhm;
  crypto::init();
  auto args = Args::parse(argc, argv);
  if (!args) {
    std::cerr << "bbzhm-loadgen: " << args.error().what << "\n";
    return 2;
  }
  if (auto ok = args->only({"stations", "seconds", "rate"}); !ok) {
    std::cerr << "bbzhm-loadgen: " << ok.error().what
              << "\nusage: bbzhm-loadgen --stations N[,N...] --seconds S [--rate R]\n";
    return 2;
  }
  bench::Options o;
  if (auto s = args->get("stations")) {
    o.stations.clear();
    std::istringstream list(*s);
    for (std::string n; std::getline(list, n, ',');) o.stations.push_back(std::stoi(n));
  }
  o.seconds = std::stod(args->get("seconds").value_or("5"));
  o.rate = std::stod(args->get("rate").value_or("1000"));

  test::TempDir dir;
  const double naive = bench::sqlite_commits_per_s(dir.path(), 1, std::min(o.seconds, 3.0));
  const double batched = bench::sqlite_commits_per_s(dir.path(), 100, std::min(o.seconds, 3.0));
  std::printf(
      "disk: naive_limit_per_s=%.0f batched_100_rows_per_s=%.0f password_checks_per_s_1=%.1f "
      "password_checks_per_s_%d=%.1f\n",
      naive, batched, bench::password_checks_per_s(1), server::ServiceOptions{}.password_threads,
      bench::password_checks_per_s(server::ServiceOptions{}.password_threads));
  bench::Figures last;
  for (int n : o.stations) {
    test::TempDir run_dir;
    try {
      last = bench::measure(n, o, run_dir.path());
    } catch (const std::exception& e) {
      std::cerr << "bbzhm-loadgen: " << e.what() << "\n";
      return 1;
    }
    std::printf(
        "stations=%d login_burst_s=%.2f login_wire_s=%.2f station_proof_ms=%.1f "
        "station_proof_max_ms=%.1f login_floor_s=%.2f login_server_cores=%.2f "
        "login_loadgen_cores=%.2f login_reconnects=%d "
        "saves_per_s=%.0f naive_limit_per_s=%.0f ratio_vs_naive=%.2f "
        "p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f "
        "commit_p50_ms=%.2f commit_p99_ms=%.2f commit_p999_ms=%.2f "
        "server_cpu_pct=%.1f server_cpu_us_per_save=%.0f commit_cpu_us=%.0f "
        "server_rss_mib=%.1f acked_lost=%ld\n",
        n, last.login_burst_s, last.login_wire_s, last.station_proof_ms, last.station_proof_max_ms,
        last.login_floor_s, last.login_server_cores, last.login_loadgen_cores,
        last.login_reconnects, last.saves_per_s, last.naive_limit_per_s,
        last.saves_per_s / last.naive_limit_per_s, last.p50_ms, last.p99_ms, last.p999_ms,
        last.max_ms, last.commits.p50_ms, last.commits.p99_ms, last.commits.p999_ms,
        last.server_cpu_pct, last.server_cpu_us_per_save, last.commits.cpu_us_per_commit,
        last.server_rss_mib, last.acked_lost);
    std::fflush(stdout);
  }
  std::printf(
      "stations=%d saves_per_s=%.0f naive_limit_per_s=%.0f ratio_vs_naive=%.2f "
      "p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f acked_lost=%ld login_burst_s=%.2f login_wire_s=%.2f "
      "station_proof_ms=%.1f login_floor_s=%.2f login_ratio_vs_floor=%.2f "
      "server_rss_mib=%.1f server_cpu_pct=%.1f rate=%.0f commit_p50_ms=%.2f commit_p99_ms=%.2f "
      "p99_ratio_vs_commit=%.2f server_cpu_us_per_save=%.0f commit_cpu_us=%.0f "
      "cpu_ratio_vs_commit=%.2f\n",
      last.stations, last.saves_per_s, last.naive_limit_per_s,
      last.saves_per_s / last.naive_limit_per_s, last.p50_ms, last.p99_ms, last.p999_ms,
      last.acked_lost, last.login_burst_s, last.login_wire_s, last.station_proof_ms,
      last.login_floor_s, last.login_burst_s / last.login_floor_s, last.server_rss_mib,
      last.server_cpu_pct, o.rate, last.commits.p50_ms, last.commits.p99_ms,
      last.p99_ms / std::max(last.commits.p99_ms, 1e-3), last.server_cpu_us_per_save,
      last.commits.cpu_us_per_commit,
      last.server_cpu_us_per_save / std::max(last.commits.cpu_us_per_commit, 1e-3));
  return last.acked_lost == 0 ? 0 : 1;
}
