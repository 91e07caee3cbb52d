// The kiosk's frame loop: reads the client's snapshot, decides the screen, draws it, hands the
// student's commands to the client, reports incidents, and sleeps until something happens.
// Frames are event-driven (old lab PCs): input, a network change, or the next second of the
// countdown wakes the loop; nothing else does.
#include "station/gui/kiosk.hpp"

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>

#include "common/i18n.hpp"
#include "common/log.hpp"
#include "station/gui/checks.hpp"
#include "station/gui/platform.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kFramesAfterInput = 3;  // a click's release arrives a wake-up late (PLATFORM.md)
constexpr auto kIdleWake = 5s;        // the periodic checks and the status line
constexpr auto kRemoteScanEvery = 10s;

}  // namespace

// [SECTION] Routing: which screen the snapshot and the student's progress call for

void route(const Snapshot& s, UiState& ui) {
  if (s.sitting) ui.language = s.sitting->language;  // the student's language from the login on
  if (ui.screen == Screen::unlock) return;           // the representative is at the keyboard
  switch (s.phase) {
    case Phase::idle:
    case Phase::refused:
    case Phase::superseded:
      if (ui.screen != Screen::waiting && ui.screen != Screen::login &&
          ui.screen != Screen::teacher_survey)
        ui.screen = Screen::waiting;
      if (s.phase == Phase::superseded) ui.screen = Screen::waiting;
      break;
    case Phase::logging_in:
      if (!s.sitting) ui.screen = Screen::login;
      break;
    case Phase::testing:
      if (!ui.confirmed) {
        ui.screen = Screen::confirm;
      } else if (!ui.instructions_read) {
        ui.screen = Screen::instructions;
      } else if (ui.screen != Screen::item && ui.screen != Screen::review &&
                 ui.screen != Screen::periodic_table && ui.screen != Screen::solubility_table) {
        ui.screen = Screen::item;
      }
      break;
    case Phase::finished:
      if (ui.screen != Screen::results && ui.screen != Screen::survey) ui.screen = Screen::results;
      break;
  }
}

void draw_screen(Frame& f) {
  switch (f.ui.screen) {
    case Screen::waiting:
      draw_waiting(f);
      break;
    case Screen::login:
      draw_login(f);
      break;
    case Screen::confirm:
      draw_confirm(f);
      break;
    case Screen::instructions:
      draw_instructions(f);
      break;
    case Screen::item:
      draw_item(f);
      break;
    case Screen::review:
      draw_review(f);
      break;
    case Screen::results:
      draw_results(f);
      break;
    case Screen::survey:
      draw_survey(f);
      break;
    case Screen::teacher_survey:
      draw_teacher_survey(f);
      break;
    case Screen::unlock:
      draw_unlock(f);
      break;
    case Screen::periodic_table:
      draw_periodic_table(f);
      break;
    case Screen::solubility_table:
      draw_solubility_table(f);
      break;
  }
  draw_status_line(f);
  draw_time_warning(f);
}

void draw_time_warning(Frame& f) {
  if (f.now >= f.ui.warning_until || f.snapshot.phase != Phase::testing) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const std::string text = f.ui.warned_minutes == 1 ? std::string(tr(f, "kiosk.time.one_minute"))
                                                    : std::string(tr(f, "kiosk.time.ten_minutes"));
  ImGui::PushFont(f.fonts.large);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec2 pad{40 * f.scale, 24 * f.scale};
  ImGui::SetNextWindowPos(
      {vp->Pos.x + (vp->Size.x - size.x) / 2 - pad.x, vp->Pos.y + vp->Size.y * 0.3f});
  ImGui::SetNextWindowSize({size.x + 2 * pad.x, size.y + 2 * pad.y});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 244, 214, 250));
  ImGui::PushStyleColor(ImGuiCol_Border, kFlag);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3 * f.scale);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, pad);
  ImGui::Begin("##warning", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::TextUnformatted(text.c_str());
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  ImGui::PopFont();
}

// Shows the 10- and 1-minute warnings once each, as the countdown passes them.
void update_time_warning(const Snapshot& s, UiState& ui, Clock::time_point now) {
  if (s.phase != Phase::testing || !s.sitting) return;
  const std::int64_t left = s.time_left_ms();
  for (int minutes : {1, 10}) {
    const bool due = left > 0 && left <= minutes * 60'000;
    if (due && (ui.warned_minutes == 0 || ui.warned_minutes > minutes)) {
      ui.warned_minutes = minutes;
      ui.warning_until = now + 8s;
      break;
    }
  }
}

// Why no test may start here now; empty when one may (the login screen shows the reason).
std::string start_refusal(const Snapshot& s, Language l, const std::vector<std::string>& alarms) {
  if (s.policy && s.link == Link::online &&
      (s.clock_skew_ms > kMaxClockSkewMs || s.clock_skew_ms < -kMaxClockSkewMs))
    return i18n::format(l, "kiosk.refuse.clock", {std::to_string(s.clock_skew_ms / 1000)});
  if (s.policy && s.policy->block_on_alarm && !alarms.empty()) {
    std::string list;
    for (const auto& a : alarms) list += (list.empty() ? "" : ", ") + a;
    return i18n::format(l, "kiosk.refuse.alarm", {list});
  }
  return {};
}

int run_kiosk(const KioskOptions& options) {
  auto config = load_config(options.dir);
  if (!config) {
    std::cerr << "bbzhm-station: " << config.error().what << "\n";
    return 1;
  }
  config->stay_connected = true;
  auto platform = Platform::open({});
  if (!platform) {
    std::cerr << "bbzhm-station: " << platform.error().what << "\n";
    return 1;
  }
  Platform& p = **platform;
  config->screen = p.screen_size();  // for the representative's readiness checks (p.19)
  config->renderer = p.renderer();
  bbzhm::gui::Pictures pictures(p.scale() *
                                kFigureGrowth);  // after the window: its textures go first
  auto started = StationClient::start(std::move(*config));
  if (!started) {
    std::cerr << "bbzhm-station: " << started.error().what << "\n";
    return 1;
  }
  StationClient& client = **started;
  client.on_change([] { Platform::wake(); });

  UiState ui;
  auto say = [&](const std::string& line) {
    if (options.trace) std::cout << line << std::endl;
  };

  // Checks at start: a second display, a virtual machine, remote-desktop programs.
  std::vector<std::string> alarms;
  if (p.monitor_count() > 1)
    client.report(protocol::IncidentKind::display_changed, p.monitor_detail());
  if (std::string vm = detect_virtual_machine(); !vm.empty()) {
    client.report(protocol::IncidentKind::virtual_machine, vm);
    alarms.push_back(vm);
  }
  std::set<std::string> remote_seen;
  auto scan_remote = [&] {
    for (const std::string& name : find_remote_desktop()) {
      if (!remote_seen.insert(name).second) continue;
      client.report(protocol::IncidentKind::remote_desktop, name);
      alarms.push_back(name);
    }
  };
  scan_remote();
  auto next_scan = Clock::now() + kRemoteScanEvery;

  std::string shown;  // the screen and language last announced
  std::string shown_item, shown_buttons;
  std::vector<ButtonSpot> buttons;
  if (options.trace) record_buttons(&buttons);
  std::set<std::string> captured;
  int extra_frames = kFramesAfterInput;
  bool screen_changed = false;  // since memory was last given back
  std::uint64_t drawn_version = 0;
  std::string drawn_look;  // what the last frame showed besides the snapshot
  bool auto_finish_sent = false;
  bool focus_armed = false;
  const Clock::time_point started_at = Clock::now();
  for (;;) {
    const Clock::time_point now = Clock::now();
    const Snapshot s = client.snapshot();
    // Leaving is the representative's: the exit code here, or the console's release.
    if (s.released) {
      say("released");
      return 0;
    }
    route(s, ui);
    ui.start_refusal = start_refusal(s, ui.language, alarms);
    update_time_warning(s, ui, now);
    // Time is over: the server finishes the test and sends the results; until they arrive the
    // review page says so. Finish is sent too, for a server that comes back after the deadline.
    if (s.phase == Phase::testing && s.sitting && s.time_left_ms() == 0 && ui.instructions_read) {
      ui.finishing = true;
      if (ui.screen == Screen::item) ui.screen = Screen::review;
      if (!auto_finish_sent) {
        client.finish();
        auto_finish_sent = true;
      }
    }

    WindowEvents events = p.take_events();
    // The kiosk takes the keyboard back once the loss is on record (and at start, when no
    // window manager gave it the focus).
    const bool unfocused = !p.focused();
    if (events.focus_lost > 0 || unfocused) p.take_focus();
    const std::string where(name(ui.screen));
    // X moves the focus around while the window first appears (PointerRoot, then the kiosk's
    // own request): losses count once the kiosk has held the keyboard for a moment.
    if (!focus_armed && p.focused() && now - started_at > 1s) focus_armed = true;
    if (!focus_armed) events.focus_lost = 0;
    if (events.focus_lost > 0) say("focus_lost");
    if (events.characters > 0) say("characters=" + std::to_string(events.characters));
    for (int i = 0; i < events.focus_lost; ++i)
      client.report(protocol::IncidentKind::focus_lost, "on the " + where + " screen");
    for (int i = 0; i < events.close_attempts; ++i)
      client.report(protocol::IncidentKind::close_attempt, "on the " + where + " screen");
    if (events.monitors_changed && p.monitor_count() > 1)
      client.report(protocol::IncidentKind::display_changed, p.monitor_detail());
    if (now >= next_scan) {
      scan_remote();
      next_scan = now + kRemoteScanEvery;
    }

    // Nothing new to show (a periodic wake, a minute that has not turned): no frame at all.
    const bool countdown =
        s.phase == Phase::testing && (ui.screen == Screen::item || ui.screen == Screen::review ||
                                      ui.screen == Screen::instructions);
    const std::int64_t left = s.time_left_ms();
    std::string look =
        std::string(name(ui.screen)) + "|" + ui.start_refusal + "|" +
        (now < ui.warning_until ? "warning" : "") + "|" +
        (countdown ? format_time_left(
                         left <= kSecondsShownBelowMs ? left : (left + 59'999) / 60'000 * 60'000)
                   : "");
    const bool skip = !events.input && extra_frames == 0 && s.version == drawn_version &&
                      look == drawn_look && !unfocused && events.focus_lost == 0;
    if (!skip) {
      drawn_version = s.version;
      drawn_look = std::move(look);
      const auto frame_start = Clock::now();
      buttons.clear();
      Commands out;
      p.begin_frame();
      Frame f{s, ui, out, p.fonts(), p.scale(), now, &pictures};
      draw_screen(f);
      // The key names the screenshot; an offline test screen gets its own picture.
      std::string key = std::string(name(ui.screen)) + "-" + std::string(code(ui.language));
      if (s.phase == Phase::testing && s.link != Link::online && ui.screen == Screen::item) {
        key = std::string(name(ui.screen)) + "-offline-" + std::string(code(ui.language));
      } else if (const Item* item = ui.screen == Screen::item ? current_item(f) : nullptr;
                 item && !item->figures.empty()) {
        // An item with a figure has its own picture too (the figure tests read its pixels).
        key = std::string(name(ui.screen)) + "-figure-" + std::string(code(ui.language));
      }
      std::filesystem::path shot;
      if (key != shown) {
        shown = key;
        extra_frames = kFramesAfterInput;  // let ImGui settle the new layout before the picture
        screen_changed = true;
        say("screen=" + std::string(name(ui.screen)) + " lang=" + std::string(code(ui.language)) +
            " key=" + key);
      } else if (!options.screenshots.empty() && extra_frames == 1 && !captured.contains(key)) {
        shot = options.screenshots / ("station-" + key + ".png");
        captured.insert(key);
      }
      p.end_frame(shot);
      if (!shot.empty()) say("screenshot=" + shot.string());
      if (options.trace) {
        // Which item is up and where the buttons are: tests act on these like a student.
        const Item* item = ui.screen == Screen::item ? current_item(f) : nullptr;
        std::string now_item =
            item ? "item=" + item->id + " kind=" + std::string(code(item->kind)) : "";
        if (item && !item->figures.empty()) {
          // How many of its figures this station could decode and draw.
          std::size_t shown = 0;
          for (const Figure& fig : item->figures)
            shown += pictures.get(item->id + "/" + fig.name, fig.data) != nullptr;
          now_item +=
              " figures=" + std::to_string(shown) + "/" + std::to_string(item->figures.size());
        }
        if (!now_item.empty() && now_item != shown_item) say(now_item);
        shown_item = now_item;
        std::string spots;
        for (const ButtonSpot& b : buttons)
          spots += " " + b.id + "@" + std::to_string(static_cast<int>(b.x)) + "," +
                   std::to_string(static_cast<int>(b.y));
        if (spots != shown_buttons && extra_frames <= 1) {
          say("buttons" + spots);
          shown_buttons = spots;
        }
      }
      if (events.input && options.trace) {
        const auto ms = std::chrono::duration<double, std::milli>(Clock::now() - frame_start);
        char line[64];
        std::snprintf(line, sizeof line, "frame_ms=%.2f", ms.count());
        say(line);
      }

      // The student's commands go to the client (its thread does the work).
      if (out.login) {
        say("login=" + out.login->first);  // never the password
        client.login(out.login->first, out.login->second);
      }
      for (auto& [item, response] : out.answers) {
        say("answer=" + item);  // never the response: a trace is no answer sheet
        client.answer(item, response);
      }
      if (out.finish) client.finish();
      if (out.survey) client.send_survey(protocol::SurveyKind::student, *out.survey, ui.language);
      if (out.teacher_survey) {
        say("teacher_survey");
        client.send_survey(protocol::SurveyKind::teacher, *out.teacher_survey, ui.language);
      }
      if (out.unlock) {
        if (client.exit_code_matches(*out.unlock)) {
          say("unlocked");
          return 0;
        }
        ui.unlock_failed = true;
      }
      if (out.login || !out.answers.empty() || out.finish || out.survey || out.teacher_survey ||
          out.unlock)
        extra_frames = kFramesAfterInput;
    }

    // Sleep until something happens: input, the network (on_change wakes us), the countdown's
    // next second, or the periodic checks.
    if (events.input) extra_frames = kFramesAfterInput;
    if (extra_frames > 0) {
      --extra_frames;
      p.wait(16ms);
      continue;
    }
    // A new screen has settled: what the step before it built and dropped (the booklets decoded
    // at login, the previous screen's text) goes back to the system, not kept for a peak that
    // does not come again. A few times a sitting, well under a millisecond each.
    if (screen_changed) {
      malloc_trim(0);
      screen_changed = false;
    }
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWake);
    if (countdown)
      timeout = std::min(timeout, std::chrono::milliseconds(until_time_shown_changes(left)));
    // Until the window holds the keyboard, ask again soon: the first request can come before
    // the X server shows the window, and a student's keys would go nowhere.
    if (unfocused) timeout = std::min(timeout, std::chrono::milliseconds(100));
    if (ui.warning_until > now)
      timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      ui.warning_until - now + 1ms));
    p.wait(timeout);
  }
}

}  // namespace bbzhm::station::gui
