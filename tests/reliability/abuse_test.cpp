// Protocol abuse against a live server while honest stations sit the test: hundreds of
// connections that never handshake, oversized frame lengths, a slow writer, login guessing.
// The honest stations finish with nothing lost, the server's memory stays bounded, the slow
// handshake is cut, guessing is rate-limited.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <fstream>
#include <thread>

#include "common/connection.hpp"
#include "station/client.hpp"
#include "tests/reliability/fleet.hpp"
#include "tests/reliability/profile.hpp"
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
      (*link)->send(protocol::Login{login, "WRONG-" + std::to_string(i), 0});
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

TEST(Abuse, HonestStationsFinishWhileTheServerIsFloodedProbedAndGuessedAt) {
  School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), school.port);
  const double rss_quiet = rss_mib(school.server->pid());

  Fleet fleet(school, school.port, 2, 6, {.pause = 20ms, .reply_timeout = 5000ms});

  asio::io_context io;
  // Connections that never say a word.
  std::vector<tcp::socket> idle;
  const int flood = by_profile(300, 900);
  for (int i = 0; i < flood; ++i) {
    tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(endpoint, ec);
    if (!ec) idle.push_back(std::move(s));
  }
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
  report_figures("abuse", "faults_injected=" + std::to_string(flood + 3 + 1 + 8) + " acked_saves=" +
                              std::to_string(f.acked) + " lost=" + std::to_string(p.lost) +
                              " duplicated=" + std::to_string(p.duplicated) +
                              " idle_connections=" + std::to_string(idle.size()) +
                              " server_rss_quiet_mib=" + std::to_string(rss_quiet) +
                              " server_rss_flooded_mib=" + std::to_string(rss_flooded));
}

}  // namespace
}  // namespace bbzhm::test
