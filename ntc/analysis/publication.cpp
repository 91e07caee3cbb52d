// The published page set (p.28): static HTML, JSON and SVG, in Kazakh and Russian, with small
// groups suppressed.
#include "ntc/analysis/publication.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/i18n.hpp"
#include "ntc/analysis/text.hpp"

namespace bbzhm::ntc {
namespace {

using nlohmann::json;

constexpr Language kPublishedLanguages[] = {Language::kk, Language::ru};
constexpr const char* kLevelColours[] = {"#cc4033", "#f2b340", "#4da659"};

std::string tr(Language lang, std::string_view key) {
  return std::string(i18n::text(lang, key));
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double round1(double v) {
  return std::round(v * 10) / 10;
}

// The partition a group belongs to: a district's region, the nation for the others.
std::string partition_of(Grouping g, const std::string& key) {
  if (g != Grouping::district) return "";
  const auto at = key.find(" / ");
  return at == std::string::npos ? key : key.substr(0, at);
}

std::string group_name(Language lang, Grouping g, const std::string& key) {
  switch (g) {
    case Grouping::language:
      return language_name(lang, key);
    case Grouping::locality:
      return tr(lang, key == "urban" ? "ntc.report.urban" : "ntc.report.rural");
    case Grouping::grade:
      return i18n::format(lang, "ntc.report.grade", {key});
    default:
      return key;
  }
}

class Writer {
 public:
  explicit Writer(std::filesystem::path out) : out_(std::move(out)) {}
  Result<void> put(const std::filesystem::path& rel, const std::string& text) {
    const auto path = out_ / rel;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
      return fail("cannot create " + path.parent_path().string() + ": " + ec.message(),
                  "ntc.publish.error.write");
    const std::string tmp = path.string() + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << text;
      f.flush();
      if (!f) {
        std::filesystem::remove(tmp, ec);
        return fail("cannot write " + tmp, "ntc.publish.error.write");
      }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec)
      return fail("cannot write " + path.string() + ": " + ec.message(), "ntc.publish.error.write");
    files.push_back(rel);
    return {};
  }
  std::vector<std::filesystem::path> files;

 private:
  std::filesystem::path out_;
};

// Stacked level bars per group with the mean at the right; suppressed groups greyed out.
std::string level_svg(Language lang, Grouping g, const std::vector<PublishedGroup>& groups,
                      std::size_t min_group) {
  constexpr int kLabel = 230, kBar = 420, kMean = 90, kRow = 26, kTop = 34;
  const int height = kTop + static_cast<int>(groups.size()) * kRow + 30;
  const int width = kLabel + kBar + kMean;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                  "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                  std::to_string(width) + " " + std::to_string(height) +
                  "\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\" font-size=\"13\" "
                  "role=\"img\">\n";
  s += "<title>" + escape(tr(lang, "ntc.publish.by." + std::string(code(g)))) + "</title>\n";
  s += "<text x=\"" + std::to_string(kLabel + kBar + kMean - 4) +
       "\" y=\"20\" text-anchor=\"end\" font-weight=\"bold\">" +
       escape(tr(lang, "ntc.report.col.mean")) + "</text>\n";
  int y = kTop;
  for (const PublishedGroup& p : groups) {
    const GroupSummary& gs = *p.summary;
    s += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 17) +
         "\" text-anchor=\"end\">" + escape(group_name(lang, g, gs.key)) + "</text>\n";
    if (p.suppressed) {
      s += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(kBar) +
           "\" height=\"20\" fill=\"#eeeeee\" stroke=\"#bbbbbb\"/>\n";
      s += "<text x=\"" + std::to_string(kLabel + kBar / 2) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"middle\" fill=\"#777777\">" +
           escape(i18n::format(lang, "ntc.publish.suppressed", {std::to_string(min_group)})) +
           "</text>\n";
    } else {
      double x = kLabel;
      for (std::size_t l = 0; l < std::size(kLevels); ++l) {
        const double w = gs.level_share(kLevels[l]) * kBar;
        char rect[200];
        std::snprintf(rect, sizeof rect,
                      "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n", x,
                      y + 3, w, kLevelColours[l]);
        s += rect;
        if (w > 34) {
          char label[200];
          std::snprintf(label, sizeof label,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">",
                        x + w / 2, y + 17);
          s += label + fixed(100 * gs.level_share(kLevels[l]), 0, lang) + "%</text>\n";
        }
        x += w;
      }
      s += "<text x=\"" + std::to_string(kLabel + kBar + kMean - 4) + "\" y=\"" +
           std::to_string(y + 17) + "\" text-anchor=\"end\" font-weight=\"bold\">" +
           fixed(gs.percent.mean, 1, lang) + "</text>\n";
    }
    y += kRow;
  }
  int x = kLabel;
  for (std::size_t l = 0; l < std::size(kLevels); ++l) {
    const std::string name = level_name(lang, kLevels[l]);
    s += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y + 8) +
         "\" width=\"12\" height=\"12\" fill=\"" + kLevelColours[l] + "\"/>\n";
    s += "<text x=\"" + std::to_string(x + 16) + "\" y=\"" + std::to_string(y + 19) + "\">" +
         escape(name) + "</text>\n";
    x += 40 + static_cast<int>(name.size()) * 5;
  }
  return s + "</svg>\n";
}

std::string table_html(Language lang, Grouping g, const std::vector<PublishedGroup>& groups,
                       std::size_t min_group) {
  std::string h =
      "<table class=\"groups\" data-grouping=\"" + std::string(code(g)) + "\">\n<thead><tr>";
  h += "<th>" + escape(tr(lang, "ntc.report.col.group")) + "</th>";
  h += "<th>" + escape(tr(lang, "ntc.report.col.students")) + "</th>";
  h += "<th>" + escape(tr(lang, "ntc.report.col.mean")) + "</th>";
  h += "<th>" + escape(tr(lang, "ntc.report.col.ci")) + "</th>";
  for (std::string_view l : kLevels) h += "<th>" + escape(level_name(lang, l)) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (const PublishedGroup& p : groups) {
    const GroupSummary& gs = *p.summary;
    h += "<tr" + std::string(p.suppressed ? " class=\"suppressed\"" : "") + "><td>" +
         escape(group_name(lang, g, gs.key)) + "</td>";
    if (p.suppressed) {
      h += "<td colspan=\"6\">" +
           escape(i18n::format(lang, "ntc.publish.suppressed", {std::to_string(min_group)})) +
           "</td>";
    } else {
      h += "<td>" + std::to_string(gs.sat) + "</td><td>" + fixed(gs.percent.mean, 1, lang) +
           "</td><td>" + fixed(gs.percent.ci.low, 1, lang) + "–" +
           fixed(gs.percent.ci.high, 1, lang) + "</td>";
      for (std::string_view l : kLevels)
        h += "<td>" + fixed(100 * gs.level_share(l), 0, lang) + "%</td>";
    }
    h += "</tr>\n";
  }
  return h + "</tbody></table>\n";
}

json group_json(const PublishedGroup& p) {
  const GroupSummary& g = *p.summary;
  if (p.suppressed) return {{"key", g.key}, {"suppressed", true}};
  json levels = json::object();
  for (std::string_view l : kLevels) levels[std::string(l)] = round1(100 * g.level_share(l));
  return {{"key", g.key},
          {"suppressed", false},
          {"students", g.sat},
          {"mean_percent", round1(g.percent.mean)},
          {"ci_low", round1(g.percent.ci.low)},
          {"ci_high", round1(g.percent.ci.high)},
          {"level_percent", levels}};
}

}  // namespace

std::vector<PublishedGroup> published_groups(const CampaignAnalysis& analysis, Grouping grouping,
                                             const std::string& subject, std::size_t min_group) {
  std::vector<PublishedGroup> out;
  const auto it = analysis.groups.find(grouping);
  if (it == analysis.groups.end()) return out;
  for (const GroupSummary& g : it->second)
    if (g.subject == subject) out.push_back({&g, g.sat < min_group});
  std::map<std::string, std::vector<std::size_t>> partitions;
  for (std::size_t i = 0; i < out.size(); ++i)
    partitions[partition_of(grouping, out[i].summary->key)].push_back(i);
  for (const auto& [name, members] : partitions) {
    std::size_t hidden = 0;
    for (std::size_t i : members) hidden += out[i].suppressed ? 1 : 0;
    if (hidden != 1 || members.size() < 2) continue;
    std::size_t smallest = members.size();
    for (std::size_t k = 0; k < members.size(); ++k) {
      const PublishedGroup& p = out[members[k]];
      if (!p.suppressed &&
          (smallest == members.size() || p.summary->sat < out[members[smallest]].summary->sat))
        smallest = k;
    }
    if (smallest < members.size()) out[members[smallest]].suppressed = true;
  }
  return out;
}

Result<PublishRun> publish_campaign(const CampaignData& data, const CampaignAnalysis& analysis,
                                    const std::filesystem::path& out,
                                    const PublishOptions& options) {
  Writer w(out);
  PublishRun run;
  const std::size_t min_group = std::max<std::size_t>(options.min_group, 1);

  // Everything published, once, language-neutral.
  json doc = {{"campaign", data.campaign},
              {"min_group", min_group},
              {"levels", json::array({"low", "medium", "high"})},
              {"subjects", json::object()}};
  std::map<std::pair<std::string, Grouping>, std::vector<PublishedGroup>> published;
  for (const std::string& subject : analysis.subjects) {
    json sj = json::object();
    const std::vector<PublishedGroup> nation =
        published_groups(analysis, Grouping::national, subject, min_group);
    sj["national"] = nation.empty() ? json(nullptr) : group_json(nation.front());
    for (Grouping g : kPublishedGroupings) {
      auto groups = published_groups(analysis, g, subject, min_group);
      json arr = json::array();
      for (const PublishedGroup& p : groups) {
        arr.push_back(group_json(p));
        run.suppressed += p.suppressed ? 1 : 0;
      }
      sj[std::string(code(g))] = std::move(arr);
      published[{subject, g}] = std::move(groups);
    }
    doc["subjects"][subject] = std::move(sj);
  }
  if (auto r = w.put("data.json", doc.dump(1) + "\n"); !r) return std::unexpected(r.error());

  const std::string css =
      "body{font-family:'Noto Sans','DejaVu Sans',sans-serif;margin:2em auto;max-width:60em;"
      "padding:0 1em;color:#222}\n"
      "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #3366b3}\n"
      "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.95em}\n"
      "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}\n"
      "th{background:#eef}td:first-child,th:first-child{text-align:left}\n"
      "tr.suppressed td{color:#777;background:#f6f6f6}\n"
      ".note{color:#555;font-style:italic}nav a{margin-right:1em}img{max-width:100%}\n";
  if (auto r = w.put("style.css", css); !r) return std::unexpected(r.error());

  std::string chooser =
      "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      escape(i18n::format(Language::kk, "ntc.publish.title", {data.campaign})) +
      "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n";
  for (Language lang : kPublishedLanguages)
    chooser += "<h1><a href=\"" + std::string(code(lang)) + "/index.html\">" +
               escape(i18n::format(lang, "ntc.publish.title", {data.campaign})) + "</a></h1>\n";
  chooser += "</body>\n</html>\n";
  if (auto r = w.put("index.html", chooser); !r) return std::unexpected(r.error());

  for (Language lang : kPublishedLanguages) {
    const std::string lc(code(lang));
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + lc +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" +
                    escape(i18n::format(lang, "ntc.publish.title", {data.campaign})) +
                    "</title>\n<link rel=\"stylesheet\" href=\"../style.css\">\n</head>\n<body>\n";
    h += "<nav>";
    for (Language other : kPublishedLanguages)
      h += "<a href=\"../" + std::string(code(other)) + "/index.html\" hreflang=\"" +
           std::string(code(other)) + "\">" + escape(tr(other, "ntc.publish.language_name")) +
           "</a>";
    h += "</nav>\n<h1 id=\"title\">" +
         escape(i18n::format(lang, "ntc.publish.title", {data.campaign})) + "</h1>\n";
    h += "<p class=\"note\">" + escape(tr(lang, "ntc.report.note")) + "</p>\n";
    h += "<p class=\"note\" id=\"suppression\">" +
         escape(i18n::format(lang, "ntc.publish.suppression_note", {std::to_string(min_group)})) +
         "</p>\n";
    for (const std::string& subject : analysis.subjects) {
      h += "<section id=\"" + escape(subject) + "\">\n<h2>" + escape(subject_name(lang, subject)) +
           "</h2>\n";
      const auto nation = published_groups(analysis, Grouping::national, subject, min_group);
      if (!nation.empty() && !nation.front().suppressed) {
        const GroupSummary& n = *nation.front().summary;
        h += "<p class=\"national\">" +
             escape(i18n::format(
                 lang, "ntc.publish.national",
                 {std::to_string(n.sat), fixed(n.percent.mean, 1, lang),
                  fixed(n.percent.ci.low, 1, lang) + "–" + fixed(n.percent.ci.high, 1, lang)})) +
             "</p>\n";
      }
      for (Grouping g : kPublishedGroupings) {
        const auto& groups = published[{subject, g}];
        if (groups.empty()) continue;
        const std::string heading = tr(lang, "ntc.publish.by." + std::string(code(g)));
        h += "<h3>" + escape(heading) + "</h3>\n";
        // Districts are too many for a chart: their table suffices.
        if (g != Grouping::district) {
          const std::string chart = "charts/" + subject + "-" + std::string(code(g)) + ".svg";
          if (auto r = w.put(lc + "/" + chart, level_svg(lang, g, groups, min_group)); !r)
            return std::unexpected(r.error());
          h += "<figure><img src=\"" + escape(chart) + "\" alt=\"" +
               escape(i18n::format(lang, "ntc.publish.chart_alt", {heading})) + "\"></figure>\n";
        }
        h += table_html(lang, g, groups, min_group);
      }
      h += "</section>\n";
    }
    h += "<footer><p><a href=\"../data.json\">" + escape(tr(lang, "ntc.publish.data")) +
         "</a></p></footer>\n</body>\n</html>\n";
    if (auto r = w.put(lc + "/index.html", h); !r) return std::unexpected(r.error());
  }
  run.files = std::move(w.files);
  return run;
}

}  // namespace bbzhm::ntc
