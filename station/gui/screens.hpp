// The kiosk's screens: each draws one page from the frame's state and records what the student
// did in the frame's commands or UI state. One file per screen.
#pragma once

#include "station/gui/ui_state.hpp"

namespace bbzhm::station::gui {

void draw_waiting(Frame& f);           // station name, connection, language choice, "start"
void draw_login(Frame& f);             // login and password, on-screen keyboard
void draw_confirm(Frame& f);           // the student's name, class and subjects
void draw_instructions(Frame& f);      // the rules of the test, in the test's language
void draw_item(Frame& f);              // one item, navigation, item grid, flag, timer
void draw_review(Frame& f);            // every item's state before finishing
void draw_results(Frame& f);           // p.24: score and level per subject, receipt code
void draw_survey(Frame& f);            // p.25: the anonymous survey
void draw_teacher_survey(Frame& f);    // p.25: the teachers' survey, from the waiting screen
void draw_unlock(Frame& f);            // the representative's exit code
void draw_periodic_table(Frame& f);    // p.20: allowed reference
void draw_solubility_table(Frame& f);  // p.20: allowed reference

// Picks the screen the snapshot and the student's progress call for (kiosk.cpp).
void route(const Snapshot& s, UiState& ui);
// Draws ui.screen, the status line and any time warning.
void draw_screen(Frame& f);

// The banner of the time warnings (10 and 1 minutes), over whatever screen is shown.
void draw_time_warning(Frame& f);

}  // namespace bbzhm::station::gui
