// The organizations' reports and the national summary as PDF, laid out with forms::Document; the
// charts are drawn with Cairo through forms::Canvas.
#include "ntc/analysis/report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "common/i18n.hpp"
#include "forms/layout.hpp"
#include "ntc/analysis/text.hpp"

namespace bbzhm::ntc {
namespace {

using forms::Align;
using forms::Canvas;
using forms::Cell;
using forms::Column;
using forms::Document;
using forms::Family;
using forms::Rgb;
using forms::Row;
using forms::TextStyle;

// Level colours that stay apart in grey on a laser printer: dark, middle, light.
constexpr Rgb kLevelColours[] = {{0.80, 0.25, 0.20}, {0.95, 0.70, 0.25}, {0.30, 0.65, 0.35}};
constexpr Rgb kSchoolColour{0.20, 0.40, 0.70};
constexpr Rgb kNationColour{0.70, 0.70, 0.70};
constexpr Rgb kGrid{0.85, 0.85, 0.85};

std::string tr(Language lang, std::string_view key) {
  return std::string(i18n::text(lang, key));
}

std::string percent(double share, Language lang) {
  return fixed(100 * share, 0, lang) + "%";
}

std::string interval(const Moments& m, Language lang) {
  return m.n > 1 ? fixed(m.ci.low, 1, lang) + " – " + fixed(m.ci.high, 1, lang) : "-";
}

// The columns every group table shares: group, students, mean %, 95% CI, each level's share.
std::vector<Column> group_columns(Language lang, std::string first) {
  std::vector<Column> cols = {
      {.header = std::move(first), .width = 0, .align = Align::left},
      {.header = tr(lang, "ntc.report.col.students"), .width = 60, .align = Align::right},
      {.header = tr(lang, "ntc.report.col.mean"), .width = 48, .align = Align::right},
      {.header = tr(lang, "ntc.report.col.ci"), .width = 70, .align = Align::center}};
  for (std::string_view l : kLevels)
    cols.push_back({.header = level_name(lang, l), .width = 46, .align = Align::right});
  return cols;
}

Row group_row(std::string label, const GroupSummary* g, Language lang, bool bold = false) {
  if (!g || g->sat == 0) {
    Row r{Cell{.text = std::move(label), .bold = bold}, Cell{.text = "0"}};
    for (int i = 0; i < 5; ++i) r.push_back(Cell{.text = "-"});
    return r;
  }
  Row r{Cell{.text = std::move(label), .bold = bold},
        Cell{.text = std::to_string(g->sat), .bold = bold},
        Cell{.text = fixed(g->percent.mean, 1, lang), .bold = bold},
        Cell{.text = interval(g->percent, lang)}};
  for (std::string_view l : kLevels) r.push_back(Cell{.text = percent(g->level_share(l), lang)});
  return r;
}

// [SECTION] Charts

// Stacked bars of the level shares, one per compared group, with a legend under them.
void level_bars(Document& doc, Language lang,
                const std::vector<std::pair<std::string, const GroupSummary*>>& rows) {
  const TextStyle label{.size = 8.5, .family = Family::sans};
  const TextStyle small{.size = 7.5, .family = Family::sans};
  constexpr double kBar = 14, kGap = 5;
  const double height = 14 + rows.size() * (kBar + kGap) + 18;
  doc.figure(height, [&](Canvas& c) {
    c.text(0, 0, tr(lang, "ntc.report.levels_chart"), TextStyle{.size = 9.5, .bold = true});
    double label_width = 0;
    for (const auto& [name, g] : rows)
      label_width = std::max(label_width, c.text_width(name, label));
    label_width = std::min(label_width + 8, c.width() * 0.35);
    const double bar_width = c.width() - label_width;
    double y = 14;
    for (const auto& [name, g] : rows) {
      c.text(label_width - 6, y + 2, name,
             TextStyle{.size = 8.5, .align = Align::right, .family = Family::sans});
      double x = label_width;
      for (std::size_t l = 0; l < std::size(kLevels); ++l) {
        const double share = g ? g->level_share(kLevels[l]) : 0;
        const double w = share * bar_width;
        if (w > 0) c.fill_rectangle(x, y, w, kBar, kLevelColours[l]);
        const std::string text = percent(share, lang);
        if (w > c.text_width(text, small) + 4)
          c.text(x + w / 2, y + 3, text,
                 TextStyle{.size = 7.5, .align = Align::center, .family = Family::sans});
        x += w;
      }
      c.stroke_rectangle(label_width, y, bar_width, kBar, {0.3, 0.3, 0.3}, 0.4);
      y += kBar + kGap;
    }
    double x = label_width;
    for (std::size_t l = 0; l < std::size(kLevels); ++l) {
      c.fill_rectangle(x, y + 3, 9, 9, kLevelColours[l]);
      const std::string name = level_name(lang, kLevels[l]);
      c.text(x + 12, y + 2, name, small);
      x += 12 + c.text_width(name, small) + 14;
    }
  });
}

// The school's students per tenth of the score beside the nation's, as shares.
void distribution_chart(Document& doc, Language lang, const Histogram& school,
                        const Histogram& nation) {
  const TextStyle small{.size = 7, .family = Family::sans};
  doc.figure(170, [&](Canvas& c) {
    c.text(0, 0, tr(lang, "ntc.report.distribution_chart"), TextStyle{.size = 9.5, .bold = true});
    double top_share = 0.1;
    for (std::size_t b = 0; b < 10; ++b)
      top_share = std::max({top_share, school.share(b), nation.share(b)});
    const double step = top_share > 0.5 ? 0.2 : top_share > 0.2 ? 0.1 : 0.05;
    const double scale_top = std::ceil(top_share / step - 1e-9) * step;
    const double left = 30, top = 16, bottom = 130, right = c.width();
    const double plot_h = bottom - top;
    for (double v = 0; v <= scale_top + 1e-9; v += step) {
      const double y = bottom - v / scale_top * plot_h;
      c.line(left, y, right, y, kGrid, 0.4);
      c.text(left - 3, y - 4, percent(v, lang),
             TextStyle{.size = 7, .align = Align::right, .family = Family::sans});
    }
    const double slot = (right - left) / 10;
    for (std::size_t b = 0; b < 10; ++b) {
      const double x = left + b * slot;
      const double hs = school.share(b) / scale_top * plot_h;
      const double hn = nation.share(b) / scale_top * plot_h;
      c.fill_rectangle(x + slot * 0.12, bottom - hs, slot * 0.38, hs, kSchoolColour);
      c.fill_rectangle(x + slot * 0.50, bottom - hn, slot * 0.38, hn, kNationColour);
      c.text(x + slot / 2, bottom + 2, std::to_string(b * 10) + "–" + std::to_string(b * 10 + 10),
             TextStyle{.size = 7, .align = Align::center, .family = Family::sans});
    }
    c.line(left, bottom, right, bottom, {0, 0, 0}, 0.6);
    double x = left;
    const double ly = bottom + 16;
    for (const auto& [colour, key] : {std::pair{kSchoolColour, "ntc.report.legend.school"},
                                      std::pair{kNationColour, "ntc.report.legend.national"}}) {
      c.fill_rectangle(x, ly + 2, 9, 9, colour);
      const std::string name = tr(lang, key);
      c.text(x + 12, ly + 1, name, small);
      x += 12 + c.text_width(name, small) + 14;
    }
    c.text(right, ly + 1, tr(lang, "ntc.report.axis.percent"),
           TextStyle{.size = 7, .align = Align::right, .family = Family::sans});
  });
}

std::string locality(Language lang, bool urban) {
  return tr(lang, urban ? "ntc.report.urban" : "ntc.report.rural");
}

}  // namespace

// [SECTION] The organization's report

namespace {

Document school_report(const CampaignData& data, const CampaignAnalysis& analysis,
                       const SchoolInfo& school, Language lang) {
  Document doc(lang, Family::sans, i18n::format(lang, "ntc.report.title", {data.campaign}));
  doc.title(i18n::format(lang, "ntc.report.title", {data.campaign}), school.name);
  const forms::Fact facts[] = {
      {tr(lang, "ntc.report.organization"), school.code + " · " + school.name},
      {tr(lang, "ntc.report.region"), school.region},
      {tr(lang, "ntc.report.district"), school.district},
      {tr(lang, "ntc.report.locality"), locality(lang, school.urban)},
      {tr(lang, "ntc.report.campaign"), data.campaign}};
  doc.facts(facts);
  doc.space(4);
  doc.paragraph(tr(lang, "ntc.report.note"), TextStyle{.size = 8.5, .italic = true});
  doc.set_footer(i18n::format(lang, "ntc.report.footer", {data.campaign, school.code}));

  const std::string district = school.region + " / " + school.district;
  bool any = false;
  for (const std::string& subject : analysis.subjects) {
    const GroupSummary* own = analysis.find(Grouping::school, subject, school.code);
    if (!own) continue;
    any = true;
    doc.keep(260);
    doc.space(10);
    doc.paragraph(subject_name(lang, subject), TextStyle{.size = 12, .bold = true});
    doc.space(4);
    const std::vector<std::pair<std::string, const GroupSummary*>> compared = {
        {tr(lang, "ntc.report.row.school"), own},
        {tr(lang, "ntc.report.row.district"), analysis.find(Grouping::district, subject, district)},
        {tr(lang, "ntc.report.row.region"),
         analysis.find(Grouping::region, subject, school.region)},
        {tr(lang, "ntc.report.row.national"), analysis.find(Grouping::national, subject, "")}};
    std::vector<Row> rows;
    for (const auto& [name, g] : compared) rows.push_back(group_row(name, g, lang, g == own));
    doc.table(group_columns(lang, tr(lang, "ntc.report.col.group")), rows);
    doc.paragraph(i18n::format(lang, "ntc.report.absences",
                               {std::to_string(own->absent), std::to_string(own->excused),
                                std::to_string(own->annulled)}),
                  TextStyle{.size = 8.5});
    doc.space(6);
    level_bars(doc, lang, compared);
    doc.space(4);
    const auto hs = analysis.school_histograms.find({school.code, subject});
    const auto hn = analysis.national_histograms.find(subject);
    distribution_chart(doc, lang, hs == analysis.school_histograms.end() ? Histogram{} : hs->second,
                       hn == analysis.national_histograms.end() ? Histogram{} : hn->second);
    // The school's classes.
    std::vector<Row> classes;
    const auto& all = analysis.groups.at(Grouping::class_);
    const std::string prefix = school.code + "/";
    // Sorted by subject then key: the school's classes are one run starting at its prefix.
    auto it =
        std::ranges::lower_bound(all, std::pair{subject, prefix}, {}, [](const GroupSummary& g) {
          return std::pair{g.subject, g.key};
        });
    for (; it != all.end() && it->subject == subject && it->key.starts_with(prefix); ++it)
      classes.push_back(group_row(it->key.substr(prefix.size()), &*it, lang));
    if (!classes.empty()) {
      doc.space(6);
      doc.paragraph(tr(lang, "ntc.report.classes"), TextStyle{.size = 10, .bold = true});
      doc.space(3);
      doc.table(group_columns(lang, tr(lang, "ntc.report.col.class")), classes);
    }
  }
  if (!any) doc.paragraph(tr(lang, "ntc.report.no_results"));
  return doc;
}

// Written beside its place and renamed; not synced one by one (a campaign has thousands): the
// caller syncs the file system once at the end.
Result<void> write_unsynced(const std::filesystem::path& path, const std::string& bytes) {
  const std::string tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return fail("cannot write " + tmp, "ntc.report.error.write");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return fail("cannot write " + path.string() + ": " + ec.message(), "ntc.report.error.write");
  return {};
}

}  // namespace

Result<std::string> school_report_pdf(const CampaignData& data, const CampaignAnalysis& analysis,
                                      const SchoolInfo& school, Language lang) {
  return school_report(data, analysis, school, lang).pdf();
}

Result<void> write_school_report(const CampaignData& data, const CampaignAnalysis& analysis,
                                 const SchoolInfo& school, Language lang,
                                 const std::filesystem::path& pdf) {
  return school_report(data, analysis, school, lang).write(pdf);
}

// [SECTION] The national summary

Result<void> write_national_summary(const CampaignData& data, const CampaignAnalysis& analysis,
                                    Language lang, const std::filesystem::path& pdf) {
  Document doc(lang, Family::sans,
               i18n::format(lang, "ntc.report.national.title", {data.campaign}));
  doc.title(i18n::format(lang, "ntc.report.national.title", {data.campaign}),
            i18n::format(lang, "ntc.report.national.counts",
                         {std::to_string(data.schools.size()),
                          std::to_string(analysis.groups.at(Grouping::school).size())}));
  doc.set_footer(i18n::format(lang, "ntc.report.national.footer", {data.campaign}));
  doc.paragraph(tr(lang, "ntc.report.note"), TextStyle{.size = 8.5, .italic = true});

  const auto name_of = [&](Grouping g, const std::string& key) -> std::string {
    switch (g) {
      case Grouping::language:
        return language_name(lang, key);
      case Grouping::locality:
        return locality(lang, key == "urban");
      case Grouping::grade:
        return i18n::format(lang, "ntc.report.grade", {key});
      default:
        return key;
    }
  };
  for (const std::string& subject : analysis.subjects) {
    if (subject != analysis.subjects.front()) doc.page_break();
    doc.space(8);
    doc.paragraph(subject_name(lang, subject), TextStyle{.size = 12, .bold = true});
    doc.space(4);
    std::vector<Row> rows;
    rows.push_back(group_row(tr(lang, "ntc.report.row.national"),
                             analysis.find(Grouping::national, subject, ""), lang, true));
    for (Grouping g : {Grouping::region, Grouping::language, Grouping::locality, Grouping::grade})
      for (const GroupSummary& s : analysis.groups.at(g))
        if (s.subject == subject) rows.push_back(group_row(name_of(g, s.key), &s, lang));
    doc.table(group_columns(lang, tr(lang, "ntc.report.col.group")), rows);

    // Reliability per variant.
    doc.space(8);
    doc.keep(80);
    doc.paragraph(tr(lang, "ntc.report.national.reliability"), TextStyle{.size = 10, .bold = true});
    doc.space(3);
    const std::vector<Column> tcols = {{tr(lang, "ntc.report.col.variant"), 0, Align::left},
                                       {tr(lang, "ntc.report.col.students"), 55, Align::right},
                                       {tr(lang, "ntc.report.col.items"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.mean_score"), 55, Align::right},
                                       {tr(lang, "ntc.report.col.sd"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.alpha"), 50, Align::right},
                                       {tr(lang, "ntc.report.col.sem"), 45, Align::right}};
    std::vector<Row> trows;
    for (const TestStats& t : analysis.tests)
      if (t.subject == subject)
        trows.push_back({{.text = t.variant},
                         {.text = std::to_string(t.students)},
                         {.text = std::to_string(t.items)},
                         {.text = fixed(t.mean, 2, lang)},
                         {.text = fixed(t.sd, 2, lang)},
                         {.text = fixed(t.alpha, 3, lang)},
                         {.text = fixed(t.sem, 2, lang)}});
    doc.table(tcols, trows);

    // Items: classical statistics beside the Rasch calibration.
    const RaschCalibration* cal = nullptr;
    for (const RaschCalibration& c : analysis.rasch)
      if (c.subject == subject) cal = &c;
    doc.space(8);
    doc.keep(80);
    doc.paragraph(tr(lang, "ntc.report.national.items"), TextStyle{.size = 10, .bold = true});
    doc.paragraph(tr(lang, "ntc.report.national.items_note"), TextStyle{.size = 8, .italic = true});
    doc.space(3);
    const std::vector<Column> icols = {{tr(lang, "ntc.report.col.item"), 0, Align::left},
                                       {tr(lang, "ntc.report.col.students"), 48, Align::right},
                                       {tr(lang, "ntc.report.col.p"), 40, Align::right},
                                       {tr(lang, "ntc.report.col.rpb"), 40, Align::right},
                                       {tr(lang, "ntc.report.col.omitted"), 48, Align::right},
                                       {tr(lang, "ntc.report.col.b"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.se"), 40, Align::right},
                                       {tr(lang, "ntc.report.col.infit"), 40, Align::right}};
    std::vector<Row> irows;
    for (const ItemStats& it : analysis.items) {
      if (it.subject != subject) continue;
      Row r{{.text = it.item_id},
            {.text = std::to_string(it.presented)},
            {.text = fixed(it.p_value, 2, lang)},
            {.text = fixed(it.point_biserial, 2, lang)},
            {.text = percent(it.omitted_rate, lang)}};
      const RaschItem* ri = nullptr;
      if (cal)
        for (const RaschItem& x : cal->items)
          if (x.item_id == it.item_id) ri = &x;
      if (ri && ri->estimated) {
        r.push_back({.text = fixed(ri->difficulty, 2, lang)});
        r.push_back({.text = fixed(ri->se, 2, lang)});
        r.push_back({.text = fixed(ri->infit, 2, lang)});
      } else {
        for (int k = 0; k < 3; ++k) r.push_back({.text = "-"});
      }
      irows.push_back(std::move(r));
    }
    doc.table(icols, irows, 8);

    // Distractors: who chose what, by score third.
    doc.space(8);
    doc.keep(80);
    doc.paragraph(tr(lang, "ntc.report.national.distractors"), TextStyle{.size = 10, .bold = true});
    doc.paragraph(tr(lang, "ntc.report.national.distractors_note"),
                  TextStyle{.size = 8, .italic = true});
    doc.space(3);
    const std::vector<Column> ocols = {{tr(lang, "ntc.report.col.item"), 0, Align::left},
                                       {tr(lang, "ntc.report.col.option"), 60, Align::center},
                                       {tr(lang, "ntc.report.col.all"), 55, Align::right},
                                       {tr(lang, "ntc.report.col.low_third"), 60, Align::right},
                                       {tr(lang, "ntc.report.col.middle_third"), 60, Align::right},
                                       {tr(lang, "ntc.report.col.high_third"), 60, Align::right}};
    std::vector<Row> orows;
    for (const ItemStats& it : analysis.items) {
      if (it.subject != subject) continue;
      for (const OptionShare& o : it.options) {
        const std::string option =
            o.option < 0 ? tr(lang, "ntc.report.option.omitted")
            : o.key ? i18n::format(lang, "ntc.report.option.key", {std::to_string(o.option + 1)})
                    : std::to_string(o.option + 1);
        orows.push_back({{.text = it.item_id},
                         {.text = option, .bold = o.key},
                         {.text = percent(o.all, lang)},
                         {.text = percent(o.low, lang)},
                         {.text = percent(o.middle, lang)},
                         {.text = percent(o.high, lang)}});
      }
    }
    doc.table(ocols, orows, 8);

    // DIF between languages.
    doc.space(8);
    doc.keep(80);
    doc.paragraph(tr(lang, "ntc.report.national.dif"), TextStyle{.size = 10, .bold = true});
    doc.paragraph(tr(lang, "ntc.report.national.dif_note"), TextStyle{.size = 8, .italic = true});
    doc.space(3);
    const std::vector<Column> dcols = {{tr(lang, "ntc.report.col.item"), 0, Align::left},
                                       {tr(lang, "ntc.report.col.languages"), 50, Align::center},
                                       {tr(lang, "ntc.report.col.reference"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.focal"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.alpha_mh"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.d_dif"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.se"), 40, Align::right},
                                       {tr(lang, "ntc.report.col.chi2"), 45, Align::right},
                                       {tr(lang, "ntc.report.col.ets"), 38, Align::center}};
    std::vector<Row> drows;
    for (const DifResult& d : analysis.dif) {
      if (d.subject != subject) continue;
      drows.push_back(
          {{.text = d.item_id},
           {.text = d.reference + " / " + d.focal},
           {.text = std::to_string(d.mh.reference)},
           {.text = std::to_string(d.mh.focal)},
           {.text = fixed(d.mh.alpha, 2, lang)},
           {.text = fixed(d.mh.d_dif, 2, lang)},
           {.text = fixed(d.mh.se_d_dif, 2, lang)},
           {.text = fixed(d.mh.chi_square, 2, lang)},
           {.text = std::string(1, letter(d.mh.ets)), .bold = d.mh.ets != EtsClass::A}});
    }
    doc.table(dcols, drows, 8);
  }
  return doc.write(pdf);
}

// [SECTION] Every report of a campaign

Result<ReportRun> write_campaign_reports(const CampaignData& data, const std::filesystem::path& out,
                                         unsigned threads) {
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  ReportRun run;
  std::error_code ec;
  std::filesystem::create_directories(out / "schools", ec);
  if (ec) return fail("cannot create " + (out / "schools").string() + ": " + ec.message());
  const auto t0 = Clock::now();
  const CampaignAnalysis analysis = analyze_campaign(data);
  const auto t1 = Clock::now();
  run.analysis_seconds = seconds(t0, t1);

  std::vector<const SchoolInfo*> schools;
  for (const SchoolInfo& s : data.schools)
    for (const std::string& subject : analysis.subjects)
      if (analysis.find(Grouping::school, subject, s.code)) {
        schools.push_back(&s);
        break;
      }
  constexpr Language kReportLanguages[] = {Language::kk, Language::ru};
  const std::size_t jobs = schools.size() * std::size(kReportLanguages);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::optional<Error> first_error;
  const auto work = [&] {
    for (std::size_t j; (j = next.fetch_add(1)) < jobs;) {
      const SchoolInfo& s = *schools[j / std::size(kReportLanguages)];
      const Language lang = kReportLanguages[j % std::size(kReportLanguages)];
      auto bytes = school_report_pdf(data, analysis, s, lang);
      const Result<void> r =
          bytes ? write_unsynced(
                      out / "schools" / (s.code + "." + std::string(code(lang)) + ".pdf"), *bytes)
                : Result<void>(std::unexpected(bytes.error()));
      if (!r) {
        const std::lock_guard lock(error_mutex);
        if (!first_error) first_error = r.error();
        next = jobs;
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  if (first_error) return std::unexpected(*first_error);
  run.school_reports = jobs;
  const auto t2 = Clock::now();
  run.school_seconds = seconds(t1, t2);
  for (Language lang : kReportLanguages) {
    auto r = write_national_summary(data, analysis, lang,
                                    out / ("national." + std::string(code(lang)) + ".pdf"));
    if (!r) return std::unexpected(r.error());
    ++run.national_reports;
  }
  const auto t3 = Clock::now();
  run.national_seconds = seconds(t2, t3);
  if (auto r = write_csv_exports(data, analysis, out / "csv"); !r)
    return std::unexpected(r.error());
  // One sync for the thousands of reports: durable before the command says it is done.
  if (const int fd = ::open(out.c_str(), O_RDONLY | O_DIRECTORY); fd >= 0) {
    ::syncfs(fd);
    ::close(fd);
  }
  run.csv_seconds = seconds(t3, Clock::now());
  return run;
}

}  // namespace bbzhm::ntc
