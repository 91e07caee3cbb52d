// The kiosk window as the representative's console sees it: the real bbzhm-station on Xvfb, the
// real server and the console library (proctor/) — the readiness report of the window's screen
// and renderer, and the release of a kiosk from the console (issue 5: "or the server's command").
#include <gtest/gtest.h>

#include <thread>

#include "proctor/console_client.hpp"
#include "tests/station_gui/kiosk_driver.hpp"

namespace bbzhm::test {
namespace {

using namespace std::chrono_literals;

// A signed-in console on the school's running server.
class Console {
 public:
  explicit Console(School& school) {
    crypto::init();
    auto added = school.server_command({"add-representative", "--login", "rep1", "--full-name",
                                        "Сейітқали Мәдина Ержанқызы", "--password", "rep-pass-1"});
    EXPECT_EQ(added.status, 0) << added.err;
    const auto dir = school.dir / "console";
    const auto key = school.server_command({"show-key"}).out;
    auto paired =
        run({BBZHM_STATION_BIN, "pair", "--dir", dir.string(), "--server",
             "127.0.0.1:" + std::to_string(school.port), "--server-key", key.substr(0, 64)});
    EXPECT_EQ(paired.status, 0) << paired.err;
    std::string out = paired.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    auto registered = school.server_command({"add-station", "--name", "console-1", "--role",
                                             "console", "--key", out.substr(out.rfind('\n') + 1)});
    EXPECT_EQ(registered.status, 0) << registered.err;
    auto config = station::load_config(dir);
    EXPECT_TRUE(config);
    if (!config) return;
    auto client = proctor::ConsoleClient::start(*config);
    EXPECT_TRUE(client);
    if (!client) return;
    client_ = std::move(*client);
    client_->sign_in("rep1", "rep-pass-1");
    EXPECT_TRUE(wait([](const proctor::Room& r) { return r.welcome.has_value(); }).welcome);
  }

  template <class Pred>
  proctor::Room wait(Pred done, std::chrono::milliseconds timeout = 20s) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    proctor::Room r = client_->snapshot();
    while (!done(r) && std::chrono::steady_clock::now() < end)
      r = client_->wait_for_change(r.version, 200ms);
    return r;
  }

  protocol::CommandReply command(protocol::Command c) {
    auto f = client_->command(std::move(c));
    EXPECT_EQ(f.wait_for(20s), std::future_status::ready);
    return f.get();
  }

  // The station `name` as the readiness screen lists it, once it has reported a screen.
  std::optional<protocol::StationView> station(const std::string& name) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      const std::uint64_t seen = client_->version();
      client_->list_stations();
      const proctor::Room r = wait([&](const proctor::Room& room) {
        return room.version > seen && room.stations.has_value();
      });
      if (r.stations)
        for (const auto& v : r.stations->stations)
          if (v.name == name && v.online && !v.screen.empty()) return v;
      std::this_thread::sleep_for(200ms);
    }
    return std::nullopt;
  }

 private:
  std::unique_ptr<proctor::ConsoleClient> client_;
};

// Session 2 made the kiosk report its window for the readiness checks (p.19): the console must
// see the real screen (the fixture's Xvfb is 1280x1024) and Mesa's software renderer.
TEST(Kiosk, ConsoleSeesTheKiosksScreenSizeAndRenderer) {
  School school;
  school.serve();
  Console console(school);
  const auto station = school.pair_station("S05");
  XServer x;
  Kiosk k(school, station, x);
  k.screen("waiting");
  const auto seen = console.station("S05");
  ASSERT_TRUE(seen) << "the console never listed S05 with a screen";
  EXPECT_EQ(seen->screen, "1280x1024");
  EXPECT_NE(seen->renderer.find("llvmpipe"), std::string::npos) << seen->renderer;
  EXPECT_EQ(seen->version, "0.1.0");
  EXPECT_FALSE(seen->console);
}

// Closing and Alt+F4 leave the kiosk up; the representative's release from the console ends it
// (status 0, as with the exit code), and the release is journaled with the representative.
TEST(Kiosk, ConsoleReleasesTheKioskWhileClosingDoesNot) {
  School school;
  school.serve();
  Console console(school);
  const auto station = school.pair_station("S06");
  XServer x(true);
  Kiosk k(school, station, x);
  k.screen("waiting");
  wait_for_kiosk_focus(x);
  run({"/usr/bin/wmctrl", "-c", "ББЖМ"}, x.env());
  x.key("alt+F4");
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(k.running()) << read_file(k.log());

  // A station that is not connected cannot be released (and nothing is journaled).
  const auto absent = console.command(proctor::release_station(1, "S99"));
  EXPECT_FALSE(absent.ok);
  EXPECT_NE(absent.message.find("S99"), std::string::npos) << absent.message;
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(k.running());

  ASSERT_TRUE(console.station("S06")) << "the kiosk never connected";
  const auto released = console.command(proctor::release_station(1, "S06"));
  EXPECT_TRUE(released.ok) << released.message;
  k.next("released");
  EXPECT_EQ(k.child->wait(), 0) << read_file(k.log());
  EXPECT_EQ(school.query("SELECT actor, payload FROM journal WHERE kind = 'release_station'"),
            "Сейітқали Мәдина Ержанқызы|{\"station\":\"S06\"}\n");
}

}  // namespace
}  // namespace bbzhm::test
