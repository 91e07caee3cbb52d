// Domain vocabulary shared by every part: languages, subjects, stages, absence reasons.
#pragma once

#include <optional>
#include <string_view>

namespace bbzhm {

// Languages of instruction and of tests (p.6-10). Kazakh is first.
enum class Language { kk, ru, en };
inline constexpr Language kAllLanguages[] = {Language::kk, Language::ru, Language::en};

std::string_view code(Language l);                           // "kk", "ru", "en"
std::optional<Language> parse_language(std::string_view s);  // accepts the codes, any case

// Subjects of ББЖМ (p.7-8): reading, mathematical and natural-science literacy.
enum class Subject { reading, math, science };
std::string_view code(Subject s);
std::optional<Subject> parse_subject(std::string_view s);

// School grades 4 and 9 (p.6) or college courses 2 and 3 (p.9).
enum class Stage { school, college };

// p.12: the only reasons a student may miss a ББЖМ sitting.
enum class AbsenceReason {
  home_schooled_health,  // taught at home for health reasons
  sanatorium,            // in a sanatorium school for long treatment
  illness,               // absent for health on the day
  bereavement,           // death of a close relative
  competition,           // competitions or olympiads
};
inline constexpr AbsenceReason kAllAbsenceReasons[] = {
    AbsenceReason::home_schooled_health, AbsenceReason::sanatorium, AbsenceReason::illness,
    AbsenceReason::bereavement, AbsenceReason::competition};
std::string_view code(AbsenceReason r);
std::optional<AbsenceReason> parse_absence_reason(std::string_view s);

}  // namespace bbzhm
