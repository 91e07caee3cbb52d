// The school database through its owner: roster import, sittings, check-in, the clock, saves,
// scoring against the keys.
#include "server/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "tests/support/process.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::server {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    ASSERT_TRUE(Store::create(dir / "school", School{"010203", "Мектеп"}));
    auto s = Store::open(dir / "school");
    ASSERT_TRUE(s) << s.error().what;
    store = std::move(*s);
    auto roster =
        parse_roster(test::read_file(test::source_path("scripts/demo-data/roster-9a.csv")));
    ASSERT_TRUE(roster);
    students = *roster;
    sqlite::Transaction tx(store->db());
    store->import_roster(students, "roster-9a.csv");
    tx.commit();
    auto f = item_bank::load_forms(BBZHM_SAMPLE_FORMS_DIR);
    ASSERT_TRUE(f) << f.error().what;
    forms = *f;
  }

  CreatedSitting create() {
    sqlite::Transaction tx(store->db());
    auto c =
        store->create_sitting({"2027-04", 9, "9А", "12"}, forms, crypto::PasswordCost::minimum);
    EXPECT_TRUE(c) << (c ? "" : c.error().what);
    tx.commit();
    return *c;
  }

  template <class F>
  auto in_tx(F f) {
    sqlite::Transaction tx(store->db());
    auto r = f(*store);
    tx.commit();
    return r;
  }

  test::TempDir dir;
  std::unique_ptr<Store> store;
  std::vector<RosterStudent> students;
  std::vector<item_bank::TestForm> forms;
};

TEST_F(StoreTest, ReimportingTheSameRosterChangesNothingAndAChangeUpdatesByIin) {
  auto again = in_tx([&](Store& s) { return s.import_roster(students, "roster-9a.csv"); });
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, static_cast<int>(students.size()));
  auto changed = students;
  changed[0].last_name = "Жаңаева";
  auto update = in_tx([&](Store& s) { return s.import_roster(changed, "roster-9a.csv"); });
  EXPECT_EQ(update.updated, 1);
  EXPECT_EQ(update.added, 0);
}

TEST_F(StoreTest, SittingGivesEachStudentCodesLoginsAndHashedPasswords) {
  const auto c = create();
  ASSERT_EQ(c.logins.size(), students.size());
  EXPECT_EQ(c.minutes, 135);  // reading 45 + math 45 + science 45
  std::set<std::string> codes;
  for (const auto& l : c.logins) {
    EXPECT_EQ(l.personal_code.size(), 7u);
    codes.insert(l.personal_code);
    auto creds = store->find_login(l.login);
    ASSERT_TRUE(creds);
    EXPECT_TRUE(crypto::verify_password(creds->password_hash, l.password));
    EXPECT_EQ(creds->password_hash.find(l.password), std::string::npos);
  }
  EXPECT_EQ(codes.size(), c.logins.size());
}

TEST_F(StoreTest, LoginNeedsAdmissionAndAnOpenSitting) {
  const auto c = create();
  const auto pid = store->find_login(c.logins[0].login)->participant;
  EXPECT_EQ(in_tx([&](Store& s) { return s.begin_attempt(pid, "S01", now_ms()); }).error(),
            protocol::LoginRefusal::not_admitted);
  ASSERT_TRUE(
      in_tx([&](Store& s) { return s.check_in(c.id, c.logins[0].personal_code, std::nullopt); }));
  EXPECT_EQ(in_tx([&](Store& s) { return s.begin_attempt(pid, "S01", now_ms()); }).error(),
            protocol::LoginRefusal::sitting_not_open);
  ASSERT_TRUE(in_tx([&](Store& s) { return s.set_state(c.id, SittingState::open, now_ms()); }));
  auto ok = in_tx([&](Store& s) { return s.begin_attempt(pid, "S01", now_ms()); });
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->booklets.size(), 3u);
  EXPECT_NEAR(static_cast<double>(ok->remaining_ms), 135 * 60'000.0, 5'000.0);
}

TEST_F(StoreTest, CheckInRefusesUnknownAndDuplicateCodesAndRecordsAbsenceReasons) {
  const auto c = create();
  EXPECT_FALSE(in_tx([&](Store& s) { return s.check_in(c.id, "0000000", std::nullopt); }));
  ASSERT_TRUE(
      in_tx([&](Store& s) { return s.check_in(c.id, c.logins[0].personal_code, std::nullopt); }));
  auto twice =
      in_tx([&](Store& s) { return s.check_in(c.id, c.logins[0].personal_code, std::nullopt); });
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().what.find("already admitted"), std::string::npos);
  ASSERT_TRUE(in_tx([&](Store& s) {
    return s.check_in(c.id, c.logins[1].personal_code, AbsenceReason::competition);
  }));
  const auto rows = store->results(c.id);
  EXPECT_EQ(rows[1].status, "absent");
  EXPECT_EQ(rows[1].absence, AbsenceReason::competition);
}

class OpenSitting : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    sitting = create();
    in_tx([&](Store& s) {
      for (const auto& l : sitting.logins)
        EXPECT_TRUE(s.check_in(sitting.id, l.personal_code, std::nullopt));
      return s.set_state(sitting.id, SittingState::open, now_ms());
    });
    pid = store->find_login(sitting.logins[0].login)->participant;
    ok = *in_tx([&](Store& s) { return s.begin_attempt(pid, "S01", now_ms()); });
  }
  protocol::SaveAck save(std::uint64_t seq, const std::string& item, const std::string& response) {
    auto out = in_tx([&](Store& s) { return s.save_answer(pid, {seq, item, response}, now_ms()); });
    EXPECT_TRUE(out.stored) << item << "=" << response;
    return {seq, out.remaining_ms};
  }
  const item_bank::TestForm& form_of(const Booklet& b) {
    for (const auto& f : forms)
      if (f.grade == 9 && f.booklet.subject == b.subject && f.booklet.language == b.language)
        return f;
    throw std::logic_error("no form");
  }
  CreatedSitting sitting;
  std::int64_t pid = 0;
  protocol::LoginOk ok;
};

TEST_F(OpenSitting, ScoresMatchTheKeyForEveryItemKind) {
  // Every item right in the first booklet, every item wrong in the second, nothing in the third.
  std::uint64_t seq = 1;
  const auto& right = form_of(ok.booklets[0]);
  for (const Item& item : right.booklet.items) {
    const auto& key = right.keys.at(item.id);
    std::string response;
    if (item.kind == ItemKind::numeric) {
      std::ostringstream v;
      v << key.value;
      response = v.str();
    } else {
      for (const auto& id : key.choices) response += (response.empty() ? "" : ",") + id;
    }
    save(seq++, item.id, response);
  }
  const auto& wrong = form_of(ok.booklets[1]);
  for (const Item& item : wrong.booklet.items) {
    const auto& key = wrong.keys.at(item.id);
    std::string response;
    if (item.kind == ItemKind::numeric) {
      response = std::to_string(static_cast<long long>(key.value) + 1000);
    } else {
      for (const auto& c : item.choices)
        if (std::ranges::find(key.choices, c.id) == key.choices.end()) response = c.id;
    }
    save(seq++, item.id, response);
  }
  const auto results = in_tx([&](Store& s) { return s.finish(pid, now_ms(), "student"); });
  ASSERT_EQ(results.subjects.size(), 3u);
  EXPECT_EQ(results.subjects[0].score, results.subjects[0].max_score);
  EXPECT_EQ(results.subjects[0].level, "high");
  EXPECT_EQ(results.subjects[1].score, 0);
  EXPECT_EQ(results.subjects[1].level, "low");
  EXPECT_EQ(results.subjects[2].score, 0);
  EXPECT_EQ(results.receipt.size(), 14u);
}

TEST_F(OpenSitting, ResentSaveIsStoredOnceAndAnOlderOneNeverOverwritesANewer) {
  const Item& item = ok.booklets[1].items[0];
  const std::string a = item.kind == ItemKind::numeric ? "1" : item.choices[0].id;
  const std::string b = item.kind == ItemKind::numeric ? "2" : item.choices[1].id;
  save(5, item.id, b);
  save(4, item.id, a);  // an older save arriving late
  save(5, item.id, b);  // a resend
  EXPECT_EQ(store->results(sitting.id).size(), sitting.logins.size());
  auto again = *in_tx([&](Store& s) { return s.begin_attempt(pid, "S02", now_ms()); });
  ASSERT_EQ(again.answers.size(), 1u);
  EXPECT_EQ(again.answers[0].response, b);
  EXPECT_EQ(again.next_seq, 6u);
}

// The bytes of the database file and its WAL, as someone who copied them would read them.
std::string file_bytes(const std::filesystem::path& db) {
  std::string all;
  for (const char* suffix : {"", "-wal"})
    if (std::filesystem::exists(db.string() + suffix)) all += test::read_file(db.string() + suffix);
  return all;
}

const Item* numeric_item(const protocol::LoginOk& ok) {
  for (const auto& b : ok.booklets)
    for (const auto& i : b.items)
      if (i.kind == ItemKind::numeric) return &i;
  return nullptr;
}

TEST_F(OpenSitting, AnswersAreSealedAtRestAndARowMovedToAnotherStudentDoesNotOpen) {
  const Item* item = numeric_item(ok);
  ASSERT_NE(item, nullptr);
  const std::string marker = "314159265358979";
  save(1, item->id, marker);
  const auto other = store->find_login(sitting.logins[1].login)->participant;
  in_tx([&](Store& s) { return s.begin_attempt(other, "S02", now_ms()); });
  in_tx([&](Store& s) { return s.save_answer(other, {1, item->id, "2"}, now_ms()); });
  // Read back through the store: the stations, scoring and the bundle see the answer.
  const auto rows = store->answer_rows(sitting.id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].response, marker);
  auto again = *in_tx([&](Store& s) { return s.begin_attempt(pid, "S03", now_ms()); });
  ASSERT_EQ(again.answers.size(), 1u);
  EXPECT_EQ(again.answers[0].response, marker);
  // The file holds ciphertext only, in the database and in its WAL.
  auto type = store->db().prepare("SELECT DISTINCT typeof(sealed_response) FROM answers");
  ASSERT_TRUE(type.step());
  EXPECT_EQ(type.text(0), "blob");
  type.reset();
  EXPECT_EQ(file_bytes(dir / "school" / kDatabaseFile).find(marker), std::string::npos);
  // Someone with the file but not the key moves one student's answer onto another: it no longer
  // opens (the row is the associated data), and the store says so rather than scoring it.
  store->db().exec(
      "UPDATE answers SET sealed_response = (SELECT sealed_response FROM answers WHERE "
      "participant_id = " +
      std::to_string(pid) + ") WHERE participant_id = " + std::to_string(other));
  EXPECT_THROW(store->answer_rows(sitting.id), std::runtime_error);
}

TEST_F(OpenSitting, ADatabaseWithPlainTextAnswersIsSealedWhenOpened) {
  const Item* item = numeric_item(ok);
  ASSERT_NE(item, nullptr);
  // A school.db of schema 1 (answers in plain text), as an earlier server left it.
  const std::string marker = "271828182845904";
  store->db().exec(
      "ALTER TABLE answers RENAME COLUMN sealed_response TO response;"
      "UPDATE settings SET value = '1' WHERE key = 'schema_version';");
  store->db()
      .prepare(
          "INSERT INTO answers(participant_id, item_id, response, seq, saved_at) "
          "VALUES(?,?,?,1,0)")
      .bind(1, pid)
      .bind(2, item->id)
      .bind(3, marker)
      .run();
  store.reset();
  auto reopened = Store::open(dir / "school");
  ASSERT_TRUE(reopened) << reopened.error().what;
  store = std::move(*reopened);
  EXPECT_EQ(store->setting("schema_version"), "2");
  const auto rows = store->answer_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].response, marker);
  EXPECT_EQ(file_bytes(dir / "school" / kDatabaseFile).find(marker), std::string::npos);
  EXPECT_TRUE(store->verify_journal());
  EXPECT_EQ(store->journal_entries().back().kind, "seal_answers");
}

TEST_F(OpenSitting, ResumingOnAnotherStationKeepsTheDeadline) {
  auto later = *in_tx([&](Store& s) { return s.begin_attempt(pid, "S02", now_ms() + 60'000); });
  EXPECT_NEAR(static_cast<double>(ok.remaining_ms - later.remaining_ms), 60'000.0, 2'000.0);
}

TEST_F(OpenSitting, UnknownItemsAndInvalidResponsesAreRefused) {
  auto unknown = in_tx([&](Store& s) { return s.save_answer(pid, {1, "G4M-01", "A"}, now_ms()); });
  EXPECT_FALSE(unknown.stored);
  EXPECT_EQ(unknown.refusal, protocol::SaveRefusal::unknown_item);
  const Item& item = ok.booklets[0].items[0];
  auto bad = in_tx([&](Store& s) { return s.save_answer(pid, {2, item.id, "Z"}, now_ms()); });
  EXPECT_FALSE(bad.stored);
  EXPECT_EQ(bad.refusal, protocol::SaveRefusal::bad_response);
}

TEST_F(OpenSitting, TimeOverFinishesTheTestAndRefusesLaterSaves) {
  const std::int64_t after = now_ms() + 136 * 60'000;
  const auto expired = in_tx([&](Store& s) { return s.finish_expired(after); });
  EXPECT_EQ(expired, std::vector<std::int64_t>{pid});
  const Item& item = ok.booklets[0].items[0];
  auto late = in_tx([&](Store& s) {
    return s.save_answer(
        pid, {9, item.id, item.kind == ItemKind::numeric ? "1" : item.choices[0].id}, after);
  });
  EXPECT_FALSE(late.stored);
  EXPECT_EQ(late.refusal, protocol::SaveRefusal::finished);
  EXPECT_EQ(store->results(sitting.id)[0].status, "finished");
}

}  // namespace
}  // namespace bbzhm::server
