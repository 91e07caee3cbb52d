// `bbzhm-server print` on a real school database: every form in Kazakh and Russian read back with
// poppler-utils, new passwords that log a real station in, 100 students over pages, and bad input
// that writes no file.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/crypto.hpp"
#include "common/i18n.hpp"
#include "common/iin.hpp"
#include "server/store.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {

namespace fs = std::filesystem;

const std::string kRepresentative = "Сәрсенбаев Ерлан Қайратұлы";

// [SECTION] Reading the PDFs back, as a reviewer would

// The PDFs and their first pages stay as artefacts in ${CMAKE_BINARY_DIR}/forms (the server is
// ${CMAKE_BINARY_DIR}/server/bbzhm-server), "server-" telling them from the forms library's own.
fs::path artefact(const std::string& form, Language lang, const std::string& ext = "pdf") {
  const fs::path dir = fs::path(BBZHM_SERVER_BIN).parent_path().parent_path() / "forms";
  fs::create_directories(dir);
  auto path = dir / ("server-" + form + "-" + std::string(code(lang)) + "." + ext);
  fs::remove(path);
  return path;
}

std::string pdf_text(const fs::path& pdf, int page = 0) {
  std::vector<std::string> argv = {"/usr/bin/pdftotext", "-raw", "-enc", "UTF-8"};
  if (page > 0) argv.insert(argv.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
  argv.insert(argv.end(), {pdf.string(), "-"});
  return run(argv).out;
}

// Without white space: pdftotext guesses spaces from glyph gaps and misses some ("№7"), so texts
// are compared squeezed; every character and its order still count.
std::string squeeze(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\u00A0") == 0) {
      ++i;
      continue;
    }
    if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\f' && text[i] != '\r')
      out += text[i];
  }
  return out;
}

::testing::AssertionResult has_all(const std::string& text,
                                   const std::vector<std::string>& needles) {
  const std::string squeezed = squeeze(text);
  std::string missing;
  for (const auto& n : needles)
    if (squeezed.find(squeeze(n)) == std::string::npos) missing += "\n  \"" + n + "\"";
  if (missing.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "missing from the PDF's text:" << missing << "\nin:\n"
                                       << text;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

int page_count(const fs::path& pdf) {
  const std::string info = run({"/usr/bin/pdfinfo", pdf.string()}).out;
  std::smatch m;
  static const std::regex pages(R"(Pages:\s+(\d+))");
  return std::regex_search(info, m, pages) ? std::stoi(m[1]) : -1;
}

// Every font embedded (pdffonts' "emb" column), and the first page renders: its PNG is kept
// beside the PDF.
::testing::AssertionResult printable(const fs::path& pdf) {
  if (!fs::exists(pdf)) return ::testing::AssertionFailure() << pdf << " was not written";
  const std::string fonts = run({"/usr/bin/pdffonts", pdf.string()}).out;
  std::istringstream lines(fonts);
  std::string line;
  int listed = 0;
  for (int row = 1; std::getline(lines, line); ++row) {
    if (row <= 2) continue;  // the header and its rule
    std::vector<std::string> f;
    std::istringstream words(line);
    for (std::string w; words >> w;) f.push_back(w);
    if (f.size() < 7) continue;
    ++listed;
    if (f[f.size() - 5] != "yes") return ::testing::AssertionFailure() << f[0] << " not embedded";
  }
  if (listed == 0) return ::testing::AssertionFailure() << "pdffonts lists no font:\n" << fonts;
  auto png = pdf;
  png.replace_extension(".png");
  auto prefix = png;
  prefix.replace_extension();
  const auto r = run({"/usr/bin/pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                      pdf.string(), prefix.string()});
  if (r.status != 0 || !fs::exists(png) || fs::file_size(png) == 0)
    return ::testing::AssertionFailure() << "pdftoppm cannot render " << pdf << ": " << r.err;
  return ::testing::AssertionSuccess();
}

// Every QR code zbarimg reads on the first page. zbar misses the odd symbol of a dense page at
// one resolution and reads it at another (as a door scanner reads it on a second pass), so the
// page is scanned at three.
std::set<std::string> decode_qr(const fs::path& pdf, const fs::path& dir) {
  std::set<std::string> out;
  for (const char* dpi : {"200", "300", "600"}) {
    const auto png = dir / (std::string("qr-") + dpi);
    run({"/usr/bin/pdftoppm", "-png", "-r", dpi, "-f", "1", "-l", "1", "-singlefile", pdf.string(),
         png.string()});
    std::istringstream lines(run({"/usr/bin/zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable",
                                  png.string() + ".png"})
                                 .out);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) out.insert(line);
  }
  return out;
}

std::string tr(Language lang, std::string_view key,
               std::initializer_list<std::string_view> a = {}) {
  return i18n::format(lang, key, a);
}

// [SECTION] Running the command on a school

// LeakSanitizer cannot follow the patterns fontconfig caches for the process's life
// (tests/forms/lsan.supp says why); the server links the same Pango.
Output print(const School& school, std::vector<std::string> args) {
  args.insert(args.begin(), {BBZHM_SERVER_BIN, "print"});
  args.insert(args.end(), {"--data", school.data.string()});
  return run(args, {{"LSAN_OPTIONS", "suppressions=" + source_path("tests/forms/lsan.supp")}});
}

Output print_form(const School& school, const std::string& form, Language lang, const fs::path& out,
                  std::vector<std::string> more = {}) {
  std::vector<std::string> args = {form,    "--sitting", "1", "--lang", std::string(code(lang)),
                                   "--out", out.string()};
  args.insert(args.end(), more.begin(), more.end());
  return print(school, args);
}

void add_representative(const School& school) {
  auto r = school.server_command({"add-representative", "--login", "rep1", "--full-name",
                                  kRepresentative, "--password", "correct-horse"});
  ASSERT_EQ(r.status, 0) << r.err;
}

// The store of the school's database, opened while the server is not running, as the console
// that records acts and readiness in production would reach it.
std::unique_ptr<server::Store> open_store(const School& school) {
  crypto::init();
  auto store = server::Store::open(school.data);
  EXPECT_TRUE(store) << store.error().what;
  return store ? std::move(*store) : nullptr;
}

// 15 April 2027, hh:mm in Almaty (UTC+5), as milliseconds since the epoch.
std::int64_t almaty_ms(int hour, int minute) {
  using namespace std::chrono;
  const auto t = sys_days(year(2027) / April / 15) + hours(hour - 5) + minutes(minute);
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

std::int64_t record_act(const School& school, const server::ActRecord& act, std::int64_t at_ms) {
  auto store = open_store(school);
  sqlite::Transaction tx(store->db());
  auto number = store->record_act(act, at_ms);
  EXPECT_TRUE(number) << number.error().what;
  tx.commit();
  return number.value_or(0);
}

// The sitting's date as the forms print it: its creation day in Almaty.
std::string sitting_date(const School& school, int sitting = 1) {
  using namespace std::chrono;
  const std::int64_t ms = std::stoll(
      school.query("SELECT created_at FROM sittings WHERE id = " + std::to_string(sitting)));
  const year_month_day d(floor<days>(sys_time<milliseconds>(milliseconds(ms)) + hours(5)));
  const auto two = [](unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(static_cast<unsigned>(d.day())) + "." + two(static_cast<unsigned>(d.month())) + "." +
         std::to_string(static_cast<int>(d.year()));
}

std::map<std::string, std::string> password_hashes(const School& school) {
  std::map<std::string, std::string> out;
  std::istringstream lines(school.query("SELECT login, password_hash FROM participants"));
  for (std::string line; std::getline(lines, line);)
    out[line.substr(0, line.find('|'))] = line.substr(line.find('|') + 1);
  return out;
}

// The passwords a login-slips PDF carries, by login.
std::map<std::string, std::string> passwords_on(const fs::path& pdf, Language lang) {
  const std::string text = squeeze(pdf_text(pdf));
  const std::regex slip(squeeze(tr(lang, "forms.login.login")) + "(b[0-9]{6})" +
                        squeeze(tr(lang, "forms.login.password")) + "([a-z2-9]{8})");
  std::map<std::string, std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), slip); it != std::sregex_iterator();
       ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

bool only_entries(const fs::path& dir, const std::set<std::string>& names) {
  std::set<std::string> found;
  for (const auto& e : fs::directory_iterator(dir)) found.insert(e.path().filename().string());
  return found == names;
}

// [SECTION] Seating sheet

TEST(Print, SeatingSheetSeatsEveryStudentInOrderWithCodeQrAndTests) {
  School school;
  add_representative(school);
  const std::string date = sitting_date(school);
  std::vector<std::string> names, codes;
  for (const Slip& s : school.slips) {
    names.push_back(s.full_name);
    codes.push_back(s.personal_code);
  }
  for (Language lang : kAllLanguages) {
    const auto pdf = artefact("seating-sheet", lang);
    const auto out = print_form(school, "seating-sheet", lang, pdf);
    ASSERT_EQ(out.status, 0) << out.err;
    EXPECT_NE(out.out.find(pdf.string()), std::string::npos) << out.out;
    ASSERT_TRUE(printable(pdf));
    const std::string text = pdf_text(pdf);
    EXPECT_TRUE(
        has_all(text, {tr(lang, "forms.seating.title"), "010203", "№7 мектеп-гимназиясы",
                       kRepresentative, date, std::string(i18n::text(lang, "subject.reading")),
                       std::string(i18n::text(lang, "subject.math"))}));
    EXPECT_TRUE(has_all(text, names));
    // Seats in seat order, each code once.
    const std::string squeezed = squeeze(text);
    std::size_t last = 0;
    for (const Slip& s : school.slips) {
      EXPECT_EQ(count(squeezed, s.personal_code), 1u) << s.personal_code;
      const auto at = squeezed.find(s.personal_code);
      ASSERT_NE(at, std::string::npos);
      EXPECT_GT(at, last) << "seat " << s.seat << " out of order";
      last = at;
    }
  }
  // p.19: the codes scan back at the door.
  TempDir tmp;
  const auto pdf = tmp / "sheet.pdf";
  ASSERT_EQ(print_form(school, "seating-sheet", Language::kk, pdf).status, 0);
  const std::string page1 = squeeze(pdf_text(pdf, 1));
  std::set<std::string> expected;
  for (const auto& c : codes)
    if (page1.find(c) != std::string::npos) expected.insert(c);
  const auto decoded = decode_qr(pdf, tmp.path());
  EXPECT_GE(expected.size(), 8u);
  EXPECT_EQ(decoded, expected);
}

// [SECTION] Login slips

TEST(Print, LoginSlipsIssueNewPasswordsThatLogInAndRetireTheOldOnes) {
  School school;
  const auto kk = artefact("login-slips", Language::kk);
  auto out = print_form(school, "login-slips", Language::kk, kk);
  ASSERT_EQ(out.status, 0) << out.err;
  ASSERT_TRUE(printable(kk));
  EXPECT_EQ(fs::status(kk).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  EXPECT_TRUE(only_entries(kk.parent_path(), [&] {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(kk.parent_path()))
      if (e.path().filename().string().find(".issuing") == std::string::npos)
        names.insert(e.path().filename().string());
    return names;
  }()));
  auto printed = passwords_on(kk, Language::kk);
  ASSERT_EQ(printed.size(), school.slips.size()) << pdf_text(kk);
  auto hashes = password_hashes(school);
  for (const Slip& s : school.slips) {
    ASSERT_TRUE(printed.contains(s.login)) << s.login;
    EXPECT_NE(printed[s.login], s.password);
    EXPECT_TRUE(crypto::verify_password(hashes[s.login], printed[s.login])) << s.login;
    EXPECT_FALSE(crypto::verify_password(hashes[s.login], s.password)) << s.login;
  }
  EXPECT_TRUE(has_all(pdf_text(kk), {school.slips[0].full_name, "9А",
                                     tr(Language::kk, "forms.login.instruction")}));
  // The journal says who got new passwords, never the passwords.
  const std::string journal =
      school.query("SELECT payload FROM journal WHERE kind = 'issue_passwords'");
  EXPECT_NE(journal.find(school.slips[0].personal_code), std::string::npos) << journal;
  for (const auto& [login, password] : printed)
    EXPECT_EQ(journal.find(password), std::string::npos);

  // Printing again (in Russian) issues new ones again: the Kazakh slips no longer log in.
  const auto ru = artefact("login-slips", Language::ru);
  out = print_form(school, "login-slips", Language::ru, ru);
  ASSERT_EQ(out.status, 0) << out.err;
  ASSERT_TRUE(printable(ru));
  EXPECT_TRUE(has_all(pdf_text(ru), {tr(Language::ru, "forms.login.instruction")}));
  const auto current = passwords_on(ru, Language::ru);
  ASSERT_EQ(current.size(), school.slips.size());
  hashes = password_hashes(school);
  for (const Slip& s : school.slips)
    EXPECT_FALSE(crypto::verify_password(hashes[s.login], printed[s.login])) << s.login;

  // A real station: the old password is refused, the printed one logs in and sits the test.
  const Slip& first = school.slips[0];
  ASSERT_EQ(
      school.server_command({"check-in", "--sitting", "1", "--code", first.personal_code}).status,
      0);
  school.start_sitting();
  school.serve();
  const auto station = school.pair_station("S01");
  auto old_login = run(school.station_args(station, first));
  EXPECT_NE(old_login.status, 0);
  EXPECT_NE((old_login.out + old_login.err).find("wrong login or password"), std::string::npos)
      << old_login.out << old_login.err;
  Slip fresh = first;
  fresh.password = current.at(first.login);
  auto new_login = run(school.station_args(station, fresh));
  EXPECT_EQ(new_login.status, 0) << new_login.out << new_login.err;
  EXPECT_NE(new_login.out.find("receipt="), std::string::npos) << new_login.out;
  school.stop_server();

  // Once a student has started, their login is in use: no new password, no file.
  const auto before = password_hashes(school);
  TempDir tmp;
  auto refused = print_form(school, "login-slips", Language::kk, tmp / "again.pdf");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find(first.full_name + " (" + first.personal_code +
                             ") has already started testing"),
            std::string::npos)
      << refused.err;
  EXPECT_TRUE(only_entries(tmp.path(), {}));
  auto one = print_form(school, "login-slips", Language::kk, tmp / "again.pdf",
                        {"--student", first.personal_code});
  EXPECT_EQ(one.status, 1) << one.err;
  EXPECT_EQ(password_hashes(school), before);

  // The others still get theirs, one at a time, and nobody else's password changes.
  const Slip& third = school.slips[2];
  one = print_form(school, "login-slips", Language::kk, tmp / "third.pdf",
                   {"--student", third.personal_code});
  ASSERT_EQ(one.status, 0) << one.err;
  const auto third_slip = passwords_on(tmp / "third.pdf", Language::kk);
  ASSERT_EQ(third_slip.size(), 1u);
  const auto after = password_hashes(school);
  for (const Slip& s : school.slips) {
    if (s.login == third.login)
      EXPECT_TRUE(crypto::verify_password(after.at(s.login), third_slip.at(s.login)));
    else
      EXPECT_EQ(after.at(s.login), before.at(s.login)) << s.login;
  }
  EXPECT_TRUE(only_entries(tmp.path(), {"third.pdf"}));
}

// [SECTION] The acts

TEST(Print, ConfiscationActCarriesEveryRecordedField) {
  School school;
  school.admit_all();
  const Slip& student = school.slips[3];
  server::ActRecord act;
  act.kind = server::ActKind::confiscation;
  act.sitting = 1;
  act.personal_code = student.personal_code;
  act.representative = kRepresentative;
  act.items = {{"Ұялы телефон", "Samsung Galaxy A14", 1}, {"Калькулятор", "Casio fx-82", 2}};
  act.drawn_up_by = {kRepresentative, "Жұмабекова Әлия Серікқызы"};
  ASSERT_EQ(record_act(school, act, almaty_ms(10, 25)), 1);
  const auto recorded = open_store(school)->act(1);
  ASSERT_TRUE(recorded);
  const std::string short_hash = recorded->journal_hash.substr(0, 16);

  const std::map<Language, std::string> month = {{Language::kk, "сәуір"}, {Language::ru, "апреля"}};
  for (Language lang : {Language::kk, Language::ru}) {
    const auto pdf = artefact("act1", lang);
    auto out = print_form(school, "act", lang, pdf, {"--act", "1"});
    ASSERT_EQ(out.status, 0) << out.err;
    ASSERT_TRUE(printable(pdf));
    EXPECT_TRUE(has_all(
        pdf_text(pdf),
        {tr(lang, "forms.act1.title"), "010203", "№7 мектеп-гимназиясы", "«15» " + month.at(lang),
         "2027", tr(lang, "forms.act1.when", {"15", month.at(lang), "2027", "10", "25"}),
         kRepresentative, tr(lang, "forms.act1.place", {"12", std::to_string(student.seat)}),
         tr(lang, "forms.act1.student", {student.full_name, student.personal_code, "1"}),
         "Ұялы телефон", "Samsung Galaxy A14", "Калькулятор", "Casio fx-82",
         "Жұмабекова Әлия Серікқызы", tr(lang, "forms.act1.withdraw"),
         tr(lang, "forms.act.footer", {"1", short_hash})}));
  }
  EXPECT_EQ(school.query("SELECT status FROM participants WHERE personal_code = '" +
                         student.personal_code + "'"),
            "annulled\n");
}

TEST(Print, ImpostorActsAtAdmissionAndDuringTesting) {
  School school;
  server::ActRecord at_door;
  at_door.kind = server::ActKind::impostor;
  at_door.sitting = 1;
  at_door.personal_code = school.slips[4].personal_code;
  at_door.representative = kRepresentative;
  at_door.impostor_full_name = "Бөгдеев Қайрат Нұрланұлы";
  at_door.found_at_admission = true;
  ASSERT_EQ(record_act(school, at_door, almaty_ms(9, 5)), 1);
  server::ActRecord in_room = at_door;
  in_room.personal_code = school.slips[5].personal_code;
  in_room.impostor_full_name = "Өзгеев Ұлан Ғабитұлы";
  in_room.found_at_admission = false;
  ASSERT_EQ(record_act(school, in_room, almaty_ms(10, 40)), 2);
  const auto hash = open_store(school)->act(2)->journal_hash.substr(0, 16);

  for (Language lang : {Language::kk, Language::ru}) {
    const auto pdf = artefact("act2", lang);
    ASSERT_EQ(print_form(school, "act", lang, pdf, {"--act", "2"}).status, 0);
    ASSERT_TRUE(printable(pdf));
    EXPECT_TRUE(
        has_all(pdf_text(pdf),
                {tr(lang, "forms.act2.title"), "010203", "№7 мектеп-гимназиясы", kRepresentative,
                 "Өзгеев Ұлан Ғабитұлы", school.slips[5].full_name, school.slips[5].personal_code,
                 "10", "40", tr(lang, "forms.act.footer", {"2", hash})}));
    TempDir tmp;
    ASSERT_EQ(print_form(school, "act", lang, tmp / "door.pdf", {"--act", "1"}).status, 0);
    EXPECT_TRUE(has_all(pdf_text(tmp / "door.pdf"),
                        {"Бөгдеев Қайрат Нұрланұлы", school.slips[4].full_name, "09", "05"}));
  }
}

// [SECTION] Readiness protocol

TEST(Print, ReadinessProtocolIsTheChecklistAsSignedOff) {
  School school;
  server::ReadinessRecord r;
  r.sitting = 1;
  r.representative = kRepresentative;
  r.head_full_name = "Қасымова Гүлнар Әбдікәрімқызы";
  r.technician_full_name = "Үсенов Нұржан";
  r.checks = {{"Компьютерлер саны жеткілікті (26)", true, ""},
              {"Бейнебақылау камерасы жұмыс істейді", true, ""},
              {"Резервтік компьютер", false, "PC-27 қосылмайды"}};
  {
    auto store = open_store(school);
    sqlite::Transaction tx(store->db());
    ASSERT_TRUE(store->record_readiness(r, almaty_ms(8, 30)));
    tx.commit();
  }
  for (Language lang : {Language::kk, Language::ru}) {
    const auto pdf = artefact("readiness", lang);
    ASSERT_EQ(print_form(school, "readiness", lang, pdf).status, 0);
    ASSERT_TRUE(printable(pdf));
    EXPECT_TRUE(has_all(
        pdf_text(pdf),
        {tr(lang, "forms.readiness.title"), "010203", kRepresentative,
         "Қасымова Гүлнар Әбдікәрімқызы", "Үсенов Нұржан", "Компьютерлер саны жеткілікті (26)",
         "Резервтік компьютер", "PC-27 қосылмайды", tr(lang, "forms.readiness.not_ok"),
         "15.04.2027", "08:30", tr(lang, "forms.readiness.not_ready")}));
  }
  // The seating sheet names the representative who signed the readiness check (p.19).
  TempDir tmp;
  ASSERT_EQ(print_form(school, "seating-sheet", Language::kk, tmp / "s.pdf").status, 0);
  EXPECT_TRUE(has_all(pdf_text(tmp / "s.pdf"), {kRepresentative}));
}

// [SECTION] Results, result slips, session report

TEST(Print, ResultsSlipsAndReportOfAFinishedSitting) {
  School school;
  add_representative(school);
  const auto& s = school.slips;
  auto check_in = [&](const Slip& slip, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"check-in", "--sitting", "1", "--code", slip.personal_code};
    args.insert(args.end(), more.begin(), more.end());
    ASSERT_EQ(school.server_command(args).status, 0);
  };
  check_in(s[0], {"--absent", "illness"});
  check_in(s[1], {"--absent", "competition"});
  for (int i = 2; i <= 6; ++i) check_in(s[i]);
  server::ActRecord act;
  act.kind = server::ActKind::confiscation;
  act.sitting = 1;
  act.personal_code = s[5].personal_code;
  act.representative = kRepresentative;
  act.items = {{"Ұялы телефон", "", 1}};
  ASSERT_EQ(record_act(school, act, almaty_ms(10, 10)), 1);
  {
    auto store = open_store(school);
    sqlite::Transaction tx(store->db());
    store->record_incident("S3", 0, {protocol::IncidentKind::close_attempt, "Alt+F4", 0},
                           server::now_ms());
    tx.commit();
  }
  school.start_sitting();
  school.serve();
  std::vector<Child> stations;
  for (int i = 2; i <= 4; ++i) {
    const auto dir = school.pair_station("S" + std::to_string(i + 1));
    auto args = school.station_args(dir, s[i]);
    args.insert(args.end(), {"--ability", i == 2 ? "0.9" : "0.4", "--seed", std::to_string(i)});
    stations.emplace_back(args, school.dir / ("station-" + std::to_string(i) + ".log"));
  }
  for (auto& st : stations) ASSERT_EQ(st.wait(), 0) << read_file(st.log());
  school.stop_server();

  // The results sheet waits for the sitting's end (p.24).
  TempDir tmp;
  auto early = print_form(school, "results", Language::kk, tmp / "early.pdf");
  EXPECT_EQ(early.status, 1);
  EXPECT_NE(early.err.find("sitting 1 is open"), std::string::npos) << early.err;
  EXPECT_TRUE(only_entries(tmp.path(), {}));
  ASSERT_EQ(school.server_command({"end", "--sitting", "1"}).status, 0);

  std::map<std::string, std::vector<std::string>> scores;  // by personal code
  std::istringstream rows(school.query(
      "SELECT p.personal_code, r.score, r.max_score, r.level FROM results r JOIN participants p "
      "ON p.id = r.participant_id ORDER BY p.seat, r.rowid"));
  for (std::string line; std::getline(rows, line);) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, '|');) f.push_back(c);
    scores[f[0]].push_back(f[1] + " / " + f[2]);
  }
  ASSERT_EQ(scores.size(), 3u);

  for (Language lang : {Language::kk, Language::ru}) {
    const auto pdf = artefact("results", lang);
    auto out = print_form(school, "results", lang, pdf);
    ASSERT_EQ(out.status, 0) << out.err;
    ASSERT_TRUE(printable(pdf));
    // Admitted and never logged in: no line can say so, and the operator is told.
    EXPECT_NE(out.err.find("Not on the results sheet: " + s[6].full_name), std::string::npos)
        << out.err;
    const std::string text = pdf_text(pdf);
    std::vector<std::string> expected = {
        tr(lang, "forms.results.title"),
        "010203",
        kRepresentative,
        s[0].full_name,
        tr(lang, "forms.results.absent", {i18n::text(lang, "forms.absence.illness")}),
        s[1].full_name,
        s[5].full_name,
        tr(lang, "forms.results.annulled", {"1"}),
        tr(lang, "forms.results.summary", {"6", "3", "2", "1"})};
    for (int i = 2; i <= 4; ++i) {
      expected.push_back(s[i].full_name);
      expected.push_back(s[i].personal_code);
      for (const auto& score : scores[s[i].personal_code]) expected.push_back(score);
    }
    EXPECT_TRUE(has_all(text, expected));
    EXPECT_EQ(squeeze(text).find(s[6].personal_code), std::string::npos);

    const auto slips = artefact("result-slips", lang);
    ASSERT_EQ(print_form(school, "result-slips", lang, slips).status, 0);
    ASSERT_TRUE(printable(slips));
    std::vector<std::string> receipts;
    for (int i = 2; i <= 4; ++i) {
      receipts.push_back(s[i].full_name);
      receipts.push_back(school
                             .query("SELECT receipt FROM participants WHERE personal_code = '" +
                                    s[i].personal_code + "'")
                             .substr(0, 14));
    }
    const std::string slips_text = pdf_text(slips);
    EXPECT_TRUE(has_all(slips_text, receipts));
    EXPECT_EQ(squeeze(slips_text).find(squeeze(s[0].full_name)), std::string::npos);

    const auto report = artefact("session-report", lang);
    ASSERT_EQ(print_form(school, "session-report", lang, report).status, 0);
    ASSERT_TRUE(printable(report));
    const auto label = [&](std::string_view key, int n) {
      return tr(lang, key) + " " + std::to_string(n);
    };
    EXPECT_TRUE(
        has_all(pdf_text(report),
                {tr(lang, "forms.report.title"), label("forms.report.admitted", 5),
                 label("forms.report.absent", 2),
                 std::string(i18n::text(lang, "forms.absence.illness")) + " 1",
                 std::string(i18n::text(lang, "forms.absence.competition")) + " 1",
                 label("forms.report.removed", 1), label("forms.report.finished", 3),
                 tr(lang, "print.incident",
                    {i18n::text(lang, "print.incident.close_attempt"), "Alt+F4", "S3"}),
                 tr(lang, "print.report.act1", {"1", s[5].full_name, std::to_string(s[5].seat)}),
                 "10:10"}));
  }

  // One student's slip, and a refusal for a student without results.
  ASSERT_EQ(print_form(school, "result-slips", Language::kk, tmp / "one.pdf",
                       {"--student", s[3].personal_code})
                .status,
            0);
  const std::string one = squeeze(pdf_text(tmp / "one.pdf"));
  EXPECT_NE(one.find(squeeze(s[3].full_name)), std::string::npos);
  EXPECT_EQ(one.find(squeeze(s[2].full_name)), std::string::npos);
  auto none = print_form(school, "result-slips", Language::kk, tmp / "none.pdf",
                         {"--student", s[0].personal_code});
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.err.find(s[0].full_name + " (" + s[0].personal_code + ") has no results: absent"),
            std::string::npos)
      << none.err;
  EXPECT_FALSE(fs::exists(tmp / "none.pdf"));
}

// [SECTION] A hundred students

// Student i of a generated class: a valid IIN (born in 2012) and a name with Kazakh letters.
std::string roster_of_100() {
  const char* const surnames[] = {"Әбілқайыров", "Ғалымжанов", "Қасымов", "Нұрланов", "Өмірзақов",
                                  "Ұзақбаев",    "Үсенов",     "Һашимов", "Іскаков",  "Аңсаров"};
  const char* const names[] = {"Ерлан", "Әлихан", "Ғалым", "Қуаныш", "Нұрбол",
                               "Өркен", "Ұлан",   "Үмбет", "Аңсар",  "Іңкәр"};
  std::string csv = "iin,last_name,first_name,middle_name,grade,class,language,reading_language\n";
  for (int i = 0, serial = 0; i < 100; ++i) {
    std::string iin;
    while (iin.empty()) {
      const std::string day = std::to_string(10 + i % 18);
      std::string s = std::to_string(1000 + serial++ % 9000);
      const std::string first11 = "1204" + day + "5" + s;
      if (const char c = iin_control_digit(first11); c != 0) iin = first11 + c;
    }
    csv += iin + "," + surnames[i / 10] + "," + names[i % 10] + ",,9,9В,kk,kk\n";
  }
  return csv;
}

TEST(Print, HundredStudentsRunOverPagesWithTheHeaderRowOnEach) {
  School school;
  add_representative(school);
  const auto roster = school.dir / "roster-9v.csv";
  std::ofstream(roster) << roster_of_100();
  auto imported = school.server_command({"import-roster", roster.string()});
  ASSERT_EQ(imported.status, 0) << imported.err;
  auto created = school.server_command(
      {"create-sitting", "--campaign", "2027-04", "--grade", "9", "--class", "9В", "--room", "14",
       "--logins-out", (school.dir / "logins-9v.csv").string(), "--password-cost", "minimum"});
  ASSERT_EQ(created.status, 0) << created.err;
  std::vector<std::string> codes;  // in seat order
  std::istringstream rows(
      school.query("SELECT personal_code FROM participants WHERE sitting_id = 2 ORDER BY seat"));
  for (std::string c; std::getline(rows, c);) codes.push_back(c);
  ASSERT_EQ(codes.size(), 100u);

  const auto pdf = artefact("seating-sheet-100", Language::kk);
  auto out =
      print(school, {"seating-sheet", "--sitting", "2", "--lang", "kk", "--out", pdf.string()});
  ASSERT_EQ(out.status, 0) << out.err;
  ASSERT_TRUE(printable(pdf));
  const int pages = page_count(pdf);
  // A row holds a QR code: 12 to 17 rows fit a page (tests/forms/seating_sheet_test.cpp).
  EXPECT_GE(pages, 6);
  EXPECT_LE(pages, 9);
  std::string all;
  for (int p = 1; p <= pages; ++p) {
    const std::string text = pdf_text(pdf, p);
    EXPECT_TRUE(has_all(
        text,
        {tr(Language::kk, "forms.seating.seat"), tr(Language::kk, "forms.common.full_name"),
         tr(Language::kk, "forms.common.personal_code"), tr(Language::kk, "forms.seating.tests"),
         std::to_string(p) + " / " + std::to_string(pages)}))
        << "page " << p;
    all += squeeze(text);
  }
  std::size_t last = 0;
  for (const auto& c : codes) {
    EXPECT_EQ(count(all, c), 1u) << c;
    const auto at = all.find(c);
    EXPECT_GT(at, last) << c << " out of seat order";
    last = at == std::string::npos ? last : at;
  }

  const auto slips = artefact("login-slips-100", Language::kk);
  out = print(school, {"login-slips", "--sitting", "2", "--lang", "kk", "--out", slips.string()});
  ASSERT_EQ(out.status, 0) << out.err;
  ASSERT_TRUE(printable(slips));
  EXPECT_EQ(passwords_on(slips, Language::kk).size(), 100u);
  const int slip_pages = page_count(slips);
  EXPECT_GE(slip_pages, 9);
  EXPECT_TRUE(has_all(pdf_text(slips, slip_pages),
                      {std::to_string(slip_pages) + " / " + std::to_string(slip_pages)}));
}

// [SECTION] Bad input

TEST(Print, BadInputGetsAClearErrorAndWritesNoFile) {
  School school;
  add_representative(school);
  TempDir tmp;
  const std::string out = (tmp / "form.pdf").string();
  const auto journal = school.query("SELECT COUNT(*) FROM journal");
  const auto hashes = password_hashes(school);
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"chart", "--sitting", "1", "--lang", "kk", "--out", out}, "'chart' is not a form"},
      {{"seating-sheet", "--sitting", "1", "--lang", "kk"}, "option --out is required"},
      {{"seating-sheet", "--lang", "kk", "--out", out}, "option --sitting is required"},
      {{"seating-sheet", "--sitting", "1", "--out", out}, "option --lang is required"},
      {{"seating-sheet", "--sitting", "1", "--lang", "de", "--out", out}, "'de' is not kk, ru"},
      {{"seating-sheet", "--sitting", "x1", "--lang", "kk", "--out", out},
       "--sitting: 'x1' is not a positive number"},
      {{"seating-sheet", "--sitting", "9", "--lang", "kk", "--out", out}, "there is no sitting 9"},
      {{"act", "--sitting", "1", "--lang", "kk", "--out", out}, "needs --act N"},
      {{"act", "--sitting", "1", "--act", "7", "--lang", "ru", "--out", out},
       "there is no act No. 7"},
      {{"readiness", "--sitting", "1", "--lang", "kk", "--out", out},
       "no lab readiness check (p.19) is recorded for sitting 1"},
      {{"result-slips", "--sitting", "1", "--student", "0000000", "--lang", "kk", "--out", out},
       "no student with personal code 0000000 in sitting 1"},
      {{"login-slips", "--sitting", "1", "--student", "0000000", "--lang", "kk", "--out", out},
       "no student with personal code 0000000 in sitting 1"},
      {{"login-slips", "--sitting", "9", "--lang", "kk", "--out", out}, "there is no sitting 9"},
      {{"results", "--sitting", "1", "--lang", "kk", "--out", out}, "sitting 1 is prepared"},
      {{"result-slips", "--sitting", "1", "--lang", "kk", "--out", out},
       "no student of sitting 1 has finished"},
      {{"seating-sheet", "--sitting", "1", "--lang", "kk", "--out",
        (tmp / "no-such-dir" / "x.pdf").string()},
       "cannot create a temporary file beside"},
  };
  for (const Case& c : cases) {
    const auto r = print(school, c.args);
    EXPECT_NE(r.status, 0) << c.error;
    EXPECT_NE(r.err.find(c.error), std::string::npos)
        << "wanted: " << c.error << "\ngot: " << r.err;
    EXPECT_TRUE(only_entries(tmp.path(), {})) << c.error;
  }
  // A file already at --out is left as it was.
  std::ofstream(out) << "yesterday's sheet";
  EXPECT_NE(
      print(school, {"act", "--sitting", "1", "--act", "3", "--lang", "kk", "--out", out}).status,
      0);
  EXPECT_EQ(read_file(out), "yesterday's sheet");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM journal"), journal);
  EXPECT_EQ(password_hashes(school), hashes);

  // An act of another sitting is not printed under this one.
  auto created = school.server_command(
      {"create-sitting", "--campaign", "2027-04", "--grade", "9", "--class", "9А", "--room", "12",
       "--logins-out", (school.dir / "second.csv").string(), "--password-cost", "minimum"});
  ASSERT_EQ(created.status, 0) << created.err;
  server::ActRecord act;
  act.kind = server::ActKind::impostor;
  act.sitting = 1;
  act.personal_code = school.slips[0].personal_code;
  act.representative = kRepresentative;
  act.impostor_full_name = "Бөгдеев Қайрат";
  act.found_at_admission = true;
  ASSERT_EQ(record_act(school, act, almaty_ms(9, 0)), 1);
  const auto r =
      print(school, {"act", "--sitting", "2", "--act", "1", "--lang", "kk", "--out", out});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("act No. 1 belongs to sitting 1, not to sitting 2"), std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(out), "yesterday's sheet");
}

}  // namespace
}  // namespace bbzhm::test
