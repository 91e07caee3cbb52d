// QTI 2.1/2.2/3.0 item files from outside item banks, through the importer.
#include <libxml/parser.h>

#include <cstdint>

#include "fuzz/file_input.hpp"
#include "item_bank/qti.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  const auto path = fuzz::write_input("item.xml", data, size);
  item_bank::QtiOptions options;
  options.grade = 9;
  options.language = Language::kk;
  auto imported = item_bank::import_qti({path}, options);
  for (const auto& p : imported.problems) (void)item_bank::describe(p);
  return 0;
}
