// `bbzhm-server print`: gathers a sitting's data from the store into the forms' documents and
// writes them as PDF.
#include "server/print.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/i18n.hpp"
#include "forms/documents.hpp"
#include "server/store.hpp"

namespace bbzhm::server {
namespace {

namespace fs = std::filesystem;

constexpr int kExitRefused = 1;
constexpr int kExitBadInput = 2;

// Asia/Almaty has kept UTC+5 all year round since 2024 (no daylight saving since 2005): the acts
// record the wall-clock time of the room (Annex 1 and 2: hour and minute).
constexpr std::chrono::hours kAlmatyOffset{5};

// The short hash of an act's journal entry in its footer: enough to find the entry, short enough
// to copy by hand.
constexpr std::size_t kShortHashChars = 16;

struct Request {
  std::string form;
  std::int64_t sitting = 0;
  std::optional<std::string> student;
  std::optional<std::int64_t> act;
  std::optional<std::string> representative;
  Language lang = Language::kk;
  fs::path out;
};

// What a form's printing needs: the request, the open store, the operator's language for
// messages.
struct Job {
  const Request& request;
  Store& store;
  Language op;

  std::string tr(std::string_view key, std::initializer_list<std::string_view> args = {}) const {
    return i18n::format(op, key, args);
  }
  std::unexpected<Error> refuse(std::string_view key,
                                std::initializer_list<std::string_view> args = {}) const {
    return fail(tr(key, args), std::string(key));
  }
};

struct LocalTime {
  std::chrono::year_month_day date{};
  forms::TimeOfDay time{};
};

LocalTime almaty_time(std::int64_t utc_ms) {
  using namespace std::chrono;
  const auto local = sys_time<milliseconds>(milliseconds(utc_ms)) + kAlmatyOffset;
  const auto day = floor<days>(local);
  const hh_mm_ss<minutes> hms(floor<minutes>(local - day));
  return {year_month_day(day),
          {static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count())}};
}

forms::Organization organization(Store& store) {
  const School s = store.school();
  return {s.code, s.name};
}

forms::Sitting sitting_of(const Store::SittingRecord& s) {
  // The campaign is stored "YYYY-MM" (create_sitting checks the shape).
  int year = 0;
  for (char c : s.campaign.substr(0, 4)) year = c >= '0' && c <= '9' ? year * 10 + (c - '0') : 0;
  return {{year, s.stage}, s.grade, almaty_time(s.created_at_ms).date};
}

forms::Student student_of(const Store::ParticipantRecord& p) {
  return {p.full_name, {p.personal_code}, p.class_name};
}

std::vector<forms::SubjectTest> tests_of(const Store::ParticipantRecord& p) {
  std::vector<forms::SubjectTest> out;
  for (const auto& t : p.tests) out.push_back({t.subject, t.language});
  return out;
}

// The act's "variant No.": one number when every subject's form has the same variant, else each
// subject's short name with its own ("ОС 2, МС 1, ЖҒС 1").
std::string variant_of(const Store::ParticipantRecord& p, Language lang) {
  if (p.tests.empty()) return "—";
  const bool same = std::ranges::all_of(
      p.tests, [&](const Store::ParticipantTest& t) { return t.variant == p.tests[0].variant; });
  if (same) return std::to_string(p.tests[0].variant);
  std::string out;
  for (const auto& t : p.tests) {
    if (!out.empty()) out += ", ";
    out += std::string(i18n::text(lang, "forms.subject_short." + std::string(code(t.subject)))) +
           " " + std::to_string(t.variant);
  }
  return out;
}

std::string state_name(const Job& job, std::string_view state) {
  return job.tr("print.state." + std::string(state));
}

Result<Store::SittingRecord> find_sitting(const Job& job) {
  auto s = job.store.sitting_record(job.request.sitting);
  if (!s) return job.refuse("print.error.no_sitting", {std::to_string(job.request.sitting)});
  return *s;
}

// The sitting's students, or the one named by --student.
Result<std::vector<Store::ParticipantRecord>> find_participants(const Job& job) {
  auto all = job.store.participants(job.request.sitting);
  if (all.empty()) return job.refuse("print.error.empty", {std::to_string(job.request.sitting)});
  if (!job.request.student) return all;
  for (auto& p : all)
    if (p.personal_code == *job.request.student) return std::vector{std::move(p)};
  return job.refuse("print.error.no_student",
                    {*job.request.student, std::to_string(job.request.sitting)});
}

// The representative named on the sheets: the one given, else the one who signed the lab's
// readiness check (p.19), else the one who drew up the sitting's latest act, else the school's
// only representative.
Result<forms::Representative> find_representative(const Job& job) {
  if (job.request.representative) return forms::Representative{*job.request.representative};
  if (auto r = job.store.readiness(job.request.sitting))
    return forms::Representative{r->representative};
  const auto acts = job.store.acts_of(job.request.sitting);
  if (!acts.empty()) return forms::Representative{acts.back().representative};
  const auto names = job.store.representative_names();
  if (names.size() == 1) return forms::Representative{names.front()};
  return job.refuse("print.error.no_representative", {std::to_string(job.request.sitting)});
}

Result<forms::Level> level_of(const Job& job, const Store::ParticipantRecord& p,
                              const std::string& level) {
  if (level == "low") return forms::Level::low;
  if (level == "medium") return forms::Level::medium;
  if (level == "high") return forms::Level::high;
  return job.refuse("print.error.level", {p.full_name, p.personal_code, level});
}

Result<std::vector<forms::SubjectScore>> scores_of(const Job& job,
                                                   const Store::ParticipantRecord& p) {
  std::vector<forms::SubjectScore> out;
  for (const auto& r : p.results) {
    auto level = level_of(job, p, r.level);
    if (!level) return std::unexpected(level.error());
    out.push_back({{r.subject, r.language}, r.score, r.max_score, *level});
  }
  return out;
}

// [SECTION] The forms

Result<void> print_seating_sheet(const Job& job) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  auto participants = find_participants(job);
  if (!participants) return std::unexpected(participants.error());
  auto representative = find_representative(job);
  if (!representative) return std::unexpected(representative.error());
  forms::SeatingSheet sheet{
      organization(job.store), sitting_of(*sitting), sitting->room, *representative, {}};
  for (const auto& p : *participants)
    sheet.seats.push_back({p.seat, p.station, student_of(p), tests_of(p)});
  return forms::render_seating_sheet(sheet, job.request.lang, job.request.out);
}

Result<void> print_act(const Job& job) {
  if (!job.request.act) return job.refuse("print.error.act_needed");
  const std::int64_t number = *job.request.act;
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  const auto act = job.store.act(number);
  if (!act) return job.refuse("print.error.no_act", {std::to_string(number)});
  if (act->sitting != job.request.sitting)
    return job.refuse("print.error.act_sitting",
                      {std::to_string(number), std::to_string(act->sitting),
                       std::to_string(job.request.sitting)});
  const auto all = job.store.participants(job.request.sitting);
  const auto student =
      std::ranges::find(all, act->personal_code, &Store::ParticipantRecord::personal_code);
  if (student == all.end())
    return job.refuse("print.error.no_student",
                      {act->personal_code, std::to_string(job.request.sitting)});
  const LocalTime at = almaty_time(act->at_ms);
  const std::string hash = act->journal_hash.substr(0, kShortHashChars);
  if (act->kind == ActKind::confiscation) {
    forms::ConfiscationAct doc{std::to_string(number),
                               hash,
                               organization(job.store),
                               at.date,
                               at.time,
                               {act->representative},
                               act->room,
                               act->seat,
                               student_of(*student),
                               variant_of(*student, job.request.lang),
                               {},
                               act->drawn_up_by,
                               act->corrects > 0 ? std::to_string(act->corrects) : ""};
    for (const auto& i : act->items) doc.items.push_back({i.name, i.brand, i.quantity});
    return forms::render_confiscation_act(doc, job.request.lang, job.request.out);
  }
  forms::ImpostorAct doc{
      std::to_string(number),
      hash,
      organization(job.store),
      at.date,
      at.time,
      {act->representative},
      student_of(*student),
      act->impostor_full_name,
      act->found_at_admission ? forms::ImpostorFoundAt::admission : forms::ImpostorFoundAt::testing,
      act->room,
      act->corrects > 0 ? std::to_string(act->corrects) : ""};
  return forms::render_impostor_act(doc, job.request.lang, job.request.out);
}

Result<void> print_readiness(const Job& job) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  const auto r = job.store.readiness(job.request.sitting);
  if (!r) return job.refuse("print.error.no_readiness", {std::to_string(job.request.sitting)});
  const LocalTime at = almaty_time(r->at_ms);
  forms::ReadinessProtocol doc{organization(job.store),
                               sitting->room,
                               at.date,
                               at.time,
                               {job.request.representative.value_or(r->representative)},
                               r->head_full_name,
                               r->technician_full_name,
                               {}};
  for (const auto& c : r->checks) doc.items.push_back({c.text, c.ok, c.note});
  return forms::render_readiness_protocol(doc, job.request.lang, job.request.out);
}

Result<void> print_results(const Job& job) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  const std::string id = std::to_string(job.request.sitting);
  // p.24: the results are those of tests that have ended; p.15: a cancelled sitting has none.
  if (sitting->state == "cancelled") return job.refuse("print.error.cancelled", {id});
  if (sitting->state != "ended")
    return job.refuse("print.error.not_ended", {id, state_name(job, sitting->state)});
  auto participants = find_participants(job);
  if (!participants) return std::unexpected(participants.error());
  auto representative = find_representative(job);
  if (!representative) return std::unexpected(representative.error());
  forms::ResultsSheet sheet{
      organization(job.store), sitting_of(*sitting), sitting->room, *representative, {}};
  for (const auto& p : *participants) {
    if (p.status == "finished" && !p.results.empty()) {
      auto scores = scores_of(job, p);
      if (!scores) return std::unexpected(scores.error());
      sheet.students.push_back({student_of(p), forms::Scored{std::move(*scores)}});
    } else if (p.status == "absent" && p.absence) {
      sheet.students.push_back({student_of(p), forms::Absence{*p.absence}});
    } else if (p.status == "annulled" && p.last_act > 0) {
      sheet.students.push_back({student_of(p), forms::Annulment{std::to_string(p.last_act)}});
    } else {
      // Admitted but never logged in: the sheet has no line for it (no score, no p.12 reason, no
      // act), so the operator is told who is missing rather than the sheet inventing one.
      std::cerr << job.tr("print.left_off",
                          {p.full_name, p.personal_code, job.tr("status." + p.status)})
                << "\n";
    }
  }
  return forms::render_results_sheet(sheet, job.request.lang, job.request.out);
}

Result<void> print_result_slips(const Job& job) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  auto participants = find_participants(job);
  if (!participants) return std::unexpected(participants.error());
  forms::ResultSlips slips{organization(job.store), sitting_of(*sitting), {}};
  for (const auto& p : *participants) {
    if (p.status != "finished" || p.results.empty()) {
      if (job.request.student)
        return job.refuse("print.error.no_results",
                          {p.full_name, p.personal_code, job.tr("status." + p.status)});
      continue;
    }
    auto scores = scores_of(job, p);
    if (!scores) return std::unexpected(scores.error());
    slips.slips.push_back({student_of(p), std::move(*scores), p.receipt});
  }
  if (slips.slips.empty())
    return job.refuse("print.error.no_finished", {std::to_string(job.request.sitting)});
  return forms::render_result_slips(slips, job.request.lang, job.request.out);
}

Result<void> print_session_report(const Job& job) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  auto participants = find_participants(job);
  if (!participants) return std::unexpected(participants.error());
  auto representative = find_representative(job);
  if (!representative) return std::unexpected(representative.error());
  forms::SessionReport report;
  report.organization = organization(job.store);
  report.sitting = sitting_of(*sitting);
  report.room = sitting->room;
  report.representative = *representative;
  const auto acts = job.store.acts_of(job.request.sitting);
  // An impostor stopped at the door (Annex 2 at admission) was never admitted (p.21).
  std::map<std::string, bool> turned_away;
  for (const auto& a : acts)
    turned_away[a.personal_code] = a.kind == ActKind::impostor && a.found_at_admission;
  for (const auto& p : *participants) {
    if (p.status == "absent" && p.absence) ++report.absent[*p.absence];
    if (p.status == "finished") ++report.finished;
    // p.20-21: removed is every student whose results an act annulled.
    if (p.status == "annulled") ++report.removed;
    const bool admitted = p.status == "admitted" || p.status == "testing" ||
                          p.status == "finished" ||
                          (p.status == "annulled" && !turned_away[p.personal_code]);
    if (admitted) ++report.admitted;
  }
  const Language lang = job.request.lang;
  std::vector<std::pair<std::int64_t, forms::Incident>> incidents;  // by when they happened
  for (const auto& i : job.store.incidents_of(job.request.sitting)) {
    const std::string kind(i18n::text(lang, "print.incident." + i.kind));
    incidents.push_back(
        {i.at_ms,
         {almaty_time(i.at_ms).time, i.seat,
          i.detail.empty() ? i18n::format(lang, "print.incident.bare", {kind, i.station})
                           : i18n::format(lang, "print.incident", {kind, i.detail, i.station})}});
  }
  // The acts are the session's gravest incidents (p.20-21): they are listed with the rest.
  for (const auto& a : acts) {
    const auto student =
        std::ranges::find(*participants, a.personal_code, &Store::ParticipantRecord::personal_code);
    const std::string name = student == participants->end() ? a.personal_code : student->full_name;
    const std::string number = std::to_string(a.number);
    incidents.push_back(
        {a.at_ms,
         {almaty_time(a.at_ms).time, a.seat,
          a.kind == ActKind::confiscation
              ? i18n::format(lang, "print.report.act1", {number, name, std::to_string(a.seat)})
              : i18n::format(lang, "print.report.act2", {number, a.impostor_full_name, name})}});
  }
  std::ranges::stable_sort(incidents, {}, &std::pair<std::int64_t, forms::Incident>::first);
  for (auto& [at, incident] : incidents) report.incidents.push_back(std::move(incident));
  return forms::render_session_report(report, lang, job.request.out);
}

// Login slips carry passwords, and the server keeps only their hashes: printing issues new ones.
// The new hashes are committed only once the slips are on disk, so a failed print leaves every
// old password working; the file is private (mode 0600) like create-sitting's logins file.
Result<void> print_login_slips(const Job& job, int& issued_count) {
  auto sitting = find_sitting(job);
  if (!sitting) return std::unexpected(sitting.error());
  const std::string id = std::to_string(job.request.sitting);
  if (sitting->state == "ended" || sitting->state == "cancelled")
    return job.refuse("print.error.slips_closed", {id, state_name(job, sitting->state)});
  auto participants = find_participants(job);
  if (!participants) return std::unexpected(participants.error());
  std::vector<const Store::ParticipantRecord*> printed;
  for (const auto& p : *participants) {
    if (p.status == "testing" || p.status == "finished" || p.status == "annulled")
      return job.refuse("print.error.started",
                        {p.full_name, p.personal_code, job.tr("status." + p.status)});
    // p.12: an excused student gets a slip only when asked for by name.
    if (p.status == "absent" && !job.request.student) continue;
    printed.push_back(&p);
  }
  if (printed.empty()) return job.refuse("print.error.no_slips", {id});

  std::vector<std::string> codes;
  for (const auto* p : printed) codes.push_back(p->personal_code);
  auto issued = job.store.issue_passwords(job.request.sitting, codes,
                                          crypto::PasswordCost::moderate, now_ms());
  if (!issued) return std::unexpected(issued.error());
  forms::LoginSlips slips{organization(job.store), sitting_of(*sitting), sitting->room, {}};
  for (std::size_t i = 0; i < issued->size(); ++i) {
    const IssuedLogin& l = (*issued)[i];
    slips.slips.push_back({student_of(*printed[i]), l.seat, printed[i]->station, l.login,
                           l.password, printed[i]->language});
  }
  const fs::path& out = job.request.out;
  const fs::path pending = out.parent_path() / ("." + out.filename().string() + ".issuing");
  if (auto r = forms::render_login_slips(slips, job.request.lang, pending); !r) return r;
  ::chmod(pending.c_str(), 0600);
  issued_count = static_cast<int>(issued->size());
  return {};
}

// [SECTION] The command line

Result<Request> parse(const Args& args, Language op, int& status) {
  status = kExitBadInput;
  const auto tr = [op](std::string_view key, std::initializer_list<std::string_view> a = {}) {
    return i18n::format(op, key, a);
  };
  if (auto ok = args.only({"data", "sitting", "student", "act", "representative", "lang", "out"});
      !ok)
    return std::unexpected(ok.error());
  Request r;
  if (args.positional().size() != 2) return fail(tr("server.usage"));
  r.form = args.positional()[1];
  static const char* const kForms[] = {"seating-sheet", "login-slips", "act",
                                       "readiness",     "results",     "result-slips",
                                       "session-report"};
  if (std::ranges::find(kForms, r.form) == std::end(kForms))
    return fail(tr("print.error.form", {r.form}));
  for (const char* option : {"data", "sitting", "lang", "out"})
    if (!args.get(option) || args.get(option)->empty())
      return fail(tr("print.error.option", {option}));
  const auto positive = [&](const char* option) -> Result<std::int64_t> {
    const std::string text = *args.get(option);
    std::int64_t v = 0;
    for (char c : text) {
      if (c < '0' || c > '9' || v > 1'000'000'000'000)
        return fail(tr("print.error.number", {option, text}));
      v = v * 10 + (c - '0');
    }
    if (v <= 0) return fail(tr("print.error.number", {option, text}));
    return v;
  };
  auto sitting = positive("sitting");
  if (!sitting) return std::unexpected(sitting.error());
  r.sitting = *sitting;
  if (args.get("act")) {
    auto act = positive("act");
    if (!act) return std::unexpected(act.error());
    r.act = *act;
  }
  r.student = args.get("student");
  r.representative = args.get("representative");
  const auto lang = parse_language(*args.get("lang"));
  if (!lang) return fail(tr("print.error.lang", {*args.get("lang")}));
  r.lang = *lang;
  r.out = *args.get("out");
  status = kExitRefused;
  return r;
}

std::string form_key(std::string_view form) {
  std::string key = "print.form." + std::string(form);
  std::ranges::replace(key, '-', '_');
  return key;
}

const std::map<std::string, std::function<Result<void>(const Job&)>, std::less<>>& printers() {
  static const std::map<std::string, std::function<Result<void>(const Job&)>, std::less<>>
      kPrinters = {
          {"seating-sheet", print_seating_sheet}, {"act", print_act},
          {"readiness", print_readiness},         {"results", print_results},
          {"result-slips", print_result_slips},   {"session-report", print_session_report}};
  return kPrinters;
}

Result<Bytes> read_and_remove(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool ok = in.good() || in.eof();
  in.close();
  std::error_code ec;
  fs::remove(file, ec);
  if (!ok || bytes.empty()) return fail("cannot read back the form " + file.string());
  return bytes;
}

}  // namespace

Result<Bytes> print_for_console(Store& store, const ConsolePrint& c, Language op) {
  if (c.form != "login-slips" && !printers().contains(c.form))
    return fail(i18n::format(op, "print.error.form", {c.form}));
  if (c.sitting <= 0)
    return fail(i18n::format(op, "print.error.no_sitting", {std::to_string(c.sitting)}));
  // A private file name nobody can guess or pre-create (the PDF may hold passwords).
  const fs::path dir = fs::temp_directory_path();
  const fs::path out =
      dir / ("bbzhm-print-" + crypto::to_hex(crypto::Secret::random(12).view()) + ".pdf");
  Request r{c.form, c.sitting, c.student, c.act, c.representative, c.lang, out};
  if (c.representative.empty()) r.representative.reset();
  const Job job{r, store, op};
  if (c.form == "login-slips") {
    int issued = 0;
    const fs::path pending = out.parent_path() / ("." + out.filename().string() + ".issuing");
    if (auto printed = print_login_slips(job, issued); !printed) {
      std::error_code ec;
      fs::remove(pending, ec);
      // Roll back any password already issued in this job: the old slips stay valid.
      throw std::runtime_error(printed.error().what);
    }
    return read_and_remove(pending);
  }
  if (auto printed = printers().at(c.form)(job); !printed) {
    std::error_code ec;
    fs::remove(out, ec);
    return std::unexpected(printed.error());
  }
  return read_and_remove(out);
}

int print_command(const Args& args, Language op) {
  int status = kExitBadInput;
  auto request = parse(args, op, status);
  if (!request) {
    std::cerr << "bbzhm-server: " << request.error().what << "\n";
    return status;
  }
  auto store = Store::open(*args.get("data"));
  if (!store) {
    std::cerr << "bbzhm-server: " << store.error().what << "\n";
    return kExitRefused;
  }
  const Job job{*request, **store, op};
  const auto say_failed = [](const Error& e) {
    std::cerr << "bbzhm-server: " << e.what << "\n";
    return kExitRefused;
  };

  if (request->form == "login-slips") {
    const fs::path& out = request->out;
    const fs::path pending = out.parent_path() / ("." + out.filename().string() + ".issuing");
    int issued = 0;
    {
      sqlite::Transaction tx((*store)->db());
      if (auto r = print_login_slips(job, issued); !r) return say_failed(r.error());
      try {
        tx.commit();
      } catch (...) {
        std::error_code ec;
        fs::remove(pending, ec);
        throw;
      }
    }
    std::error_code ec;
    fs::rename(pending, out, ec);
    if (ec)
      return say_failed(
          Error(job.tr("print.error.rename", {pending.string(), out.string(), ec.message()})));
    std::cout << job.tr("print.login_slips.done", {std::to_string(issued), out.string()}) << "\n";
    return 0;
  }

  Result<void> printed;
  {
    // Every figure on the form comes from the same moment of the database.
    const Store::ReadSnapshot snapshot(**store);
    printed = printers().at(request->form)(job);
  }
  if (!printed) return say_failed(printed.error());
  std::cout << job.tr("print.done", {job.tr(form_key(request->form)),
                                     std::to_string(request->sitting), request->out.string()})
            << "\n";
  return 0;
}

}  // namespace bbzhm::server
