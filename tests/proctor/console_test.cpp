// The representative's console library against the real server process and real stations:
// identification, absences, the live grid, leave/return, extra time, acts, end and cancellation.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "proctor/console_client.hpp"
#include "server/store.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::proctor {
namespace {

using namespace std::chrono_literals;
using test::Child;
using test::School;

class Console : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    auto added =
        school.server_command({"add-representative", "--login", "rep1", "--full-name",
                               "Сейітқали Мәдина Ержанқызы", "--password", "proctor-pass-1"});
    ASSERT_EQ(added.status, 0) << added.err;
    school.serve();
    const auto dir = school.dir / "console";
    const auto key = school.server_command({"show-key"}).out;
    auto paired =
        test::run({BBZHM_STATION_BIN, "pair", "--dir", dir.string(), "--server",
                   "127.0.0.1:" + std::to_string(school.port), "--server-key", key.substr(0, 64)});
    ASSERT_EQ(paired.status, 0) << paired.err;
    std::string out = paired.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    auto registered = school.server_command({"add-station", "--name", "console-1", "--role",
                                             "console", "--key", out.substr(out.rfind('\n') + 1)});
    ASSERT_EQ(registered.status, 0) << registered.err;
    auto config = station::load_config(dir);
    ASSERT_TRUE(config);
    auto client = ConsoleClient::start(*config);
    ASSERT_TRUE(client);
    console = std::move(*client);
  }

  template <class Pred>
  Room wait(Pred done, std::chrono::milliseconds timeout = 15s) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    Room r = console->snapshot();
    while (!done(r) && std::chrono::steady_clock::now() < end)
      r = console->wait_for_change(r.version, 200ms);
    return r;
  }

  void sign_in_and_watch() {
    console->sign_in("rep1", "proctor-pass-1");
    ASSERT_TRUE(wait([](const Room& r) { return r.welcome.has_value(); }).welcome);
    console->watch(1);
    ASSERT_TRUE(wait([](const Room& r) { return r.room.has_value(); }).room);
  }

  protocol::CommandReply run(protocol::Command c) {
    auto f = console->command(std::move(c));
    EXPECT_EQ(f.wait_for(20s), std::future_status::ready);
    return f.get();
  }

  std::string status_of(int seat) {
    return school.query("SELECT status FROM participants WHERE seat = " + std::to_string(seat));
  }

  School school;
  std::unique_ptr<ConsoleClient> console;
};

// A console watching a calm room hears nothing for long stretches: its keep-alive must be
// answered, not taken for a protocol violation that drops the link (and signs in again).
TEST_F(Console, AQuietConsoleKeepsItsLinkThroughKeepAlives) {
  console.reset();
  auto config = station::load_config(school.dir / "console");
  ASSERT_TRUE(config);
  config->keep_alive = 200ms;
  config->receive_timeout = 5s;
  auto client = ConsoleClient::start(*config);
  ASSERT_TRUE(client);
  console = std::move(*client);
  sign_in_and_watch();
  std::this_thread::sleep_for(2s);  // ten keep-alives and nothing else
  EXPECT_EQ(console->snapshot().link, station::Link::online);
  EXPECT_EQ(console->snapshot().last_error, "");
  const std::string log = test::read_file(school.dir / "server-1.log");
  EXPECT_EQ(log.find("disconnected"), std::string::npos) << log;
}

TEST_F(Console, WrongPasswordIsRefused) {
  console->sign_in("rep1", "not-the-password");
  const Room r = wait([](const Room& room) { return room.refusal.has_value(); });
  ASSERT_TRUE(r.refusal);
  EXPECT_EQ(r.refusal->reason, protocol::LoginRefusal::wrong_credentials);
  EXPECT_FALSE(r.welcome);
}

TEST_F(Console, IdentifiesByPersonalCodeAdmitsAndFlagsUnknownAndDuplicateCodes) {
  sign_in_and_watch();
  const auto& slip = school.slips[2];
  auto who = run(identify(1, slip.personal_code));
  ASSERT_TRUE(who.ok) << who.message;
  EXPECT_EQ(who.message, slip.full_name + "|9А|registered");
  auto admitted = run(admit(1, slip.personal_code));
  ASSERT_TRUE(admitted.ok) << admitted.message;
  auto again = run(admit(1, slip.personal_code));
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.message.find("already admitted"), std::string::npos) << again.message;
  auto unknown = run(identify(1, "9999999"));
  EXPECT_FALSE(unknown.ok);
  EXPECT_NE(unknown.message.find("no student with personal code 9999999"), std::string::npos);
  auto absent = run(mark_absent(1, school.slips[3].personal_code, AbsenceReason::bereavement));
  ASSERT_TRUE(absent.ok) << absent.message;
  const Room r = wait([&](const Room& room) {
    const auto* s = room.seat_by_code(school.slips[3].personal_code);
    return s && s->status == "absent";
  });
  EXPECT_EQ(r.seat_by_code(school.slips[3].personal_code)->absence_reason, "bereavement");
  EXPECT_EQ(r.seat_by_code(slip.personal_code)->status, "admitted");
}

TEST_F(Console, LiveGridFollowsAStudentFromLoginToFinish) {
  sign_in_and_watch();
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  auto args = school.station_args(school.pair_station("S01"), slip);
  args.insert(args.end(), {"--delay-ms", "150"});
  Child station(args, school.dir / "station.log");
  const Room live = wait([&](const Room& r) {
    const auto* s = r.seat_by_code(slip.personal_code);
    return s && s->connected && s->answered >= 3;
  });
  const auto* seat = live.seat_by_code(slip.personal_code);
  ASSERT_NE(seat, nullptr);
  EXPECT_TRUE(seat->connected);
  EXPECT_EQ(seat->station, "S01");
  EXPECT_EQ(seat->status, "testing");
  EXPECT_EQ(seat->items, 24);
  EXPECT_GT(seat->remaining_ms, 130 * 60'000);
  EXPECT_EQ(station.wait(), 0) << test::read_file(station.log());
  const Room done = wait([&](const Room& r) {
    const auto* s = r.seat_by_code(slip.personal_code);
    return s && s->status == "finished" && !s->connected;
  });
  EXPECT_EQ(done.seat_by_code(slip.personal_code)->answered, 24);
}

TEST_F(Console, LeaveWithPauseStopsTheClockAndExtraTimeIsAdded) {
  sign_in_and_watch();
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  auto args = school.station_args(school.pair_station("S01"), slip);
  args.insert(args.end(), {"--max-answers", "2", "--no-finish"});
  ASSERT_EQ(test::run(args).status, 0);
  ASSERT_TRUE(run(leave_room(1, slip.personal_code, true, "дәретхана")).ok);
  const std::string deadline = school.query("SELECT deadline FROM participants WHERE seat = 1");
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(run(return_to_room(1, slip.personal_code)).ok);
  const long long moved =
      std::stoll(school.query("SELECT deadline FROM participants WHERE seat = 1")) -
      std::stoll(deadline);
  EXPECT_GE(moved, 1400);  // the paused time is given back
  EXPECT_LT(moved, 10'000);
  auto refused = run(extend_time(1, slip.personal_code, 10, ""));
  EXPECT_FALSE(refused.ok);
  ASSERT_TRUE(run(extend_time(1, slip.personal_code, 10, "электр жарығы сөнді")).ok);
  const long long extended =
      std::stoll(school.query("SELECT deadline FROM participants WHERE seat = 1")) -
      std::stoll(deadline);
  EXPECT_GE(extended, 600'000 + 1400);
  EXPECT_NE(school.query("SELECT group_concat(kind) FROM journal")
                .find("leave_room,return_to_room,extend_time"),
            std::string::npos);
}

TEST_F(Console, Annex1ActAnnulsTheResultsAndEndsTheStationsTest) {
  sign_in_and_watch();
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  auto args = school.station_args(school.pair_station("S01"), slip);
  args.insert(args.end(), {"--delay-ms", "400"});
  Child station(args, school.dir / "station.log");
  wait([&](const Room& r) {
    const auto* s = r.seat_by_code(slip.personal_code);
    return s && s->answered >= 1;
  });
  protocol::Command act;
  act.kind = protocol::CommandKind::record_act;
  act.sitting = 1;
  act.personal_code = slip.personal_code;
  act.act.item_names = {"ұялы телефон"};
  act.act.item_brands = {"Samsung A15"};
  act.act.item_quantities = {1};
  act.act.drawn_up_by = {"Сейітқали М. Е."};
  auto reply = run(act);
  ASSERT_TRUE(reply.ok) << reply.message;
  EXPECT_EQ(reply.value, 1);
  EXPECT_EQ(station.wait(), 0) << test::read_file(station.log());
  EXPECT_EQ(status_of(1), "annulled\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM results"), "0\n");
  EXPECT_EQ(school.query("SELECT kind, seat FROM acts"), "confiscation|1\n");
  EXPECT_EQ(school.server_command({"verify-journal"}).status, 0);
  // An act cannot be undone: the student cannot log in again.
  auto again = test::run(school.station_args(school.pair_station("S02"), slip));
  EXPECT_NE(again.err.find("results annulled"), std::string::npos) << again.err;
}

TEST_F(Console, Annex2ImpostorAtAdmissionIsRecorded) {
  sign_in_and_watch();
  protocol::Command act;
  act.kind = protocol::CommandKind::record_act;
  act.sitting = 1;
  act.personal_code = school.slips[4].personal_code;
  act.act.impostor = true;
  act.act.impostor_full_name = "Белгісіз Адам";
  act.act.found_at_admission = true;
  auto reply = run(act);
  ASSERT_TRUE(reply.ok) << reply.message;
  EXPECT_EQ(school.query("SELECT kind FROM acts"), "impostor\n");
  EXPECT_EQ(status_of(5), "annulled\n");
  act.act.impostor_full_name.clear();
  EXPECT_FALSE(run(act).ok);
  // A correction opens the same annex, pre-filled from the act it corrects (it once opened an
  // Annex 1 draft for an Annex 2 act).
  auto copy = run(read_act(1, reply.value));
  ASSERT_TRUE(copy.ok) << copy.message;
  auto fields = act_from_reply(copy);
  ASSERT_TRUE(fields) << fields.error().what;
  EXPECT_TRUE(fields->impostor);
  EXPECT_EQ(fields->impostor_full_name, "Белгісіз Адам");
  EXPECT_TRUE(fields->found_at_admission);
  EXPECT_EQ(fields->corrects, reply.value);
  EXPECT_FALSE(run(read_act(1, reply.value + 100)).ok);
  protocol::Command correction = act;
  correction.act = *fields;
  correction.act.impostor_full_name = "Белгісіз Адамжан";
  auto corrected = run(correction);
  ASSERT_TRUE(corrected.ok) << corrected.message;
  EXPECT_EQ(school.query("SELECT kind FROM acts WHERE number = " + std::to_string(corrected.value)),
            "impostor\n");
}

TEST_F(Console, EndingTheSittingFinishesAndScoresEveryRunningTest) {
  sign_in_and_watch();
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(run(admit(1, school.slips[i].personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  std::vector<Child> stations;
  for (int i = 0; i < 2; ++i) {
    auto args =
        school.station_args(school.pair_station("S0" + std::to_string(i + 1)), school.slips[i]);
    args.insert(args.end(), {"--delay-ms", "500"});
    stations.emplace_back(args, school.dir / ("station-" + std::to_string(i) + ".log"));
  }
  wait([&](const Room& r) {
    const auto* a = r.seat_by_code(school.slips[0].personal_code);
    const auto* b = r.seat_by_code(school.slips[1].personal_code);
    return a && b && a->answered >= 1 && b->answered >= 1;
  });
  ASSERT_TRUE(run(end_sitting(1)).ok);
  for (auto& s : stations) {
    EXPECT_EQ(s.wait(), 0) << test::read_file(s.log());
    EXPECT_NE(test::read_file(s.log()).find("receipt="), std::string::npos);
  }
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participants WHERE status = 'finished'"), "2\n");
  EXPECT_EQ(school.query("SELECT state FROM sittings"), "ended\n");
}

TEST_F(Console, CancellationNeedsAReasonAndKeepsTheWork) {
  sign_in_and_watch();
  ASSERT_TRUE(run(admit(1, school.slips[0].personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  auto args = school.station_args(school.pair_station("S01"), school.slips[0]);
  args.insert(args.end(), {"--max-answers", "4", "--no-finish"});
  ASSERT_EQ(test::run(args).status, 0);
  EXPECT_FALSE(run(cancel_sitting(1, "")).ok);
  ASSERT_TRUE(run(cancel_sitting(1, "төтенше жағдай: жылу жүйесі істен шықты")).ok);
  EXPECT_EQ(school.query("SELECT state FROM sittings"), "cancelled\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "4\n");
  EXPECT_NE(
      school.query("SELECT payload FROM journal WHERE kind = 'cancel_reason'").find("төтенше"),
      std::string::npos);
}

TEST_F(Console, PasswordGuessingAtAStationReachesTheConsoleAsAnIncident) {
  sign_in_and_watch();
  ASSERT_TRUE(run(admit(1, school.slips[0].personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  // Someone at station G1 tries passwords for the first seat's login: the fifth failure blocks
  // the login and the server raises an incident for the representative.
  auto slip = school.slips[0];
  const auto station = school.pair_station("G1");
  for (int i = 0; i < 5; ++i) {
    slip.password = "guess-" + std::to_string(i);
    EXPECT_NE(test::run(school.station_args(station, slip)).status, 0);
  }
  const Room r = wait([](const Room& room) { return room.unacknowledged_incidents() >= 1; });
  ASSERT_TRUE(r.room);
  ASSERT_EQ(r.unacknowledged_incidents(), 1);
  const auto& incident = r.room->incidents.back();
  EXPECT_EQ(incident.kind, protocol::IncidentKind::other);
  EXPECT_EQ(incident.detail.rfind("login_guessing:", 0), 0u) << incident.detail;
  EXPECT_EQ(incident.station, "G1");
  EXPECT_EQ(incident.seat, school.slips[0].seat);
  EXPECT_EQ(incident.detail.find("guess-"), std::string::npos) << "a guessed password shown";
  EXPECT_NE(school.query("SELECT detail FROM incidents").find("login_guessing"), std::string::npos);
}

TEST_F(Console, IncidentsReachTheConsoleAndStayUntilAcknowledged) {
  sign_in_and_watch();
  ASSERT_TRUE(run(admit(1, school.slips[0].personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  // A station reports a focus loss (the kiosk does this; here the station library directly).
  auto config = station::load_config(school.pair_station("S01"));
  ASSERT_TRUE(config);
  auto student = station::StationClient::start(*config);
  ASSERT_TRUE(student);
  (*student)->login(school.slips[0].login, school.slips[0].password);
  const auto end = std::chrono::steady_clock::now() + 10s;
  while ((*student)->snapshot().phase != station::Phase::testing &&
         std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(50ms);
  (*student)->report(protocol::IncidentKind::focus_lost, "the window lost focus");
  const Room r = wait([](const Room& room) { return room.unacknowledged_incidents() == 1; });
  ASSERT_EQ(r.unacknowledged_incidents(), 1);
  const auto& incident = r.room->incidents.back();
  EXPECT_EQ(incident.kind, protocol::IncidentKind::focus_lost);
  EXPECT_EQ(incident.seat, 1);
  EXPECT_EQ(incident.station, "S01");
  ASSERT_TRUE(run(acknowledge_incident(1, incident.id)).ok);
  EXPECT_FALSE(run(acknowledge_incident(1, incident.id)).ok);
}

// [SECTION] Pairing by a short code (issue 9), the stations list and scores (issue 6)

class Pairing : public Console {
 protected:
  std::string open_code() {
    auto reply = run(new_pairing_code());
    EXPECT_TRUE(reply.ok) << reply.message;
    EXPECT_EQ(reply.message.size(), 8u) << reply.message;
    EXPECT_GT(reply.value, 0);
    return reply.message;
  }
  test::Output pair(const std::string& name, const std::string& code) {
    return test::run({BBZHM_STATION_BIN, "pair", "--dir", (school.dir / ("pc-" + name)).string(),
                      "--server", "127.0.0.1:" + std::to_string(school.port), "--code", code,
                      "--name", name});
  }
  static std::string wrong(const std::string& code) {
    std::string w = code;
    w[7] = w[7] == '9' ? '0' : static_cast<char>(w[7] + 1);
    return w;
  }
  std::string server_key_hex() {
    const auto key = school.server_command({"show-key"}).out;
    return key.substr(0, 64);
  }
};

TEST_F(Pairing, StationPairsByTheConsolesCodeAndThenSitsATest) {
  sign_in_and_watch();
  // Without an open code an unknown PC is refused at the handshake, as before.
  auto early = pair("PC-07", "12345678");
  EXPECT_NE(early.status, 0);
  EXPECT_NE(early.err.find("no pairing code open"), std::string::npos) << early.err;

  const std::string code = open_code();
  auto refused = pair("PC-07", wrong(code));
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("wrong pairing code"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(school.dir / "pc-PC-07"));  // nothing half-written

  // The technician may type it as the console shows it: "1234-5678".
  auto paired = pair("PC-07", code.substr(0, 4) + "-" + code.substr(4));
  ASSERT_EQ(paired.status, 0) << paired.err;
  const Room signed_in = console->snapshot();
  EXPECT_NE(paired.out.find(signed_in.server_fingerprint), std::string::npos) << paired.out;
  EXPECT_NE(paired.out.find("PC-07"), std::string::npos);
  EXPECT_EQ(test::read_file(school.dir / "pc-PC-07" / "server.pub"), server_key_hex() + "\n");
  EXPECT_EQ(school.query("SELECT name, role FROM stations WHERE name = 'PC-07'"),
            "PC-07|station\n");
  EXPECT_EQ(school.query("SELECT actor FROM journal WHERE kind = 'pair_by_code'"),
            "Сейітқали Мәдина Ержанқызы\n");

  // Single use: the same code again is refused.
  auto reused = pair("PC-08", code);
  EXPECT_NE(reused.status, 0);
  EXPECT_FALSE(std::filesystem::exists(school.dir / "pc-PC-08"));

  // The console lists it, with what it reported once it connected.
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  auto sat = test::run(school.station_args(school.dir / "pc-PC-07", slip));
  ASSERT_EQ(sat.status, 0) << sat.err;
  EXPECT_NE(sat.out.find("receipt="), std::string::npos);
  EXPECT_EQ(status_of(1), "finished\n");

  console->list_stations();
  const Room listed = wait([](const Room& r) { return r.stations.has_value(); });
  ASSERT_TRUE(listed.stations);
  const protocol::StationView* pc = nullptr;
  for (const auto& v : listed.stations->stations)
    if (v.name == "PC-07") pc = &v;
  ASSERT_NE(pc, nullptr);
  EXPECT_FALSE(pc->console);
  EXPECT_EQ(pc->version, "0.1.0");
  EXPECT_EQ(pc->renderer, "headless");
  EXPECT_LT(std::abs(pc->clock_offset_ms), 5'000);
  EXPECT_GT(pc->free_disk_mb, 0);
  EXPECT_GT(listed.stations->server_free_disk_mb, 0);
  EXPECT_TRUE(listed.stations->package_ready);
  EXPECT_EQ(pc->fingerprint.size(), signed_in.server_fingerprint.size());

  // Scores reach the console's room (results table of p.24).
  const Room scored = wait([&](const Room& r) {
    const auto* s = r.seat_by_code(slip.personal_code);
    return s && s->status == "finished" && !s->results.empty();
  });
  const auto* seat = scored.seat_by_code(slip.personal_code);
  ASSERT_NE(seat, nullptr);
  std::string from_console;
  for (const auto& r : seat->results)
    from_console += std::string(bbzhm::code(r.subject)) + "|" + std::to_string(r.score) + "|" +
                    std::to_string(r.max_score) + "|" + r.level + "\n";
  EXPECT_EQ(from_console,
            school.query("SELECT subject, score, max_score, level FROM results ORDER BY subject"));
}

TEST_F(Pairing, WrongCodesBurnTheCodeAfterThreeAttempts) {
  sign_in_and_watch();
  const std::string code = open_code();
  for (int i = 0; i < 3; ++i) {
    auto r = pair("PC-1" + std::to_string(i), wrong(code));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("wrong pairing code"), std::string::npos) << r.err;
  }
  auto late = pair("PC-20", code);  // the right code, too late
  EXPECT_NE(late.status, 0);
  EXPECT_NE(late.err.find("no pairing code open"), std::string::npos) << late.err;
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM stations WHERE role = 'station'"), "0\n");
  const std::string fresh = open_code();
  EXPECT_EQ(pair("PC-20", fresh).status, 0);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM stations WHERE role = 'station'"), "1\n");
}

TEST_F(Pairing, AnUnpairedPcGetsNoTestContentWhileACodeIsOpen) {
  sign_in_and_watch();
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  open_code();
  // A folder pinned to the server's key, but never registered on the server.
  const auto rogue = school.dir / "rogue";
  ASSERT_EQ(
      test::run({BBZHM_STATION_BIN, "pair", "--dir", rogue.string(), "--server",
                 "127.0.0.1:" + std::to_string(school.port), "--server-key", server_key_hex()})
          .status,
      0);
  auto args = school.station_args(rogue, slip);
  args.insert(args.end(), {"--timeout", "3"});
  auto tried = test::run(args);
  EXPECT_NE(tried.status, 0);
  EXPECT_EQ(tried.out.find(slip.full_name), std::string::npos);
  EXPECT_EQ(status_of(1), "admitted\n");  // never logged in
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "0\n");
}

TEST_F(Pairing, AStudentMovesToASpareStationWithAnswersAndDeadlineKept) {
  sign_in_and_watch();
  const auto& slip = school.slips[0];
  ASSERT_TRUE(run(admit(1, slip.personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  const auto first = school.pair_station("S01");
  school.pair_station("SPARE-1");
  ASSERT_TRUE(run(assign_station(1, 1, "S01")).ok);
  EXPECT_FALSE(run(assign_station(1, 2, "S01")).ok);  // one station, one seat
  EXPECT_FALSE(run(assign_station(1, 2, "NO-SUCH-PC")).ok);
  auto args = school.station_args(first, slip);
  args.insert(args.end(), {"--max-answers", "3", "--no-finish"});
  ASSERT_EQ(test::run(args).status, 0);
  const std::string deadline = school.query("SELECT deadline FROM participants WHERE seat = 1");
  EXPECT_FALSE(run(move_student(1, slip.personal_code, "NO-SUCH-PC")).ok);
  auto moved = run(move_student(1, slip.personal_code, "SPARE-1"));
  ASSERT_TRUE(moved.ok) << moved.message;
  const Room r = wait([&](const Room& room) {
    const auto* s = room.seat_by_code(slip.personal_code);
    return s && s->assigned_station == "SPARE-1";
  });
  EXPECT_EQ(r.seat_by_code(slip.personal_code)->assigned_station, "SPARE-1");
  auto spare = test::run(school.station_args(school.dir / "station-SPARE-1", slip));
  ASSERT_EQ(spare.status, 0) << spare.err;
  EXPECT_NE(spare.out.find("resumed=3"), std::string::npos) << spare.out;
  EXPECT_EQ(school.query("SELECT deadline FROM participants WHERE seat = 1"), deadline);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers"), "24\n");
  EXPECT_NE(school.query("SELECT payload FROM journal WHERE kind = 'move_student'").find("SPARE-1"),
            std::string::npos);
}

TEST_F(Pairing, FormsArePrintedFromTheConsoleInChunks) {
  sign_in_and_watch();
  school.pair_station("PC-31");
  ASSERT_TRUE(run(assign_station(1, 1, "PC-31")).ok);  // the seating sheet's station column
  protocol::PrintForm form;
  form.form = "seating-sheet";
  form.sitting = 1;
  form.language = Language::kk;
  auto sheet = console->print(form);
  ASSERT_EQ(sheet.wait_for(60s), std::future_status::ready);
  auto pdf = sheet.get();
  ASSERT_TRUE(pdf) << pdf.error().what;
  ASSERT_GT(pdf->size(), 1000u);
  EXPECT_EQ(std::string(pdf->begin(), pdf->begin() + 5), "%PDF-");
  const auto file = school.dir / "seating.pdf";
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(pdf->data()), static_cast<std::streamsize>(pdf->size()));
  auto text = test::run({"/usr/bin/pdftotext", "-layout", file.string(), "-"});
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find(school.slips[0].personal_code), std::string::npos);
  EXPECT_NE(text.out.find("PC-31"), std::string::npos) << text.out;
  EXPECT_NE(
      school.query("SELECT payload FROM journal WHERE kind = 'print_form'").find("seating-sheet"),
      std::string::npos);
  // A correction is a new act that names the act it corrects, on its printed form too.
  protocol::Command act;
  act.kind = protocol::CommandKind::record_act;
  act.sitting = 1;
  act.personal_code = school.slips[4].personal_code;
  act.act.impostor = true;
  act.act.impostor_full_name = "Белгісіз Адам";
  act.act.found_at_admission = true;
  ASSERT_EQ(run(act).value, 1);
  act.act.impostor_full_name = "Белгісіз Адамжан";
  act.act.corrects = 1;
  ASSERT_EQ(run(act).value, 2);
  form.form = "act";
  form.act = 2;
  form.language = Language::en;
  auto correction = console->print(form);
  ASSERT_EQ(correction.wait_for(60s), std::future_status::ready);
  auto corrected = correction.get();
  ASSERT_TRUE(corrected) << corrected.error().what;
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(corrected->data()),
             static_cast<std::streamsize>(corrected->size()));
  auto act_text = test::run({"/usr/bin/pdftotext", "-layout", file.string(), "-"});
  EXPECT_NE(act_text.out.find("corrects act No. 1"), std::string::npos) << act_text.out;
  EXPECT_NE(act_text.out.find("Белгісіз Адамжан"), std::string::npos);
  form.act = 42;
  auto missing = console->print(form);
  ASSERT_EQ(missing.wait_for(30s), std::future_status::ready);
  auto refused = missing.get();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().what.find("42"), std::string::npos) << refused.error().what;
}

TEST_F(Pairing, TheAutomaticSeatingPlanKeepsASpareFreeAndTheSheetShowsIt) {
  sign_in_and_watch();
  // Four students sit the test; the others are absent (p.12).
  ASSERT_GT(school.slips.size(), 4u);
  for (std::size_t i = 4; i < school.slips.size(); ++i)
    ASSERT_TRUE(run(mark_absent(1, school.slips[i].personal_code, AbsenceReason::illness)).ok);
  EXPECT_FALSE(run(plan_seating(1)).ok);  // no station paired yet
  for (const char* name : {"S1", "S2", "S10", "S3", "S4"}) school.pair_station(name);
  auto planned = run(plan_seating(1));
  ASSERT_TRUE(planned.ok) << planned.message;
  EXPECT_EQ(planned.value, 4);
  // Lab order (S2 before S10); the last station stays free as the spare.
  EXPECT_EQ(school.query("SELECT station FROM seat_stations ORDER BY station"), "S1\nS2\nS3\nS4\n");
  EXPECT_NE(school.query("SELECT payload FROM journal WHERE kind = 'plan_seating'")
                .find("\"spares\":[\"S10\"]"),
            std::string::npos);
  const Room r = wait([&](const Room& room) {
    const auto* s = room.seat_by_code(school.slips[0].personal_code);
    return s && !s->assigned_station.empty();
  });
  int assigned = 0;
  for (const auto& seat : r.room->seats) assigned += !seat.assigned_station.empty();
  EXPECT_EQ(assigned, 4);
  // A manual change: seat 1 moves to the spare; the plan is the server's, kept.
  const int seat1 = r.seat_by_code(school.slips[0].personal_code)->seat;
  ASSERT_TRUE(run(assign_station(1, seat1, "S10")).ok);
  EXPECT_EQ(school.query("SELECT station FROM seat_stations WHERE seat = " + std::to_string(seat1)),
            "S10\n");
  ASSERT_TRUE(run(admit(1, school.slips[0].personal_code)).ok);
  ASSERT_TRUE(run(start_sitting(1)).ok);
  EXPECT_FALSE(run(plan_seating(1)).ok);  // made before the start only
}

}  // namespace
}  // namespace bbzhm::proctor
