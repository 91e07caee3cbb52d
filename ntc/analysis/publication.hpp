// p.28: the campaign's results published as a static page set — HTML, JSON and SVG charts that
// need no server and work offline — by region, district, language, urban/rural and grade, in
// Kazakh and Russian. No personal data: no student, class or school appears, only groups, and a
// group of fewer than `min_group` students is suppressed (with a second group where one
// suppressed group could be recovered from its parent's total).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "ntc/analysis/analysis.hpp"
#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

inline constexpr std::size_t kMinPublishedGroup = 10;

struct PublishOptions {
  std::size_t min_group = kMinPublishedGroup;
};

// The groupings published, in page order.
inline constexpr Grouping kPublishedGroupings[] = {
    Grouping::region, Grouping::district, Grouping::language, Grouping::locality, Grouping::grade};

struct PublishedGroup {
  const GroupSummary* summary = nullptr;
  bool suppressed = false;  // fewer than min_group, or hidden so a suppressed one stays hidden
};

// The published groups of `grouping` in `subject`, with suppression applied: a group under
// `min_group` is suppressed; when exactly one group of a partition (the districts of a region;
// every region, language, locality, grade of the nation) is suppressed, the smallest other one
// is suppressed too, so the parent's total does not give the hidden one away.
std::vector<PublishedGroup> published_groups(const CampaignAnalysis& analysis, Grouping grouping,
                                             const std::string& subject, std::size_t min_group);

struct PublishRun {
  std::vector<std::filesystem::path> files;  // every file written, relative to the out dir
  std::size_t suppressed = 0;                // group rows suppressed (per subject and grouping)
};

// Writes out/index.html (language choice), out/{kk,ru}/index.html with their SVG charts in
// out/{kk,ru}/charts/, out/data.json and out/style.css. Nothing is half-written: files are
// written beside their place and renamed.
Result<PublishRun> publish_campaign(const CampaignData& data, const CampaignAnalysis& analysis,
                                    const std::filesystem::path& out,
                                    const PublishOptions& options = {});

}  // namespace bbzhm::ntc
