// bench/ntc_intake: how long the NTC takes to take in a national campaign's results bundles —
// real bundles (the school server's format: participants with answers and scores, a journal of
// check-ins and finishes chained and signed with each school's key, signed and sealed to the NTC)
// for about 43 students a school (7 000 schools at 300 000 students), 40 items each (reading 14,
// math 13, science 13, Kazakh and Russian forms), taken in by ntc::intake_bundles with every
// check (seal, signature, registry key, journal chain and signatures, package, re-scoring) on
// SQLite (a temporary folder) or the PostgreSQL given with --db (its tables are dropped first).
// Prints one line per size (the growth) and last `key=value` for the largest.
//   bbzhm-ntc-intake-bench --students 10000,100000,300000 [--threads N] [--db postgresql://...]
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "ntc/intake.hpp"
#include "ntc/store.hpp"
#include "server/bundle.hpp"

using namespace bbzhm;
using nlohmann::json;

namespace {

constexpr int kStudentsPerSchool = 43;  // 300 000 / 7 000
constexpr const char* kCampaign = "2027-04";

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The campaign's forms: three subjects in Kazakh and Russian, single-choice items A-D.
std::vector<item_bank::TestForm> make_forms() {
  std::vector<item_bank::TestForm> out;
  const std::pair<Subject, int> subjects[] = {
      {Subject::reading, 14}, {Subject::math, 13}, {Subject::science, 13}};
  for (Language lang : {Language::kk, Language::ru})
    for (const auto& [subject, items] : subjects) {
      item_bank::TestForm f;
      f.id = "g9-" + std::string(code(subject)) + "-" + std::string(code(lang)) + "-1";
      f.grade = 9;
      f.booklet.subject = subject;
      f.booklet.language = lang;
      f.booklet.minutes = 40;
      f.levels = {{"low", 0}, {"medium", 40}, {"high", 75}};
      for (int i = 0; i < items; ++i) {
        Item item;
        item.id = std::string(code(subject)) + "-" + std::to_string(i + 1);
        item.stem = "?";
        for (const char* c : {"A", "B", "C", "D"}) item.choices.push_back(Choice{c, c});
        f.booklet.items.push_back(item);
        f.keys[item.id] = item_bank::ItemKey{.choices = {std::string(1, "ABCD"[i % 4])}};
      }
      out.push_back(std::move(f));
    }
  return out;
}

struct Journal {
  json entries = json::array();
  Bytes prev = Bytes(crypto::kHashBytes, 0);
  const crypto::SigningKey* key = nullptr;
  // The school server's entry bytes and signature (server/bundle.hpp, as Store::journal signs).
  void add(std::int64_t at, const std::string& actor, const std::string& kind,
           const std::string& payload) {
    const std::int64_t seq = static_cast<std::int64_t>(entries.size()) + 1;
    const crypto::Hash h =
        crypto::hash({server::journal_entry_bytes(seq, at, actor, kind, payload, prev)});
    const crypto::Signature sig = crypto::sign(*key, h);
    entries.push_back({{"seq", seq},
                       {"at", at},
                       {"actor", actor},
                       {"kind", kind},
                       {"payload", payload},
                       {"prev_hash", crypto::to_hex(prev)},
                       {"hash", crypto::to_hex(h)},
                       {"signature", crypto::to_hex(sig)}});
    prev.assign(h.begin(), h.end());
  }
};

// One school's bundle: `students` of class 9, two absent, the others answering ~85% of items.
Bytes make_bundle(int school, int students, const crypto::SigningKey& key,
                  const crypto::PublicKey& ntc, const std::vector<item_bank::TestForm>& forms,
                  std::int64_t* journal_entries) {
  const std::string code = std::to_string(100000 + school);
  const std::int64_t t0 = 1'800'000'000'000 + school;
  Journal j;
  j.key = &key;
  j.add(t0, "technician", "init",
        json{{"school", code}, {"key", crypto::to_hex(key.public_key)}}.dump());
  j.add(t0 + 1, "technician", "import_roster", json{{"students", students}}.dump());
  j.add(t0 + 2, "technician", "load_package", json{{"package", "2027-04-schools"}}.dump());
  j.add(t0 + 3, "technician", "create_sitting", json{{"sitting", 1}, {"class", "9А"}}.dump());
  json participants = json::array();
  const bool kk = school % 3 != 0;
  std::uint64_t rng = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(school + 1);
  auto next = [&rng] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  for (int s = 0; s < students; ++s) {
    const std::string pc = std::to_string(1000000 + s);
    const bool absent = s < 2;
    json p = {{"seat", s + 1},
              {"personal_code", pc},
              {"iin", std::to_string(100000000000LL + school * 100LL + s)},
              {"last_name", "Сейітқали"},
              {"first_name", "Әйгерім"},
              {"middle_name", "Нұрланқызы"},
              {"class", "9А"},
              {"grade", 9},
              {"language", kk ? "kk" : "ru"},
              {"reading_language", nullptr},
              {"status", absent ? "absent" : "finished"},
              {"absence_reason", absent ? json("illness") : json(nullptr)},
              {"started_at", t0 + 100},
              {"finished_at", t0 + 3000},
              {"receipt", "ABCD-EFGH"}};
    json tests = json::array(), answers = json::array(), results = json::array();
    j.add(t0 + 10 + s, "representative", "check_in",
          json{{"sitting", 1}, {"personal_code", pc}, {"status", absent ? "absent" : "admitted"}}
              .dump());
    for (const auto& f : forms) {
      if ((f.booklet.language == Language::kk) != kk) continue;
      tests.push_back({{"subject", std::string(bbzhm::code(f.booklet.subject))}, {"form", f.id}});
      if (absent) continue;
      std::map<std::string, std::string> mine;
      std::int64_t seq = 0;
      for (const Item& item : f.booklet.items) {
        const std::uint64_t r = next() % 100;
        if (r >= 85) continue;  // omitted
        const std::string response(1, "ABCD"[(r + item.id.size()) % 4]);
        mine[item.id] = response;
        answers.push_back(
            {{"item", item.id}, {"response", response}, {"seq", ++seq}, {"saved_at", t0 + 200}});
      }
      const item_bank::FormScore score = item_bank::score_form(f, mine);
      results.push_back({{"subject", std::string(bbzhm::code(f.booklet.subject))},
                         {"language", std::string(bbzhm::code(f.booklet.language))},
                         {"score", score.score},
                         {"max_score", score.max_score},
                         {"level", score.level}});
    }
    p["tests"] = tests;
    p["answers"] = answers;
    p["results"] = results;
    participants.push_back(std::move(p));
  }
  j.add(t0 + 90, "representative", "sitting_open", json{{"sitting", 1}}.dump());
  for (int s = 2; s < students; ++s)
    j.add(t0 + 3000 + s, "server", "finish",
          json{{"sitting", 1}, {"personal_code", std::to_string(1000000 + s)}, {"why", "student"}}
              .dump());
  j.add(t0 + 4000, "representative", "sitting_ended", json{{"sitting", 1}}.dump());
  *journal_entries += static_cast<std::int64_t>(j.entries.size());
  json content;
  content["format"] = 1;
  content["school"] = {
      {"code", code}, {"name", "Мектеп " + code}, {"server_key", crypto::to_hex(key.public_key)}};
  content["sitting"] = {{"id", 1},        {"campaign", kCampaign}, {"grade", 9},
                        {"class", "9А"},  {"room", "101"},         {"state", "ended"},
                        {"minutes", 120}, {"created_at", t0}};
  content["forms"] = json::array();
  content["participants"] = std::move(participants);
  content["acts"] = json::array();
  content["incidents"] = json::array();
  content["readiness"] = json::array();
  content["journal"] = std::move(j.entries);
  return server::seal_bundle(content.dump(), key, ntc);
}

struct Run {
  int students = 0, schools = 0;
  std::int64_t answers = 0, journal_entries = 0, bundle_bytes = 0;
  double seconds = 0, cpu = 0, generate_seconds = 0, db_mib = 0;
  int stored = 0, refused = 0, disagreements = 0;
  std::string first_refusal;
};

Run run(int students, const std::string& db, unsigned threads) {
  Run out;
  out.students = students;
  out.schools = (students + kStudentsPerSchool - 1) / kStudentsPerSchool;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("bbzhm-ntc-bench-" + std::to_string(::getpid()) + "-" + std::to_string(students));
  std::filesystem::remove_all(dir);
  if (auto r = ntc::Store::create(dir, std::nullopt, db); !r)
    throw std::runtime_error(r.error().what);
  auto store = ntc::Store::open(dir, db);
  if (!store) throw std::runtime_error(store.error().what);
  ntc::Store& st = **store;
  const auto forms = make_forms();
  {
    ntc::Transaction tx(st.db());
    if (auto r = st.register_package({"2027-04-schools", kCampaign, ntc::now_ms(), {}}, forms); !r)
      throw std::runtime_error(r.error().what);
    tx.commit();
  }

  // The schools, their keys and bundles (on every core; not timed as intake).
  const auto g0 = std::chrono::steady_clock::now();
  std::vector<crypto::SigningKey> keys(static_cast<std::size_t>(out.schools));
  std::vector<Bytes> bundles(keys.size());
  std::vector<std::int64_t> entries(keys.size(), 0);
  std::atomic<int> next{0};
  auto generate = [&] {
    for (int i = next++; i < out.schools; i = next++) {
      keys[i] = crypto::SigningKey::generate();
      const int n = std::min(kStudentsPerSchool, students - i * kStudentsPerSchool);
      bundles[i] = make_bundle(i, n, keys[i], st.key().public_key, forms, &entries[i]);
    }
  };
  {
    std::vector<std::thread> gen;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
      gen.emplace_back(generate);
    for (auto& t : gen) t.join();
  }
  std::vector<ntc::RegisteredSchool> registry;
  for (int i = 0; i < out.schools; ++i) {
    ntc::RegisteredSchool s;
    s.info.code = std::to_string(100000 + i);
    s.info.name = "Мектеп " + s.info.code;
    s.info.region = "Region " + std::to_string(i % 20);
    s.info.district = "District " + std::to_string(i % 240);
    s.info.urban = i % 2 == 0;
    s.info.type = "school";
    s.info.languages = {i % 3 != 0 ? "kk" : "ru"};
    s.info.contingent = "medium";
    s.public_key = keys[i].public_key;
    registry.push_back(std::move(s));
    out.journal_entries += entries[i];
    out.bundle_bytes += static_cast<std::int64_t>(bundles[i].size());
  }
  {
    ntc::Transaction tx(st.db());
    st.import_schools(registry);
    tx.commit();
  }
  out.generate_seconds = since(g0);

  // The intake, timed.
  const double cpu0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  ntc::BatchOptions options;
  options.threads = threads;
  ntc::intake_bundles(
      st, bundles.size(),
      [&bundles](std::size_t i) -> Result<Bytes> { return std::move(bundles[i]); },
      [&out](std::size_t, Result<ntc::IntakeOutcome> r) {
        if (!r) {
          if (out.refused++ == 0) out.first_refusal = r.error().what;
          return;
        }
        ++out.stored;
        out.disagreements += static_cast<int>(r->disagreements.size());
      },
      options);
  out.seconds = since(t0);
  out.cpu = cpu_seconds() - cpu0;
  out.answers = static_cast<std::int64_t>(students - 2 * out.schools) * 40;
  if (db.empty()) {
    std::error_code ec;
    for (const char* f : {"ntc.db", "ntc.db-wal"})
      out.db_mib += static_cast<double>(std::filesystem::file_size(dir / f, ec)) / (1 << 20);
  }
  store->reset();
  std::filesystem::remove_all(dir);
  return out;
}

double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// The machine's floor for the same work, in CPU time measured in the same run: one Ed25519
// verification per journal entry and per bundle, which no faster intake can skip.
double verify_seconds_each() {
  const crypto::SigningKey k = crypto::SigningKey::generate();
  const crypto::Hash h = crypto::hash({as_bytes("bench")});
  const crypto::Signature sig = crypto::sign(k, h);
  const int n = 4000;
  const double t0 = thread_cpu_seconds();
  int ok = 0;
  for (int i = 0; i < n; ++i) ok += crypto::verify(k.public_key, h, sig) ? 1 : 0;
  return ok == n ? (thread_cpu_seconds() - t0) / n : 0;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  auto args = Args::parse(argc, argv);
  if (!args) return 2;
  std::vector<int> sizes;
  {
    std::istringstream list(args->get("students").value_or("3000"));
    for (std::string part; std::getline(list, part, ',');)
      if (!part.empty()) sizes.push_back(std::stoi(part));
  }
  const unsigned threads = static_cast<unsigned>(args->number("threads", 0).value_or(0));
  const unsigned used = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  const std::string db = args->get("db").value_or("");
  const std::string backend = db.empty() ? "sqlite" : "postgresql";
  const double verify_each = verify_seconds_each();
  Run last;
  for (int students : sizes) {
    if (!db.empty()) {
      // A clean database for each size: the bench owns the one it was given.
      auto wipe = ntc::open_database(db);
      if (!wipe) {
        std::cerr << wipe.error().what << "\n";
        return 1;
      }
      (*wipe)->exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }
    last = run(students, db, threads);
    const double floor_s = verify_each * static_cast<double>(last.journal_entries + last.schools);
    std::cout << "growth backend=" << backend << " students=" << last.students
              << " schools=" << last.schools << " intake_s=" << last.seconds
              << " cpu_s=" << last.cpu
              << " students_per_s=" << static_cast<long long>(last.students / last.seconds)
              << " journal_entries=" << last.journal_entries << " verify_floor_cpu_s=" << floor_s
              << " stored=" << last.stored << " refused=" << last.refused
              << " generate_s=" << last.generate_seconds << "\n"
              << std::flush;
    if (last.refused) std::cerr << "first refusal: " << last.first_refusal << "\n";
  }
  const double floor_s = verify_each * static_cast<double>(last.journal_entries + last.schools);
  std::cout << "backend=" << backend << " threads=" << used << " students=" << last.students
            << " schools=" << last.schools << " answers=" << last.answers
            << " bundle_mib=" << static_cast<double>(last.bundle_bytes) / (1 << 20)
            << " journal_entries=" << last.journal_entries << " intake_s=" << last.seconds
            << " cpu_s=" << last.cpu << " cpu_per_thread_s=" << last.cpu / used << " answers_per_s="
            << static_cast<long long>(static_cast<double>(last.answers) / last.seconds)
            << " verify_us=" << verify_each * 1e6 << " verify_floor_cpu_s=" << floor_s
            << " cpu_ratio_vs_floor=" << last.cpu / floor_s << " db_mib=" << last.db_mib
            << " stored=" << last.stored << " refused=" << last.refused
            << " disagreements=" << last.disagreements << " target_s=60\n";
  return last.refused == 0 && last.stored == last.schools ? 0 : 1;
}
