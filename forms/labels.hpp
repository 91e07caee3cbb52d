// How the forms print domain values (dates, subjects, levels, absence reasons) in a language.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "forms/documents.hpp"

namespace bbzhm::forms {

std::string_view code(Level level);  // "low", "medium", "high"

std::string date_text(std::chrono::year_month_day date);  // "15.04.2025"
std::string time_text(TimeOfDay time);                    // "10:25"
std::string two_digits(int n);                            // "05"
// The month as the acts' date line needs it: "сәуір", "апреля", "April".
std::string_view month_name(Language lang, std::chrono::month month);

std::string_view subject_name(Language lang, Subject subject);
std::string_view language_short(Language lang, Language test_language);  // "қаз.", "рус."
std::string subject_test_text(Language lang,
                              const SubjectTest& test);  // "Математикалық ... (қаз.)"
// One line per subject, its languages together: "Оқу сауаттылығы (қаз., орыс., ағыл.)".
std::string subject_tests_text(Language lang, const std::vector<SubjectTest>& tests);
std::string_view level_name(Language lang, Level level);
std::string_view absence_name(Language lang, AbsenceReason reason);
std::string score_text(Language lang, const SubjectScore& score);  // "... (қаз.): 12 / 20, орташа"

std::string campaign_text(Language lang, const Campaign& campaign);  // "ББЖМ-2025, сәуір"
std::string grade_text(Language lang, const Sitting& sitting);       // "4-сынып", "2-курс"
std::string organization_text(const Organization& organization);     // "123456 — ..."

class Document;
// What every sheet of a sitting opens with: the title over the campaign, then the organization,
// grade, date, room and representative.
void sitting_heading(Document& doc, Language lang, std::string_view title_key,
                     const Organization& organization, const Sitting& sitting,
                     const std::string& room, const Representative& representative);

}  // namespace bbzhm::forms
