// bench/ntc: how long `bbzhm-ntc report` takes for a campaign of national size — a synthetic
// CampaignData (default 7 000 schools, 300 000 students x 40 items), its statistics, every
// school's report in Kazakh and Russian, the national summaries and the CSV exports.
// Prints its figures on the last line as key=value.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

#include "ntc/analysis/report.hpp"
#include "ntc/analysis/synthetic.hpp"

namespace {

std::size_t directory_bytes(const std::filesystem::path& dir) {
  std::size_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

// User + system CPU of the whole process: on a shared machine the wall clock says little.
double cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int usage() {
  std::fprintf(stderr,
               "usage: bbzhm-ntc-report-bench [--schools N] [--students N] [--items N] "
               "[--threads N] [--keep DIR]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bbzhm::ntc::SyntheticSpec spec;
  spec.schools = 7000;
  spec.students = 300000;
  spec.items = 40;
  spec.regions = 20;
  spec.districts_per_region = 12;
  unsigned threads = 0;
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) return usage();
    const char* v = argv[++i];
    if (a == "--schools")
      spec.schools = std::strtoul(v, nullptr, 10);
    else if (a == "--students")
      spec.students = std::strtoul(v, nullptr, 10);
    else if (a == "--items")
      spec.items = std::strtoul(v, nullptr, 10);
    else if (a == "--threads")
      threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
    else if (a == "--keep")
      keep = v;
    else
      return usage();
  }
  if (spec.schools == 0 || spec.students == 0 || spec.items == 0) return usage();

  std::filesystem::path out;
  if (keep.empty()) {
    std::string name = (std::filesystem::temp_directory_path() / "ntc-bench.XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) return 1;
    out = name;
  } else {
    out = keep;
  }

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const bbzhm::ntc::CampaignData data = bbzhm::ntc::synthesize(spec);
  const double synth_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu_before = cpu_seconds();
  const auto run = bbzhm::ntc::write_campaign_reports(data, out, threads);
  const double report_cpu_s = cpu_seconds() - cpu_before;
  if (!run) {
    std::fprintf(stderr, "report: %s\n", run.error().what.c_str());
    return 1;
  }
  const std::size_t bytes = directory_bytes(out);
  if (keep.empty()) std::filesystem::remove_all(out);
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  const double total =
      run->analysis_seconds + run->school_seconds + run->national_seconds + run->csv_seconds;
  std::printf(
      "schools=%zu students=%zu items=%zu threads=%u synth_s=%.2f analysis_s=%.2f "
      "school_reports=%zu school_reports_s=%.2f per_report_ms=%.2f national_s=%.2f csv_s=%.2f "
      "report_total_s=%.2f report_cpu_s=%.2f per_report_cpu_ms=%.2f output_mib=%.1f "
      "peak_rss_mib=%.0f\n",
      spec.schools, spec.students, spec.items,
      threads ? threads : std::max(1u, std::thread::hardware_concurrency()), synth_s,
      run->analysis_seconds, run->school_reports, run->school_seconds,
      run->school_reports ? 1000 * run->school_seconds / run->school_reports : 0.0,
      run->national_seconds, run->csv_seconds, total, report_cpu_s,
      run->school_reports ? 1000 * report_cpu_s / run->school_reports : 0.0, bytes / 1048576.0,
      static_cast<double>(ru.ru_maxrss) / 1024);
  return 0;
}
