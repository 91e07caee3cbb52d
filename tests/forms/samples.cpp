// The sample documents of the forms' tests.
#include "tests/forms/samples.hpp"

#include <cstdio>

namespace bbzhm::forms::test {
namespace {

using namespace std::chrono;

constexpr const char* kSurnames[] = {"Әбілқайыров", "Ғалымжанов", "Қоңырбаев", "Өмірзақов",
                                     "Ұлықбеков",   "Үсенбаев",   "Һидаятов",  "Іңкәрбеков",
                                     "Сейітқалиев", "Иванов"};
constexpr const char* kNames[] = {"Нұрсұлтан", "Ерғали", "Әлихан", "Дәулет", "Бауыржан",
                                  "Өркен",     "Ілияс",  "Ұлан",   "Үмбет",  "Аңсар"};

}  // namespace

Organization sample_organization() {
  return {.code = "050000123", .name = "«Әл-Фараби атындағы № 12 мектеп-гимназиясы» КММ"};
}

Sitting sample_sitting() {
  return {.campaign = {.year = 2025, .stage = Stage::school},
          .grade = 9,
          .date = year_month_day{2025y, April, 15d}};
}

Representative sample_representative() {
  return {.full_name = "Сәрсенбаев Ерлан Қайратұлы"};
}

Student sample_student(int i) {
  char code[32];
  std::snprintf(code, sizeof code, "250415%06d", 1001 + i * 37);
  return {.full_name = std::string(kSurnames[i / 10 % 10]) + " " + kNames[i % 10] + " Серікұлы",
          .personal_code = {code},
          .class_name = i % 2 == 0 ? "9 «Ә»" : "9 «Б»"};
}

std::vector<SubjectTest> sample_tests(Language instruction) {
  // p.8: reading literacy in three languages, the others in the language of instruction.
  return {{Subject::reading, Language::kk},
          {Subject::reading, Language::ru},
          {Subject::reading, Language::en},
          {Subject::math, instruction},
          {Subject::science, instruction}};
}

SeatingSheet sample_seating_sheet(int students) {
  SeatingSheet s{.organization = sample_organization(),
                 .sitting = sample_sitting(),
                 .room = "12",
                 .representative = sample_representative(),
                 .seats = {}};
  for (int i = 0; i < students; ++i)
    s.seats.push_back(Seat{.number = i + 1,
                           .station = "PC-" + std::to_string(i + 1),
                           .student = sample_student(i),
                           .tests = sample_tests(i % 4 == 3 ? Language::ru : Language::kk)});
  return s;
}

LoginSlips sample_login_slips(int students) {
  LoginSlips s{.organization = sample_organization(),
               .sitting = sample_sitting(),
               .room = "12",
               .slips = {}};
  for (int i = 0; i < students; ++i)
    s.slips.push_back(LoginSlip{.student = sample_student(i),
                                .seat = i + 1,
                                .station = "PC-" + std::to_string(i + 1),
                                .login = "k12-" + std::to_string(1000 + i),
                                .password = "Qx7" + std::to_string(4000 + i * 7) + "m",
                                .test_language = i % 4 == 3 ? Language::ru : Language::kk});
  return s;
}

ConfiscationAct sample_confiscation_act(Language lang) {
  const bool kk = lang == Language::kk;
  return {.number = "7",
          .journal_hash = "3fa9c2d1e0b4",
          .organization = sample_organization(),
          .date = year_month_day{2025y, April, 15d},
          .time = {10, 25},
          .representative = sample_representative(),
          .room = "12",
          .seat = 5,
          .student = {.full_name = "Қоңырбаев Ілияс Серікұлы",
                      .personal_code = {"250415001186"},
                      .class_name = "9 «Ә»"},
          .variant = "0342",
          .items = {{.name = kk ? "Ұялы телефон" : "Мобильный телефон",
                     .brand = "Samsung Galaxy A14",
                     .quantity = 1},
                    {.name = kk ? "Шпаргалка (қағаз парақтары)" : "Шпаргалка (листы бумаги)",
                     .brand = "",
                     .quantity = 3}},
          .drawn_up_by = {"Сәрсенбаев Ерлан Қайратұлы", "Әбенова Гүлнар Маратқызы"}};
}

ImpostorAct sample_impostor_act(ImpostorFoundAt found_at) {
  return {.number = "8",
          .journal_hash = "9b01e77a42cd",
          .organization = sample_organization(),
          .date = year_month_day{2025y, April, 15d},
          .time = {9, 5},
          .representative = sample_representative(),
          .student = {.full_name = "Өмірзақов Ұлан Бауыржанұлы",
                      .personal_code = {"250415002223"},
                      .class_name = "9 «Б»"},
          .impostor_full_name = "Төлеуов Арман Сәкенұлы",
          .found_at = found_at,
          .room = "12"};
}

ReadinessProtocol sample_readiness_protocol(Language lang) {
  const bool kk = lang == Language::kk;
  return {.organization = sample_organization(),
          .room = "12",
          .date = year_month_day{2025y, April, 15d},
          .time = {8, 30},
          .representative = sample_representative(),
          .head_full_name = "Жұмабекова Сәуле Әкімқызы",
          .technician_full_name = "Нұрланов Ғалым Асқарұлы",
          .items = {
              {kk ? "Компьютерлер саны тестіленушілер санына сәйкес"
                  : "Количество компьютеров соответствует числу тестируемых",
               true, ""},
              {kk ? "Әр компьютерде тестілеу бағдарламасы іске қосылады"
                  : "Программа тестирования запускается на каждом компьютере",
               true, ""},
              {kk ? "Интернетке және өзге желілік ресурстарға қолжетімділік жабық"
                  : "Доступ в интернет и к другим сетевым ресурсам закрыт",
               true, ""},
              {kk ? "Резервтік компьютерлер дайын" : "Резервные компьютеры готовы", false,
               kk ? "PC-31 іске қосылмайды, ауыстырылады" : "PC-31 не запускается, будет заменён"},
          }};
}

ResultsSheet sample_results_sheet(int students) {
  ResultsSheet s{.organization = sample_organization(),
                 .sitting = sample_sitting(),
                 .room = "12",
                 .representative = sample_representative(),
                 .students = {}};
  for (int i = 0; i < students; ++i) {
    StudentResult r{.student = sample_student(i), .outcome = Scored{}};
    if (i % 10 == 4) {
      r.outcome =
          Absence{.reason = i % 20 == 4 ? AbsenceReason::illness : AbsenceReason::competition};
    } else if (i % 10 == 7) {
      r.outcome = Annulment{.act_number = std::to_string(i)};
    } else {
      Scored scored;
      const auto tests = sample_tests(Language::kk);
      for (std::size_t k = 0; k < tests.size(); ++k) {
        const int score = (i * 7 + static_cast<int>(k) * 5) % 21;
        scored.scores.push_back(SubjectScore{.test = tests[k],
                                             .score = score,
                                             .max = 20,
                                             .level = score < 8    ? Level::low
                                                      : score < 15 ? Level::medium
                                                                   : Level::high});
      }
      r.outcome = std::move(scored);
    }
    s.students.push_back(std::move(r));
  }
  return s;
}

ResultSlips sample_result_slips(int students) {
  ResultSlips s{.organization = sample_organization(), .sitting = sample_sitting(), .slips = {}};
  const ResultsSheet sheet = sample_results_sheet(students);
  for (const StudentResult& r : sheet.students) {
    const auto* scored = std::get_if<Scored>(&r.outcome);
    if (scored == nullptr) continue;
    s.slips.push_back(ResultSlip{.student = r.student,
                                 .scores = scored->scores,
                                 .receipt_code = "R-" + r.student.personal_code.value.substr(6)});
  }
  return s;
}

SessionReport sample_session_report(Language lang) {
  const bool kk = lang == Language::kk;
  return {
      .organization = sample_organization(),
      .sitting = sample_sitting(),
      .room = "12",
      .representative = sample_representative(),
      .admitted = 24,
      .absent = {{AbsenceReason::illness, 1}, {AbsenceReason::competition, 2}},
      .removed = 1,
      .finished = 23,
      .incidents = {{.time = {10, 25},
                     .seat = 5,
                     .description = kk ? "Ұялы телефон табылды, № 7 акт жасалды"
                                       : "Обнаружен мобильный телефон, составлен акт № 7"},
                    {.time = {11, 2},
                     .seat = 0,
                     .description = kk ? "Электр қуаты 3 минутқа өшті, уақыт ұзартылды"
                                       : "Отключение электричества на 3 минуты, время продлено"}}};
}

}  // namespace bbzhm::forms::test
