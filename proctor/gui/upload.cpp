// p.26: the results go to the NTC. The representative presses "send" once the sitting has ended;
// the school server sends the sealed bundle and retries until the NTC's signed receipt arrives,
// so this screen only shows the state the server keeps (the same on every console). Without a
// link, the sealed bundle is saved for a USB stick. The NTC's report comes back here too.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "proctor/gui/screens.hpp"
#include "proctor/gui/widgets.hpp"

namespace bbzhm::proctor::gui {

void draw_upload(Frame& f) {
  begin_page(f, "##upload");
  UiState& ui = f.ui;
  const auto& room = *f.room.room;
  heading(tr(f, "console.upload.title"), f.fonts.large);
  const bool ended = room.sitting.state == "ended";
  if (!ended) text_colored(tr(f, "console.upload.not_ended"), kAmber);
  const auto& u = f.room.upload;
  const std::string state = u ? u->state : "";
  const ImU32 colour = state == "received"                       ? kGood
                       : state == "refused"                      ? kWarn
                       : state == "retrying"                     ? kAmber
                       : state == "queued" || state == "sending" ? kAccent
                                                                 : kMuted;
  ImGui::PushFont(f.fonts.large);
  text_colored(tr(f, "console.upload.state." + (state.empty() ? std::string("none") : state)),
               colour);
  ImGui::PopFont();
  if (u) {
    if (u->attempts > 0) text(trf(f, "console.upload.attempts", {std::to_string(u->attempts)}));
    if (state == "retrying" || state == "refused")
      text_wrapped(trf(f, "console.upload.last_error", {u->last_error}));
    if (state == "retrying") {
      const std::int64_t wait_s =
          std::max<std::int64_t>(0, (u->next_attempt_ms - f.wall_ms) / 1000);
      text(trf(f, "console.upload.next", {std::to_string(wait_s)}));
    }
    if (state == "received") {
      char when[40];
      format_clock(when, sizeof when, u->receipt_at_ms, true);
      text(trf(f, "console.upload.receipt", {u->bundle_id.substr(0, 16), when}));
    }
    if (!u->requested_by.empty())
      text_colored(trf(f, "console.upload.requested_by", {u->requested_by}), kMuted);
  }
  ImGui::Dummy({1, 8 * f.scale});
  const bool busy = state == "queued" || state == "sending" || state == "retrying";
  ImGui::BeginDisabled(!ended || busy || state == "received");
  if (button(label(f, "console.upload.send", "send").c_str(), {0, 0}, true) ||
      (ended && !busy && state != "received" && function_key(9)))
    f.out.commands.push_back(upload_bundle(ui.sitting));
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!ended || ui.bundle_pending);
  if (button(label(f, "console.upload.export", "export").c_str()) ||
      (ended && !ui.bundle_pending && function_key(10))) {
    ui.bundle_pending = true;
    f.out.ntc_files.push_back({0, protocol::NtcFileKind::bundle, ui.sitting, ""});
  }
  ImGui::EndDisabled();
  if (!ui.bundle_file.empty())
    text_colored(trf(f, "console.upload.exported", {ui.bundle_file}), kGood);
  text_colored(tr(f, "console.upload.explain"), kMuted);

  ImGui::Dummy({1, 16 * f.scale});
  heading(tr(f, "console.report.title"), f.fonts.body);
  text_colored(tr(f, "console.report.explain"), kMuted);
  ImGui::BeginDisabled(ui.report_pending);
  if (button(label(f, "console.report.fetch", "report").c_str()) ||
      (!ui.report_pending && function_key(11))) {
    ui.report_pending = true;
    ui.report_error.clear();
    f.out.ntc_files.push_back({0, protocol::NtcFileKind::report, ui.sitting, ""});
    ui.screen = Screen::report;
  }
  ImGui::EndDisabled();
  if (ui.report) {
    ImGui::SameLine();
    if (button(label(f, "console.report.show", "show").c_str())) ui.screen = Screen::report;
  }
  end_page();
}

void draw_report(Frame& f) {
  begin_page(f, "##report");
  UiState& ui = f.ui;
  heading(tr(f, "console.report.title"), f.fonts.large);
  if (ui.report_pending) text_colored(tr(f, "console.report.fetching"), kMuted);
  if (!ui.report_error.empty()) text_wrapped(trf(f, "console.refused", {ui.report_error}));
  if (button(label(f, "console.report.back", "back").c_str()) || escape_pressed())
    ui.screen = Screen::upload;
  if (!ui.report) {
    end_page();
    return;
  }
  const int pages = ui.report->pages();
  ui.report_page = std::clamp(ui.report_page, 0, pages - 1);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.report_page == 0);
  if (button(label(f, "console.report.previous", "prev").c_str()) ||
      (ui.report_page > 0 && ImGui::IsKeyPressed(kKeyPageUp)))
    --ui.report_page;
  ImGui::EndDisabled();
  ImGui::SameLine();
  text(trf(f, "console.report.page", {std::to_string(ui.report_page + 1), std::to_string(pages)}));
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.report_page + 1 >= pages);
  if (button(label(f, "console.report.next", "next").c_str()) ||
      (ui.report_page + 1 < pages && ImGui::IsKeyPressed(kKeyPageDown)))
    ++ui.report_page;
  ImGui::EndDisabled();
  if (!ui.report_file.empty()) {
    ImGui::SameLine();
    text_colored(ui.report_file, kMuted);
  }
  // The page as wide as the window allows, scrolled when it is taller.
  ImGui::BeginChild("##page", ImGui::GetContentRegionAvail(), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  const float avail = ImGui::GetContentRegionAvail().x;
  const int width = static_cast<int>(std::min(avail, 1100 * f.scale));
  if (const auto* page = ui.report->page(ui.report_page, width)) {
    ImGui::SetCursorPosX(std::max(0.0f, (avail - static_cast<float>(page->width)) / 2));
    ImGui::Image(page->id, {static_cast<float>(page->width), static_cast<float>(page->height)});
    // Where the page shows, in the window's pixels (what a screenshot holds): the image clipped
    // to the scrolled pane.
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const ImVec2 clip_min = ImGui::GetWindowPos();
    const ImVec2 clip_max = {clip_min.x + ImGui::GetWindowWidth(),
                             clip_min.y + ImGui::GetWindowHeight()};
    min = {std::max(min.x, clip_min.x), std::max(min.y, clip_min.y)};
    max = {std::min(max.x, clip_max.x), std::min(max.y, clip_max.y)};
    const ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
    char line[160];
    std::snprintf(line, sizeof line, "report_page page=%d/%d size=%dx%d shown=%d,%d,%d,%d",
                  ui.report_page + 1, pages, page->width, page->height,
                  static_cast<int>(min.x * fb.x), static_cast<int>(min.y * fb.y),
                  static_cast<int>((max.x - min.x) * fb.x),
                  static_cast<int>((max.y - min.y) * fb.y));
    f.out.trace.push_back(line);
  }
  ImGui::EndChild();
  end_page();
}

}  // namespace bbzhm::proctor::gui
