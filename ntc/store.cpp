// The NTC's database: schema, registry, packages, intake storage, what the analysis reads,
// representatives and frozen campaigns (ntc/store.hpp).
#include "ntc/store.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ntc/tls_identity.hpp"

namespace bbzhm::ntc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One schema for both backends: TEXT, BIGINT, DOUBLE PRECISION, BYTEA mean the same in each.
constexpr std::string_view kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schools(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, district TEXT NOT NULL,
  urban BIGINT NOT NULL, type TEXT NOT NULL, languages TEXT NOT NULL, contingent TEXT NOT NULL,
  public_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS packages(
  id TEXT PRIMARY KEY, campaign TEXT NOT NULL, registered_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS package_forms(
  package_id TEXT NOT NULL REFERENCES packages(id), form_id TEXT NOT NULL, content TEXT NOT NULL,
  PRIMARY KEY(package_id, form_id));
CREATE TABLE IF NOT EXISTS bundles(
  id TEXT PRIMARY KEY, school_code TEXT NOT NULL, campaign TEXT NOT NULL, sitting BIGINT NOT NULL,
  received_at BIGINT NOT NULL, file BYTEA NOT NULL, receipt TEXT NOT NULL,
  receipt_signature TEXT NOT NULL, acts TEXT NOT NULL, incidents TEXT NOT NULL,
  readiness TEXT NOT NULL, journal TEXT NOT NULL,
  UNIQUE(school_code, campaign, sitting));
CREATE TABLE IF NOT EXISTS students(
  bundle_id TEXT NOT NULL REFERENCES bundles(id), personal_code TEXT NOT NULL,
  student_key TEXT NOT NULL, iin TEXT NOT NULL, last_name TEXT NOT NULL, first_name TEXT NOT NULL,
  middle_name TEXT NOT NULL, class_name TEXT NOT NULL, grade BIGINT NOT NULL,
  language TEXT NOT NULL, status TEXT NOT NULL, absence_reason TEXT NOT NULL,
  PRIMARY KEY(bundle_id, personal_code));
CREATE TABLE IF NOT EXISTS results(
  bundle_id TEXT NOT NULL, personal_code TEXT NOT NULL, subject TEXT NOT NULL,
  language TEXT NOT NULL, form_id TEXT NOT NULL, variant TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL, max_score DOUBLE PRECISION NOT NULL, level TEXT NOT NULL,
  absent BIGINT NOT NULL, annulled BIGINT NOT NULL, responses BYTEA NOT NULL,
  PRIMARY KEY(bundle_id, personal_code, subject));
CREATE TABLE IF NOT EXISTS disagreements(
  bundle_id TEXT NOT NULL, personal_code TEXT NOT NULL, subject TEXT NOT NULL,
  school_score DOUBLE PRECISION NOT NULL, ntc_score DOUBLE PRECISION NOT NULL,
  PRIMARY KEY(bundle_id, personal_code, subject));
CREATE TABLE IF NOT EXISTS draws(
  id BIGINT PRIMARY KEY, campaign TEXT NOT NULL, seed TEXT NOT NULL, share DOUBLE PRECISION NOT NULL,
  drawn_at BIGINT NOT NULL, parameters TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS draw_schools(
  draw_id BIGINT NOT NULL REFERENCES draws(id), school_code TEXT NOT NULL, stratum TEXT NOT NULL,
  PRIMARY KEY(draw_id, school_code));
CREATE TABLE IF NOT EXISTS reports(
  campaign TEXT NOT NULL, school_code TEXT NOT NULL, pdf BYTEA NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY(campaign, school_code));
CREATE TABLE IF NOT EXISTS representatives(
  campaign TEXT NOT NULL, id TEXT NOT NULL, full_name TEXT NOT NULL, PRIMARY KEY(campaign, id));
CREATE TABLE IF NOT EXISTS representative_schools(
  campaign TEXT NOT NULL, representative_id TEXT NOT NULL, school_code TEXT NOT NULL,
  PRIMARY KEY(campaign, representative_id, school_code));
CREATE TABLE IF NOT EXISTS freezes(
  campaign TEXT PRIMARY KEY, at BIGINT NOT NULL, manifest TEXT NOT NULL, signature TEXT NOT NULL);
)SQL";

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(1, sep)) + p;
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    const std::size_t end = std::min(s.find(sep, start), s.size());
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<std::unique_ptr<Database>> connect(const fs::path& dir, const std::string& target) {
  auto db = open_database(target.empty() ? (dir / kDatabaseFile).string() : target);
  if (!db) return db;
  try {
    (*db)->exec(kSchema);
  } catch (const DbError& e) {
    return fail("cannot prepare the database: " + std::string(e.what()));
  }
  return db;
}

std::string kind_name(ItemKind k) {
  return k == ItemKind::short_text ? "short_text" : std::string(code(k));
}

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string student_key(const crypto::SigningKey& ntc, std::string_view campaign,
                        std::string_view iin) {
  return StudentKeys(ntc).of(campaign, iin);
}

StudentKeys::StudentKeys(const crypto::SigningKey& ntc)
    : key_(crypto::derive_key(ntc, "bbzhm ntc student key")) {}

std::string StudentKeys::of(std::string_view campaign, std::string_view iin) const {
  std::string message;
  message.reserve(campaign.size() + 1 + iin.size());
  message.append(campaign).append("\n").append(iin);
  std::array<std::uint8_t, 12> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const std::uint8_t*>(message.data()),
                     message.size(), key_.data(), key_.size());
  return crypto::to_hex(out);
}

// Format 1: u8 1, u32 count, then per item: u8 length + item id, u8 length + response (a longer
// response takes u8 255 then u32 length), u16 score, u16 max score.
namespace {
constexpr std::uint8_t kResponsesFormat = 1;
void short_str(Writer& w, std::string_view s) {
  if (s.size() < 255) {
    w.u8(static_cast<std::uint8_t>(s.size()));
    w.raw(as_bytes(s));
  } else {
    w.u8(255);
    w.str(s);
  }
}
std::string read_short_str(Reader& r) {
  const std::uint8_t n = r.u8();
  if (n == 255) return r.str();
  return std::string(as_chars(r.raw(n)));
}
std::uint16_t points(double v) {
  if (!(v >= 0 && v <= 65535) || v != static_cast<double>(static_cast<std::uint16_t>(v)))
    throw DbError("a score of " + std::to_string(v) + " is not whole points from 0 to 65535");
  return static_cast<std::uint16_t>(v);
}
}  // namespace

Bytes encode_responses(const std::vector<ItemResponse>& responses) {
  Writer w;
  w.u8(kResponsesFormat);
  w.u32(static_cast<std::uint32_t>(responses.size()));
  for (const ItemResponse& r : responses) {
    short_str(w, r.item_id);
    short_str(w, r.response);
    w.u16(points(r.score));
    w.u16(points(r.max_score));
  }
  return w.take();
}

Result<std::vector<ItemResponse>> decode_responses(ByteView blob) {
  std::vector<ItemResponse> out;
  if (blob.empty()) return out;
  Reader r(blob);
  if (r.u8() != kResponsesFormat) return fail("stored responses of an unknown format");
  const std::size_t n = r.count(6);
  out.reserve(n);
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    ItemResponse item;
    item.item_id = read_short_str(r);
    item.response = read_short_str(r);
    item.score = r.u16();
    item.max_score = r.u16();
    item.omitted = item.response.empty();
    out.push_back(std::move(item));
  }
  if (!r.done()) return fail("stored responses are truncated or malformed");
  return out;
}

// [SECTION] Creating and opening

Result<void> Store::create(const fs::path& dir, const std::optional<fs::path>& key_file,
                           const std::string& db_target) {
  std::error_code ec;
  if (fs::exists(dir, ec))
    return fail("refusing to overwrite " + dir.string() + ": it already exists");
  crypto::SigningKey key;
  if (key_file) {
    auto k = crypto::read_key_file(*key_file);
    if (!k) return fail(key_file->string() + ": " + k.error().what);
    key = std::move(*k);
  } else {
    key = crypto::SigningKey::generate();
  }
  if (!fs::create_directories(dir, ec))
    return fail("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  if (auto w = crypto::write_key_file(dir / kKeyFile, key); !w) return w;
  if (auto t = create_tls_identity(dir / kCertFile, dir / kCertKeyFile); !t) return t;
  if (!db_target.empty()) {
    std::ofstream f(dir / kDbTargetFile);
    f << db_target << "\n";
    if (!f.flush()) return fail("cannot write " + (dir / kDbTargetFile).string());
    ::chmod((dir / kDbTargetFile).c_str(), 0600);
  }
  auto db = connect(dir, db_target);
  if (!db) return std::unexpected(db.error());
  if (db_target.empty()) ::chmod((dir / kDatabaseFile).c_str(), 0600);
  Transaction tx(**db);
  (*db)->run(
      "INSERT INTO settings(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = "
      "excluded.value",
      {std::string("ntc_public_key"), crypto::to_hex(key.public_key)});
  tx.commit();
  return {};
}

Result<std::unique_ptr<Store>> Store::open(const fs::path& dir, const std::string& db_target) {
  if (!fs::exists(dir / kKeyFile))
    return fail(dir.string() + " is not an NTC data folder: run 'bbzhm-ntc init' first");
  auto key = crypto::read_key_file(dir / kKeyFile);
  if (!key) return std::unexpected(key.error());
  std::string target = db_target;
  if (target.empty() && fs::exists(dir / kDbTargetFile)) {
    std::ifstream f(dir / kDbTargetFile);
    std::getline(f, target);
  }
  auto db = connect(dir, target);
  if (!db) return std::unexpected(db.error());
  const auto stored = (*db)->one("SELECT value FROM settings WHERE key = 'ntc_public_key'");
  if (stored && stored->text(0) != crypto::to_hex(key->public_key))
    return fail("the database belongs to another NTC key than " + (dir / kKeyFile).string());
  if (!stored) {
    (*db)->run("INSERT INTO settings(key, value) VALUES('ntc_public_key', $1)",
               {crypto::to_hex(key->public_key)});
  }
  return std::make_unique<Store>(Opened{}, dir, std::move(*db), std::move(*key));
}

// [SECTION] Registry

std::pair<int, int> Store::import_schools(const std::vector<RegisteredSchool>& schools) {
  int added = 0, updated = 0;
  for (const auto& s : schools) {
    const bool known = db_->one("SELECT 1 FROM schools WHERE code = $1", {s.info.code}).has_value();
    db_->run(
        "INSERT INTO schools(code, name, region, district, urban, type, languages, contingent, "
        "public_key) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT(code) DO UPDATE SET "
        "name = excluded.name, region = excluded.region, district = excluded.district, "
        "urban = excluded.urban, type = excluded.type, languages = excluded.languages, "
        "contingent = excluded.contingent, public_key = excluded.public_key",
        {s.info.code, s.info.name, s.info.region, s.info.district,
         std::int64_t{s.info.urban ? 1 : 0}, s.info.type, join(s.info.languages, ','),
         s.info.contingent, crypto::to_hex(s.public_key)});
    ++(known ? updated : added);
  }
  return {added, updated};
}

namespace {
constexpr std::string_view kSchoolColumns =
    "code, name, region, district, urban, type, languages, contingent, public_key";
RegisteredSchool school_of(const Row& r) {
  RegisteredSchool s;
  s.info.code = r.text(0);
  s.info.name = r.text(1);
  s.info.region = r.text(2);
  s.info.district = r.text(3);
  s.info.urban = r.integer(4) != 0;
  s.info.type = r.text(5);
  s.info.languages = split(r.text(6), ',');
  s.info.contingent = r.text(7);
  if (auto k = crypto::public_key_from_hex(r.text(8))) s.public_key = *k;
  return s;
}
}  // namespace

std::vector<RegisteredSchool> Store::schools() {
  std::vector<RegisteredSchool> out;
  db_->each("SELECT " + std::string(kSchoolColumns) + " FROM schools ORDER BY code", {},
            [&out](const Row& r) { out.push_back(school_of(r)); });
  return out;
}

std::optional<RegisteredSchool> Store::school(std::string_view code) {
  auto r = db_->one("SELECT " + std::string(kSchoolColumns) + " FROM schools WHERE code = $1",
                    {std::string(code)});
  if (!r) return std::nullopt;
  return school_of(*r);
}

std::map<std::string, std::vector<std::string>> Store::participation() {
  std::map<std::string, std::vector<std::string>> out;
  db_->each("SELECT DISTINCT school_code, campaign FROM bundles ORDER BY school_code, campaign", {},
            [&out](const Row& r) { out[r.text(0)].push_back(r.text(1)); });
  return out;
}

std::vector<std::string> Store::campaigns_of(std::string_view school_code) {
  std::vector<std::string> out;
  db_->each("SELECT DISTINCT campaign FROM bundles WHERE school_code = $1 ORDER BY campaign",
            {std::string(school_code)}, [&out](const Row& r) { out.push_back(r.text(0)); });
  return out;
}

// [SECTION] Packages

Result<void> Store::register_package(const RegisteredPackage& package,
                                     const std::vector<item_bank::TestForm>& forms) {
  if (auto old = db_->one("SELECT campaign FROM packages WHERE id = $1", {package.id})) {
    std::set<std::string> have;
    db_->each("SELECT form_id FROM package_forms WHERE package_id = $1", {package.id},
              [&have](const Row& r) { have.insert(r.text(0)); });
    std::set<std::string> now;
    for (const auto& f : forms) now.insert(f.id);
    if (old->text(0) == package.campaign && have == now) return {};
    return fail("another package with the id " + package.id + " is already registered");
  }
  db_->run("INSERT INTO packages(id, campaign, registered_at) VALUES($1, $2, $3)",
           {package.id, package.campaign, package.registered_ms});
  std::vector<std::vector<Value>> rows;
  for (const auto& f : forms) rows.push_back({package.id, f.id, item_bank::form_json(f)});
  db_->insert_rows("package_forms", {"package_id", "form_id", "content"}, rows);
  return {};
}

std::vector<RegisteredPackage> Store::packages(std::string_view campaign) {
  std::vector<RegisteredPackage> out;
  db_->each("SELECT id, campaign, registered_at FROM packages WHERE campaign = $1 ORDER BY id",
            {std::string(campaign)}, [&out](const Row& r) {
              out.push_back({r.text(0), r.text(1), r.integer(2), {}});
            });
  for (auto& p : out)
    db_->each("SELECT form_id FROM package_forms WHERE package_id = $1 ORDER BY form_id", {p.id},
              [&p](const Row& r) { p.form_ids.push_back(r.text(0)); });
  return out;
}

std::vector<std::string> Store::package_campaigns() {
  std::vector<std::string> out;
  db_->each("SELECT DISTINCT campaign FROM packages ORDER BY campaign", {},
            [&out](const Row& r) { out.push_back(r.text(0)); });
  return out;
}

std::map<std::string, item_bank::TestForm> Store::campaign_forms(std::string_view campaign) {
  std::map<std::string, item_bank::TestForm> out;
  db_->each(
      "SELECT f.form_id, f.content FROM package_forms f JOIN packages p ON p.id = f.package_id "
      "WHERE p.campaign = $1",
      {std::string(campaign)}, [&out](const Row& r) {
        auto form = item_bank::parse_form(r.text(1), r.text(0));
        if (!form) throw DbError("stored form " + r.text(0) + ": " + form.error().what);
        out.emplace(r.text(0), std::move(*form));
      });
  return out;
}

// [SECTION] Intake

std::optional<Receipt> Store::receipt(std::string_view bundle_id) {
  auto r = db_->one("SELECT receipt, receipt_signature FROM bundles WHERE id = $1",
                    {std::string(bundle_id)});
  if (!r) return std::nullopt;
  Receipt out{r->text(0), {}};
  if (auto sig = crypto::from_hex(r->text(1)); sig && sig->size() == out.signature.size())
    std::copy(sig->begin(), sig->end(), out.signature.begin());
  return out;
}

std::optional<std::string> Store::bundle_of_sitting(std::string_view school_code,
                                                    std::string_view campaign,
                                                    std::int64_t sitting) {
  auto r =
      db_->one("SELECT id FROM bundles WHERE school_code = $1 AND campaign = $2 AND sitting = $3",
               {std::string(school_code), std::string(campaign), sitting});
  if (!r) return std::nullopt;
  return r->text(0);
}

Result<void> Store::store_intake(const IntakeRecord& in, const Receipt& receipt) {
  if (frozen(in.campaign))
    return fail("campaign " + in.campaign + " is frozen: no more results are taken");
  db_->run(
      "INSERT INTO bundles(id, school_code, campaign, sitting, received_at, file, receipt, "
      "receipt_signature, acts, incidents, readiness, journal) "
      "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
      {in.bundle_id, in.school_code, in.campaign, in.sitting, in.received_ms, in.file, receipt.json,
       crypto::to_hex(receipt.signature), in.acts_json, in.incidents_json, in.readiness_json,
       in.journal_json});
  std::vector<std::vector<Value>> students, results, disagreements;
  students.reserve(in.students.size());
  results.reserve(in.students.size() * 3);
  for (const auto& s : in.students) {
    students.push_back({in.bundle_id, s.personal_code, s.student_key, s.iin, s.last_name,
                        s.first_name, s.middle_name, s.class_name, std::int64_t{s.grade},
                        s.language, s.status, s.absence_reason});
    for (const auto& r : s.results)
      results.push_back({in.bundle_id, s.personal_code, r.subject, r.language, r.variant, r.variant,
                         r.score, r.max_score, r.level, std::int64_t{r.absent},
                         std::int64_t{r.annulled}, encode_responses(r.responses)});
  }
  for (const auto& d : in.disagreements)
    disagreements.push_back(
        {in.bundle_id, d.personal_code, d.subject, d.school_score, d.ntc_score});
  db_->insert_rows("students",
                   {"bundle_id", "personal_code", "student_key", "iin", "last_name", "first_name",
                    "middle_name", "class_name", "grade", "language", "status", "absence_reason"},
                   students);
  db_->insert_rows("results",
                   {"bundle_id", "personal_code", "subject", "language", "form_id", "variant",
                    "score", "max_score", "level", "absent", "annulled", "responses"},
                   results);
  db_->insert_rows("disagreements",
                   {"bundle_id", "personal_code", "subject", "school_score", "ntc_score"},
                   disagreements);
  return {};
}

std::optional<Bytes> Store::bundle_file(std::string_view bundle_id) {
  auto r = db_->one("SELECT file FROM bundles WHERE id = $1", {std::string(bundle_id)});
  if (!r) return std::nullopt;
  return r->blob(0);
}

std::vector<ScoreDisagreement> Store::disagreements(std::string_view bundle_id) {
  std::vector<ScoreDisagreement> out;
  db_->each(
      "SELECT personal_code, subject, school_score, ntc_score FROM disagreements WHERE bundle_id = "
      "$1 ORDER BY personal_code, subject",
      {std::string(bundle_id)}, [&out](const Row& r) {
        out.push_back({r.text(0), r.text(1), r.real(2), r.real(3)});
      });
  return out;
}

// [SECTION] Analysis

CampaignData Store::load_campaign(std::string_view campaign) {
  CampaignData data;
  data.campaign = campaign;
  for (auto& s : schools()) data.schools.push_back(std::move(s.info));
  const auto forms = campaign_forms(campaign);
  // Items of every form, once per (item, language).
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [id, form] : forms) {
    const std::string language(code(form.booklet.language));
    for (const Item& item : form.booklet.items) {
      if (!seen.insert({item.id, language}).second) continue;
      ItemInfo info;
      info.item_id = item.id;
      info.subject = code(form.booklet.subject);
      info.language = language;
      info.kind = kind_name(item.kind);
      info.option_count = static_cast<int>(item.choices.size());
      info.max_score = item.points;
      if (auto k = form.keys.find(item.id); k != form.keys.end())
        for (const auto& choice : k->second.choices)
          for (std::size_t i = 0; i < item.choices.size(); ++i)
            if (item.choices[i].id == choice) info.key.push_back(static_cast<int>(i));
      data.items.push_back(std::move(info));
    }
  }
  // Choice ids to option indices, per form item.
  std::map<std::pair<std::string, std::string>, const Item*> items;  // (form, item)
  for (const auto& [id, form] : forms)
    for (const Item& item : form.booklet.items) items[{id, item.id}] = &item;
  // Each row holds a student's subject with its item responses (encode_responses).
  db_->each(
      "SELECT r.subject, r.language, r.variant, r.score, r.max_score, r.level, r.absent, "
      "r.annulled, s.student_key, b.school_code, s.class_name, s.grade, s.absence_reason, "
      "r.form_id, r.responses FROM results r JOIN students s ON s.bundle_id = r.bundle_id AND "
      "s.personal_code = r.personal_code JOIN bundles b ON b.id = r.bundle_id WHERE b.campaign = "
      "$1 ORDER BY b.school_code, r.bundle_id, r.personal_code, r.subject",
      {std::string(campaign)}, [&](const Row& r) {
        StudentResult s;
        s.subject = r.text(0);
        s.language = r.text(1);
        s.variant = r.text(2);
        s.score = r.real(3);
        s.max_score = r.real(4);
        s.level = r.text(5);
        s.absent = r.integer(6) != 0;
        s.annulled = r.integer(7) != 0;
        s.student_key = r.text(8);
        s.school_code = r.text(9);
        s.class_name = r.text(10);
        s.grade = static_cast<int>(r.integer(11));
        s.absence_reason = r.text(12);
        const std::string form_id = r.text(13);
        auto responses = decode_responses(r.blob(14));
        if (!responses)
          throw DbError("results of " + s.student_key + ": " + responses.error().what);
        s.responses = std::move(*responses);
        for (ItemResponse& resp : s.responses) {
          const auto item = items.find({form_id, resp.item_id});
          if (item == items.end() || (item->second->kind != ItemKind::single_choice &&
                                      item->second->kind != ItemKind::multiple_choice))
            continue;
          for (const auto& choice : split(resp.response, ','))
            for (std::size_t i = 0; i < item->second->choices.size(); ++i)
              if (item->second->choices[i].id == choice) resp.chosen.push_back(static_cast<int>(i));
        }
        data.students.push_back(std::move(s));
      });
  return data;
}

Result<std::int64_t> Store::record_draw(const SamplingDraw& draw) {
  if (frozen(draw.campaign))
    return fail("the campaign " + draw.campaign + " is frozen: no more draws are recorded",
                "ntc.analysis.error.frozen");
  const auto last = db_->one("SELECT COALESCE(MAX(id), 0) FROM draws");
  const std::int64_t id = (last ? last->integer(0) : 0) + 1;
  db_->run(
      "INSERT INTO draws(id, campaign, seed, share, drawn_at, parameters) "
      "VALUES($1,$2,$3,$4,$5,$6)",
      {id, draw.campaign, draw.seed, draw.share, draw.drawn_ms, draw.parameters_json});
  std::vector<std::vector<Value>> rows;
  for (const auto& s : draw.schools) rows.push_back({id, s.school_code, s.stratum});
  db_->insert_rows("draw_schools", {"draw_id", "school_code", "stratum"}, rows);
  return id;
}

std::vector<SamplingDraw> Store::draws(std::string_view campaign) {
  std::vector<SamplingDraw> out;
  db_->each(
      "SELECT id, campaign, seed, share, drawn_at, parameters FROM draws WHERE campaign = $1 "
      "ORDER BY id",
      {std::string(campaign)}, [&out](const Row& r) {
        SamplingDraw d;
        d.id = r.integer(0);
        d.campaign = r.text(1);
        d.seed = r.text(2);
        d.share = r.real(3);
        d.drawn_ms = r.integer(4);
        d.parameters_json = r.text(5);
        out.push_back(std::move(d));
      });
  for (auto& d : out)
    db_->each(
        "SELECT school_code, stratum FROM draw_schools WHERE draw_id = $1 ORDER BY school_code",
        {d.id}, [&d](const Row& r) {
          d.schools.push_back({r.text(0), r.text(1)});
        });
  return out;
}

Result<void> Store::store_report(std::string_view campaign, std::string_view school_code,
                                 ByteView pdf) {
  if (frozen(campaign))
    return fail("the campaign " + std::string(campaign) + " is frozen: its reports are final",
                "ntc.analysis.error.frozen");
  db_->run(
      "INSERT INTO reports(campaign, school_code, pdf, created_at) VALUES($1,$2,$3,$4) "
      "ON CONFLICT(campaign, school_code) DO UPDATE SET pdf = excluded.pdf, "
      "created_at = excluded.created_at",
      {std::string(campaign), std::string(school_code), Bytes(pdf.begin(), pdf.end()), now_ms()});
  return {};
}

std::optional<Bytes> Store::report(std::string_view campaign, std::string_view school_code) {
  auto r = db_->one("SELECT pdf FROM reports WHERE campaign = $1 AND school_code = $2",
                    {std::string(campaign), std::string(school_code)});
  if (!r) return std::nullopt;
  return r->blob(0);
}

// [SECTION] Representatives

Result<void> Store::import_representatives(const std::vector<RepresentativeRecord>& list) {
  for (const auto& rep : list)
    if (frozen(rep.campaign))
      return fail("the campaign " + rep.campaign + " is frozen: its representatives are final",
                  "ntc.analysis.error.frozen");
  for (const auto& rep : list) {
    db_->run(
        "INSERT INTO representatives(campaign, id, full_name) VALUES($1,$2,$3) "
        "ON CONFLICT(campaign, id) DO UPDATE SET full_name = excluded.full_name",
        {rep.campaign, rep.id, rep.full_name});
    db_->run("DELETE FROM representative_schools WHERE campaign = $1 AND representative_id = $2",
             {rep.campaign, rep.id});
    std::vector<std::vector<Value>> rows;
    for (const auto& s : rep.school_codes) rows.push_back({rep.campaign, rep.id, s});
    db_->insert_rows("representative_schools", {"campaign", "representative_id", "school_code"},
                     rows, true);
  }
  return {};
}

std::vector<RepresentativeRecord> Store::representatives(std::string_view campaign) {
  std::vector<RepresentativeRecord> out;
  db_->each("SELECT id, full_name FROM representatives WHERE campaign = $1 ORDER BY id",
            {std::string(campaign)}, [&](const Row& r) {
              out.push_back({r.text(0), r.text(1), std::string(campaign), {}});
            });
  for (auto& rep : out)
    db_->each(
        "SELECT school_code FROM representative_schools WHERE campaign = $1 AND "
        "representative_id = $2 ORDER BY school_code",
        {rep.campaign, rep.id}, [&rep](const Row& r) { rep.school_codes.push_back(r.text(0)); });
  return out;
}

// [SECTION] Freeze

bool Store::frozen(std::string_view campaign) {
  return db_->one("SELECT 1 FROM freezes WHERE campaign = $1", {std::string(campaign)}).has_value();
}

Result<void> Store::freeze(std::string_view campaign, std::string_view manifest_json,
                           const crypto::Signature& signature) {
  if (frozen(campaign)) return fail("the campaign " + std::string(campaign) + " is already frozen");
  db_->run(
      "INSERT INTO freezes(campaign, at, manifest, signature) VALUES($1,$2,$3,$4)",
      {std::string(campaign), now_ms(), std::string(manifest_json), crypto::to_hex(signature)});
  return {};
}

std::map<std::string, std::string> Store::campaign_hashes(std::string_view campaign) {
  std::map<std::string, std::string> out;
  db_->each("SELECT id, file FROM bundles WHERE campaign = $1", {std::string(campaign)},
            [&out](const Row& r) {
              out["bundle/" + r.text(0)] = crypto::to_hex(crypto::hash({r.blob(1)}));
            });
  db_->each("SELECT school_code, pdf FROM reports WHERE campaign = $1", {std::string(campaign)},
            [&out](const Row& r) {
              out["report/" + r.text(0)] = crypto::to_hex(crypto::hash({r.blob(1)}));
            });
  db_->each("SELECT id, parameters FROM draws WHERE campaign = $1", {std::string(campaign)},
            [&out](const Row& r) {
              out["draw/" + r.text(0)] = crypto::to_hex(crypto::hash({as_bytes(r.text(1))}));
            });
  return out;
}

}  // namespace bbzhm::ntc
