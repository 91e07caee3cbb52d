// `bbzhm-server print`: each printable form of a sitting filled from the school database as PDF.
#pragma once

#include "common/args.hpp"
#include "common/domain.hpp"

namespace bbzhm::server {

// Runs `print FORM --data DIR --sitting ID [--student CODE] [--act N] [--representative NAME]
// --lang kk|ru|en --out FILE.pdf`, telling the operator what it did in `operator_lang`. Returns
// the exit status: 0 printed, 1 refused (the data does not allow it), 2 bad command line. On any
// failure no file is written and the database is unchanged.
int print_command(const Args& args, Language operator_lang);

}  // namespace bbzhm::server
