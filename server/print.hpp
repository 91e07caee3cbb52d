// `bbzhm-server print`: each printable form of a sitting filled from the school database as PDF.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/args.hpp"
#include "common/codec.hpp"
#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm::server {

// Runs `print FORM --data DIR --sitting ID [--student CODE] [--act N] [--representative NAME]
// --lang kk|ru|en --out FILE.pdf`, telling the operator what it did in `operator_lang`. Returns
// the exit status: 0 printed, 1 refused (the data does not allow it), 2 bad command line. On any
// failure no file is written and the database is unchanged.
int print_command(const Args& args, Language operator_lang);

class Store;

// The same forms for the representative's console (protocol::PrintForm): rendered into a private
// temporary file, read back and removed; the bytes go to the console. Runs inside a database job:
// login slips issue new passwords in that job, which is rolled back (an exception) if the PDF
// cannot be made. Errors are in `operator_lang`.
struct ConsolePrint {
  std::string form;
  std::int64_t sitting = 0;
  std::optional<std::string> student;
  std::optional<std::int64_t> act;
  std::string representative;  // the signed-in representative, named on the sheets
  Language lang = Language::kk;
};
Result<Bytes> print_for_console(Store& store, const ConsolePrint& request, Language operator_lang);

}  // namespace bbzhm::server
