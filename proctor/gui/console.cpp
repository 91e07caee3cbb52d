// The console's frame loop: takes the client's Room when it changed, picks the screen, draws it,
// hands the representative's commands to the client and their replies back to the screens, and
// sleeps until something happens (input, a push from the server, the next second of a countdown).
#include "proctor/gui/console.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <set>

#include <imgui.h>

#include "common/i18n.hpp"
#include "proctor/gui/platform.hpp"
#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {
namespace {

using namespace std::chrono_literals;

constexpr int kFramesAfterInput = 3;  // a click's release arrives a wake-up late (PLATFORM.md)
constexpr auto kIdleWake = 5s;

struct Pending {
  protocol::CommandKind kind;
  std::string personal_code;
  std::future<protocol::CommandReply> reply;
};

struct PendingFile {
  protocol::NtcFileKind kind;
  std::future<Result<Bytes>> bytes;
};

struct PendingPrint {
  std::string file_name;
  std::future<Result<Bytes>> pdf;
};

// Saves a printed form; returns the notice for the status line.
std::string save_form(const std::filesystem::path& dir, const std::string& name, Result<Bytes> pdf,
                      Language l, bool& ok) {
  ok = false;
  if (!pdf) return i18n::format(l, "console.refused", {pdf.error().what});
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto file = dir / name;
  const auto partial = dir / (name + ".part");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(pdf->data()),
              static_cast<std::streamsize>(pdf->size()));
    if (!out.good()) {
      std::filesystem::remove(partial, ec);
      return i18n::format(l, "console.print.failed", {file.string()});
    }
  }
  std::filesystem::rename(partial, file, ec);
  if (ec) return i18n::format(l, "console.print.failed", {file.string()});
  ok = true;
  return i18n::format(l, "console.print.saved", {file.string()});
}

std::string_view kind_name(protocol::CommandKind k) {
  using K = protocol::CommandKind;
  switch (k) {
    case K::identify:
      return "identify";
    case K::admit:
      return "admit";
    case K::mark_absent:
      return "mark_absent";
    case K::start_sitting:
      return "start_sitting";
    case K::end_sitting:
      return "end_sitting";
    case K::cancel_sitting:
      return "cancel_sitting";
    case K::leave_room:
      return "leave_room";
    case K::return_to_room:
      return "return_to_room";
    case K::extend_time:
      return "extend_time";
    case K::acknowledge_incident:
      return "acknowledge_incident";
    case K::record_act:
      return "record_act";
    case K::record_readiness:
      return "record_readiness";
    case K::new_pairing_code:
      return "new_pairing_code";
    case K::move_student:
      return "move_student";
    case K::assign_station:
      return "assign_station";
    case K::release_station:
      return "release_station";
    case K::upload_bundle:
      return "upload_bundle";
    case K::plan_seating:
      return "plan_seating";
    case K::read_act:
      return "read_act";
  }
  return "?";
}

// What a reply means to the screens: identification, the act's number, the status line.
void apply_reply(UiState& ui, const Room& room, const Pending& p, const protocol::CommandReply& r,
                 std::int64_t wall_ms) {
  using K = protocol::CommandKind;
  const Language l = ui.language;
  const std::string refused = i18n::format(l, "console.refused", {r.message});
  if (p.kind != K::identify) ui.notice_ok = r.ok;  // identification speaks on its own screen
  switch (p.kind) {
    case K::identify: {
      if (ui.identified.code != p.personal_code) return;  // a newer code was typed meanwhile
      Identified& who = ui.identified;
      who.pending = false;
      who.found = r.ok;
      if (!r.ok) {
        who.error = r.message;
        return;
      }
      // "name|class|status"
      const auto a = r.message.find('|'), b = r.message.find('|', a + 1);
      who.full_name = r.message.substr(0, a);
      who.class_name = a == std::string::npos ? "" : r.message.substr(a + 1, b - a - 1);
      who.status = b == std::string::npos ? "" : r.message.substr(b + 1);
      return;
    }
    case K::admit:
    case K::mark_absent: {
      const std::string name =
          ui.identified.code == p.personal_code ? ui.identified.full_name : p.personal_code;
      ui.notice = r.ok ? i18n::format(l,
                                      p.kind == K::admit ? "console.identify.admitted"
                                                         : "console.identify.marked_absent",
                                      {name})
                       : refused;
      if (ui.identified.code == p.personal_code) {
        ui.identified.outcome = ui.notice;
        ui.identified.outcome_ok = r.ok;
      }
      if (r.ok) ui.code.clear();  // ready for the next sheet
      return;
    }
    case K::record_act:
      ui.act.sending = false;
      if (r.ok) {
        ui.notice =
            i18n::format(l, "console.act.recorded", {std::to_string(r.value), ui.act.full_name});
        ui.screen = ui.act.back;
        ui.act_corrects = 0;
        // The act is printed at once in Kazakh and in Russian (p.20-21), for signatures.
        for (const Language lang : {Language::kk, Language::ru}) {
          protocol::PrintForm form;
          form.form = "act";
          form.sitting = ui.sitting;
          form.act = r.value;
          form.language = lang;
          ui.print_queue.push_back(std::move(form));
        }
      } else {
        ui.notice = refused;
      }
      return;
    case K::read_act: {
      ui.correction_pending = 0;
      auto act = act_from_reply(r);
      const protocol::SeatView* seat = nullptr;
      if (act) seat = room.seat_by_code(p.personal_code);
      if (!act || !seat) {
        ui.notice = i18n::format(l, "console.refused", {act ? p.personal_code : act.error().what});
        ui.notice_ok = false;
        return;
      }
      open_correction(ui, room, *seat, *act, wall_ms);
      return;
    }
    case K::upload_bundle:
      ui.notice = r.ok ? std::string(i18n::text(l, "console.upload.asked")) : refused;
      return;
    case K::plan_seating:
      ui.notice =
          r.ok ? i18n::format(l, "console.seating.planned", {std::to_string(r.value)}) : refused;
      return;
    case K::new_pairing_code:
      if (r.ok) {
        ui.pairing_code = r.message;
        ui.pairing_expires_ms = r.value;
      }
      ui.notice = r.ok ? std::string(i18n::text(l, "console.pair.opened")) : refused;
      return;
    case K::record_readiness:
      ui.readiness_sending = false;
      if (r.ok) ui.readiness_record = r.value;
      ui.notice =
          r.ok ? i18n::format(l, "console.ready.signed", {std::to_string(r.value)}) : refused;
      return;
    default:
      ui.notice = r.ok
                      ? std::string(i18n::text(l, "console.done." + std::string(kind_name(p.kind))))
                      : refused;
      if (r.ok && p.kind == K::extend_time) ui.extra_reason.clear();
      if (r.ok && p.kind == K::leave_room) ui.leave_reason.clear();
      if (r.ok && p.kind == K::cancel_sitting) ui.cancel_reason.clear();
      return;
  }
}

// Each seat's countdown starts when the server last sent that seat's time left.
void update_clocks(const Room& r, UiState& ui, Clock::time_point now) {
  if (!r.room) return;
  const auto& seats = r.room->seats;
  ui.clocks.resize(seats.size());
  for (std::size_t i = 0; i < seats.size(); ++i)
    if (ui.clocks[i].remaining_ms != seats[i].remaining_ms ||
        ui.clocks[i].at == Clock::time_point{})
      ui.clocks[i] = {seats[i].remaining_ms, now};
}

// One line about the room for the trace: what tests wait for.
std::string room_line(const Room& r) {
  if (!r.room) return {};
  int admitted = 0, testing = 0, connected = 0, answered = 0, finished = 0, annulled = 0,
      absent = 0;
  for (const auto& s : r.room->seats) {
    admitted += s.status != "registered" && s.status != "absent";
    testing += s.status == "testing";
    connected += s.connected;
    answered += s.answered;
    finished += s.status == "finished";
    annulled += s.status == "annulled";
    absent += s.status == "absent";
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "room state=%s seats=%zu admitted=%d absent=%d testing=%d connected=%d answered=%d "
                "finished=%d "
                "annulled=%d incidents=%d",
                r.room->sitting.state.c_str(), r.room->seats.size(), admitted, absent, testing,
                connected, answered, finished, annulled, r.unacknowledged_incidents());
  if (r.upload) return std::string(line) + " upload=" + r.upload->state;
  return line;
}

}  // namespace

// [SECTION] Routing: the screen the room calls for

void route(const Room& r, UiState& ui) {
  if (!r.welcome) {
    ui.screen = Screen::sign_in;
    return;
  }
  if (ui.sitting == 0 || !r.room || r.room->sitting.id != ui.sitting) {
    ui.screen = Screen::sittings;
    return;
  }
  const std::string& state = r.room->sitting.state;
  const bool arrived = ui.screen == Screen::sign_in || ui.screen == Screen::sittings;
  if (state != ui.sitting_state || arrived) {
    const bool changed = !ui.sitting_state.empty() && state != ui.sitting_state;
    ui.sitting_state = state;
    if (state == "prepared" && arrived)
      ui.screen = Screen::readiness;
    else if (state == "open" && (arrived || changed))
      ui.screen = Screen::grid;
    else if ((state == "ended" || state == "cancelled") && (arrived || changed))
      ui.screen = Screen::results;
  }
}

void draw_screen(Frame& f) {
  const bool has_room = f.room.room.has_value();
  switch (f.ui.screen) {
    case Screen::sign_in:
      draw_sign_in(f);
      break;
    case Screen::sittings:
      draw_sittings(f);
      break;
    case Screen::readiness:
      if (has_room) draw_readiness(f);
      break;
    case Screen::identification:
      if (has_room) draw_identification(f);
      break;
    case Screen::start:
      if (has_room) draw_start(f);
      break;
    case Screen::grid:
      if (has_room) draw_grid(f);
      break;
    case Screen::incidents:
      if (has_room) draw_incidents(f);
      break;
    case Screen::act_confiscation:
      if (has_room) draw_act_confiscation(f);
      break;
    case Screen::act_impostor:
      if (has_room) draw_act_impostor(f);
      break;
    case Screen::results:
      if (has_room) draw_results(f);
      break;
    case Screen::seating:
      if (has_room) draw_seating(f);
      break;
    case Screen::upload:
      if (has_room) draw_upload(f);
      break;
    case Screen::report:
      if (has_room) draw_report(f);
      break;
  }
  draw_top_bar(f);
  draw_status_line(f);
  if (has_room) draw_sitting_end(f);
  // An unacknowledged incident makes the whole window's edge blink red (twice a second) on
  // every screen, so it is seen from across the room until someone acknowledges it.
  if (has_room && f.room.unacknowledged_incidents() > 0) {
    const auto phase =
        std::chrono::duration_cast<std::chrono::milliseconds>(f.now.time_since_epoch()).count() /
        500;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const float w = 10 * f.scale;
    ImGui::GetForegroundDrawList()->AddRect({w / 2, w / 2}, {size.x - w / 2, size.y - w / 2},
                                            phase % 2 == 0 ? kWarn : IM_COL32(120, 20, 15, 255), 0,
                                            0, w);
  }
}

// [SECTION] The loop

int run_console(const ConsoleOptions& options) {
  auto config = station::load_config(options.dir);
  if (!config) {
    std::cerr << "bbzhm-proctor: " << config.error().what << "\n";
    return 1;
  }
  auto platform = Platform::open({});
  if (!platform) {
    std::cerr << "bbzhm-proctor: " << platform.error().what << "\n";
    return 1;
  }
  Platform& p = **platform;
  auto started = ConsoleClient::start(std::move(*config));
  if (!started) {
    std::cerr << "bbzhm-proctor: " << started.error().what << "\n";
    return 1;
  }
  ConsoleClient& client = **started;
  client.on_change([] { Platform::wake(); });

  auto say = [&](const std::string& line) {
    if (options.trace) std::cout << line << std::endl;
  };
  UiState ui;
  ui.language = options.language;
  Room room;
  std::uint64_t seen = ~std::uint64_t{0};
  std::vector<Pending> pending;
  std::vector<PendingPrint> printing;
  std::vector<PendingFile> files;
  const std::filesystem::path print_dir =
      options.print_dir.empty() ? options.dir / "printed" : options.print_dir;
  std::string shown, shown_room;
  std::set<std::string> captured;
  std::map<std::string, std::string> screen_said;  // the last trace line of each screen's kind
  bool shot_requested = false;
  int extra_frames = kFramesAfterInput;
  while (!p.should_close()) {
    const Clock::time_point now = Clock::now();
    if (client.version() != seen) {
      room = client.snapshot();  // the only copy of the room, and only when it changed
      seen = room.version;
      update_clocks(room, ui, now);
      if (std::string line = room_line(room); line != shown_room) {
        shown_room = line;
        if (!line.empty()) say(line);
      }
      extra_frames = kFramesAfterInput;
    }
    route(room, ui);
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->reply.wait_for(0s) != std::future_status::ready) {
        ++it;
        continue;
      }
      const protocol::CommandReply r = it->reply.get();
      say("reply kind=" + std::string(kind_name(it->kind)) + " ok=" + (r.ok ? "1" : "0") +
          " value=" + std::to_string(r.value) + " message=" + r.message);
      apply_reply(ui, room, *it, r,
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
      it = pending.erase(it);
      extra_frames = kFramesAfterInput;
    }
    for (auto it = printing.begin(); it != printing.end();) {
      if (it->pdf.wait_for(0s) != std::future_status::ready) {
        ++it;
        continue;
      }
      ui.notice = save_form(print_dir, it->file_name, it->pdf.get(), ui.language, ui.notice_ok);
      if (ui.notice_ok) ui.printed_file = (print_dir / it->file_name).string();
      say("printed ok=" + std::string(ui.notice_ok ? "1" : "0") + " " + ui.notice);
      it = printing.erase(it);
      extra_frames = kFramesAfterInput;
    }

    for (auto it = files.begin(); it != files.end();) {
      if (it->bytes.wait_for(0s) != std::future_status::ready) {
        ++it;
        continue;
      }
      const bool report = it->kind == protocol::NtcFileKind::report;
      auto got = it->bytes.get();
      it = files.erase(it);
      extra_frames = kFramesAfterInput;
      (report ? ui.report_pending : ui.bundle_pending) = false;
      if (!got) {
        ui.notice = i18n::format(ui.language, "console.refused", {got.error().what});
        ui.notice_ok = false;
        if (report) ui.report_error = got.error().what;
        say(std::string(report ? "report" : "bundle") + " ok=0 " + got.error().what);
        continue;
      }
      char stamp[32];
      const std::time_t t = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
      const std::string campaign = room.room ? room.room->sitting.campaign : "";
      const std::string name = report
                                   ? "report-" + campaign + "-" + stamp + ".pdf"
                                   : "bundle-" + std::to_string(ui.sitting) + "-" + stamp + ".bbzr";
      auto saved = save_file(options.dir / (report ? "reports" : "bundles"), name, *got);
      if (!saved) {
        ui.notice = i18n::format(ui.language, "console.refused", {saved.error().what});
        ui.notice_ok = false;
        say(std::string(report ? "report" : "bundle") + " ok=0 " + saved.error().what);
        continue;
      }
      ui.notice_ok = true;
      if (report) {
        ui.report_file = saved->string();
        auto view = PdfView::open(std::move(*got));
        if (!view) {
          ui.report_error = view.error().what;
          say("report ok=0 " + view.error().what);
          continue;
        }
        ui.report = std::move(*view);
        ui.report_page = 0;
        ui.notice = i18n::format(ui.language, "console.report.saved", {saved->string()});
        say("report ok=1 pages=" + std::to_string(ui.report->pages()) + " file=" + saved->string());
      } else {
        ui.bundle_file = saved->string();
        ui.notice = i18n::format(ui.language, "console.upload.exported", {saved->string()});
        say("bundle ok=1 file=" + saved->string());
      }
    }

    Actions out;
    out.prints = std::move(ui.print_queue);
    ui.print_queue.clear();
    p.begin_frame();
    const std::int64_t wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
    Frame f{room, ui, out, p.fonts(), p.scale(), now, wall_ms};
    draw_screen(f);
    if (function_key(12) && !options.screenshots.empty()) {
      shot_requested = true;
      extra_frames = kFramesAfterInput;  // a few frames to settle, then the picture
    }
    const std::string key = std::string(name(ui.screen)) + "-" + std::string(code(ui.language));
    std::filesystem::path shot;
    if (key != shown) {
      shown = key;
      extra_frames = kFramesAfterInput;  // let ImGui settle the new layout before the picture
      say("screen=" + std::string(name(ui.screen)) + " lang=" + std::string(code(ui.language)));
    } else if (!options.screenshots.empty() && extra_frames == 1 &&
               (shot_requested || !captured.contains(key))) {
      shot = options.screenshots / ("proctor-" + key + ".png");
      captured.insert(key);
      shot_requested = false;
    }
    p.end_frame(shot);
    if (!shot.empty()) say("screenshot=" + shot.string());
    for (std::string& line : out.trace) {
      std::string& last = screen_said[line.substr(0, line.find(' '))];
      if (line != last) say(last = std::move(line));
    }

    if (out.sign_in) {
      say("sign_in=" + out.sign_in->first);  // never the password
      client.sign_in(out.sign_in->first, out.sign_in->second);
    }
    if (out.watch) {
      say("watch=" + std::to_string(*out.watch));
      client.watch(*out.watch);
    }
    for (auto& c : out.commands) {
      say("command kind=" + std::string(kind_name(c.kind)) + " code=" + c.personal_code);
      const auto kind = c.kind;
      std::string code = c.personal_code;
      pending.push_back({kind, std::move(code), client.command(std::move(c))});
    }
    for (auto& form : out.prints) {
      char stamp[32];
      const std::time_t t = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
      std::string file = form.form + "-" + std::to_string(form.sitting);
      if (form.act > 0) file += "-" + std::to_string(form.act);
      file += "-" + std::string(code(form.language)) + "-" + stamp + ".pdf";
      say("print form=" + form.form + " file=" + file);
      printing.push_back({std::move(file), client.print(std::move(form))});
    }
    for (auto& file : out.ntc_files) {
      say(std::string("ntc_file kind=") +
          (file.kind == protocol::NtcFileKind::report ? "report" : "bundle"));
      const auto kind = file.kind;
      files.push_back({kind, client.ntc_file(std::move(file))});
    }
    if (out.list_stations) client.list_stations();
    if (out.sign_in || out.watch || !out.commands.empty() || !out.prints.empty() ||
        !out.ntc_files.empty())
      extra_frames = kFramesAfterInput;

    // Sleep until something happens: input, the server (on_change wakes us), a reply, or the
    // next second of the countdowns on screen.
    if (p.take_input()) extra_frames = kFramesAfterInput;
    if (extra_frames > 0) {
      --extra_frames;
      p.wait(16ms);
      continue;
    }
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWake);
    if (!pending.empty() || !printing.empty() || !files.empty())
      timeout = 50ms;  // a reply set without a push (link down) is seen soon
    if (room.room && room.room->sitting.state == "open")
      timeout = std::min<std::chrono::milliseconds>(timeout, 1s);
    if (room.unacknowledged_incidents() > 0)  // the blinking edge
      timeout = std::min<std::chrono::milliseconds>(timeout, 500ms);
    p.wait(timeout);
  }
  return 0;
}

}  // namespace bbzhm::proctor::gui
