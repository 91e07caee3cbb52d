// The NTC's reports (p.26-27, p.29): a PDF per organization with its results against its
// district, region and the nation and charts of its levels and score distribution, in Kazakh and
// Russian; the national summary with the item, reliability and DIF tables; CSV exports for
// analysts. Laid out with the forms library (Cairo + Pango).
#pragma once

#include <cstddef>
#include <filesystem>

#include "common/domain.hpp"
#include "common/error.hpp"
#include "ntc/analysis/analysis.hpp"
#include "ntc/analysis/campaign_data.hpp"

namespace bbzhm::ntc {

// One organization's report in `lang`, written to `pdf` whole or not at all.
Result<void> write_school_report(const CampaignData& data, const CampaignAnalysis& analysis,
                                 const SchoolInfo& school, Language lang,
                                 const std::filesystem::path& pdf);

// The same report as PDF bytes (to store or send).
Result<std::string> school_report_pdf(const CampaignData& data, const CampaignAnalysis& analysis,
                                      const SchoolInfo& school, Language lang);

// The national summary in `lang`: results by region, language, urban/rural and grade, test
// reliability, item statistics with the Rasch difficulties, and the DIF table.
Result<void> write_national_summary(const CampaignData& data, const CampaignAnalysis& analysis,
                                    Language lang, const std::filesystem::path& pdf);

// CSV files for analysts in `dir` (UTF-8, RFC 4180): students.csv (pseudonymous keys only),
// groups.csv, items.csv, distractors.csv, tests.csv, dif.csv, rasch.csv.
Result<void> write_csv_exports(const CampaignData& data, const CampaignAnalysis& analysis,
                               const std::filesystem::path& dir);

struct ReportRun {
  std::size_t school_reports = 0;  // PDFs written (schools with results x languages)
  std::size_t national_reports = 0;
  double analysis_seconds = 0;
  double school_seconds = 0;
  double national_seconds = 0;
  double csv_seconds = 0;
};

// Every report of a campaign in `out`: schools/<code>.<lang>.pdf for each school with results,
// national.<lang>.pdf and csv/, in Kazakh and Russian, on `threads` threads (0: one per core).
Result<ReportRun> write_campaign_reports(const CampaignData& data, const std::filesystem::path& out,
                                         unsigned threads = 0);

}  // namespace bbzhm::ntc
