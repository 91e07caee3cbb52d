// The bbzhm-ntc verbs sample, report and publish: they load what they need from the store, call
// ntc/analysis, and keep the draw and the schools' reports in the store.
#include "ntc/analysis_commands.hpp"

#include <charconv>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/file.hpp"
#include "common/i18n.hpp"
#include "ntc/analysis/publication.hpp"
#ifdef BBZHM_NTC_REPORTS
#include "ntc/analysis/report.hpp"
#endif
#include "ntc/analysis/sampling.hpp"
#include "ntc/store.hpp"

namespace bbzhm::ntc {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitRefused = 2;

// An error as the operator reads it: the catalog's sentence in their language, then the detail.
int refuse(const Error& e, Language lang, int status = kExitRefused) {
  std::cerr << "bbzhm-ntc: ";
  if (!e.key.empty() && i18n::text(lang, e.key) != e.key)
    std::cerr << i18n::text(lang, e.key) << " ";
  std::cerr << e.what << "\n";
  return status;
}

Result<std::unique_ptr<Store>> open_store(const Args& args) {
  auto dir = args.need("data");
  if (!dir) return std::unexpected(dir.error());
  return Store::open(*dir, args.get("db").value_or(""));
}

Result<double> parse_share(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    return fail("--share " + text + ": not a number like 0.25", "ntc.sample.error.share");
  return v;
}

Result<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return fail("--seed " + text + ": not a whole number from 0 to 18446744073709551615",
                "ntc.sample.error.seed");
  return v;
}

// The language of a school's stored report: Russian for a school teaching only in Russian,
// Kazakh otherwise (both are written to --out).
[[maybe_unused]] Language report_language(const SchoolInfo& s) {
  for (const std::string& l : s.languages)
    if (l == "kk") return Language::kk;
  for (const std::string& l : s.languages)
    if (l == "ru") return Language::ru;
  return Language::kk;
}

}  // namespace

int run_sample(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db", "campaign", "share", "seed"}); !ok)
    return refuse(ok.error(), lang);
  auto campaign = args.need("campaign");
  auto share_text = args.need("share");
  auto seed_text = args.need("seed");
  for (const auto* r : {&campaign, &share_text, &seed_text})
    if (!*r) return refuse(r->error(), lang);
  auto share = parse_share(*share_text);
  if (!share) return refuse(share.error(), lang);
  auto seed = parse_seed(*seed_text);
  if (!seed) return refuse(seed.error(), lang);
  auto store = open_store(args);
  if (!store) return refuse(store.error(), lang, kExitFailure);
  Store& s = **store;
  if (s.frozen(*campaign))
    return refuse(Error("the campaign " + *campaign + " is frozen", "ntc.analysis.error.frozen"),
                  lang);

  std::vector<SchoolInfo> schools;
  for (RegisteredSchool& r : s.schools()) schools.push_back(std::move(r.info));
  // p.14: schools with results in any other campaign took part earlier.
  std::set<std::string> earlier;
  std::set<std::string> earlier_campaigns;
  for (const auto& [code, campaigns] : s.participation())
    for (const std::string& c : campaigns)
      if (c != *campaign) {
        earlier.insert(code);
        earlier_campaigns.insert(c);
      }
  auto sample = draw_sample(schools, earlier, *share, *seed);
  if (!sample) return refuse(sample.error(), lang);

  SamplingDraw draw;
  draw.campaign = *campaign;
  draw.seed = std::to_string(*seed);
  draw.share = *share;
  draw.drawn_ms = now_ms();
  draw.parameters_json = nlohmann::json{
      {"method", "stratified, largest-remainder quotas, Fisher-Yates per stratum"},
      {"prng", "xoshiro256** seeded by SplitMix64 of seed XOR FNV-1a-64(stratum)"},
      {"strata", "urban|type|contingent|languages"},
      {"earlier_campaigns", earlier_campaigns},
      {"excluded", sample->excluded},
      {"registry",
       sample->schools}}.dump();
  for (const SampleStratum& st : sample->strata)
    for (const std::string& code : st.selected) draw.schools.push_back({code, st.key});
  Transaction t(s.db());
  const auto id = s.record_draw(draw);
  if (!id) return refuse(id.error(), lang);
  t.commit();
  std::cout << format_sample(*sample, lang)
            << i18n::format(lang, "ntc.sample.recorded", {std::to_string(*id)}) << "\n";
  return 0;
}

// p.25: the campaign's anonymous surveys as a distribution per question: one line per kind
// (student, teacher) and question, the count choosing each option (1 yes, 2 partly, 3 no), the
// number answering and each option's share.
[[maybe_unused]] static Result<void> write_survey_csv(const std::vector<SurveyTally>& tallies,
                                                      const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::trunc);
  out << "kind,question,option_1,option_2,option_3,answered,share_1,share_2,share_3\n";
  for (const SurveyTally& t : tallies) {
    out << t.kind << "," << t.question;
    for (std::size_t o = 0; o < 3; ++o) out << "," << (o < t.options.size() ? t.options[o] : 0);
    out << "," << t.answered;
    for (std::size_t o = 0; o < 3; ++o) {
      char share[16];
      std::snprintf(share, sizeof share, "%.3f",
                    t.answered == 0 || o >= t.options.size()
                        ? 0.0
                        : static_cast<double>(t.options[o]) / static_cast<double>(t.answered));
      out << "," << share;
    }
    out << "\n";
  }
  out.close();
  if (!out) return fail("cannot write " + file.string());
  return {};
}

int run_report(const Args& args, Language lang) {
#ifndef BBZHM_NTC_REPORTS
  (void)args;
  return refuse(Error("this bbzhm-ntc was built without the forms library (BBZHM_FORMS=OFF)"),
                lang);
#else
  if (auto ok = args.only({"data", "db", "campaign", "out", "threads"}); !ok)
    return refuse(ok.error(), lang);
  auto campaign = args.need("campaign");
  if (!campaign) return refuse(campaign.error(), lang);
  auto out = args.need("out");
  if (!out) return refuse(out.error(), lang);
  auto threads = args.number("threads", 0);
  if (!threads || *threads < 0 || *threads > 256)
    return refuse(Error("--threads: a number from 0 (one per core) to 256"), lang);
  auto store = open_store(args);
  if (!store) return refuse(store.error(), lang, kExitFailure);
  Store& s = **store;
  if (s.frozen(*campaign))
    return refuse(Error("the campaign " + *campaign + " is frozen", "ntc.analysis.error.frozen"),
                  lang);
  const CampaignData data = s.load_campaign(*campaign);
  if (data.students.empty())
    return refuse(
        Error("the campaign " + *campaign + " has no results", "ntc.analysis.error.empty"), lang);
  auto run = write_campaign_reports(data, *out, static_cast<unsigned>(*threads));
  if (!run) return refuse(run.error(), lang, kExitFailure);
  if (auto surveys = write_survey_csv(s.survey_tallies(*campaign),
                                      std::filesystem::path(*out) / "csv" / "surveys.csv");
      !surveys)
    return refuse(surveys.error(), lang, kExitFailure);

  // Each school's report is kept for its server to fetch, in the school's language.
  std::size_t stored = 0;
  {
    Transaction t(s.db());
    for (const SchoolInfo& school : data.schools) {
      const auto pdf = std::filesystem::path(*out) / "schools" /
                       (school.code + "." + std::string(code(report_language(school))) + ".pdf");
      if (!std::filesystem::exists(pdf)) continue;  // no results in this campaign
      auto bytes = read_file(pdf);
      if (!bytes) return refuse(bytes.error(), lang, kExitFailure);
      if (auto r = s.store_report(*campaign, school.code, as_bytes(*bytes)); !r)
        return refuse(r.error(), lang);
      ++stored;
    }
    t.commit();
  }
  char seconds[32];
  std::snprintf(
      seconds, sizeof seconds, "%.1f",
      run->analysis_seconds + run->school_seconds + run->national_seconds + run->csv_seconds);
  std::cout << i18n::format(
                   lang, "ntc.report.done",
                   {std::to_string(run->school_reports), std::to_string(stored), *out, seconds})
            << "\n";
  return 0;
#endif
}

int run_publish(const Args& args, Language lang) {
  if (auto ok = args.only({"data", "db", "campaign", "out", "min-group"}); !ok)
    return refuse(ok.error(), lang);
  auto campaign = args.need("campaign");
  if (!campaign) return refuse(campaign.error(), lang);
  auto out = args.need("out");
  if (!out) return refuse(out.error(), lang);
  auto min_group = args.number("min-group", static_cast<long long>(kMinPublishedGroup));
  if (!min_group || *min_group < 1 || *min_group > 100000)
    return refuse(Error("--min-group: a number of students from 1 to 100000"), lang);
  auto store = open_store(args);
  if (!store) return refuse(store.error(), lang, kExitFailure);
  const CampaignData data = (*store)->load_campaign(*campaign);
  if (data.students.empty())
    return refuse(
        Error("the campaign " + *campaign + " has no results", "ntc.analysis.error.empty"), lang);
  const CampaignAnalysis analysis = analyze_campaign(data);
  auto run = publish_campaign(data, analysis, *out,
                              PublishOptions{.min_group = static_cast<std::size_t>(*min_group)});
  if (!run) return refuse(run.error(), lang, kExitFailure);
  std::cout << i18n::format(lang, "ntc.publish.done",
                            {std::to_string(run->files.size()), *out,
                             std::to_string(run->suppressed), std::to_string(*min_group)})
            << "\n";
  return 0;
}

}  // namespace bbzhm::ntc
