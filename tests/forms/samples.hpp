// Sample documents for the forms' tests: a 9th-grade sitting in a Kazakh school, names with
// every Kazakh letter, and item texts in the language of the form.
#pragma once

#include <string>

#include "forms/documents.hpp"

namespace bbzhm::forms::test {

Organization sample_organization();
Sitting sample_sitting();
Representative sample_representative();
// Student `i` of a class: unique full name and personal code ("250415" and six digits).
Student sample_student(int i);
std::vector<SubjectTest> sample_tests(Language instruction);

SeatingSheet sample_seating_sheet(int students);
LoginSlips sample_login_slips(int students);
ConfiscationAct sample_confiscation_act(Language lang);
ImpostorAct sample_impostor_act(ImpostorFoundAt found_at);
ReadinessProtocol sample_readiness_protocol(Language lang);
ResultsSheet sample_results_sheet(int students);
ResultSlips sample_result_slips(int students);
SessionReport sample_session_report(Language lang);

}  // namespace bbzhm::forms::test
