#pragma once
// What the NTC's statistics, sampling, reports and publication read: a campaign's results as
// plain values, with no personal data (students are identified by a pseudonymous key, never an IIN
// or a name). `ntc::Store` fills it from SQLite or PostgreSQL; the analysis code never sees SQL.

#include <cstdint>
#include <string>
#include <vector>

namespace bbzhm::ntc {

struct SchoolInfo {
  std::string code{};      // the organization's code, as in the school registry
  std::string name{};      // the organization's name (public)
  std::string region{};    // oblast or city of republican significance
  std::string district{};  // district (audan) within the region
  bool urban = false;
  std::string type{};                    // "school", "gymnasium", "lyceum", "college", ...
  std::vector<std::string> languages{};  // languages of instruction: "kk", "ru", "en"
  std::string contingent{};              // size band, e.g. "small", "medium", "large"
};

struct ItemResponse {
  std::string item_id{};
  std::vector<int> chosen{};  // chosen option indices for choice items (empty when omitted)
  std::string response{};     // the response as stored (for every kind)
  double score = 0;           // re-scored at the NTC from the package's keys
  double max_score = 1;
  bool omitted = false;
};

struct StudentResult {
  std::string student_key{};  // pseudonymous, stable within a campaign; never an IIN
  std::string school_code{};
  std::string class_name{};  // "9А", or a college group
  int grade = 0;             // 4, 9, 11 (or a college course)
  std::string language{};    // language of the test: "kk", "ru", "en"
  std::string subject{};     // subject code
  std::string variant{};     // variant id inside the package
  double score = 0;
  double max_score = 0;
  std::string level{};  // achievement level as the rules name it
  bool absent = false;
  std::string absence_reason{};  // when absent (p.12)
  bool annulled = false;         // an Annex 1/2 act ended the test
  std::vector<ItemResponse> responses{};
};

struct ItemInfo {
  std::string item_id{};
  std::string subject{};
  std::string language{};  // the language version this row describes
  std::string kind{};      // "single", "multiple", "numeric", "matching", "ordering", "short_text"
  int option_count = 0;    // for choice items
  std::vector<int> key{};  // correct option indices for choice items
  double max_score = 1;
};

struct CampaignData {
  std::string campaign{};
  std::vector<SchoolInfo> schools{};
  std::vector<StudentResult> students{};
  std::vector<ItemInfo> items{};
};

}  // namespace bbzhm::ntc
