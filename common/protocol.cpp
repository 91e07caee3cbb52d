// Encoding and decoding of protocol messages: one function pair per message, in type order.
#include "common/protocol.hpp"

namespace bbzhm::protocol {
namespace {

// A length-prefixed byte string (a proof, a salt, a ticket, a share) as its own Bytes.
Bytes bytes(Reader& r) {
  const ByteView b = r.blob();
  return Bytes(b.begin(), b.end());
}

template <class E>
E enum_in(Reader& r, std::uint8_t lo, std::uint8_t hi) {
  const std::uint8_t v = r.u8();
  if (v < lo || v > hi) r.fail();
  return static_cast<E>(v);
}

void put(Writer& w, const Login& m) {
  w.str(m.login);
  w.blob(m.proof);
  w.i64(m.station_clock_ms);
}
void get(Reader& r, Login& m) {
  m.login = r.str();
  m.proof = bytes(r);
  m.station_clock_ms = r.i64();
}

void put(Writer& w, const LoginOk& m) {
  w.str(m.student_name);
  w.str(m.class_name);
  w.str(m.sitting_title);
  w.str(m.personal_code);
  w.u8(static_cast<std::uint8_t>(m.language));
  w.u32(static_cast<std::uint32_t>(m.booklets.size()));
  for (const auto& b : m.booklets) bbzhm::encode(w, b);
  w.u32(static_cast<std::uint32_t>(m.answers.size()));
  for (const auto& a : m.answers) {
    w.str(a.item_id);
    w.str(a.response);
    w.u64(a.seq);
  }
  w.u64(m.next_seq);
  w.i64(m.remaining_ms);
  w.i64(m.server_time_ms);
  w.boolean(m.finished);
}
void get(Reader& r, LoginOk& m) {
  m.student_name = r.str();
  m.class_name = r.str();
  m.sitting_title = r.str();
  m.personal_code = r.str();
  m.language = enum_in<Language>(r, 0, 2);
  for (std::size_t n = r.count(18); n > 0 && r.ok(); --n) m.booklets.push_back(decode_booklet(r));
  for (std::size_t n = r.count(16); n > 0 && r.ok(); --n) {
    SavedAnswer a;
    a.item_id = r.str();
    a.response = r.str();
    a.seq = r.u64();
    m.answers.push_back(std::move(a));
  }
  m.next_seq = r.u64();
  m.remaining_ms = r.i64();
  m.server_time_ms = r.i64();
  m.finished = r.boolean();
}

void put(Writer& w, const LoginRefused& m) {
  w.u8(static_cast<std::uint8_t>(m.reason));
  w.i64(m.retry_after_ms);
}
void get(Reader& r, LoginRefused& m) {
  m.reason = enum_in<LoginRefusal>(r, 1, 6);
  m.retry_after_ms = r.i64();
}

void put(Writer& w, const SaveAnswer& m) {
  w.u64(m.seq);
  w.str(m.item_id);
  w.str(m.response);
}
void get(Reader& r, SaveAnswer& m) {
  m.seq = r.u64();
  m.item_id = r.str();
  m.response = r.str();
}

void put(Writer& w, const SaveAck& m) {
  w.u64(m.seq);
  w.i64(m.remaining_ms);
}
void get(Reader& r, SaveAck& m) {
  m.seq = r.u64();
  m.remaining_ms = r.i64();
}

void put(Writer& w, const SaveRefused& m) {
  w.u64(m.seq);
  w.u8(static_cast<std::uint8_t>(m.reason));
}
void get(Reader& r, SaveRefused& m) {
  m.seq = r.u64();
  m.reason = enum_in<SaveRefusal>(r, 1, 6);
}

void put(Writer&, const Finish&) {}
void get(Reader&, Finish&) {}

void put_subjects(Writer& w, const std::vector<SubjectResult>& v) {
  w.u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v) {
    w.u8(static_cast<std::uint8_t>(s.subject));
    w.u8(static_cast<std::uint8_t>(s.language));
    w.u32(static_cast<std::uint32_t>(s.score));
    w.u32(static_cast<std::uint32_t>(s.max_score));
    w.str(s.level);
  }
}
void get_subjects(Reader& r, std::vector<SubjectResult>& v) {
  for (std::size_t n = r.count(14); n > 0 && r.ok(); --n) {
    SubjectResult s;
    s.subject = enum_in<Subject>(r, 0, 2);
    s.language = enum_in<Language>(r, 0, 2);
    s.score = static_cast<int>(r.u32());
    s.max_score = static_cast<int>(r.u32());
    s.level = r.str();
    v.push_back(std::move(s));
  }
}

void put(Writer& w, const Results& m) {
  put_subjects(w, m.subjects);
  w.str(m.receipt);
  w.boolean(m.annulled);
  w.blob(m.survey_ticket);
}
void get(Reader& r, Results& m) {
  get_subjects(r, m.subjects);
  m.receipt = r.str();
  m.annulled = r.boolean();
  m.survey_ticket = bytes(r);
}

void put(Writer&, const Sync&) {}
void get(Reader&, Sync&) {}

void put(Writer& w, const TimeLeft& m) {
  w.i64(m.remaining_ms);
  w.i64(m.server_time_ms);
  w.boolean(m.paused);
}
void get(Reader& r, TimeLeft& m) {
  m.remaining_ms = r.i64();
  m.server_time_ms = r.i64();
  m.paused = r.boolean();
}

void put(Writer&, const Superseded&) {}
void get(Reader&, Superseded&) {}
void put(Writer&, const Release&) {}
void get(Reader&, Release&) {}

void put(Writer& w, const StationPolicy& m) {
  w.str(m.station_name);
  w.str(m.exit_code_hash);
  w.i64(m.server_time_ms);
  w.boolean(m.block_on_alarm);
}
void get(Reader& r, StationPolicy& m) {
  m.station_name = r.str();
  m.exit_code_hash = r.str();
  m.server_time_ms = r.i64();
  m.block_on_alarm = r.boolean();
}

void put(Writer& w, const Incident& m) {
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.str(m.detail);
  w.i64(m.station_time_ms);
}
void get(Reader& r, Incident& m) {
  m.kind = enum_in<IncidentKind>(r, 1, 7);
  m.detail = r.str();
  if (m.detail.size() > 1000) r.fail();
  m.station_time_ms = r.i64();
}

// [SECTION] Console messages

void put_strings(Writer& w, const std::vector<std::string>& v) {
  w.u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v) w.str(s);
}
std::vector<std::string> get_strings(Reader& r) {
  std::vector<std::string> v;
  for (std::size_t n = r.count(4); n > 0 && r.ok(); --n) v.push_back(r.str());
  return v;
}

void put(Writer& w, const ConsoleLogin& m) {
  w.str(m.login);
  w.str(m.password);
}
void get(Reader& r, ConsoleLogin& m) {
  m.login = r.str();
  m.password = r.str();
}

void put(Writer& w, const SittingSummary& m) {
  w.i64(m.id);
  w.str(m.campaign);
  w.u32(static_cast<std::uint32_t>(m.grade));
  w.str(m.class_name);
  w.str(m.room);
  w.str(m.state);
  w.u32(static_cast<std::uint32_t>(m.students));
}
void get(Reader& r, SittingSummary& m) {
  m.id = r.i64();
  m.campaign = r.str();
  m.grade = static_cast<int>(r.u32());
  m.class_name = r.str();
  m.room = r.str();
  m.state = r.str();
  m.students = static_cast<int>(r.u32());
}

void put(Writer& w, const ConsoleWelcome& m) {
  w.str(m.representative);
  w.str(m.school_code);
  w.str(m.school_name);
  w.u32(static_cast<std::uint32_t>(m.sittings.size()));
  for (const auto& s : m.sittings) put(w, s);
}
void get(Reader& r, ConsoleWelcome& m) {
  m.representative = r.str();
  m.school_code = r.str();
  m.school_name = r.str();
  for (std::size_t n = r.count(30); n > 0 && r.ok(); --n) get(r, m.sittings.emplace_back());
}

void put(Writer& w, const SeatView& m) {
  w.u32(static_cast<std::uint32_t>(m.seat));
  w.str(m.personal_code);
  w.str(m.full_name);
  w.str(m.class_name);
  w.str(m.status);
  w.str(m.absence_reason);
  w.str(m.station);
  w.boolean(m.connected);
  w.boolean(m.paused);
  w.u32(static_cast<std::uint32_t>(m.answered));
  w.u32(static_cast<std::uint32_t>(m.items));
  w.i64(m.remaining_ms);
  w.i64(m.last_save_ms);
  put_subjects(w, m.results);
  w.i64(m.act);
  w.str(m.assigned_station);
}
void get(Reader& r, SeatView& m) {
  m.seat = static_cast<int>(r.u32());
  m.personal_code = r.str();
  m.full_name = r.str();
  m.class_name = r.str();
  m.status = r.str();
  m.absence_reason = r.str();
  m.station = r.str();
  m.connected = r.boolean();
  m.paused = r.boolean();
  m.answered = static_cast<int>(r.u32());
  m.items = static_cast<int>(r.u32());
  m.remaining_ms = r.i64();
  m.last_save_ms = r.i64();
  get_subjects(r, m.results);
  m.act = r.i64();
  m.assigned_station = r.str();
}

void put(Writer& w, const IncidentView& m) {
  w.i64(m.id);
  w.i64(m.at_ms);
  w.str(m.station);
  w.u32(static_cast<std::uint32_t>(m.seat));
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.str(m.detail);
  w.boolean(m.acknowledged);
}
void get(Reader& r, IncidentView& m) {
  m.id = r.i64();
  m.at_ms = r.i64();
  m.station = r.str();
  m.seat = static_cast<int>(r.u32());
  m.kind = enum_in<IncidentKind>(r, 1, 7);
  m.detail = r.str();
  m.acknowledged = r.boolean();
}

void put(Writer& w, const Watch& m) {
  w.i64(m.sitting);
}
void get(Reader& r, Watch& m) {
  m.sitting = r.i64();
}

void put(Writer& w, const RoomView& m) {
  put(w, m.sitting);
  w.u32(static_cast<std::uint32_t>(m.seats.size()));
  for (const auto& s : m.seats) put(w, s);
  w.u32(static_cast<std::uint32_t>(m.incidents.size()));
  for (const auto& i : m.incidents) put(w, i);
}
void get(Reader& r, RoomView& m) {
  get(r, m.sitting);
  for (std::size_t n = r.count(50); n > 0 && r.ok(); --n) get(r, m.seats.emplace_back());
  for (std::size_t n = r.count(30); n > 0 && r.ok(); --n) get(r, m.incidents.emplace_back());
}

void put(Writer& w, const SeatChanged& m) {
  put(w, m.seat);
}
void get(Reader& r, SeatChanged& m) {
  get(r, m.seat);
}
void put(Writer& w, const IncidentRaised& m) {
  put(w, m.incident);
}
void get(Reader& r, IncidentRaised& m) {
  get(r, m.incident);
}

void put(Writer& w, const Command& m) {
  w.u32(m.request);
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.i64(m.sitting);
  w.str(m.personal_code);
  w.str(m.reason);
  w.i64(m.number);
  w.boolean(m.act.impostor);
  put_strings(w, m.act.item_names);
  put_strings(w, m.act.item_brands);
  w.u32(static_cast<std::uint32_t>(m.act.item_quantities.size()));
  for (auto q : m.act.item_quantities) w.u32(static_cast<std::uint32_t>(q));
  put_strings(w, m.act.drawn_up_by);
  w.str(m.act.impostor_full_name);
  w.boolean(m.act.found_at_admission);
  w.i64(m.act.corrects);
  w.str(m.readiness.head_full_name);
  w.str(m.readiness.technician_full_name);
  put_strings(w, m.readiness.texts);
  put_strings(w, m.readiness.notes);
  w.blob(m.readiness.ok);
}
void get(Reader& r, Command& m) {
  m.request = r.u32();
  m.kind = enum_in<CommandKind>(r, 1, 19);
  m.sitting = r.i64();
  m.personal_code = r.str();
  m.reason = r.str();
  m.number = r.i64();
  m.act.impostor = r.boolean();
  m.act.item_names = get_strings(r);
  m.act.item_brands = get_strings(r);
  for (std::size_t n = r.count(4); n > 0 && r.ok(); --n)
    m.act.item_quantities.push_back(static_cast<std::int32_t>(r.u32()));
  m.act.drawn_up_by = get_strings(r);
  m.act.impostor_full_name = r.str();
  m.act.found_at_admission = r.boolean();
  m.act.corrects = r.i64();
  m.readiness.head_full_name = r.str();
  m.readiness.technician_full_name = r.str();
  m.readiness.texts = get_strings(r);
  m.readiness.notes = get_strings(r);
  m.readiness.ok = bytes(r);
  if (m.act.item_names.size() != m.act.item_brands.size() ||
      m.act.item_names.size() != m.act.item_quantities.size() ||
      m.readiness.texts.size() != m.readiness.notes.size() ||
      m.readiness.texts.size() != m.readiness.ok.size())
    r.fail();
}

void put(Writer& w, const CommandReply& m) {
  w.u32(m.request);
  w.boolean(m.ok);
  w.str(m.message);
  w.i64(m.value);
}
void get(Reader& r, CommandReply& m) {
  m.request = r.u32();
  m.ok = r.boolean();
  m.message = r.str();
  m.value = r.i64();
}

void put(Writer& w, const PairStart& m) {
  w.str(m.station_name);
  w.blob(m.share);
}
void get(Reader& r, PairStart& m) {
  m.station_name = r.str();
  m.share = bytes(r);
}
void put(Writer& w, const PairChallenge& m) {
  w.blob(m.share);
}
void get(Reader& r, PairChallenge& m) {
  m.share = bytes(r);
}
void put(Writer& w, const PairConfirm& m) {
  w.blob(m.mac);
}
void get(Reader& r, PairConfirm& m) {
  m.mac = bytes(r);
}
void put(Writer& w, const PairDone& m) {
  w.boolean(m.ok);
  w.str(m.message);
  w.blob(m.mac);
}
void get(Reader& r, PairDone& m) {
  m.ok = r.boolean();
  m.message = r.str();
  m.mac = bytes(r);
}

void put(Writer&, const ListStations&) {}
void get(Reader&, ListStations&) {}

void put(Writer& w, const StationView& m) {
  w.str(m.name);
  w.str(m.fingerprint);
  w.boolean(m.console);
  w.i64(m.paired_at_ms);
  w.boolean(m.online);
  w.str(m.version);
  w.i64(m.clock_offset_ms);
  w.str(m.screen);
  w.str(m.renderer);
  w.i64(m.free_disk_mb);
  w.i64(m.reported_at_ms);
}
void get(Reader& r, StationView& m) {
  m.name = r.str();
  m.fingerprint = r.str();
  m.console = r.boolean();
  m.paired_at_ms = r.i64();
  m.online = r.boolean();
  m.version = r.str();
  m.clock_offset_ms = r.i64();
  m.screen = r.str();
  m.renderer = r.str();
  m.free_disk_mb = r.i64();
  m.reported_at_ms = r.i64();
}
void put(Writer& w, const StationList& m) {
  w.u32(static_cast<std::uint32_t>(m.stations.size()));
  for (const auto& s : m.stations) put(w, s);
  w.i64(m.server_time_ms);
  w.i64(m.server_free_disk_mb);
  w.boolean(m.package_ready);
}
void get(Reader& r, StationList& m) {
  for (std::size_t n = r.count(50); n > 0 && r.ok(); --n) get(r, m.stations.emplace_back());
  m.server_time_ms = r.i64();
  m.server_free_disk_mb = r.i64();
  m.package_ready = r.boolean();
}
void put(Writer& w, const StationReport& m) {
  w.str(m.version);
  w.i64(m.station_clock_ms);
  w.str(m.screen);
  w.str(m.renderer);
  w.i64(m.free_disk_mb);
}
void get(Reader& r, StationReport& m) {
  m.version = r.str();
  m.station_clock_ms = r.i64();
  m.screen = r.str();
  m.renderer = r.str();
  m.free_disk_mb = r.i64();
}

void put(Writer& w, const PrintForm& m) {
  w.u32(m.request);
  w.str(m.form);
  w.i64(m.sitting);
  w.str(m.personal_code);
  w.i64(m.act);
  w.u8(static_cast<std::uint8_t>(m.language));
}
void get(Reader& r, PrintForm& m) {
  m.request = r.u32();
  m.form = r.str();
  m.sitting = r.i64();
  m.personal_code = r.str();
  m.act = r.i64();
  m.language = enum_in<Language>(r, 0, 2);
}
void put(Writer& w, const FormChunk& m) {
  w.u32(m.request);
  w.u64(m.total);
  w.blob(m.bytes);
  w.boolean(m.last);
  w.str(m.error);
}
void get(Reader& r, FormChunk& m) {
  m.request = r.u32();
  m.total = r.u64();
  m.bytes = bytes(r);
  m.last = r.boolean();
  m.error = r.str();
}

void put(Writer& w, const SurveyAnswers& m) {
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.blob(m.token);
  w.blob(m.ticket);
  w.u8(static_cast<std::uint8_t>(m.language));
  w.blob(m.answers);
}
void get(Reader& r, SurveyAnswers& m) {
  m.kind = enum_in<SurveyKind>(r, 1, 2);
  m.token = bytes(r);
  m.ticket = bytes(r);
  m.language = enum_in<Language>(r, 0, 2);
  m.answers = bytes(r);
}
void put(Writer& w, const SurveyAck& m) {
  w.blob(m.token);
  w.u8(static_cast<std::uint8_t>(m.status));
  w.i64(m.retry_after_ms);
}
void get(Reader& r, SurveyAck& m) {
  m.token = bytes(r);
  m.status = enum_in<SurveyStatus>(r, 1, 5);
  m.retry_after_ms = r.i64();
}

void put(Writer& w, const UploadState& m) {
  w.i64(m.sitting);
  w.str(m.state);
  w.i64(m.attempts);
  w.str(m.last_error);
  w.i64(m.next_attempt_ms);
  w.str(m.bundle_id);
  w.i64(m.receipt_at_ms);
  w.str(m.requested_by);
  w.i64(m.updated_ms);
}
void get(Reader& r, UploadState& m) {
  m.sitting = r.i64();
  m.state = r.str();
  m.attempts = static_cast<int>(r.i64());
  m.last_error = r.str();
  m.next_attempt_ms = r.i64();
  m.bundle_id = r.str();
  m.receipt_at_ms = r.i64();
  m.requested_by = r.str();
  m.updated_ms = r.i64();
}

void put(Writer& w, const NtcFile& m) {
  w.u32(m.request);
  w.u8(static_cast<std::uint8_t>(m.kind));
  w.i64(m.sitting);
  w.str(m.campaign);
}
void get(Reader& r, NtcFile& m) {
  m.request = r.u32();
  m.kind = enum_in<NtcFileKind>(r, 1, 2);
  m.sitting = r.i64();
  m.campaign = r.str();
}

void put(Writer& w, const LoginStart& m) {
  w.str(m.login);
}
void get(Reader& r, LoginStart& m) {
  m.login = r.str();
}

void put(Writer& w, const LoginChallenge& m) {
  w.str(m.login);
  w.blob(m.salt);
  w.u32(m.memory_kib);
  w.u32(m.passes);
}
void get(Reader& r, LoginChallenge& m) {
  m.login = r.str();
  m.salt = bytes(r);
  m.memory_kib = r.u32();
  m.passes = r.u32();
}

template <std::size_t I = 0>
Result<Message> decode_as(std::size_t index, Reader& r) {
  if constexpr (I < std::variant_size_v<Message>) {
    if (index == I) {
      std::variant_alternative_t<I, Message> m;
      get(r, m);
      return Message(std::move(m));
    }
    return decode_as<I + 1>(index, r);
  } else {
    return fail("unknown message type " + std::to_string(index + 1));
  }
}

constexpr std::string_view kNames[] = {
    "Login",        "LoginOk",       "LoginRefused",  "SaveAnswer",     "SaveAck",
    "SaveRefused",  "Finish",        "Results",       "Sync",           "TimeLeft",
    "Superseded",   "Incident",      "StationPolicy", "ConsoleLogin",   "ConsoleWelcome",
    "Watch",        "RoomView",      "SeatChanged",   "IncidentRaised", "Command",
    "CommandReply", "PairStart",     "PairChallenge", "PairConfirm",    "PairDone",
    "ListStations", "StationList",   "StationReport", "PrintForm",      "FormChunk",
    "Release",      "SurveyAnswers", "SurveyAck",     "UploadState",    "NtcFile",
    "LoginStart",   "LoginChallenge"};
static_assert(std::size(kNames) == std::variant_size_v<Message>);

}  // namespace

Bytes encode(const Message& m) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(m.index() + 1));
  std::visit([&](const auto& v) { put(w, v); }, m);
  return w.take();
}

Result<Message> decode(ByteView bytes) {
  Reader r(bytes);
  const std::uint8_t type = r.u8();
  if (!r.ok() || type == 0) return fail("empty or untyped message");
  auto m = decode_as(type - 1u, r);
  if (!m) return m;
  if (!r.done()) return fail("malformed " + std::string(name(*m)) + " message");
  return m;
}

std::size_t survey_questions(SurveyKind kind) {
  return kind == SurveyKind::teacher ? kTeacherSurveyQuestions : kStudentSurveyQuestions;
}

std::string_view name(const Message& m) {
  return kNames[m.index()];
}

std::string_view code(LoginRefusal r) {
  switch (r) {
    case LoginRefusal::wrong_credentials:
      return "wrong_credentials";
    case LoginRefusal::rate_limited:
      return "rate_limited";
    case LoginRefusal::not_admitted:
      return "not_admitted";
    case LoginRefusal::sitting_not_open:
      return "sitting_not_open";
    case LoginRefusal::annulled:
      return "annulled";
    case LoginRefusal::not_logged_in:
      return "not_logged_in";
  }
  return "unknown";
}

std::string_view code(IncidentKind k) {
  switch (k) {
    case IncidentKind::focus_lost:
      return "focus_lost";
    case IncidentKind::close_attempt:
      return "close_attempt";
    case IncidentKind::display_changed:
      return "display_changed";
    case IncidentKind::remote_desktop:
      return "remote_desktop";
    case IncidentKind::virtual_machine:
      return "virtual_machine";
    case IncidentKind::clock_skew:
      return "clock_skew";
    case IncidentKind::other:
      return "other";
  }
  return "?";
}

}  // namespace bbzhm::protocol
