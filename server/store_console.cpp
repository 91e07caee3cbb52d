// The school database as the representative's console sees and changes it (p.19-24).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace bbzhm::server {
namespace {

using nlohmann::json;

std::string joined_name(const std::string& last, const std::string& first,
                        const std::string& middle) {
  return middle.empty() ? last + " " + first : last + " " + first + " " + middle;
}

}  // namespace

std::optional<Representative> Store::find_representative(std::string_view login) {
  auto q = db_.prepare("SELECT id, full_name, password_hash FROM representatives WHERE login = ?");
  q.bind(1, login);
  if (!q.step()) return std::nullopt;
  Representative r{q.integer(0), q.text(1), q.text(2)};
  q.reset();
  return r;
}

std::vector<protocol::SittingSummary> Store::sitting_summaries() {
  std::vector<protocol::SittingSummary> out;
  auto q = db_.prepare(
      "SELECT s.id, s.campaign, s.grade, s.class_name, s.room, s.state, "
      "(SELECT COUNT(*) FROM participants p WHERE p.sitting_id = s.id) FROM sittings s ORDER BY "
      "s.id");
  while (q.step())
    out.push_back({q.integer(0), q.text(1), static_cast<int>(q.integer(2)), q.text(3), q.text(4),
                   q.text(5), static_cast<int>(q.integer(6))});
  return out;
}

std::optional<std::int64_t> Store::participant_of(std::int64_t sitting,
                                                  std::string_view personal_code) {
  auto q = db_.prepare("SELECT id FROM participants WHERE sitting_id = ? AND personal_code = ?");
  q.bind(1, sitting).bind(2, personal_code);
  if (!q.step()) return std::nullopt;
  const std::int64_t id = q.integer(0);
  q.reset();
  return id;
}

std::int64_t Store::sitting_of(std::int64_t participant) {
  auto q = db_.prepare("SELECT sitting_id FROM participants WHERE id = ?");
  q.bind(1, participant);
  const std::int64_t id = q.step() ? q.integer(0) : 0;
  q.reset();
  return id;
}

std::vector<protocol::SeatView> Store::seat_views(std::int64_t sitting, std::int64_t now,
                                                  std::optional<std::int64_t> only) {
  std::vector<protocol::SeatView> out;
  auto q = db_.prepare(
      "SELECT p.id, p.seat, p.personal_code, st.last_name, st.first_name, st.middle_name, "
      "st.class_name, "
      "p.status, IFNULL(p.absence_reason, ''), p.deadline, p.paused_at, "
      "(SELECT COUNT(*) FROM answers a WHERE a.participant_id = p.id), "
      "(SELECT IFNULL(MAX(saved_at), 0) FROM answers a WHERE a.participant_id = p.id), "
      "(SELECT IFNULL(MIN(number), 0) FROM acts c WHERE c.participant_id = p.id), "
      "IFNULL((SELECT station FROM seat_stations ss WHERE ss.sitting_id = p.sitting_id AND "
      "ss.seat = p.seat), '') "
      "FROM participants p JOIN students st ON st.id = p.student_id "
      "WHERE p.sitting_id = ? AND (? = 0 OR p.id = ?) ORDER BY p.seat");
  q.bind(1, sitting).bind(2, only.value_or(0)).bind(3, only.value_or(0));
  auto forms = db_.prepare("SELECT form_id FROM participant_forms WHERE participant_id = ?");
  auto results = db_.prepare(
      "SELECT subject, language, score, max_score, level FROM results WHERE participant_id = ? "
      "ORDER BY subject");
  while (q.step()) {
    protocol::SeatView v;
    const std::int64_t pid = q.integer(0);
    v.seat = static_cast<int>(q.integer(1));
    v.personal_code = q.text(2);
    v.full_name = joined_name(q.text(3), q.text(4), q.text(5));
    v.class_name = q.text(6);
    v.status = q.text(7);
    v.absence_reason = q.text(8);
    v.paused = !q.is_null(10);
    if (!q.is_null(9) && v.status == "testing")
      v.remaining_ms = std::max<std::int64_t>(0, q.integer(9) - (v.paused ? q.integer(10) : now));
    v.answered = static_cast<int>(q.integer(11));
    v.last_save_ms = q.integer(12);
    v.act = q.integer(13);
    v.assigned_station = q.text(14);
    if (v.status == "finished") {
      results.bind(1, pid);
      while (results.step()) {
        protocol::SubjectResult r;
        r.subject = parse_subject(results.text(0)).value_or(Subject::math);
        r.language = parse_language(results.text(1)).value_or(Language::kk);
        r.score = static_cast<int>(results.integer(2));
        r.max_score = static_cast<int>(results.integer(3));
        r.level = results.text(4);
        v.results.push_back(std::move(r));
      }
    }
    forms.bind(1, pid);
    while (forms.step()) v.items += static_cast<int>(form(forms.text(0)).booklet.items.size());
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<protocol::IncidentView> Store::incident_views(std::int64_t sitting,
                                                          std::optional<std::int64_t> only) {
  std::vector<protocol::IncidentView> out;
  auto q = db_.prepare(
      "SELECT i.id, i.at, i.station, IFNULL(p.seat, 0), i.kind, i.detail, i.acknowledged_at IS NOT "
      "NULL "
      "FROM incidents i LEFT JOIN participants p ON p.id = i.participant_id "
      "WHERE (p.sitting_id = ? OR i.participant_id IS NULL) AND (? = 0 OR i.id = ?) ORDER BY i.id");
  q.bind(1, sitting).bind(2, only.value_or(0)).bind(3, only.value_or(0));
  static constexpr std::pair<std::string_view, protocol::IncidentKind> kKinds[] = {
      {"focus_lost", protocol::IncidentKind::focus_lost},
      {"close_attempt", protocol::IncidentKind::close_attempt},
      {"display_changed", protocol::IncidentKind::display_changed},
      {"remote_desktop", protocol::IncidentKind::remote_desktop},
      {"virtual_machine", protocol::IncidentKind::virtual_machine},
      {"clock_skew", protocol::IncidentKind::clock_skew}};
  while (q.step()) {
    protocol::IncidentView v;
    v.id = q.integer(0);
    v.at_ms = q.integer(1);
    v.station = q.text(2);
    v.seat = static_cast<int>(q.integer(3));
    const std::string kind = q.text(4);
    for (const auto& [code, k] : kKinds)
      if (code == kind) v.kind = k;
    v.detail = q.text(5);
    v.acknowledged = q.integer(6) != 0;
    out.push_back(std::move(v));
  }
  return out;
}

namespace {
Result<std::pair<std::string, std::string>> testing_student(sqlite::Database& db,
                                                            std::int64_t participant) {
  auto q = db.prepare("SELECT status, personal_code FROM participants WHERE id = ?");
  q.bind(1, participant);
  if (!q.step()) return fail("no such student");
  std::pair<std::string, std::string> out{q.text(0), q.text(1)};
  q.reset();
  return out;
}
}  // namespace

Result<void> Store::leave_room(std::int64_t participant, bool pause, std::string_view reason,
                               std::string_view who, std::int64_t now) {
  auto student = testing_student(db_, participant);
  if (!student) return std::unexpected(student.error());
  if (student->first != "testing" && student->first != "admitted")
    return fail("the student " + student->second + " is " + student->first + ", not in the test");
  if (pause) {
    if (student->first != "testing")
      return fail("the student's clock has not started: nothing to pause");
    db_.prepare("UPDATE participants SET paused_at = IFNULL(paused_at, ?) WHERE id = ?")
        .bind(1, now)
        .bind(2, participant)
        .run();
  }
  journal(who, "leave_room",
          json{{"personal_code", student->second}, {"paused", pause}, {"reason", reason}}.dump(),
          now);
  return {};
}

Result<void> Store::return_to_room(std::int64_t participant, std::string_view who,
                                   std::int64_t now) {
  auto student = testing_student(db_, participant);
  if (!student) return std::unexpected(student.error());
  // The paused time is given back: the deadline moves by as long as the clock stood still.
  db_.prepare(
         "UPDATE participants SET deadline = deadline + (? - paused_at), paused_at = NULL "
         "WHERE id = ? AND paused_at IS NOT NULL")
      .bind(1, now)
      .bind(2, participant)
      .run();
  journal(who, "return_to_room", json{{"personal_code", student->second}}.dump(), now);
  return {};
}

Result<void> Store::extend_time(std::int64_t participant, int minutes, std::string_view reason,
                                std::string_view who, std::int64_t now) {
  if (minutes <= 0 || minutes > 120) return fail("extra time is between 1 and 120 minutes");
  if (reason.empty()) return fail("extra time needs a reason");
  auto student = testing_student(db_, participant);
  if (!student) return std::unexpected(student.error());
  if (student->first != "testing")
    return fail("the student " + student->second + " is not testing");
  db_.prepare("UPDATE participants SET deadline = deadline + ? WHERE id = ?")
      .bind(1, std::int64_t{minutes} * 60'000)
      .bind(2, participant)
      .run();
  journal(who, "extend_time",
          json{{"personal_code", student->second}, {"minutes", minutes}, {"reason", reason}}.dump(),
          now);
  return {};
}

protocol::TimeLeft Store::time_left(std::int64_t participant, std::int64_t now) {
  auto q = db_.prepare("SELECT paused_at IS NOT NULL FROM participants WHERE id = ?");
  q.bind(1, participant);
  const bool paused = q.step() && q.integer(0) != 0;
  q.reset();
  return {remaining_ms(participant, now), now, paused};
}

Result<void> Store::acknowledge_incident(std::int64_t incident, std::string_view who,
                                         std::int64_t now) {
  db_.prepare("UPDATE incidents SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL")
      .bind(1, now)
      .bind(2, incident)
      .run();
  if (db_.changes() == 0) return fail("no unacknowledged incident " + std::to_string(incident));
  journal(who, "acknowledge_incident", json{{"incident", incident}}.dump(), now);
  return {};
}

}  // namespace bbzhm::server

namespace bbzhm::server {

std::vector<protocol::StationView> Store::station_views() {
  std::vector<protocol::StationView> out;
  auto q = db_.prepare("SELECT name, public_key, role, paired_at FROM stations ORDER BY name");
  while (q.step()) {
    protocol::StationView v;
    v.name = q.text(0);
    const Bytes key = q.blob(1);
    crypto::PublicKey pk{};
    if (key.size() == pk.size()) std::copy(key.begin(), key.end(), pk.begin());
    v.fingerprint = crypto::fingerprint(pk);
    v.console = q.text(2) == "console";
    v.paired_at_ms = q.integer(3);
    out.push_back(std::move(v));
  }
  return out;
}

Result<void> Store::assign_station(std::int64_t sitting, int seat, std::string_view station,
                                   std::string_view who, std::int64_t now_ms) {
  auto seat_exists = db_.prepare("SELECT 1 FROM participants WHERE sitting_id = ? AND seat = ?");
  seat_exists.bind(1, sitting).bind(2, seat);
  if (!seat_exists.step())
    return fail("sitting " + std::to_string(sitting) + " has no seat " + std::to_string(seat));
  seat_exists.reset();
  if (station.empty()) {
    db_.prepare("DELETE FROM seat_stations WHERE sitting_id = ? AND seat = ?")
        .bind(1, sitting)
        .bind(2, seat)
        .run();
  } else {
    auto known = db_.prepare("SELECT 1 FROM stations WHERE name = ? AND role = 'station'");
    known.bind(1, station);
    if (!known.step()) return fail("no paired station is named " + std::string(station));
    known.reset();
    auto used = db_.prepare(
        "SELECT seat FROM seat_stations WHERE sitting_id = ? AND station = ? AND seat != ?");
    used.bind(1, sitting).bind(2, station).bind(3, seat);
    if (used.step()) {
      const auto other = used.integer(0);
      used.reset();
      return fail("station " + std::string(station) + " is already planned for seat " +
                  std::to_string(other));
    }
    db_.prepare("INSERT OR REPLACE INTO seat_stations(sitting_id, seat, station) VALUES(?,?,?)")
        .bind(1, sitting)
        .bind(2, seat)
        .bind(3, station)
        .run();
  }
  journal(who, "assign_station",
          json{{"sitting", sitting}, {"seat", seat}, {"station", station}}.dump(), now_ms);
  return {};
}

Result<void> Store::move_student(std::int64_t participant, std::string_view station,
                                 std::string_view who, std::int64_t now_ms) {
  auto q = db_.prepare(
      "SELECT p.status, p.personal_code, p.seat, p.sitting_id FROM participants p WHERE p.id = ?");
  q.bind(1, participant);
  if (!q.step()) return fail("no such student");
  const std::string status = q.text(0), code = q.text(1);
  const std::int64_t seat = q.integer(2), sitting = q.integer(3);
  q.reset();
  if (status != "testing" && status != "admitted")
    return fail("student " + code + " is " + status +
                ": only an admitted or testing student moves");
  auto known = db_.prepare("SELECT 1 FROM stations WHERE name = ? AND role = 'station'");
  known.bind(1, station);
  if (!known.step()) return fail("no paired station is named " + std::string(station));
  known.reset();
  db_.prepare("INSERT OR REPLACE INTO seat_stations(sitting_id, seat, station) VALUES(?,?,?)")
      .bind(1, sitting)
      .bind(2, seat)
      .bind(3, station)
      .run();
  journal(who, "move_student", json{{"personal_code", code}, {"station", station}}.dump(), now_ms);
  return {};
}

bool Store::station_named(std::string_view name) {
  auto q = db_.prepare("SELECT 1 FROM stations WHERE name = ?");
  q.bind(1, name);
  const bool found = q.step();
  q.reset();
  return found;
}

bool Store::package_ready(std::int64_t sitting) {
  auto q = db_.prepare(
      "SELECT COUNT(*), SUM(NOT EXISTS(SELECT 1 FROM participant_forms f WHERE f.participant_id "
      "= p.id)) FROM participants p WHERE p.sitting_id = ?");
  q.bind(1, sitting);
  const bool ready = q.step() && q.integer(0) > 0 && q.integer(1) == 0;
  q.reset();
  return ready;
}

std::int64_t Store::free_disk_mb() {
  auto q = db_.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'");
  if (!q.step()) return -1;
  const std::string file = q.text(0);
  q.reset();
  std::error_code ec;
  const auto space = std::filesystem::space(std::filesystem::path(file).parent_path(), ec);
  return ec ? -1 : static_cast<std::int64_t>(space.available >> 20);
}

Result<std::int64_t> Store::plan_seating(std::int64_t sitting, std::string_view who,
                                         std::int64_t now_ms) {
  auto state = db_.prepare("SELECT state FROM sittings WHERE id = ?");
  state.bind(1, sitting);
  if (!state.step()) return fail("there is no sitting " + std::to_string(sitting));
  if (state.text(0) != "prepared") {
    const std::string now_state = state.text(0);
    state.reset();
    return fail("sitting " + std::to_string(sitting) + " is " + now_state +
                ": the seating plan is made before the start");
  }
  state.reset();
  struct Seat {
    int seat = 0;
    std::int64_t variant = 0;
  };
  std::vector<Seat> seats;
  auto q = db_.prepare(
      "SELECT p.seat, IFNULL((SELECT MIN(json_extract(f.content, '$.variant')) FROM "
      "participant_forms pf JOIN forms f ON f.id = pf.form_id WHERE pf.participant_id = p.id), "
      "0) FROM participants p WHERE p.sitting_id = ? AND p.status != 'absent' ORDER BY p.seat");
  q.bind(1, sitting);
  while (q.step()) seats.push_back({static_cast<int>(q.integer(0)), q.integer(1)});
  std::vector<std::string> stations;
  // Lab order: S2 before S10 (names of one pattern sort by length first).
  auto st =
      db_.prepare("SELECT name FROM stations WHERE role = 'station' ORDER BY length(name), name");
  while (st.step()) stations.push_back(st.text(0));
  if (stations.size() < seats.size())
    return fail(std::to_string(stations.size()) + " paired stations for " +
                std::to_string(seats.size()) + " students: pair more stations first");
  // Spare stations (p.23) stay free: one in ten, at least one when there is room for it.
  const std::size_t room = stations.size() - seats.size();
  const std::size_t spares = std::min(room, std::max<std::size_t>(1, stations.size() / 10));
  // Neighbouring stations get different variants: each station takes the first seat left whose
  // variant differs from its neighbour's (absences break the seats' own alternation).
  std::vector<std::pair<int, std::string>> plan;
  std::int64_t previous = -1;
  for (std::size_t i = 0; i < stations.size() - spares && !seats.empty(); ++i) {
    auto pick = std::ranges::find_if(seats, [&](const Seat& s) { return s.variant != previous; });
    if (pick == seats.end()) pick = seats.begin();
    plan.emplace_back(pick->seat, stations[i]);
    previous = pick->variant;
    seats.erase(pick);
  }
  db_.prepare("DELETE FROM seat_stations WHERE sitting_id = ?").bind(1, sitting).run();
  auto insert = db_.prepare("INSERT INTO seat_stations(sitting_id, seat, station) VALUES(?,?,?)");
  json assigned = json::object();
  for (const auto& [seat, station] : plan) {
    insert.bind(1, sitting).bind(2, seat).bind(3, station).run();
    insert.reset();
    assigned[std::to_string(seat)] = station;
  }
  json spare = json::array();
  for (std::size_t i = stations.size() - spares; i < stations.size(); ++i)
    spare.push_back(stations[i]);
  journal(who, "plan_seating",
          json{{"sitting", sitting}, {"seats", assigned}, {"spares", spare}}.dump(), now_ms);
  return static_cast<std::int64_t>(plan.size());
}

}  // namespace bbzhm::server
