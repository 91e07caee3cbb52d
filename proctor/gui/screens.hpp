// The console's screens: each draws one page from the frame's state and records what the
// representative did in the frame's actions or UI state. One file per screen.
#pragma once

#include <initializer_list>
#include <string_view>

#include "proctor/gui/ui_state.hpp"

namespace bbzhm::proctor::gui {

void draw_sign_in(Frame& f);         // the representative's login and password
void draw_sittings(Frame& f);        // the sittings of this school; choose one to run
void draw_readiness(Frame& f);       // p.19: the lab readiness checklist and its sign-off
void draw_identification(Frame& f);  // p.19: personal code at the door; admit or absent (p.12)
void draw_start(Frame& f);           // who is admitted; start the sitting
void draw_grid(Frame& f);            // the live room, seat by seat, and the seat's actions
void draw_seat_panel(Frame& f, const protocol::SeatView& seat, std::size_t index);
void draw_incidents(Frame& f);         // incidents until acknowledged
void draw_act_confiscation(Frame& f);  // Annex 1 (p.20)
void draw_act_impostor(Frame& f);      // Annex 2 (p.21)
void draw_results(Frame& f);           // p.24: the room after the end
void draw_seating(Frame& f);           // issue 6 step 3: the automatic plan and manual changes
void draw_upload(Frame& f);            // p.26: send to the NTC, export for a USB stick
void draw_report(Frame& f);            // issue 8: the NTC's report, page by page
// The sitting's end and its cancellation (p.15): confirmations over whatever screen is shown.
void draw_sitting_end(Frame& f);

// Acts: opening a draft for a seat; an act's page begins with its title and the header every
// annex carries, pre-filled, and ends with the record and back buttons (record only when the act
// is `complete`, else the hint `missing_key`) and the confirmation that sends it.
void open_act(Frame& f, const protocol::SeatView& seat, bool impostor, Screen back);
ActDraft& begin_act(Frame& f, const char* id, std::string_view title_key);
void end_act(Frame& f, bool impostor, bool complete, std::string_view missing_key);
// A correction (the server's copy of the act it corrects arrived): the same annex, pre-filled.
void open_correction(UiState& ui, const Room& room, const protocol::SeatView& seat,
                     const protocol::ActFields& act, std::int64_t wall_ms);

// Printing (printing.cpp): one form of the watched sitting, or a row of buttons for several.
void request_print(Frame& f, std::string_view form, std::int64_t act, Language lang);
void print_row(Frame& f, std::initializer_list<std::string_view> forms);

// Picks the screen the room calls for (console.cpp), and draws ui.screen with the bars.
void route(const Room& r, UiState& ui);
void draw_screen(Frame& f);

}  // namespace bbzhm::proctor::gui
