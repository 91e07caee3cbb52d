// Intake of results bundles (ntc/intake.hpp).
#include "ntc/intake.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/bundle.hpp"

namespace bbzhm::ntc {

// A participant as the bundle lists them, before re-scoring.
struct CheckedParticipant {
  IntakeStudent student;  // without results
  struct Given {
    std::string response;
    bool seen = false;  // in one of the participant's forms (set by rescore)
  };
  std::map<std::string, Given> given;           // item -> response
  std::map<std::string, double> school_scores;  // subject -> the school's score
  std::vector<std::string> forms;               // the forms sat, in the bundle's order
};

CheckedBundle::CheckedBundle() = default;
CheckedBundle::CheckedBundle(CheckedBundle&&) noexcept = default;
CheckedBundle& CheckedBundle::operator=(CheckedBundle&&) noexcept = default;
CheckedBundle::~CheckedBundle() = default;

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A bundle's content as a DOM, except the participants' answers — two thirds of its bytes, about
// 1 400 small objects a school — which are collected as the (item, response) pairs check_bundle
// reads, without a map and strings per field to build and free. Each participant's "answers" is
// left in the DOM as an empty array when it was an array. An answer that is not an object, or
// whose item or response is not a string, reads as "" (as `str` reads the DOM); a repeated key
// counts by its last value (as in the DOM).
class ContentParser {
 public:
  using Answers = std::vector<std::pair<std::string, std::string>>;

  explicit ContentParser(json& root) : dom_(root, false) {}

  // The answers collected for the participant at `index` of "participants" (null: none).
  Answers* answers(std::size_t index) {
    return index < answers_.size() ? &answers_[index] : nullptr;
  }

  bool null() { return capturing_ ? answer_value(nullptr) : (element(), dom_.null()); }
  bool boolean(bool v) { return capturing_ ? answer_value(nullptr) : (element(), dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) {
    return capturing_ ? answer_value(nullptr) : (element(), dom_.number_integer(v));
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return capturing_ ? answer_value(nullptr) : (element(), dom_.number_unsigned(v));
  }
  bool number_float(json::number_float_t v, const std::string& text) {
    return capturing_ ? answer_value(nullptr) : (element(), dom_.number_float(v, text));
  }
  bool string(std::string& v) {
    return capturing_ ? answer_value(&v) : (element(), dom_.string(v));
  }
  bool binary(json::binary_t& v) { return capturing_ ? answer_value(nullptr) : dom_.binary(v); }

  bool start_object(std::size_t n) {
    if (capturing_) {
      if (depth_ == 4) answers_.back().emplace_back();  // an answer
      if (depth_ == 5) answer_value(nullptr);           // an item or response that is an object
      ++depth_;
      return true;
    }
    element();
    if (depth_ == 2 && in_participants_) in_participant_ = true;
    ++depth_;
    return dom_.start_object(n);
  }
  bool end_object() {
    --depth_;
    if (capturing_) return true;
    if (depth_ == 2) in_participant_ = false;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (capturing_) {
      if (depth_ == 4) answers_.back().emplace_back();  // an answer that is not an object
      if (depth_ == 5) answer_value(nullptr);
      ++depth_;
      return true;
    }
    element();
    if (depth_ == 1 && key_ == "participants") {
      in_participants_ = true;
      participant_ = -1;
      answers_.clear();
    } else if (depth_ == 3 && in_participant_ && key_ == "answers") {
      capturing_ = true;
      answers_.resize(static_cast<std::size_t>(participant_) + 1);
      answers_.back().clear();
    }
    ++depth_;
    return dom_.start_array(n);
  }
  bool end_array() {
    --depth_;
    if (capturing_ && depth_ > 3) return true;
    if (capturing_) capturing_ = false;
    if (depth_ == 1) in_participants_ = false;
    return dom_.end_array();
  }
  bool key(std::string& k) {
    if (capturing_) {
      if (depth_ == 5) answer_key_ = k == "item" ? 1 : k == "response" ? 2 : 0;
      return true;
    }
    if (depth_ == 1 || (depth_ == 3 && in_participant_)) key_ = k;
    if (depth_ == 1 && k == "participants") answers_.clear();  // a repeated key: the last counts
    // A repeated "answers" of a participant counts by its last value.
    if (depth_ == 3 && in_participant_ && k == "answers" &&
        static_cast<std::size_t>(participant_) < answers_.size())
      answers_[static_cast<std::size_t>(participant_)].clear();
    return dom_.key(k);
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    return dom_.parse_error(position, token, e);
  }

 private:
  // A value or container starting at the current depth (outside the answers).
  void element() {
    if (depth_ == 2 && in_participants_) ++participant_;
  }
  // A value inside the answers array: an answer itself (not an object) or one of its fields.
  bool answer_value(const std::string* text) {
    if (depth_ == 4) {
      answers_.back().emplace_back();
    } else if (depth_ == 5 && answer_key_ != 0) {
      auto& [item, response] = answers_.back().back();
      (answer_key_ == 1 ? item : response) = text ? *text : std::string();
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t depth_ = 0;  // containers open
  std::string key_;        // the last key of the root, or of the current participant
  bool in_participants_ = false, in_participant_ = false, capturing_ = false;
  std::ptrdiff_t participant_ = -1;  // index in "participants"
  int answer_key_ = 0;               // 1: "item", 2: "response", 0: another field
  std::vector<Answers> answers_;     // by participant
};

std::string package_ids(const std::vector<RegisteredPackage>& packages) {
  std::string out;
  for (const auto& p : packages) out += p.id + "\n";
  return out;
}

// Re-scores every participant from the campaign's keys (sets `defect` on a form or an answer the
// package does not have).
void rescore(CheckedBundle& b, std::shared_ptr<const CampaignForms> forms_ptr) {
  const CampaignForms& forms = *forms_ptr;
  IntakeRecord& record = b.record;
  record.students.clear();
  record.disagreements.clear();
  b.answers = 0;
  std::set<std::string> codes;
  for (CheckedParticipant& p : b.participants) {
    IntakeStudent s = std::move(p.student);
    if (s.personal_code.empty() || !codes.insert(s.personal_code).second) {
      b.defect = Error("a participant has no personal code, or one twice");
      return;
    }
    const bool tested = s.status == "finished" || s.status == "annulled" || s.status == "testing";
    for (const std::string& form_id : p.forms) {
      const auto form = forms.find(form_id);
      if (form == forms.end()) {
        b.defect = Error("student " + s.personal_code + " sat the form " + form_id +
                         ", which no package of campaign " + record.campaign + " has");
        return;
      }
      const item_bank::TestForm& f = form->second;
      StudentResult r;
      r.school_code = record.school_code;
      r.class_name = s.class_name;
      r.grade = s.grade;
      r.student_key = s.student_key;
      r.language = code(f.booklet.language);
      r.subject = code(f.booklet.subject);
      r.variant = form_id;
      r.absent = s.status == "absent" || s.status == "registered";
      r.absence_reason = s.absence_reason;
      r.annulled = s.status == "annulled";
      std::map<std::string, std::string> mine;
      if (tested) r.responses.reserve(f.booklet.items.size());
      for (const Item& item : f.booklet.items) {
        const auto g = p.given.find(item.id);
        if (g != p.given.end()) {
          mine.emplace(item.id, g->second.response);
          g->second.seen = true;
        }
        if (!tested) continue;
        ItemResponse resp;
        resp.item_id = item.id;
        resp.response = g == p.given.end() ? std::string() : g->second.response;
        resp.omitted = resp.response.empty();
        resp.max_score = item.points;
        const auto key = f.keys.find(item.id);
        resp.score = key == f.keys.end() || resp.omitted
                         ? 0
                         : item_bank::score_item(item, key->second, resp.response);
        r.responses.push_back(std::move(resp));
        ++b.answers;
      }
      const item_bank::FormScore score = item_bank::score_form(f, mine);
      r.score = score.score;
      r.max_score = score.max_score;
      r.level = tested ? score.level : std::string();
      if (!tested) r.score = 0;
      if (const auto reported = p.school_scores.find(r.subject);
          reported != p.school_scores.end() && reported->second != r.score)
        record.disagreements.push_back({s.personal_code, r.subject, reported->second, r.score});
      s.results.push_back(std::move(r));
    }
    for (const auto& [item, answer] : p.given)
      if (!answer.seen) {
        b.defect = Error("student " + s.personal_code + " has an answer to item " + item +
                         ", which is in none of their forms");
        return;
      }
    record.students.push_back(std::move(s));
  }
  b.participants.clear();
  b.scored = true;
  b.scored_with = std::move(forms_ptr);
}

}  // namespace

// [SECTION] The campaigns' forms

std::shared_ptr<const CampaignForms> FormCatalog::find(const std::string& campaign) const {
  std::shared_lock lock(mutex_);
  const auto it = campaigns_.find(campaign);
  return it == campaigns_.end() ? nullptr : it->second.forms;
}

std::shared_ptr<const CampaignForms> FormCatalog::refresh(Store& store,
                                                          const std::string& campaign) {
  const std::string ids = package_ids(store.packages(campaign));
  {
    std::shared_lock lock(mutex_);
    const auto it = campaigns_.find(campaign);
    if (it != campaigns_.end() && it->second.packages == ids) return it->second.forms;
  }
  auto forms = std::make_shared<const CampaignForms>(store.campaign_forms(campaign));
  std::unique_lock lock(mutex_);
  campaigns_[campaign] = Entry{ids, forms};
  return forms;
}

// [SECTION] Stage one: checking

CheckedBundle check_bundle(const crypto::SigningKey& ntc, const StudentKeys& keys,
                           const FormCatalog& forms, Bytes file) {
  CheckedBundle out;
  auto opened = server::open_bundle(file, ntc);
  if (!opened) {
    out.refusal = opened.error();
    return out;
  }
  out.school_key = opened->school_key;
  json content;
  ContentParser parser(content);
  if (!json::sax_parse(opened->content, &parser)) content = json(json::value_t::discarded);
  if (!content.is_object() || content.value("format", 0) != server::kBundleFormat ||
      !content.contains("school") || !content.contains("sitting") ||
      !content.contains("participants") || !content.contains("journal")) {
    out.refusal = Error("the bundle's content is not a results bundle of format 1");
    return out;
  }
  IntakeRecord& record = out.record;
  record.bundle_id = server::bundle_id(opened->content);
  opened->content = std::string();
  record.school_code = str(content["school"], "code");
  const json& sitting = content["sitting"];
  record.campaign = str(sitting, "campaign");
  record.sitting = sitting.value("id", std::int64_t{0});
  record.file = std::move(file);

  // The journal: an unbroken chain signed by the school's key, whose first entry names that key,
  // and which records the sitting's end.
  const json& entries = content["journal"];
  if (auto n = server::verify_journal(entries, out.school_key); !n) {
    out.defect = Error("the school's journal is broken: " + n.error().what);
  } else if (entries.empty() || str(entries[0], "kind") != "init") {
    out.defect = Error("the school's journal does not start with the server's init");
  } else {
    bool ended = false;
    for (const auto& e : entries) {
      if (str(e, "kind") != "sitting_ended") continue;
      const auto payload = json::parse(str(e, "payload"), nullptr, false);
      if (payload.is_object() && payload.value("sitting", std::int64_t{-1}) == record.sitting)
        ended = true;
    }
    if (!ended) out.defect = Error("the school's journal does not record the end of the sitting");
  }
  if (out.defect) return out;
  record.journal_json = entries.dump();
  record.acts_json = content.value("acts", json::array()).dump();
  record.incidents_json = content.value("incidents", json::array()).dump();
  record.readiness_json = content.value("readiness", json::array()).dump();
  // p.25: the sitting's anonymous surveys (absent in bundles without any).
  for (const auto& v : content.value("surveys", json::array())) {
    SurveyRecord r;
    r.kind = str(v, "kind");
    r.grade = v.value("grade", 0);
    r.language = str(v, "language");
    r.subjects = str(v, "subjects");
    r.day = str(v, "day");
    const std::string answers = str(v, "answers");
    bool options = r.kind == "student" || r.kind == "teacher";
    for (std::size_t i = 0; options && i < answers.size(); i += 2) {
      options = answers[i] >= '1' && answers[i] <= '9' &&
                (i + 1 >= answers.size() || answers[i + 1] == ',');
      r.answers.push_back(answers[i] - '0');
    }
    if (!options || r.answers.empty() || r.answers.size() > 20) {
      out.defect = Error("a survey of the bundle is not a survey: " + v.dump());
      return out;
    }
    record.surveys.push_back(std::move(r));
  }

  const json& participants = content["participants"];
  out.participants.reserve(participants.size());
  std::size_t index = 0;
  for (const auto& p : participants) {
    CheckedParticipant c;
    IntakeStudent& s = c.student;
    s.personal_code = str(p, "personal_code");
    s.iin = str(p, "iin");
    s.student_key = keys.of(record.campaign, s.iin);
    s.last_name = str(p, "last_name");
    s.first_name = str(p, "first_name");
    s.middle_name = str(p, "middle_name");
    s.class_name = str(p, "class");
    s.grade = p.value("grade", 0);
    s.language = str(p, "language");
    s.status = str(p, "status");
    s.absence_reason = str(p, "absence_reason");
    // The parser took the answers out of the DOM (their array is left there empty).
    if (const auto a = p.find("answers"); a != p.end() && a->is_array())
      if (auto* collected = parser.answers(index))
        for (auto& [item, response] : *collected)
          c.given.insert_or_assign(std::move(item), CheckedParticipant::Given{std::move(response)});
    ++index;
    if (const auto r = p.find("results"); r != p.end() && r->is_array())
      for (const auto& result : *r)
        c.school_scores[str(result, "subject")] = result.value("score", 0.0);
    if (const auto t = p.find("tests"); t != p.end() && t->is_array())
      for (const auto& test : *t) c.forms.push_back(str(test, "form"));
    out.participants.push_back(std::move(c));
  }
  if (auto known = forms.find(record.campaign)) rescore(out, std::move(known));
  return out;
}

// [SECTION] Stage two: admitting

Result<IntakeOutcome> admit_bundle(Store& store, FormCatalog& forms, CheckedBundle&& bundle,
                                   const std::optional<std::string>& only_campaign) {
  if (bundle.refusal) return std::unexpected(*bundle.refusal);
  IntakeRecord& record = bundle.record;
  IntakeOutcome out;
  out.bundle_id = record.bundle_id;
  out.school_code = record.school_code;
  out.sitting = record.sitting;
  const auto school = store.school(out.school_code);
  if (!school) return fail("unknown school " + out.school_code + ": it is not in the registry");
  if (school->public_key != bundle.school_key)
    return fail("the bundle is signed with the key " + crypto::fingerprint(bundle.school_key) +
                ", not the registered key of school " + out.school_code + " (" +
                crypto::fingerprint(school->public_key) + ")");
  const std::string& campaign = record.campaign;

  if (auto receipt = store.receipt(out.bundle_id)) {
    out.duplicate = true;
    out.receipt = *receipt;
    const auto fields = json::parse(receipt->json, nullptr, false);
    out.students = fields.value("students", 0);
    out.disagreements = store.disagreements(out.bundle_id);
    return out;
  }
  if (only_campaign && campaign != *only_campaign)
    return fail("the bundle is for campaign " + campaign + ", this intake takes " + *only_campaign +
                " only");
  if (store.packages(campaign).empty())
    return fail("campaign " + campaign + " has no registered package at the NTC");
  if (store.frozen(campaign))
    return fail("campaign " + campaign + " is frozen: no more results are taken");
  if (auto other = store.bundle_of_sitting(out.school_code, campaign, out.sitting))
    return fail("sitting " + std::to_string(out.sitting) + " of school " + out.school_code +
                " was already received as another bundle (" + other->substr(0, 16) +
                "…): its data has changed since");
  if (bundle.defect) return std::unexpected(*bundle.defect);

  // Re-scored with the packages as registered now: when the checking thread had no forms for
  // the campaign, or older ones, the bundle is checked again here.
  auto current = forms.refresh(store, campaign);
  if (!bundle.scored) {
    rescore(bundle, current);
  } else if (bundle.scored_with != current) {
    const StudentKeys keys(store.key());
    bundle = check_bundle(store.key(), keys, forms, std::move(record.file));
    if (bundle.refusal) return std::unexpected(*bundle.refusal);
    if (!bundle.defect && !bundle.scored) rescore(bundle, current);
  }
  if (bundle.defect) return std::unexpected(*bundle.defect);
  IntakeRecord& scored = bundle.record;
  scored.received_ms = now_ms();

  json receipt = {{"bundle", out.bundle_id},
                  {"school", out.school_code},
                  {"campaign", campaign},
                  {"sitting", out.sitting},
                  {"received_at", scored.received_ms},
                  {"students", scored.students.size()},
                  {"answers", bundle.answers},
                  {"ntc_key", crypto::to_hex(store.key().public_key)}};
  json rescored = json::array();
  for (const auto& d : scored.disagreements)
    rescored.push_back({{"personal_code", d.personal_code},
                        {"subject", d.subject},
                        {"school_score", d.school_score},
                        {"ntc_score", d.ntc_score}});
  receipt["rescored"] = rescored;
  out.receipt.json = receipt.dump();
  out.receipt.signature = server::sign_receipt(out.receipt.json, store.key());
  out.students = static_cast<int>(scored.students.size());
  out.disagreements = scored.disagreements;
  if (auto stored = store.store_intake(scored, out.receipt); !stored)
    return std::unexpected(stored.error());
  store.store_surveys(scored);  // p.25, in the same transaction
  return out;
}

Result<IntakeOutcome> intake_bundle(Store& store, ByteView file,
                                    const std::optional<std::string>& only_campaign) {
  FormCatalog forms;
  const StudentKeys keys(store.key());
  CheckedBundle checked = check_bundle(store.key(), keys, forms, Bytes(file.begin(), file.end()));
  Transaction tx(store.db());
  auto out = admit_bundle(store, forms, std::move(checked), only_campaign);
  if (out) tx.commit();
  return out;
}

// [SECTION] Many bundles

void intake_bundles(Store& store, std::size_t count,
                    const std::function<Result<Bytes>(std::size_t)>& load,
                    const std::function<void(std::size_t, Result<IntakeOutcome>)>& done,
                    const BatchOptions& options) {
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  // Bundles checked ahead of the store at most (≈ 0.4 MiB each for a class of 43): enough that
  // the checking threads go on while the store commits a batch (its fsync).
  const std::size_t window = std::max<std::size_t>(threads * 4, 64);
  FormCatalog forms;
  for (const std::string& campaign : store.package_campaigns())
    if (!store.frozen(campaign)) forms.refresh(store, campaign);
  const StudentKeys keys(store.key());
  const crypto::SigningKey& ntc = store.key();

  std::mutex mutex;
  std::condition_variable ready, space;
  std::map<std::size_t, CheckedBundle> checked;
  std::size_t next_to_check = 0, next_to_admit = 0;
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock lock(mutex);
        space.wait(lock, [&] {
          return stop || next_to_check >= count || next_to_check < next_to_admit + window;
        });
        if (stop || next_to_check >= count) return;
        i = next_to_check++;
      }
      CheckedBundle b;
      try {
        auto bytes = load(i);
        if (!bytes)
          b.refusal = bytes.error();
        else
          b = check_bundle(ntc, keys, forms, std::move(*bytes));
      } catch (const std::exception& e) {
        b = CheckedBundle();
        b.refusal = Error(std::string("the bundle could not be checked: ") + e.what());
      }
      std::lock_guard lock(mutex);
      checked.emplace(i, std::move(b));
      ready.notify_all();
    }
  };
  // Stops and joins the checking threads however this function ends.
  struct Workers {
    std::vector<std::thread> threads;
    std::function<void()> halt;
    ~Workers() {
      halt();
      for (auto& t : threads) t.join();
    }
  } pool{{}, [&] {
           std::lock_guard lock(mutex);
           stop = true;
           space.notify_all();
         }};
  for (unsigned t = 0; t < threads; ++t) pool.threads.emplace_back(worker);

  Database& db = store.db();
  std::optional<Transaction> tx;
  std::vector<std::pair<std::size_t, Result<IntakeOutcome>>> pending;
  auto batch_start = std::chrono::steady_clock::now();
  auto commit = [&] {
    if (!tx) return;
    tx->commit();
    tx.reset();
    for (auto& [i, outcome] : pending) done(i, std::move(outcome));
    pending.clear();
  };
  for (std::size_t i = 0; i < count; ++i) {
    CheckedBundle b;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return checked.contains(i); });
      auto node = checked.extract(i);
      b = std::move(node.mapped());
      next_to_admit = i + 1;
      space.notify_all();
    }
    if (!tx) {
      tx.emplace(db);
      batch_start = std::chrono::steady_clock::now();
    }
    db.exec("SAVEPOINT bundle");
    Result<IntakeOutcome> outcome = fail("not admitted");
    try {
      outcome = admit_bundle(store, forms, std::move(b), options.only_campaign);
      db.exec("RELEASE SAVEPOINT bundle");
    } catch (const std::exception& e) {
      db.exec("ROLLBACK TO SAVEPOINT bundle");
      db.exec("RELEASE SAVEPOINT bundle");
      outcome = fail(std::string("the NTC could not store the bundle: ") + e.what());
    }
    pending.emplace_back(i, std::move(outcome));
    const double age =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_start).count();
    if (pending.size() >= options.max_batch || age >= options.max_batch_seconds) commit();
  }
  commit();
}

}  // namespace bbzhm::ntc
