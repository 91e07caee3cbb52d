// Measures the kiosk on this machine under Xvfb and Mesa's software renderer, as an old lab PC
// runs it: time from start to the waiting screen, idle CPU on the test screen (its countdown
// redraws once a second), the frame time of moving to the next item, and the kiosk's RSS against
// a bare GLFW + OpenGL window measured in the same run. Prints one line of key=value at the end.
// `bench_station --bare` is that bare window, `--bare-drawing` the same drawing a line of text.
#include <imgui.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "station/gui/platform.hpp"
#include "tests/support/school.hpp"
#include "tests/support/xserver.hpp"

namespace {

using namespace std::chrono_literals;
using namespace bbzhm;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The bare reference: a window, a GL context, a clear and a swap per event. With `draws`, also
// Dear ImGui with its default font drawing a line of text: that makes llvmpipe compile its
// shaders (LLVM's code generator, which a window that only clears never loads), so the kiosk's
// share over it is what the kiosk's own fonts, screens and client cost.
int bare_window(bool draws) {
  station::gui::PlatformOptions options;
  options.kiosk = false;
  options.imgui = draws;
  options.fonts = false;
  options.width = 1280;
  options.height = 1024;
  auto p = station::gui::Platform::open(options);
  if (!p) return 1;
  for (int frame = 0;; ++frame) {
    (*p)->begin_frame();
    if (draws) {
      ImGui::SetNextWindowPos({0, 0});
      ImGui::Begin("bare", nullptr, ImGuiWindowFlags_NoDecoration);
      ImGui::TextUnformatted("a bare window");
      ImGui::End();
    }
    (*p)->end_frame();
    if (frame == 2) std::cout << "ready" << std::endl;
    (*p)->wait(frame < 2 ? 16ms : 5s);
  }
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return 0;
}

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The fixture's trace, failing loudly: a bench has no test framework to report to.
struct Trace {
  test::Trace trace;
  std::string next(const std::string& prefix) {
    std::string line = trace.next(prefix);
    if (line.empty()) throw std::runtime_error("no '" + prefix + "' in " + trace.log().string());
    return line;
  }
  std::pair<int, int> button(const std::string& id) {
    auto at = trace.button(id);
    if (!at) throw std::runtime_error("no button " + id + " in " + trace.log().string());
    return *at;
  }
};

int measure(int seconds) {
  test::TempDir dir;
  test::XServer x;
  if (!x.ok()) throw std::runtime_error("no X server");
  const auto env = x.env();

  test::School school;
  school.admit_all();
  school.start_sitting();
  school.serve();
  const auto station = school.pair_station("B01");
  auto kiosk_env = env;
  kiosk_env["BBZHM_KIOSK_TRACE"] = "1";
  Trace trace{test::Trace(dir / "kiosk.log")};
  const auto t0 = Clock::now();
  test::Child kiosk({BBZHM_STATION_BIN, "--dir", station.string()}, trace.trace.log(), kiosk_env);
  trace.next("screen=waiting");
  const double start_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  trace.next("buttons");
  auto click = [&](const std::string& id) { x.click(trace.button(id)); };
  std::this_thread::sleep_for(300ms);
  click("start");
  trace.next("screen=login");
  trace.next("buttons");
  x.type(school.slips[0].login, 40);
  x.key("Return");
  x.type(school.slips[0].password, 40);
  x.key("Return");
  trace.next("screen=confirm");
  trace.next("buttons");
  click("yes");
  trace.next("screen=instructions");
  trace.next("buttons");
  click("begin");
  trace.next("screen=item");
  trace.next("buttons");
  std::this_thread::sleep_for(1s);

  // Idle on the test screen: nothing but the countdown.
  const double cpu0 = cpu_seconds(kiosk.pid());
  const auto idle0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double idle_s = std::chrono::duration<double>(Clock::now() - idle0).count();
  const double idle_cpu = 100 * (cpu_seconds(kiosk.pid()) - cpu0) / idle_s;
  const long kiosk_rss = rss_kib(kiosk.pid());

  // Next item: the frame that handles the key (the trace times each frame after input).
  double worst = 0, sum = 0;
  int frames = 0;
  std::string item = trace.trace.last("item=");
  for (int i = 0; i < 5; ++i) {
    // A number field holds the keyboard: its first Enter only leaves the field.
    if (item.find("kind=numeric") != std::string::npos) {
      x.key("Return");
      std::this_thread::sleep_for(200ms);
    }
    x.key("Return");
    item = trace.next("item=");
    std::this_thread::sleep_for(200ms);
  }
  std::istringstream lines(test::read_file(trace.trace.log()));
  bool after = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("item=G9")) after = true;
    if (after && line.starts_with("frame_ms=")) {
      const double ms = std::stod(line.substr(9));
      worst = std::max(worst, ms);
      sum += ms;
      ++frames;
    }
  }

  auto reference_rss = [&](const std::string& mode) {
    const fs::path log = dir / ("bare" + mode + ".log");
    test::Child bare({"/proc/self/exe", mode}, log, env);
    for (int i = 0; i < 200 && test::read_file(log).find("ready") == std::string::npos; ++i)
      std::this_thread::sleep_for(20ms);
    std::this_thread::sleep_for(500ms);
    return rss_kib(bare.pid());
  };
  const long bare_rss = reference_rss("--bare");
  const long drawing_rss = reference_rss("--bare-drawing");
  school.stop_server();

  std::printf(
      "start_to_waiting_ms=%.0f idle_cpu_percent=%.2f idle_seconds=%.1f next_item_frame_ms=%.1f "
      "next_item_frame_max_ms=%.1f kiosk_rss_mib=%.1f bare_window_rss_mib=%.1f "
      "kiosk_own_rss_mib=%.1f drawing_window_rss_mib=%.1f kiosk_over_drawing_window_mib=%.1f\n",
      start_ms, idle_cpu, idle_s, frames ? sum / frames : 0.0, worst, kiosk_rss / 1024.0,
      bare_rss / 1024.0, (kiosk_rss - bare_rss) / 1024.0, drawing_rss / 1024.0,
      (kiosk_rss - drawing_rss) / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--bare") return bare_window(false);
  if (argc > 1 && std::string(argv[1]) == "--bare-drawing") return bare_window(true);
  int seconds = 10;
  if (argc > 2 && std::string(argv[1]) == "--seconds") seconds = std::stoi(argv[2]);
  try {
    return measure(seconds);
  } catch (const std::exception& e) {
    std::cerr << "bench_station: " << e.what() << "\n";
    return 1;
  }
}
