// The school database: schema, statements, and the rules they enforce.
#include "server/store.hpp"

#include "common/collate.hpp"
#include "server/bundle.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace bbzhm::server {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// 2: answers sealed at rest (sealed_response); 1 kept them in plain text (response).
constexpr int kSchemaVersion = 2;

constexpr std::string_view kSchema = R"SQL(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE students(
  id INTEGER PRIMARY KEY,
  iin TEXT NOT NULL UNIQUE,
  last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL,
  stage TEXT NOT NULL, grade INTEGER NOT NULL, class_name TEXT NOT NULL,
  language TEXT NOT NULL, reading_language TEXT);
CREATE TABLE stations(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, public_key BLOB NOT NULL UNIQUE,
  role TEXT NOT NULL DEFAULT 'station', paired_at INTEGER NOT NULL);
CREATE TABLE forms(id TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE TABLE sittings(
  id INTEGER PRIMARY KEY, campaign TEXT NOT NULL, grade INTEGER NOT NULL,
  class_name TEXT NOT NULL, room TEXT NOT NULL, state TEXT NOT NULL,
  minutes INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE participants(
  id INTEGER PRIMARY KEY,
  sitting_id INTEGER NOT NULL REFERENCES sittings(id),
  student_id INTEGER NOT NULL REFERENCES students(id),
  seat INTEGER NOT NULL,
  personal_code TEXT NOT NULL UNIQUE,
  login TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'registered',
  absence_reason TEXT,
  started_at INTEGER, deadline INTEGER, paused_at INTEGER, finished_at INTEGER,
  receipt TEXT,
  UNIQUE(sitting_id, student_id));
CREATE TABLE participant_forms(
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  subject TEXT NOT NULL, form_id TEXT NOT NULL REFERENCES forms(id),
  PRIMARY KEY(participant_id, subject));
CREATE TABLE answers(
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  item_id TEXT NOT NULL, sealed_response BLOB NOT NULL, seq INTEGER NOT NULL,
  saved_at INTEGER NOT NULL,
  PRIMARY KEY(participant_id, item_id)) WITHOUT ROWID;
CREATE TABLE results(
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  subject TEXT NOT NULL, language TEXT NOT NULL, score INTEGER NOT NULL,
  max_score INTEGER NOT NULL, level TEXT NOT NULL,
  PRIMARY KEY(participant_id, subject));
CREATE TABLE representatives(
  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE acts(
  number INTEGER PRIMARY KEY, kind TEXT NOT NULL, sitting_id INTEGER NOT NULL REFERENCES sittings(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id), representative TEXT NOT NULL,
  room TEXT NOT NULL, seat INTEGER NOT NULL, at INTEGER NOT NULL, details TEXT NOT NULL,
  corrects INTEGER REFERENCES acts(number), journal_hash BLOB NOT NULL);
CREATE TABLE seat_stations(
  sitting_id INTEGER NOT NULL REFERENCES sittings(id), seat INTEGER NOT NULL,
  station TEXT NOT NULL, PRIMARY KEY(sitting_id, seat));
CREATE TABLE readiness(
  id INTEGER PRIMARY KEY, sitting_id INTEGER NOT NULL REFERENCES sittings(id), at INTEGER NOT NULL,
  content TEXT NOT NULL);
CREATE TABLE incidents(
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, station TEXT NOT NULL,
  participant_id INTEGER REFERENCES participants(id), kind TEXT NOT NULL, detail TEXT NOT NULL,
  station_time INTEGER NOT NULL, acknowledged_at INTEGER);
CREATE TABLE journal(
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
  payload TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL, signature BLOB NOT NULL);
)SQL";

std::string full_name(const std::string& last, const std::string& first,
                      const std::string& middle) {
  std::string out = last + " " + first;
  if (!middle.empty()) out += " " + middle;
  return out;
}

// Seven digits, the last a Luhn check digit, so a mistyped code at the door is caught.
std::string new_personal_code() {
  std::string digits;
  for (int i = 0; i < 6; ++i) digits += static_cast<char>('0' + crypto::random_below(10));
  if (digits[0] == '0') digits[0] = '1';
  int sum = 0;
  for (int i = 0; i < 6; ++i) {
    int d = digits[5 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

// Letters and digits a child cannot confuse (no 0/o, 1/l/i).
std::string random_word(std::size_t length) {
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i)
    out += kAlphabet[crypto::random_below(static_cast<std::uint32_t>(kAlphabet.size()))];
  return out;
}

std::string receipt_code(const crypto::Signature& sig) {
  const std::string hex = crypto::to_hex(ByteView(sig).first(6));
  std::string out;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
  }
  return out;
}

// What binds a sealed answer to its row: moved to another student, sitting or item it does not
// open.
Bytes answer_associated_data(std::int64_t sitting, std::int64_t student, std::string_view item) {
  Writer w;
  w.str("bbzhm answer at rest v1");
  w.i64(sitting);
  w.i64(student);
  w.str(item);
  return w.take();
}

}  // namespace

// The wall clock is read once, when the process first asks; from then on time advances by the
// monotonic clock. A clock set forward or back while the server runs (by hand, by NTP, by a
// dying CMOS battery) neither gives nor takes test time; a restart reads the wall clock again,
// so a power outage still counts against the time (docs/THREAT_MODEL.md).
std::int64_t now_ms() {
  using namespace std::chrono;
  static const auto anchor = std::pair{system_clock::now(), steady_clock::now()};
  const auto now =
      anchor.first + duration_cast<system_clock::duration>(steady_clock::now() - anchor.second);
  return duration_cast<milliseconds>(now.time_since_epoch()).count();
}

Store::Store(Opened, sqlite::Database db, crypto::SigningKey key)
    : db_(std::move(db)),
      key_(std::move(key)),
      answer_key_(crypto::derive_key(key_, "bbzhm answers at rest")) {}

std::string_view code(SittingState s) {
  switch (s) {
    case SittingState::prepared:
      return "prepared";
    case SittingState::open:
      return "open";
    case SittingState::ended:
      return "ended";
    case SittingState::cancelled:
      return "cancelled";
  }
  return "?";
}

// [SECTION] Creating and opening

Result<void> Store::create(const fs::path& dir, const School& school) {
  if (school.code.empty() || school.name.empty())
    return fail("the school code and name are required");
  std::error_code ec;
  if (fs::exists(dir, ec))
    return fail("refusing to overwrite " + dir.string() + ": it already exists");
  if (!fs::create_directories(dir, ec))
    return fail("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  const crypto::SigningKey key = crypto::SigningKey::generate();
  if (auto w = crypto::write_key_file(dir / kKeyFile, key); !w) return w;
  sqlite::Database db(dir / kDatabaseFile, sqlite::Database::Mode::read_write_create);
  ::chmod((dir / kDatabaseFile).c_str(), 0600);
  sqlite::Transaction tx(db);
  db.exec(kSchema);
  auto put = db.prepare("INSERT INTO settings(key, value) VALUES(?, ?)");
  put.bind(1, "schema_version").bind(2, std::to_string(kSchemaVersion)).run();
  put.bind(1, "school_code").bind(2, school.code).run();
  put.bind(1, "school_name").bind(2, school.name).run();
  put.bind(1, "server_public_key").bind(2, crypto::to_hex(key.public_key)).run();
  tx.commit();
  auto store = open(dir);
  if (!store) return std::unexpected(store.error());
  sqlite::Transaction tx2((*store)->db());
  (*store)->journal("technician", "init",
                    json{{"school_code", school.code},
                         {"school_name", school.name},
                         {"server_key", crypto::to_hex(key.public_key)}}
                        .dump(),
                    now_ms());
  tx2.commit();
  return {};
}

Result<std::unique_ptr<Store>> Store::open(const fs::path& dir) {
  if (!fs::exists(dir / kDatabaseFile))
    return fail(dir.string() + " holds no school database: run 'bbzhm-server init' first");
  auto key = crypto::read_key_file(dir / kKeyFile);
  if (!key) return std::unexpected(key.error());
  try {
    sqlite::Database db(dir / kDatabaseFile, sqlite::Database::Mode::read_write);
    auto q = db.prepare("SELECT value FROM settings WHERE key = 'server_public_key'");
    if (!q.step() || q.text(0) != crypto::to_hex(key->public_key))
      return fail("the key in " + (dir / kKeyFile).string() + " is not this database's key");
    q.reset();
    auto store = std::make_unique<Store>(Opened{}, std::move(db), std::move(*key));
    auto plain = store->db_.prepare(
        "SELECT COUNT(*) FROM pragma_table_info('answers') WHERE name = 'response'");
    const bool schema_1 = plain.step() && plain.integer(0) > 0;
    plain.reset();
    if (schema_1) {
      if (auto sealed = store->seal_plaintext_answers(); !sealed)
        return fail("cannot seal the answers of " + (dir / kDatabaseFile).string() +
                    " (a database of an earlier version): " + sealed.error().what);
    }
    if (auto converted = store->convert_password_hashes(); !converted)
      return fail("cannot convert the students' password hashes of " +
                  (dir / kDatabaseFile).string() + ": " + converted.error().what);
    return store;
  } catch (const sqlite::DbError& e) {
    return fail(std::string("cannot open the school database: ") + e.what());
  }
}

Result<void> Store::seal_plaintext_answers() {
  std::int64_t sealed = 0;
  {
    sqlite::Transaction tx(db_);
    db_.exec("ALTER TABLE answers RENAME COLUMN response TO sealed_response");
    struct Row {
      std::int64_t participant, sitting, student;
      std::string item, response;
    };
    std::vector<Row> rows;
    auto q = db_.prepare(
        "SELECT a.participant_id, p.sitting_id, p.student_id, a.item_id, a.sealed_response FROM "
        "answers a JOIN participants p ON p.id = a.participant_id WHERE typeof(a.sealed_response) "
        "= 'text'");
    while (q.step())
      rows.push_back({q.integer(0), q.integer(1), q.integer(2), q.text(3), q.text(4)});
    auto put = db_.prepare(
        "UPDATE answers SET sealed_response = ? WHERE participant_id = ? AND item_id = ?");
    for (Row& r : rows) {
      put.bind_blob(1, seal_answer(r.sitting, r.student, r.item, r.response))
          .bind(2, r.participant)
          .bind(3, r.item)
          .run();
      sodium_memzero(r.response.data(), r.response.size());
      ++sealed;
    }
    set_setting("schema_version", std::to_string(kSchemaVersion));
    journal("server", "seal_answers", json{{"answers", sealed}}.dump(), now_ms());
    tx.commit();
  }
  // The plain text is still in freed pages and in the WAL: rebuild the file, empty the WAL.
  db_.exec("VACUUM");
  db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return {};
}

// Students' password hashes written before stations proved their passwords ("$argon2id$...")
// become proof hashes (crypto::proof_hash_from_argon2id: no password is needed). An old hash is
// the proof itself, so the file is rebuilt and the WAL emptied to leave no copy of one behind.
// A hash that does not parse stays as it is: it never verified and still never does (a new slip
// gives that student a password again); it does not stop the server.
Result<void> Store::convert_password_hashes() {
  std::vector<std::pair<std::int64_t, std::string>> converted;
  std::vector<std::int64_t> unreadable;
  {
    auto q = db_.prepare(
        "SELECT id, password_hash FROM participants WHERE password_hash GLOB '$argon2id$*'");
    while (q.step()) {
      std::string old = q.text(1);
      auto proof_hash = crypto::proof_hash_from_argon2id(old);
      sodium_memzero(old.data(), old.size());
      if (proof_hash)
        converted.emplace_back(q.integer(0), std::move(*proof_hash));
      else
        unreadable.push_back(q.integer(0));
    }
  }
  if (converted.empty()) return {};
  {
    sqlite::Transaction tx(db_);
    auto put = db_.prepare("UPDATE participants SET password_hash = ? WHERE id = ?");
    for (const auto& [id, proof_hash] : converted) put.bind(1, proof_hash).bind(2, id).run();
    journal("server", "convert_password_hashes",
            json{{"participants", converted.size()}, {"unreadable", unreadable}}.dump(), now_ms());
    tx.commit();
  }
  db_.exec("VACUUM");
  db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return {};
}

School Store::school() {
  School s;
  auto q =
      db_.prepare("SELECT key, value FROM settings WHERE key IN ('school_code','school_name')");
  while (q.step()) (q.text(0) == "school_code" ? s.code : s.name) = q.text(1);
  return s;
}

// [SECTION] Roster

ImportSummary Store::import_roster(const std::vector<RosterStudent>& students,
                                   std::string_view source) {
  ImportSummary summary;
  auto find = db_.prepare(
      "SELECT id, last_name, first_name, middle_name, stage, grade, class_name, language, "
      "IFNULL(reading_language, '') FROM students WHERE iin = ?");
  auto insert = db_.prepare(
      "INSERT INTO students(iin, last_name, first_name, middle_name, stage, grade, class_name, "
      "language, reading_language) VALUES(?,?,?,?,?,?,?,?,?)");
  auto update = db_.prepare(
      "UPDATE students SET last_name=?, first_name=?, middle_name=?, stage=?, grade=?, "
      "class_name=?, language=?, reading_language=? WHERE id=?");
  for (const RosterStudent& s : students) {
    const std::string stage = s.stage == Stage::school ? "school" : "college";
    const std::string reading = s.reading_language ? std::string(code(*s.reading_language)) : "";
    const std::string language(code(s.language));
    find.bind(1, s.iin);
    if (find.step()) {
      const std::int64_t id = find.integer(0);
      const bool same = find.text(1) == s.last_name && find.text(2) == s.first_name &&
                        find.text(3) == s.middle_name && find.text(4) == stage &&
                        find.integer(5) == s.grade && find.text(6) == s.class_name &&
                        find.text(7) == language && find.text(8) == reading;
      find.reset();
      if (same) {
        ++summary.unchanged;
        continue;
      }
      update.bind(1, s.last_name).bind(2, s.first_name).bind(3, s.middle_name).bind(4, stage);
      update.bind(5, s.grade).bind(6, s.class_name).bind(7, language);
      reading.empty() ? update.bind_null(8) : update.bind(8, reading);
      update.bind(9, id).run();
      ++summary.updated;
    } else {
      insert.bind(1, s.iin).bind(2, s.last_name).bind(3, s.first_name).bind(4, s.middle_name);
      insert.bind(5, stage).bind(6, s.grade).bind(7, s.class_name).bind(8, language);
      reading.empty() ? insert.bind_null(9) : insert.bind(9, reading);
      insert.run();
      ++summary.added;
    }
  }
  if (summary.added + summary.updated > 0)
    journal("technician", "import_roster",
            json{{"source", source},
                 {"added", summary.added},
                 {"updated", summary.updated},
                 {"unchanged", summary.unchanged}}
                .dump(),
            now_ms());
  return summary;
}

// [SECTION] Settings

std::optional<std::string> Store::setting(std::string_view key) {
  auto q = db_.prepare("SELECT value FROM settings WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  std::string v = q.text(0);
  q.reset();
  return v;
}

void Store::set_setting(std::string_view key, std::string_view value) {
  db_.prepare(
         "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
         "excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

void Store::set_exit_code(std::string_view code, crypto::PasswordCost cost) {
  set_setting("exit_code_hash", crypto::hash_password(code, cost));
  journal("representative", "set_exit_code", "{}", now_ms());
}

protocol::StationPolicy Store::station_policy(std::string_view station, std::int64_t now) {
  return {std::string(station), setting("exit_code_hash").value_or(""), now,
          setting("block_on_alarm").value_or("0") == "1"};
}

// [SECTION] Stations

Result<void> Store::add_station(std::string_view name, const crypto::PublicKey& key,
                                ClientRole role) {
  if (name.empty()) return fail("a station needs a name");
  if (client(key)) return fail("this key is already paired");
  auto exists = db_.prepare("SELECT 1 FROM stations WHERE name = ?");
  exists.bind(1, name);
  if (exists.step()) {
    exists.reset();
    return fail("a station named " + std::string(name) + " is already paired");
  }
  const std::string role_code = role == ClientRole::console ? "console" : "station";
  db_.prepare("INSERT INTO stations(name, public_key, role, paired_at) VALUES(?,?,?,?)")
      .bind(1, name)
      .bind_blob(2, key)
      .bind(3, role_code)
      .bind(4, now_ms())
      .run();
  journal("technician", "pair_" + role_code,
          json{{"name", name}, {"key", crypto::fingerprint(key)}}.dump(), now_ms());
  return {};
}

std::optional<PairedClient> Store::client(const crypto::PublicKey& key) {
  auto q = db_.prepare("SELECT name, role FROM stations WHERE public_key = ?");
  q.bind_blob(1, key);
  if (!q.step()) return std::nullopt;
  PairedClient c{q.text(0), q.text(1) == "console" ? ClientRole::console : ClientRole::station};
  q.reset();
  return c;
}

// [SECTION] Sittings

Result<CreatedSitting> Store::create_sitting(const SittingPlan& plan,
                                             const std::vector<item_bank::TestForm>& forms,
                                             crypto::PasswordCost cost) {
  if (plan.campaign.size() != 7 || plan.campaign[4] != '-')
    return fail(
        "the campaign is written YYYY-MM, e.g. 2027-04 (April, schools) or 2026-11 (November, "
        "colleges)");
  struct Student {
    std::int64_t id;
    std::string name;
    std::string class_name;
    Language language;
    std::optional<Language> reading;
  };
  std::vector<Student> students;
  auto q = db_.prepare(
      "SELECT id, last_name, first_name, middle_name, class_name, language, reading_language "
      "FROM students WHERE grade = ? AND class_name = ? ORDER BY last_name, first_name, id");
  q.bind(1, plan.grade).bind(2, plan.class_name);
  while (q.step()) {
    students.push_back({q.integer(0), full_name(q.text(1), q.text(2), q.text(3)), q.text(4),
                        parse_language(q.text(5)).value_or(Language::kk),
                        q.is_null(6) ? std::nullopt : parse_language(q.text(6))});
  }
  // Seats follow the class list's alphabetical order, Kazakh letters in their places.
  std::ranges::stable_sort(students, {}, [](const Student& s) { return collation_key(s.name); });
  if (students.empty())
    return fail("no students of grade " + std::to_string(plan.grade) + ", class " +
                plan.class_name + " in the roster");

  // p.7-8: grade 4 takes the three literacies in the language of instruction; grade 9 takes
  // mathematics and science in it, and reading in the language assigned (kk, ru or en). When the
  // forms hold N parallel variants (an NTC package), seat k takes variant ((k - 1) mod N) + 1 of
  // every subject, so neighbours have different variants.
  auto find_form = [&](Subject subject, Language language,
                       std::size_t seat_index) -> const item_bank::TestForm* {
    std::vector<const item_bank::TestForm*> parallel;
    for (const auto& f : forms)
      if (f.grade == plan.grade && f.booklet.subject == subject && f.booklet.language == language)
        parallel.push_back(&f);
    if (parallel.empty()) return nullptr;
    std::ranges::stable_sort(parallel, {}, [](const auto* f) { return f->booklet.variant; });
    return parallel[seat_index % parallel.size()];
  };
  const std::vector<Subject> subjects = {Subject::reading, Subject::math, Subject::science};
  int minutes = 0;
  std::vector<std::vector<const item_bank::TestForm*>> booklets;
  std::map<int, int> variants_used;
  for (std::size_t i = 0; i < students.size(); ++i) {
    const Student& s = students[i];
    std::vector<const item_bank::TestForm*> mine;
    int total = 0;
    for (Subject subject : subjects) {
      const Language lang =
          subject == Subject::reading && plan.grade == 9 && s.reading ? *s.reading : s.language;
      const auto* f = find_form(subject, lang, i);
      if (f == nullptr)
        return fail("no test form for grade " + std::to_string(plan.grade) + " " +
                    std::string(code(subject)) + " in " + std::string(code(lang)) + " (student " +
                    s.name + ")");
      mine.push_back(f);
      total += f->booklet.minutes;
      ++variants_used[f->booklet.variant];
    }
    minutes = std::max(minutes, total);
    booklets.push_back(std::move(mine));
  }

  const std::int64_t now = now_ms();
  db_.prepare(
         "INSERT INTO sittings(campaign, grade, class_name, room, state, minutes, created_at) "
         "VALUES(?,?,?,?,?,?,?)")
      .bind(1, plan.campaign)
      .bind(2, plan.grade)
      .bind(3, plan.class_name)
      .bind(4, plan.room)
      .bind(5, code(SittingState::prepared))
      .bind(6, minutes)
      .bind(7, now)
      .run();
  CreatedSitting created{db_.last_insert_rowid(), minutes, {}};

  auto store_form = db_.prepare("INSERT OR IGNORE INTO forms(id, content) VALUES(?, ?)");
  auto taken = db_.prepare("SELECT 1 FROM participants WHERE personal_code = ? OR login = ?");
  auto add = db_.prepare(
      "INSERT INTO participants(sitting_id, student_id, seat, personal_code, login, password_hash) "
      "VALUES(?,?,?,?,?,?)");
  auto add_form =
      db_.prepare("INSERT INTO participant_forms(participant_id, subject, form_id) VALUES(?,?,?)");
  std::set<std::string> stored_forms;
  for (std::size_t i = 0; i < students.size(); ++i) {
    IssuedLogin slip;
    slip.seat = static_cast<int>(i + 1);
    slip.full_name = students[i].name;
    slip.class_name = students[i].class_name;
    for (;;) {
      slip.personal_code = new_personal_code();
      slip.login = "b" + std::to_string(100000 + crypto::random_below(900000));
      taken.bind(1, slip.personal_code).bind(2, slip.login);
      if (!taken.step()) break;
      taken.reset();
    }
    slip.password = random_word(8);
    add.bind(1, created.id).bind(2, students[i].id).bind(3, slip.seat).bind(4, slip.personal_code);
    add.bind(5, slip.login).bind(6, crypto::hash_password_for_proof(slip.password, cost)).run();
    const std::int64_t participant = db_.last_insert_rowid();
    for (const auto* f : booklets[i]) {
      // One serialization for every form, whatever its source (item_bank::form_json): every
      // item kind, keys, figures; the database is self-contained.
      if (stored_forms.insert(f->id).second)
        store_form.bind(1, f->id).bind(2, item_bank::form_json(*f)).run();
      add_form.bind(1, participant).bind(2, code(f->booklet.subject)).bind(3, f->id).run();
    }
    created.logins.push_back(std::move(slip));
  }
  json used = json::object();
  for (const auto& [variant, count] : variants_used) used[std::to_string(variant)] = count;
  journal("technician", "create_sitting",
          json{{"sitting", created.id},
               {"campaign", plan.campaign},
               {"grade", plan.grade},
               {"class", plan.class_name},
               {"room", plan.room},
               {"students", students.size()},
               {"minutes", minutes},
               {"booklets_by_variant", used}}
              .dump(),
          now);
  return created;
}

Result<std::string> Store::check_in(std::int64_t sitting, std::string_view personal_code,
                                    std::optional<AbsenceReason> absence) {
  auto q = db_.prepare(
      "SELECT p.id, p.status, s.last_name, s.first_name, s.middle_name FROM participants p "
      "JOIN students s ON s.id = p.student_id WHERE p.sitting_id = ? AND p.personal_code = ?");
  q.bind(1, sitting).bind(2, personal_code);
  if (!q.step())
    return fail("no student with personal code " + std::string(personal_code) + " in sitting " +
                std::to_string(sitting));
  const std::int64_t participant = q.integer(0);
  const std::string status = q.text(1);
  const std::string name = full_name(q.text(2), q.text(3), q.text(4));
  q.reset();
  if (status != "registered" && status != "absent")
    return fail(name + " (" + std::string(personal_code) + ") is already " + status);
  const std::string new_status = absence ? "absent" : "admitted";
  auto u = db_.prepare("UPDATE participants SET status = ?, absence_reason = ? WHERE id = ?");
  u.bind(1, new_status);
  absence ? u.bind(2, code(*absence)) : u.bind_null(2);
  u.bind(3, participant).run();
  json payload{{"sitting", sitting}, {"personal_code", personal_code}, {"status", new_status}};
  if (absence) payload["reason"] = code(*absence);
  journal("representative", "check_in", payload.dump(), now_ms());
  return name;
}

Result<void> Store::set_state(std::int64_t sitting, SittingState state, std::int64_t now) {
  auto q = db_.prepare("SELECT state FROM sittings WHERE id = ?");
  q.bind(1, sitting);
  if (!q.step()) return fail("there is no sitting " + std::to_string(sitting));
  const std::string current = q.text(0);
  q.reset();
  const bool allowed =
      (state == SittingState::open && current == "prepared") ||
      (state == SittingState::ended && current == "open") ||
      (state == SittingState::cancelled && (current == "prepared" || current == "open"));
  if (!allowed)
    return fail("sitting " + std::to_string(sitting) + " is " + current + ": it cannot become " +
                std::string(code(state)));
  db_.prepare("UPDATE sittings SET state = ? WHERE id = ?")
      .bind(1, code(state))
      .bind(2, sitting)
      .run();
  journal("representative", std::string("sitting_") + std::string(code(state)),
          json{{"sitting", sitting}}.dump(), now);
  if (state == SittingState::ended) {
    // p.24: every started test ends with the sitting and is scored.
    auto started =
        db_.prepare("SELECT id FROM participants WHERE sitting_id = ? AND status = 'testing'");
    started.bind(1, sitting);
    std::vector<std::int64_t> ids;
    while (started.step()) ids.push_back(started.integer(0));
    for (std::int64_t id : ids) finish(id, now, "sitting_ended");
  }
  return {};
}

// [SECTION] Testing

std::optional<Credentials> Store::find_login(std::string_view login) {
  auto q = db_.prepare("SELECT id, password_hash FROM participants WHERE login = ?");
  q.bind(1, login);
  if (!q.step()) return std::nullopt;
  Credentials c{q.integer(0), q.text(1)};
  q.reset();
  return c;
}

const item_bank::TestForm& Store::form(const std::string& id) {
  if (auto it = forms_.find(id); it != forms_.end()) return it->second;
  auto q = db_.prepare("SELECT content FROM forms WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) throw std::logic_error("form " + id + " is missing from the database");
  auto parsed = item_bank::parse_form(q.text(0), "form " + id);
  q.reset();
  if (!parsed) throw std::logic_error(parsed.error().what);
  return forms_.emplace(id, std::move(*parsed)).first->second;
}

sqlite::Statement& Store::cached(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(sql, db_.prepare(sql)).first;
  it->second.reset();  // a statement left mid-step by an exception starts afresh
  return it->second;
}

const Item* Store::item_of(std::int64_t participant, const std::string& item_id) {
  auto known = items_of_.find(participant);
  if (known == items_of_.end()) {
    std::unordered_map<std::string, const Item*> items;
    auto forms = db_.prepare("SELECT form_id FROM participant_forms WHERE participant_id = ?");
    forms.bind(1, participant);
    while (forms.step())
      for (const Item& i : form(forms.text(0)).booklet.items) items.emplace(i.id, &i);
    known = items_of_.emplace(participant, std::move(items)).first;
  }
  const auto it = known->second.find(item_id);
  return it == known->second.end() ? nullptr : it->second;
}

Bytes Store::seal_answer(std::int64_t sitting, std::int64_t student, std::string_view item,
                         std::string_view response) {
  return crypto::seal_record(answer_key_, as_bytes(response),
                             answer_associated_data(sitting, student, item));
}

// Rows of (participant, login, item, sealed, seq, saved_at, sitting, student), opened.
std::vector<AnswerRow> Store::opened_answers(sqlite::Statement& q) {
  std::vector<AnswerRow> out;
  while (q.step()) {
    AnswerRow row{q.integer(0), q.text(1), q.text(2), {}, q.integer(4), q.integer(5)};
    auto plain = crypto::open_record(
        answer_key_, q.blob(3), answer_associated_data(q.integer(6), q.integer(7), row.item_id));
    if (!plain) {
      q.reset();
      throw std::runtime_error("school.db: the answer of participant " +
                               std::to_string(row.participant) + " to item " + row.item_id +
                               " does not open: altered, or moved from another row");
    }
    row.response.assign(as_chars(*plain));
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<AnswerRow> Store::answers_of_participant(std::int64_t participant) {
  auto& q = cached(
      "SELECT a.participant_id, p.login, a.item_id, a.sealed_response, a.seq, a.saved_at, "
      "p.sitting_id, p.student_id FROM answers a JOIN participants p ON p.id = a.participant_id "
      "WHERE a.participant_id = ? ORDER BY a.item_id");
  q.bind(1, participant);
  return opened_answers(q);
}

std::vector<AnswerRow> Store::answer_rows(std::optional<std::int64_t> sitting) {
  auto q = db_.prepare(
      "SELECT a.participant_id, p.login, a.item_id, a.sealed_response, a.seq, a.saved_at, "
      "p.sitting_id, p.student_id FROM answers a JOIN participants p ON p.id = a.participant_id "
      "WHERE ?1 IS NULL OR p.sitting_id = ?1 ORDER BY a.participant_id, a.item_id");
  q.bind(1, sitting);
  return opened_answers(q);
}

std::map<std::string, std::string> Store::answers_of(std::int64_t participant) {
  std::map<std::string, std::string> out;
  for (auto& a : answers_of_participant(participant))
    out.emplace(std::move(a.item_id), std::move(a.response));
  return out;
}

std::expected<protocol::LoginOk, protocol::LoginRefusal> Store::begin_attempt(
    std::int64_t participant, std::string_view station, std::int64_t now) {
  auto q = db_.prepare(
      "SELECT p.status, p.deadline, p.personal_code, st.last_name, st.first_name, st.middle_name, "
      "st.class_name, st.language, s.state, s.minutes, s.campaign, s.id, p.paused_at "
      "FROM participants p JOIN students st ON st.id = p.student_id "
      "JOIN sittings s ON s.id = p.sitting_id WHERE p.id = ?");
  q.bind(1, participant);
  if (!q.step()) return std::unexpected(protocol::LoginRefusal::wrong_credentials);
  const std::string status = q.text(0);
  std::optional<std::int64_t> deadline;
  if (!q.is_null(1)) deadline = q.integer(1);
  protocol::LoginOk ok;
  ok.personal_code = q.text(2);
  ok.student_name = full_name(q.text(3), q.text(4), q.text(5));
  ok.class_name = q.text(6);
  ok.language = parse_language(q.text(7)).value_or(Language::kk);
  const std::string sitting_state = q.text(8);
  const int minutes = static_cast<int>(q.integer(9));
  ok.sitting_title = q.text(10);
  const std::int64_t sitting = q.integer(11);
  // The clock as the student's time sees it: it stands still while paused (p.23).
  const std::int64_t clock = q.is_null(12) ? now : q.integer(12);
  q.reset();

  if (status == "annulled") return std::unexpected(protocol::LoginRefusal::annulled);
  if (status == "registered" || status == "absent")
    return std::unexpected(protocol::LoginRefusal::not_admitted);
  if (status == "finished") {
    ok.finished = true;
  } else if (sitting_state != "open") {
    return std::unexpected(protocol::LoginRefusal::sitting_not_open);
  } else if (!deadline) {
    // The clock starts at the first login and is the server's from then on.
    deadline = now + std::int64_t{minutes} * 60'000;
    db_.prepare(
           "UPDATE participants SET status = 'testing', started_at = ?, deadline = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, *deadline)
        .bind(3, participant)
        .run();
  }
  journal(
      "station", "login",
      json{{"sitting", sitting}, {"personal_code", ok.personal_code}, {"station", station}}.dump(),
      now);

  auto forms =
      db_.prepare("SELECT form_id FROM participant_forms WHERE participant_id = ? ORDER BY rowid");
  forms.bind(1, participant);
  while (forms.step()) ok.booklets.push_back(form(forms.text(0)).booklet);
  std::uint64_t max_seq = 0;
  for (auto& a : answers_of_participant(participant)) {
    const auto seq = static_cast<std::uint64_t>(a.seq);
    ok.answers.push_back({std::move(a.item_id), std::move(a.response), seq});
    max_seq = std::max(max_seq, seq);
  }
  ok.next_seq = max_seq + 1;
  ok.remaining_ms = ok.finished ? 0 : std::max<std::int64_t>(0, *deadline - clock);
  ok.server_time_ms = now;
  return ok;
}

std::int64_t Store::remaining_ms(std::int64_t participant, std::int64_t now) {
  // A paused clock (the student left the room with the representative's leave) stands still.
  auto& q = cached("SELECT deadline, IFNULL(paused_at, ?) FROM participants WHERE id = ?");
  q.bind(1, now).bind(2, participant);
  std::int64_t remaining = 0;
  if (q.step() && !q.is_null(0)) remaining = std::max<std::int64_t>(0, q.integer(0) - q.integer(1));
  q.reset();
  return remaining;
}

SaveOutcome Store::save_answer(std::int64_t participant, const protocol::SaveAnswer& save,
                               std::int64_t now) {
  SaveOutcome out;
  auto& q = cached(
      "SELECT status, deadline, IFNULL(paused_at, ?), sitting_id, student_id FROM participants "
      "WHERE id = ?");
  q.bind(1, now).bind(2, participant);
  if (!q.step()) return out;
  const std::string status = q.text(0);
  const std::int64_t deadline = q.is_null(1) ? 0 : q.integer(1);
  const std::int64_t clock = q.integer(2);  // now, or when the clock was paused
  const std::int64_t sitting = q.integer(3), student = q.integer(4);
  q.reset();
  out.remaining_ms = std::max<std::int64_t>(0, deadline - clock);

  // A resend of a save already stored is acknowledged again, whatever happened since.
  auto& existing = cached("SELECT seq FROM answers WHERE participant_id = ? AND item_id = ?");
  existing.bind(1, participant).bind(2, save.item_id);
  if (existing.step()) {
    const auto seq = static_cast<std::uint64_t>(existing.integer(0));
    existing.reset();
    if (seq >= save.seq) {
      out.stored = true;
      return out;
    }
  }
  if (status == "annulled") {
    out.refusal = protocol::SaveRefusal::annulled;
    return out;
  }
  if (status != "testing") {
    out.refusal = protocol::SaveRefusal::finished;
    return out;
  }
  if (clock > deadline) {
    out.refusal = protocol::SaveRefusal::time_over;
    return out;
  }
  const Item* item = item_of(participant, save.item_id);
  if (item == nullptr) {
    out.refusal = protocol::SaveRefusal::unknown_item;
    return out;
  }
  auto canonical = normalize_response(*item, save.response);
  if (!canonical) {
    out.refusal = protocol::SaveRefusal::bad_response;
    return out;
  }
  cached(
      "INSERT INTO answers(participant_id, item_id, sealed_response, seq, saved_at) "
      "VALUES(?,?,?,?,?) ON CONFLICT(participant_id, item_id) DO UPDATE SET sealed_response = "
      "excluded.sealed_response, seq = excluded.seq, saved_at = excluded.saved_at "
      "WHERE excluded.seq > answers.seq")
      .bind(1, participant)
      .bind(2, save.item_id)
      .bind_blob(3, seal_answer(sitting, student, save.item_id, *canonical))
      .bind(4, static_cast<std::int64_t>(save.seq))
      .bind(5, now)
      .run();
  out.stored = true;
  return out;
}

protocol::Results Store::finish(std::int64_t participant, std::int64_t now, std::string_view why) {
  protocol::Results results;
  auto q = db_.prepare(
      "SELECT status, receipt, personal_code, sitting_id FROM participants WHERE id = ?");
  q.bind(1, participant);
  if (!q.step()) return results;
  const std::string status = q.text(0);
  results.receipt = q.text(1);
  const std::string personal_code = q.text(2);
  const std::int64_t sitting = q.integer(3);
  q.reset();
  results.annulled = status == "annulled";
  if (status == "testing") {
    const auto answers = answers_of(participant);
    auto forms = db_.prepare(
        "SELECT form_id FROM participant_forms WHERE participant_id = ? ORDER BY rowid");
    forms.bind(1, participant);
    auto put = db_.prepare(
        "INSERT OR REPLACE INTO results(participant_id, subject, language, score, max_score, "
        "level) "
        "VALUES(?,?,?,?,?,?)");
    json scores = json::array();
    while (forms.step()) {
      const auto& f = form(forms.text(0));
      const auto s = item_bank::score_form(f, answers);
      put.bind(1, participant).bind(2, code(f.booklet.subject)).bind(3, code(f.booklet.language));
      put.bind(4, s.score).bind(5, s.max_score).bind(6, s.level).run();
      scores.push_back(
          {{"subject", code(f.booklet.subject)}, {"score", s.score}, {"level", s.level}});
    }
    // The receipt: the server's signature over the final answers, which the student can show.
    Writer w;
    w.str(personal_code);
    for (const auto& [item, response] : answers) {
      w.str(item);
      w.str(response);
    }
    results.receipt = receipt_code(crypto::sign(key_, w.bytes()));
    db_.prepare(
           "UPDATE participants SET status = 'finished', finished_at = ?, receipt = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, results.receipt)
        .bind(3, participant)
        .run();
    journal("server", "finish",
            json{{"sitting", sitting},
                 {"personal_code", personal_code},
                 {"why", why},
                 {"answers", answers.size()},
                 {"scores", scores},
                 {"receipt", results.receipt}}
                .dump(),
            now);
  }
  auto rows = db_.prepare(
      "SELECT subject, language, score, max_score, level FROM results WHERE participant_id = ? "
      "ORDER BY rowid");
  rows.bind(1, participant);
  while (rows.step()) {
    results.subjects.push_back({parse_subject(rows.text(0)).value_or(Subject::math),
                                parse_language(rows.text(1)).value_or(Language::kk),
                                static_cast<int>(rows.integer(2)),
                                static_cast<int>(rows.integer(3)), rows.text(4)});
  }
  // p.25: a finished student may answer the anonymous survey once.
  if (!results.annulled) results.survey_ticket = survey_ticket(participant);
  return results;
}

std::vector<std::int64_t> Store::finish_expired(std::int64_t now) {
  std::vector<std::int64_t> ids;
  auto q = db_.prepare(
      "SELECT id FROM participants WHERE status = 'testing' AND deadline < ? AND paused_at IS "
      "NULL");
  q.bind(1, now);
  while (q.step()) ids.push_back(q.integer(0));
  for (std::int64_t id : ids) finish(id, now, "time_over");
  return ids;
}

std::int64_t Store::record_incident(std::string_view station, std::int64_t participant,
                                    const protocol::Incident& incident, std::int64_t now) {
  auto put = db_.prepare(
      "INSERT INTO incidents(at, station, participant_id, kind, detail, station_time) "
      "VALUES(?,?,?,?,?,?)");
  put.bind(1, now).bind(2, station);
  participant > 0 ? put.bind(3, participant) : put.bind_null(3);
  put.bind(4, protocol::code(incident.kind))
      .bind(5, incident.detail)
      .bind(6, incident.station_time_ms)
      .run();
  const std::int64_t id = db_.last_insert_rowid();
  json payload{
      {"station", station}, {"kind", protocol::code(incident.kind)}, {"detail", incident.detail}};
  if (participant > 0) {
    auto q = db_.prepare("SELECT personal_code FROM participants WHERE id = ?");
    q.bind(1, participant);
    if (q.step()) payload["personal_code"] = q.text(0);
    q.reset();
  }
  journal("station", "incident", payload.dump(), now);
  return id;
}

// [SECTION] Representatives, acts, readiness

Result<void> Store::add_representative(std::string_view login, std::string_view full_name,
                                       std::string_view password, crypto::PasswordCost cost) {
  if (login.empty() || full_name.empty())
    return fail("a representative needs a login and a full name");
  if (password.size() < 8) return fail("a representative's password has at least 8 characters");
  auto exists = db_.prepare("SELECT 1 FROM representatives WHERE login = ?");
  exists.bind(1, login);
  if (exists.step()) {
    exists.reset();
    return fail("a representative with login " + std::string(login) + " already exists");
  }
  db_.prepare(
         "INSERT INTO representatives(login, full_name, password_hash, created_at) VALUES(?,?,?,?)")
      .bind(1, login)
      .bind(2, full_name)
      .bind(3, crypto::hash_password(password, cost))
      .bind(4, now_ms())
      .run();
  journal("technician", "add_representative",
          json{{"login", login}, {"full_name", full_name}}.dump(), now_ms());
  return {};
}

Result<std::int64_t> Store::record_act(const ActRecord& act, std::int64_t now) {
  auto q = db_.prepare(
      "SELECT p.id, p.status, p.seat, s.room FROM participants p JOIN sittings s ON s.id = "
      "p.sitting_id "
      "WHERE p.sitting_id = ? AND p.personal_code = ?");
  q.bind(1, act.sitting).bind(2, act.personal_code);
  if (!q.step())
    return fail("no student with personal code " + act.personal_code + " in sitting " +
                std::to_string(act.sitting));
  const std::int64_t participant = q.integer(0);
  const int seat = act.seat > 0 ? act.seat : static_cast<int>(q.integer(2));
  const std::string room = act.room.empty() ? q.text(3) : act.room;
  q.reset();
  if (act.representative.empty()) return fail("an act names the representative who draws it up");
  if (act.kind == ActKind::impostor && act.impostor_full_name.empty())
    return fail("an Annex 2 act names the impostor");
  for (const auto& item : act.items)
    if (item.name.empty() || item.quantity < 1)
      return fail("each confiscated item has a name and a quantity");
  if (act.corrects > 0 && !this->act(act.corrects))
    return fail("act " + std::to_string(act.corrects) + " does not exist");

  json items = json::array();
  for (const auto& i : act.items)
    items.push_back({{"name", i.name}, {"brand", i.brand}, {"quantity", i.quantity}});
  const json details{{"items", items},
                     {"drawn_up_by", act.drawn_up_by},
                     {"impostor_full_name", act.impostor_full_name},
                     {"found_at_admission", act.found_at_admission}};
  const std::string kind = act.kind == ActKind::confiscation ? "confiscation" : "impostor";
  // p.20-21: the results are annulled and the test ends at once.
  db_.prepare(
         "UPDATE participants SET status = 'annulled', finished_at = IFNULL(finished_at, ?) WHERE "
         "id = ?")
      .bind(1, now)
      .bind(2, participant)
      .run();
  db_.prepare("DELETE FROM results WHERE participant_id = ?").bind(1, participant).run();
  auto last = db_.prepare("SELECT IFNULL(MAX(number), 0) + 1 FROM acts");
  last.step();
  const std::int64_t number = last.integer(0);
  last.reset();
  const crypto::Hash h = journal("representative", "act",
                                 json{{"number", number},
                                      {"kind", kind},
                                      {"sitting", act.sitting},
                                      {"personal_code", act.personal_code},
                                      {"representative", act.representative},
                                      {"room", room},
                                      {"seat", seat},
                                      {"details", details},
                                      {"corrects", act.corrects}}
                                     .dump(),
                                 now);
  auto put = db_.prepare(
      "INSERT INTO acts(number, kind, sitting_id, participant_id, representative, room, seat, at, "
      "details, "
      "corrects, journal_hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  put.bind(1, number)
      .bind(2, kind)
      .bind(3, act.sitting)
      .bind(4, participant)
      .bind(5, act.representative);
  put.bind(6, room).bind(7, seat).bind(8, now).bind(9, details.dump());
  act.corrects > 0 ? put.bind(10, act.corrects) : put.bind_null(10);
  put.bind_blob(11, h).run();
  return number;
}

std::optional<ActRecord> Store::act(std::int64_t number) {
  auto q = db_.prepare(
      "SELECT a.kind, a.sitting_id, p.personal_code, a.representative, a.room, a.seat, a.at, "
      "a.details, "
      "IFNULL(a.corrects, 0), a.journal_hash FROM acts a JOIN participants p ON p.id = "
      "a.participant_id "
      "WHERE a.number = ?");
  q.bind(1, number);
  if (!q.step()) return std::nullopt;
  ActRecord a;
  a.number = number;
  a.kind = q.text(0) == "impostor" ? ActKind::impostor : ActKind::confiscation;
  a.sitting = q.integer(1);
  a.personal_code = q.text(2);
  a.representative = q.text(3);
  a.room = q.text(4);
  a.seat = static_cast<int>(q.integer(5));
  a.at_ms = q.integer(6);
  const json details = json::parse(q.text(7));
  a.corrects = q.integer(8);
  a.journal_hash = crypto::to_hex(q.blob(9));
  q.reset();
  for (const auto& i : details.at("items"))
    a.items.push_back({i.at("name").get<std::string>(), i.at("brand").get<std::string>(),
                       i.at("quantity").get<int>()});
  a.drawn_up_by = details.at("drawn_up_by").get<std::vector<std::string>>();
  a.impostor_full_name = details.at("impostor_full_name").get<std::string>();
  a.found_at_admission = details.at("found_at_admission").get<bool>();
  return a;
}

Result<std::int64_t> Store::record_readiness(const ReadinessRecord& r, std::int64_t now) {
  auto q = db_.prepare("SELECT 1 FROM sittings WHERE id = ?");
  q.bind(1, r.sitting);
  if (!q.step()) return fail("there is no sitting " + std::to_string(r.sitting));
  q.reset();
  if (r.checks.empty()) return fail("the readiness checklist is empty");
  json checks = json::array();
  for (const auto& c : r.checks)
    checks.push_back({{"text", c.text}, {"ok", c.ok}, {"note", c.note}});
  const json content{{"representative", r.representative},
                     {"head", r.head_full_name},
                     {"technician", r.technician_full_name},
                     {"checks", checks}};
  db_.prepare("INSERT INTO readiness(sitting_id, at, content) VALUES(?,?,?)")
      .bind(1, r.sitting)
      .bind(2, now)
      .bind(3, content.dump())
      .run();
  const std::int64_t id = db_.last_insert_rowid();
  journal("representative", "readiness", json{{"sitting", r.sitting}, {"content", content}}.dump(),
          now);
  return id;
}

std::optional<ReadinessRecord> Store::readiness(std::int64_t sitting) {
  auto q = db_.prepare(
      "SELECT at, content FROM readiness WHERE sitting_id = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, sitting);
  if (!q.step()) return std::nullopt;
  ReadinessRecord r;
  r.sitting = sitting;
  r.at_ms = q.integer(0);
  const json content = json::parse(q.text(1));
  q.reset();
  r.representative = content.at("representative").get<std::string>();
  r.head_full_name = content.at("head").get<std::string>();
  r.technician_full_name = content.at("technician").get<std::string>();
  for (const auto& c : content.at("checks"))
    r.checks.push_back(
        {c.at("text").get<std::string>(), c.at("ok").get<bool>(), c.at("note").get<std::string>()});
  return r;
}

// [SECTION] Results

std::vector<std::int64_t> Store::sittings() {
  std::vector<std::int64_t> ids;
  auto q = db_.prepare("SELECT id FROM sittings ORDER BY id");
  while (q.step()) ids.push_back(q.integer(0));
  return ids;
}

std::vector<ResultRow> Store::results(std::int64_t sitting) {
  std::vector<ResultRow> rows;
  auto q = db_.prepare(
      "SELECT p.id, p.seat, st.last_name, st.first_name, st.middle_name, st.class_name, "
      "p.personal_code, p.status, p.absence_reason, IFNULL(p.receipt, '') FROM participants p "
      "JOIN students st ON st.id = p.student_id WHERE p.sitting_id = ? ORDER BY p.seat");
  q.bind(1, sitting);
  auto r = db_.prepare(
      "SELECT subject, language, score, max_score, level FROM results WHERE participant_id = ? "
      "ORDER BY rowid");
  while (q.step()) {
    ResultRow row;
    row.seat = static_cast<int>(q.integer(1));
    row.full_name = full_name(q.text(2), q.text(3), q.text(4));
    row.class_name = q.text(5);
    row.personal_code = q.text(6);
    row.status = q.text(7);
    if (!q.is_null(8)) row.absence = parse_absence_reason(q.text(8));
    row.receipt = q.text(9);
    r.bind(1, q.integer(0));
    while (r.step())
      row.subjects.push_back({parse_subject(r.text(0)).value_or(Subject::math),
                              parse_language(r.text(1)).value_or(Language::kk),
                              static_cast<int>(r.integer(2)), static_cast<int>(r.integer(3)),
                              r.text(4)});
    rows.push_back(std::move(row));
  }
  return rows;
}

// [SECTION] Journal

crypto::Hash Store::journal(std::string_view actor, std::string_view kind, std::string_view payload,
                            std::int64_t now) {
  std::int64_t seq = 1;
  Bytes prev(crypto::kHashBytes, 0);
  auto last = db_.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
  if (last.step()) {
    seq = last.integer(0) + 1;
    prev = last.blob(1);
    last.reset();
  }
  const Bytes entry = journal_entry_bytes(seq, now, actor, kind, payload, prev);
  const crypto::Hash h = crypto::hash({entry});
  const crypto::Signature sig = crypto::sign(key_, h);
  db_.prepare(
         "INSERT INTO journal(seq, at, actor, kind, payload, prev_hash, hash, signature) "
         "VALUES(?,?,?,?,?,?,?,?)")
      .bind(1, seq)
      .bind(2, now)
      .bind(3, actor)
      .bind(4, kind)
      .bind(5, payload)
      .bind_blob(6, prev)
      .bind_blob(7, h)
      .bind_blob(8, sig)
      .run();
  return h;
}

std::vector<JournalEntry> Store::journal_entries() {
  std::vector<JournalEntry> out;
  auto q = db_.prepare("SELECT seq, at, actor, kind, payload FROM journal ORDER BY seq");
  while (q.step()) out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4)});
  return out;
}

Result<std::int64_t> Store::verify_journal() {
  auto q = db_.prepare(
      "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM journal ORDER BY seq");
  Bytes prev(crypto::kHashBytes, 0);
  std::int64_t expected_seq = 1;
  while (q.step()) {
    const std::int64_t seq = q.integer(0);
    const std::string where = "journal entry " + std::to_string(seq) + " (" + q.text(3) + ")";
    auto broken = [&](const std::string& why) {
      q.reset();
      return fail(where + ": " + why);
    };
    if (seq != expected_seq) return broken("entry " + std::to_string(expected_seq) + " is missing");
    const Bytes stored_prev = q.blob(5);
    if (stored_prev != prev) return broken("does not follow the previous entry's hash");
    const Bytes entry =
        journal_entry_bytes(seq, q.integer(1), q.text(2), q.text(3), q.text(4), prev);
    const crypto::Hash h = crypto::hash({entry});
    const Bytes stored_hash = q.blob(6);
    if (!std::equal(h.begin(), h.end(), stored_hash.begin(), stored_hash.end()))
      return broken("its content was altered (hash mismatch)");
    const Bytes sig_bytes = q.blob(7);
    crypto::Signature sig{};
    if (sig_bytes.size() != sig.size()) return broken("signature is missing");
    std::copy(sig_bytes.begin(), sig_bytes.end(), sig.begin());
    if (!crypto::verify(key_.public_key, h, sig)) return broken("signature is not the server's");
    prev = stored_hash;
    ++expected_seq;
  }
  return expected_seq - 1;
}

}  // namespace bbzhm::server
