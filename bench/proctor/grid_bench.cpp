// The console's live grid with a full room on this machine (Xvfb, Mesa's software renderer):
// a 300-seat RoomView updated as a busy room updates it — every station saving an answer every
// ~20 s, which the server pushes to the console as SeatChanged bursts every 300 ms — and the
// countdowns redrawn every second. Measures what the representative's laptop pays per update:
// applying the burst and copying the Room (as console.cpp does on each change), and the frame
// time of drawing the grid (clipped list of cells, seat panel, bars) and swapping.
// Prints one line of key=value at the end. `--seats N --seconds S --rate SAVES_PER_S`.
#include <imgui.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "proctor/gui/platform.hpp"
#include "proctor/gui/screens.hpp"
#include "tests/support/xserver.hpp"

namespace {

using namespace bbzhm;
using namespace bbzhm::proctor;
using Clock = std::chrono::steady_clock;

Room full_room(int seats) {
  Room r;
  r.version = 1;
  r.link = station::Link::online;
  r.welcome = protocol::ConsoleWelcome{"Сейітқали Мәдина Ержанқызы", "010203", "№7 мектеп", {}};
  protocol::RoomView room;
  room.sitting = {1, "2027-04", 9, "9А", "12", "open", seats};
  for (int i = 1; i <= seats; ++i) {
    protocol::SeatView s;
    s.seat = i;
    s.personal_code = std::to_string(1'000'000 + i);
    s.full_name = "Әбдірахманова Гүлнұр Серікқызы " + std::to_string(i);
    s.class_name = "9А";
    s.status = "testing";
    s.station = "PC-" + std::to_string(i);
    s.connected = true;
    s.items = 40;
    s.answered = i % 40;
    s.remaining_ms = 100 * 60'000;
    s.last_save_ms = 1;
    room.seats.push_back(std::move(s));
  }
  r.welcome->sittings.push_back(room.sitting);
  r.room = std::move(room);
  return r;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}
double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  auto args = Args::parse(argc, argv);
  if (!args) return 2;
  const int seats = static_cast<int>(args->number("seats", 300).value_or(300));
  const double seconds = static_cast<double>(args->number("seconds", 10).value_or(10));
  const double rate = static_cast<double>(args->number("rate", 15).value_or(15));  // saves/s

  test::XServer x;
  if (!x.ok()) {
    std::cerr << "grid_bench: no Xvfb\n";
    return 1;
  }
  for (const auto& [k, v] : x.env()) ::setenv(k.c_str(), v.c_str(), 1);
  proctor::gui::PlatformOptions options;
  options.width = 1600;
  options.height = 900;
  auto platform = proctor::gui::Platform::open(options);
  if (!platform) {
    std::cerr << "grid_bench: " << platform.error().what << "\n";
    return 1;
  }
  auto& p = **platform;

  Room source = full_room(seats);  // what the client holds
  Room room = source;              // the window's copy
  proctor::gui::UiState ui;
  ui.screen = proctor::gui::Screen::grid;
  ui.sitting = 1;
  ui.sitting_state = "open";
  std::mt19937 random(7);
  std::vector<double> frames, builds, bursts, copies;
  const auto burst_every = std::chrono::milliseconds(300);
  const int per_burst = std::max(1, static_cast<int>(rate * 0.3 + 0.5));
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  const double cpu_at_start =
      static_cast<double>(before.ru_utime.tv_sec + before.ru_stime.tv_sec) * 1000 +
      static_cast<double>(before.ru_utime.tv_usec + before.ru_stime.tv_usec) / 1000;
  const auto start = Clock::now();
  auto next_burst = start;
  auto next_second = start;
  int updates = 0;
  while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
    const auto now = Clock::now();
    bool changed = false;
    if (now >= next_burst) {
      // The server's SeatChanged burst, applied as ConsoleClient::apply does, then the copy.
      const auto t0 = Clock::now();
      for (int i = 0; i < per_burst; ++i) {
        auto& s = source.room->seats[random() % source.room->seats.size()];
        s.answered = std::min(s.items, s.answered + 1);
        s.last_save_ms += 20'000;
        s.remaining_ms -= 300;
        protocol::SeatChanged changed_seat{s};
        for (auto& seat : source.room->seats)
          if (seat.seat == changed_seat.seat.seat) seat = std::move(changed_seat.seat);
      }
      ++source.version;
      bursts.push_back(ms_since(t0));
      const auto t1 = Clock::now();
      room = source;
      copies.push_back(ms_since(t1));
      updates += per_burst;
      next_burst += burst_every;
      changed = true;
    }
    if (now >= next_second) {  // the countdowns tick
      next_second += std::chrono::seconds(1);
      changed = true;
    }
    if (!changed) {
      p.wait(std::max(std::chrono::milliseconds(0),
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::min(next_burst, next_second) - Clock::now())));
      continue;
    }
    const auto t = Clock::now();
    proctor::gui::Actions out;
    p.begin_frame();
    proctor::gui::Frame f{room, ui, out, p.fonts(), p.scale(), t, 0};
    proctor::gui::draw_screen(f);
    ImGui::EndFrame();  // the draw lists are built; end_frame() renders and swaps
    builds.push_back(ms_since(t));
    p.end_frame();
    frames.push_back(ms_since(t));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  // CPU of the whole process (Mesa's llvmpipe threads included) per frame: on a loaded machine
  // the wall time waits for the cores, the CPU time is what the laptop pays.
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double cpu_ms =
      (static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000) -
      cpu_at_start;
  std::printf(
      "seats=%d seconds=%.1f seat_updates_per_s=%.1f frames=%zu frame_ms_mean=%.2f "
      "frame_ms_p50=%.2f frame_ms_p99=%.2f frame_ms_max=%.2f build_ms_mean=%.2f build_ms_p99=%.2f "
      "cpu_ms_per_frame=%.2f burst_apply_ms_mean=%.3f room_copy_ms_mean=%.3f\n",
      seats, elapsed, updates / elapsed, frames.size(), mean(frames), percentile(frames, 0.5),
      percentile(frames, 0.99), percentile(frames, 1.0), mean(builds), percentile(builds, 0.99),
      frames.empty() ? 0 : cpu_ms / static_cast<double>(frames.size()), mean(bursts), mean(copies));
  return 0;
}
