// Protocol abuse against a live server while honest stations sit the test: hundreds of
// connections that never handshake, oversized frame lengths, a slow writer, login guessing.
// The honest stations finish with nothing lost, the server's memory stays bounded, the slow
// handshake is cut, guessing is rate-limited.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <boost/asio.hpp>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/connection.hpp"
#include "item_bank/test_form.hpp"
#include "station/client.hpp"
#include "tests/reliability/fleet.hpp"
#include "tests/reliability/profile.hpp"
#include "tests/support/relay.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {
using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

double rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

// Logs in with a wrong password `attempts` times on one paired station; returns the refusals.
std::vector<protocol::LoginRefusal> guess(const std::filesystem::path& station,
                                          const std::string& login, int attempts) {
  std::vector<protocol::LoginRefusal> out;
  auto config = station::load_config(station);
  auto key = crypto::read_key_file(station / station::kStationKeyFile);
  asio::io_context io;
  // Named: a temporary closure would not outlive its coroutine (GCC 12).
  auto attempt_all = [&]() -> asio::awaitable<void> {
    for (int i = 0; i < attempts; ++i) {
      auto link = co_await wire::connect("127.0.0.1", config->port, *key, config->server_key);
      if (!link) co_return;
      if (!co_await wire::send_login(**link, login, "WRONG-" + std::to_string(i), 0)) co_return;
      for (;;) {  // the station's policy comes first
        auto m = co_await (*link)->receive();
        if (!m) co_return;
        if (auto* r = std::get_if<protocol::LoginRefused>(&*m)) {
          out.push_back(r->reason);
          break;
        }
      }
      (*link)->close();
    }
  };
  asio::co_spawn(io, attempt_all(), asio::detached);
  io.run();
  return out;
}

// One student's saves, one at a time, over the real protocol: the round trip of each in ms (the
// figure the abuse test compares, flooded against quiet; no assertion on it).
std::vector<double> save_round_trips(const std::filesystem::path& station, const Slip& slip,
                                     int saves) {
  std::vector<double> out;
  auto config = station::load_config(station);
  auto key = crypto::read_key_file(station / station::kStationKeyFile);
  asio::io_context io;
  auto session = [&]() -> asio::awaitable<void> {
    auto link = co_await wire::connect("127.0.0.1", config->port, *key, config->server_key);
    if (!link) co_return;
    if (!co_await wire::send_login(**link, slip.login, slip.password, 0)) co_return;
    std::optional<protocol::LoginOk> ok;
    while (!ok) {
      auto m = co_await (*link)->receive();
      if (!m || std::holds_alternative<protocol::LoginRefused>(*m)) co_return;
      if (auto* got = std::get_if<protocol::LoginOk>(&*m)) ok = std::move(*got);
    }
    const Item* numeric = nullptr;
    for (const auto& b : ok->booklets)
      for (const auto& i : b.items)
        if (i.kind == ItemKind::numeric && numeric == nullptr) numeric = &i;
    if (numeric == nullptr) co_return;
    std::uint64_t seq = ok->next_seq;
    for (int i = 0; i < saves; ++i) {
      const auto start = std::chrono::steady_clock::now();
      (*link)->send(protocol::SaveAnswer{seq, numeric->id, std::to_string(i)});
      for (;;) {
        auto m = co_await (*link)->receive();
        if (!m) co_return;
        if (auto* ack = std::get_if<protocol::SaveAck>(&*m); ack && ack->seq == seq) break;
      }
      out.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      ++seq;
    }
    (*link)->close();
  };
  asio::co_spawn(io, session(), asio::detached);
  io.run();
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::ranges::sort(v);
  return v[v.size() / 2];
}

// Lets this process hold `wanted` sockets (the flood), as far as the hard limit allows.
int raise_open_files(int wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < static_cast<rlim_t>(wanted) + 200) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted) + 200);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  getrlimit(RLIMIT_NOFILE, &limit);
  return std::min(wanted, static_cast<int>(limit.rlim_cur) - 200);
}

TEST(Abuse, HonestStationsFinishWhileTheServerIsFloodedProbedAndGuessedAt) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), school.port);
  const double rss_quiet = rss_mib(school.server->pid());
  // The honest figure before any abuse: one student's save round trips on a quiet server.
  const auto probe = school.pair_station("PROBE");
  const double quiet_ms = median(save_round_trips(probe, school.slips[1], by_profile(40, 200)));

  Fleet fleet(school, school.port, 2, 6, {.pause = 20ms, .reply_timeout = 5000ms});

  asio::io_context io;
  // Thousands of connections that never say a word, all from one other address (127.0.0.2,
  // loopback too): the server keeps at most max_handshakes_per_address of them and closes the
  // rest at once, so the honest stations on 127.0.0.1 still get in.
  std::vector<tcp::socket> idle;
  const int flood = raise_open_files(by_profile(3000, 6000));
  const auto attacker = tcp::endpoint(asio::ip::make_address("127.0.0.2"), 0);
  for (int i = 0; i < flood; ++i) {
    tcp::socket s(io);
    boost::system::error_code ec;
    s.open(tcp::v4(), ec);
    if (!ec) s.bind(attacker, ec);
    if (!ec) s.connect(endpoint, ec);
    if (!ec) idle.push_back(std::move(s));
  }
  // Honest saves while the flood holds its sockets open.
  const double flooded_ms = median(save_round_trips(probe, school.slips[1], by_profile(40, 200)));
  // Frames announcing 4 GiB and 1 MiB + 1 bytes, then garbage.
  for (std::uint32_t length : {0xFFFFFFFFu, (1u << 20) + 1, 1025u}) {
    tcp::socket s(io);
    s.connect(endpoint);
    const std::uint8_t prefix[4] = {
        static_cast<std::uint8_t>(length >> 24), static_cast<std::uint8_t>(length >> 16),
        static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    boost::system::error_code ec;
    asio::write(s, asio::buffer(prefix), ec);
    std::vector<std::uint8_t> junk(4096, 0xA5);
    asio::write(s, asio::buffer(junk), ec);
    // The server hangs up rather than waiting for the announced bytes.
    std::uint8_t b;
    s.read_some(asio::buffer(&b, 1), ec);
    EXPECT_TRUE(ec) << "the server kept a connection announcing " << length << " bytes";
  }
  // A slow writer: one byte of a plausible first frame every 200 ms, for longer than the
  // handshake may take.
  std::atomic<bool> slow_cut{false};
  std::thread slow([&] {
    asio::io_context sio;
    tcp::socket s(sio);
    s.connect(endpoint);
    const std::uint8_t hello[] = {0, 0, 0, 70, 'B', 'B', 'Z', 'H', 0, 1};
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; std::chrono::steady_clock::now() - start < 15s; ++i) {
      boost::system::error_code ec;
      asio::write(s, asio::buffer(&hello[i % sizeof hello], 1), ec);
      if (ec) {
        slow_cut = true;
        return;
      }
      std::this_thread::sleep_for(200ms);
    }
  });
  // Guessing a student's password.
  const auto refusals = guess(school.pair_station("G1"), school.slips[0].login, 8);
  EXPECT_EQ(refusals.size(), 8u);
  if (!refusals.empty()) {
    EXPECT_EQ(refusals.front(), protocol::LoginRefusal::wrong_credentials);
    EXPECT_EQ(refusals.back(), protocol::LoginRefusal::rate_limited);
  }

  std::this_thread::sleep_for(2s);
  const double rss_flooded = rss_mib(school.server->pid());
  fleet.wrap_up();
  const bool done = fleet.wait_done(120s);
  slow.join();
  ASSERT_TRUE(done);
  EXPECT_TRUE(slow_cut) << "a handshake dribbled over 15 s was not cut";

  const FleetFigures f = fleet.figures();
  const Problems p = fleet.check(school.data / "school.db");
  for (const auto& e : f.errors) ADD_FAILURE() << e;
  EXPECT_EQ(p.lost, 0);
  EXPECT_EQ(p.wrong, 0);
  EXPECT_EQ(f.finished, 6);
  // Memory stays bounded: a few hundred idle sockets cost kilobytes each, not megabytes.
  EXPECT_LT(rss_flooded - rss_quiet, 64.0) << rss_quiet << " MiB quiet, " << rss_flooded;
  const std::string log = read_file(school.server->log());
  EXPECT_NE(log.find("timed out"), std::string::npos);
  EXPECT_NE(log.find("refused: 64 of its connections"), std::string::npos)
      << "the flood from one address was not capped";
  EXPECT_GT(quiet_ms, 0.0) << "the probe saved nothing on the quiet server";
  EXPECT_GT(flooded_ms, 0.0) << "the probe saved nothing during the flood: starved";
  const double ratio = quiet_ms > 0 ? flooded_ms / quiet_ms : 0;
  std::printf("abuse: honest save p50 quiet %.2f ms, flooded %.2f ms, ratio %.2f (target <= 2)\n",
              quiet_ms, flooded_ms, ratio);
  report_figures(
      "abuse", "faults_injected=" + std::to_string(flood + 3 + 1 + 8) +
                   " acked_saves=" + std::to_string(f.acked) + " lost=" + std::to_string(p.lost) +
                   " duplicated=" + std::to_string(p.duplicated) + " idle_connections=" +
                   std::to_string(idle.size()) + " save_p50_quiet_ms=" + std::to_string(quiet_ms) +
                   " save_p50_flooded_ms=" + std::to_string(flooded_ms) + " flooded_to_quiet=" +
                   std::to_string(ratio) + " server_rss_quiet_mib=" + std::to_string(rss_quiet) +
                   " server_rss_flooded_mib=" + std::to_string(rss_flooded));
}

// A whole station session captured on the wire (handshake, login, saves) and played back to the
// server byte for byte: the handshake is bound to the server's fresh ephemeral key, so the copy
// is refused before any message is read; nothing is logged in or stored again.
TEST(Abuse, ReplayedCaptureOfAWholeStationSessionIsRefusedAndChangesNothing) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  std::mutex mutex;
  std::vector<std::vector<Bytes>> sessions;  // client-to-server frames, one list a connection
  Relay relay(school.port, [&](std::size_t index, const Bytes& frame) {
    std::lock_guard lock(mutex);
    if (index == 0) sessions.emplace_back();
    sessions.back().push_back(frame);
    return std::vector<Bytes>{frame};
  });
  auto args = school.station_args(school.pair_station("R1", relay.port()), school.slips[0]);
  args.insert(args.end(), {"--max-answers", "5", "--no-finish"});
  ASSERT_EQ(run(args).status, 0);
  const std::string answers = school.query("SELECT COUNT(*) FROM answers");
  const std::string logins = school.query("SELECT COUNT(*) FROM journal WHERE kind = 'login'");
  ASSERT_EQ(answers, "5\n");
  std::vector<Bytes> captured;
  {
    std::lock_guard lock(mutex);
    ASSERT_FALSE(sessions.empty());
    captured = sessions.back();
  }
  ASSERT_GE(captured.size(), 4u) << "handshake, login and saves";

  asio::io_context io;
  tcp::socket s(io);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), school.port));
  boost::system::error_code ec;
  for (const Bytes& frame : captured) {
    const auto n = static_cast<std::uint32_t>(frame.size());
    const std::uint8_t prefix[4] = {
        static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
        static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    asio::write(s, asio::buffer(prefix), ec);
    asio::write(s, asio::buffer(frame), ec);
  }
  // The server answers the hello (its own new ephemeral key), then hangs up on the rest.
  std::vector<std::uint8_t> sink(65536);
  while (!ec) s.read_some(asio::buffer(sink), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  const auto log = school.server->log();
  school.stop_server();
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), answers);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM journal WHERE kind = 'login'"), logins);
  EXPECT_NE(read_file(log).find("refused"), std::string::npos);
  report_figures("replay", "faults_injected=1 frames_replayed=" + std::to_string(captured.size()) +
                               " lost=0 duplicated=0");
}

// A station, once its student is logged in, tries what it has no right to: an item of a form
// not assigned to its student (another variant, grade or language), and a console's requests
// (the room's seats and keys are the representative's). Booklets reach it without keys.
TEST(Abuse, AStationGetsNoKeysNoOtherFormAndCannotWriteForAnotherStudent) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto station = school.pair_station("X1");
  auto config = station::load_config(station);
  auto key = crypto::read_key_file(station / station::kStationKeyFile);
  ASSERT_TRUE(config && key);
  auto forms = item_bank::load_forms(source_path("item_bank/samples"));
  ASSERT_TRUE(forms);
  std::optional<protocol::LoginOk> ok;
  std::optional<protocol::SaveRefused> foreign;
  bool cut_after_console_request = false;
  asio::io_context io;
  auto session = [&]() -> asio::awaitable<void> {
    auto link = co_await wire::connect("127.0.0.1", config->port, *key, config->server_key);
    if (!link) co_return;
    if (!co_await wire::send_login(**link, school.slips[0].login, school.slips[0].password, 0))
      co_return;
    while (!ok) {
      auto m = co_await (*link)->receive();
      if (!m || std::holds_alternative<protocol::LoginRefused>(*m)) co_return;
      if (auto* got = std::get_if<protocol::LoginOk>(&*m)) ok = std::move(*got);
    }
    // An item of a form the student was not given: grade 4 mathematics.
    std::string other_item;
    for (const auto& f : *forms)
      if (f.grade == 4 && other_item.empty()) other_item = f.booklet.items.front().id;
    (*link)->send(protocol::SaveAnswer{ok->next_seq, other_item, "1"});
    while (!foreign) {
      auto m = co_await (*link)->receive();
      if (!m) co_return;
      if (auto* r = std::get_if<protocol::SaveRefused>(&*m)) foreign = *r;
    }
    // A console's request from a station: the room (every seat, every student) and its commands.
    (*link)->send(protocol::Watch{1});
    for (;;) {
      auto m = co_await (*link)->receive();
      if (!m) {
        cut_after_console_request = true;
        break;
      }
      if (std::holds_alternative<protocol::RoomView>(*m)) break;
    }
    (*link)->close();
  };
  asio::co_spawn(io, session(), asio::detached);
  io.run_for(60s);
  ASSERT_TRUE(ok);
  // Only the student's own forms: three subjects of grade 9, no grade 4 item among them.
  EXPECT_EQ(ok->booklets.size(), 3u);
  for (const auto& b : ok->booklets)
    for (const auto& i : b.items) EXPECT_NE(i.id.rfind("G4", 0), 0u) << i.id;
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->reason, protocol::SaveRefusal::unknown_item);
  EXPECT_TRUE(cut_after_console_request) << "a station was answered as a console";
  const auto log = school.server->log();
  school.stop_server();
  EXPECT_NE(read_file(log).find("protocol violation: a station may not send"), std::string::npos);
  // Nothing stored for anyone.
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "0\n");
  report_figures("station_rights", "faults_injected=2 lost=0 duplicated=0");
}

}  // namespace
}  // namespace bbzhm::test
