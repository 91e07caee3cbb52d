// Intake of results bundles (ntc/intake.hpp).
#include "ntc/intake.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "server/bundle.hpp"

namespace bbzhm::ntc {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<IntakeOutcome> intake_bundle(Store& store, ByteView file,
                                    const std::optional<std::string>& only_campaign) {
  auto opened = server::open_bundle(file, store.key());
  if (!opened) return std::unexpected(opened.error());
  const json content = json::parse(opened->content, nullptr, false);
  if (!content.is_object() || content.value("format", 0) != server::kBundleFormat ||
      !content.contains("school") || !content.contains("sitting") ||
      !content.contains("participants") || !content.contains("journal"))
    return fail("the bundle's content is not a results bundle of format 1");
  IntakeOutcome out;
  out.bundle_id = server::bundle_id(opened->content);
  out.school_code = str(content["school"], "code");
  const auto school = store.school(out.school_code);
  if (!school) return fail("unknown school " + out.school_code + ": it is not in the registry");
  if (school->public_key != opened->school_key)
    return fail("the bundle is signed with the key " + crypto::fingerprint(opened->school_key) +
                ", not the registered key of school " + out.school_code + " (" +
                crypto::fingerprint(school->public_key) + ")");
  const json& sitting = content["sitting"];
  const std::string campaign = str(sitting, "campaign");
  out.sitting = sitting.value("id", std::int64_t{0});

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

  // The journal: an unbroken chain signed by the school's key, whose first entry names that key,
  // and which records the sitting's end.
  const std::string journal = content["journal"].dump();
  if (auto n = server::verify_journal_json(journal, school->public_key); !n)
    return fail("the school's journal is broken: " + n.error().what);
  const json& entries = content["journal"];
  if (entries.empty() || str(entries[0], "kind") != "init")
    return fail("the school's journal does not start with the server's init");
  bool ended = false;
  for (const auto& e : entries) {
    const auto payload = json::parse(str(e, "payload"), nullptr, false);
    if (str(e, "kind") == "sitting_ended" && payload.is_object() &&
        payload.value("sitting", std::int64_t{-1}) == out.sitting)
      ended = true;
  }
  if (!ended) return fail("the school's journal does not record the end of the sitting");

  // Re-scoring from the package's keys.
  const auto forms = store.campaign_forms(campaign);
  IntakeRecord record;
  record.bundle_id = out.bundle_id;
  record.school_code = out.school_code;
  record.campaign = campaign;
  record.sitting = out.sitting;
  record.received_ms = now_ms();
  record.file.assign(file.begin(), file.end());
  record.acts_json = content.value("acts", json::array()).dump();
  record.incidents_json = content.value("incidents", json::array()).dump();
  record.readiness_json = content.value("readiness", json::array()).dump();
  record.journal_json = journal;
  std::set<std::string> codes;
  int answers = 0;
  for (const auto& p : content["participants"]) {
    IntakeStudent s;
    s.personal_code = str(p, "personal_code");
    if (s.personal_code.empty() || !codes.insert(s.personal_code).second)
      return fail("a participant has no personal code, or one twice");
    s.iin = str(p, "iin");
    s.student_key = student_key(store.key(), campaign, s.iin);
    s.last_name = str(p, "last_name");
    s.first_name = str(p, "first_name");
    s.middle_name = str(p, "middle_name");
    s.class_name = str(p, "class");
    s.grade = p.value("grade", 0);
    s.language = str(p, "language");
    s.status = str(p, "status");
    s.absence_reason = str(p, "absence_reason");
    std::map<std::string, std::string> given;
    for (const auto& a : p.value("answers", json::array()))
      given[str(a, "item")] = str(a, "response");
    std::map<std::string, double> school_scores;
    for (const auto& r : p.value("results", json::array()))
      school_scores[str(r, "subject")] = r.value("score", 0.0);
    std::set<std::string> items_seen;
    const bool tested = s.status == "finished" || s.status == "annulled" || s.status == "testing";
    for (const auto& t : p.value("tests", json::array())) {
      const std::string form_id = str(t, "form");
      const auto form = forms.find(form_id);
      if (form == forms.end())
        return fail("student " + s.personal_code + " sat the form " + form_id +
                    ", which no package of campaign " + campaign + " has");
      const item_bank::TestForm& f = form->second;
      StudentResult r;
      r.school_code = out.school_code;
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
      for (const Item& item : f.booklet.items) {
        const auto g = given.find(item.id);
        if (g != given.end()) {
          mine[item.id] = g->second;
          items_seen.insert(item.id);
        }
        if (!tested) continue;
        ItemResponse resp;
        resp.item_id = item.id;
        resp.response = g == given.end() ? std::string() : g->second;
        resp.omitted = resp.response.empty();
        resp.max_score = item.points;
        const auto key = f.keys.find(item.id);
        resp.score = key == f.keys.end() || resp.omitted
                         ? 0
                         : item_bank::score_item(item, key->second, resp.response);
        r.responses.push_back(std::move(resp));
        ++answers;
      }
      const item_bank::FormScore score = item_bank::score_form(f, mine);
      r.score = score.score;
      r.max_score = score.max_score;
      r.level = tested ? score.level : std::string();
      if (!tested) r.score = 0;
      if (const auto reported = school_scores.find(r.subject);
          reported != school_scores.end() && reported->second != r.score)
        record.disagreements.push_back({s.personal_code, r.subject, reported->second, r.score});
      s.results.push_back(std::move(r));
    }
    for (const auto& [item, response] : given)
      if (!items_seen.contains(item))
        return fail("student " + s.personal_code + " has an answer to item " + item +
                    ", which is in none of their forms");
    record.students.push_back(std::move(s));
  }

  json receipt = {{"bundle", out.bundle_id},
                  {"school", out.school_code},
                  {"campaign", campaign},
                  {"sitting", out.sitting},
                  {"received_at", record.received_ms},
                  {"students", record.students.size()},
                  {"answers", answers},
                  {"ntc_key", crypto::to_hex(store.key().public_key)}};
  json rescored = json::array();
  for (const auto& d : record.disagreements)
    rescored.push_back({{"personal_code", d.personal_code},
                        {"subject", d.subject},
                        {"school_score", d.school_score},
                        {"ntc_score", d.ntc_score}});
  receipt["rescored"] = rescored;
  out.receipt.json = receipt.dump();
  out.receipt.signature = server::sign_receipt(out.receipt.json, store.key());
  out.students = static_cast<int>(record.students.size());
  out.disagreements = record.disagreements;
  Transaction tx(store.db());
  store.store_intake(record, out.receipt);
  tx.commit();
  return out;
}

}  // namespace bbzhm::ntc
