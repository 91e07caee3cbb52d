// Import of IMS QTI 2.1/2.2 assessmentItem and QTI 3.0 qti-assessment-item files into the
// authoring format (item_bank/bank/README.md, "Importing QTI"), so an existing bank can be brought
// in. What the format cannot represent is refused as `file:line: reason`, never dropped silently.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/domain.hpp"
#include "item_bank/bank.hpp"

namespace bbzhm::item_bank {

// What QTI does not say and the authoring format needs: the same for every imported item.
struct QtiOptions {
  int grade = 0;
  Subject subject = Subject::math;
  std::string area = "imported";
  std::string level = "knowledge";
  std::optional<Language> language;  // for files without xml:lang
};

struct QtiImport {
  std::vector<Problem> problems;                        // file:line: reason, in input order
  std::map<std::string, std::string> files;             // path under the output folder -> text
  std::map<std::string, std::filesystem::path> images;  // path under the output folder -> source
  int items = 0;                                        // items written
  int versions = 0;                                     // language versions in them
};

// Reads every file given, and every *.xml under each folder given (files whose root is no item,
// like imsmanifest.xml or an assessmentTest, are passed over in folders). Files with the same
// item identifier and different xml:lang become the language versions of one item.
QtiImport import_qti(const std::vector<std::filesystem::path>& inputs, const QtiOptions& options);

// Writes an import into DIR: refused, with nothing written, when it has problems or a file it
// would write already exists.
Result<void> write_import(const QtiImport& import, const std::filesystem::path& dir);

}  // namespace bbzhm::item_bank
