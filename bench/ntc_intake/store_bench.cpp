// bench/ntc_intake: how fast the NTC's store takes a campaign's results — schools' bundles of
// 25 students × 3 subjects × ~13 items (≈ 40 answers a student) stored through
// Store::store_intake, one transaction per bundle, on SQLite (a temporary folder) or on the
// PostgreSQL given with --db. Prints `students=… answers=… seconds=… answers_per_s=…` last.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "ntc/store.hpp"

using namespace bbzhm;

int main(int argc, char** argv) {
  crypto::init();
  auto args = Args::parse(argc, argv);
  if (!args) return 2;
  const int students = static_cast<int>(args->number("students", 3000).value_or(3000));
  const int per_bundle = 25;
  const std::string db = args->get("db").value_or("");
  const auto dir =
      std::filesystem::temp_directory_path() / ("bbzhm-ntc-bench-" + std::to_string(::getpid()));
  if (auto r = ntc::Store::create(dir, std::nullopt, db); !r) {
    std::cerr << r.error().what << "\n";
    return 1;
  }
  auto store = ntc::Store::open(dir, db);
  if (!store) return 1;
  const char* subjects[] = {"reading", "math", "science"};
  std::int64_t answers = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int b = 0; b * per_bundle < students; ++b) {
    ntc::IntakeRecord rec;
    rec.bundle_id = "bench-" + std::to_string(b);
    rec.school_code = std::to_string(100000 + b);
    rec.campaign = "2027-04";
    rec.sitting = 1;
    rec.received_ms = ntc::now_ms();
    rec.file = Bytes(20000, 7);
    rec.acts_json = rec.incidents_json = rec.readiness_json = rec.journal_json = "[]";
    for (int s = 0; s < per_bundle && b * per_bundle + s < students; ++s) {
      ntc::IntakeStudent st;
      st.personal_code = std::to_string(1000000 + s);
      st.iin = std::to_string(100000000000LL + b * per_bundle + s);
      st.student_key = ntc::student_key((*store)->key(), rec.campaign, st.iin);
      st.last_name = "Сейітқали";
      st.first_name = "Әйгерім";
      st.class_name = "9А";
      st.grade = 9;
      st.language = "kk";
      st.status = "finished";
      for (const char* subject : subjects) {
        ntc::StudentResult r;
        r.subject = subject;
        r.language = "kk";
        r.variant = std::string("2027-04-schools/g9-") + subject + "-kk-1";
        for (int i = 0; i < (subject == subjects[0] ? 14 : 13); ++i) {
          ntc::ItemResponse resp;
          resp.item_id = std::string(subject) + "-" + std::to_string(i);
          resp.response = "B";
          resp.score = i % 2;
          r.responses.push_back(resp);
          r.score += resp.score;
          ++answers;
        }
        r.max_score = static_cast<double>(r.responses.size());
        r.level = "medium";
        st.results.push_back(std::move(r));
      }
      rec.students.push_back(std::move(st));
    }
    ntc::Receipt receipt{"{}", {}};
    ntc::Transaction tx((*store)->db());
    (*store)->store_intake(rec, receipt);
    tx.commit();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::filesystem::remove_all(dir);
  std::cout << "backend=" << (db.empty() ? "sqlite" : "postgresql") << " students=" << students
            << " answers=" << answers << " seconds=" << seconds
            << " answers_per_s=" << static_cast<long long>(static_cast<double>(answers) / seconds)
            << "\n";
  return 0;
}
