// The bbzhm-ntc command line (ntc/commands.cpp): each verb is a function of the arguments and the
// operator's language, in one table in main.cpp.
#pragma once

#include "common/args.hpp"
#include "common/domain.hpp"

namespace bbzhm::ntc {

using Verb = int (*)(const Args& args, Language lang);

int run_init(const Args& args, Language lang);
int run_show_key(const Args& args, Language lang);
int run_import_schools(const Args& args, Language lang);
int run_register_package(const Args& args, Language lang);
int run_intake(const Args& args, Language lang);
int run_serve(const Args& args, Language lang);
int run_freeze(const Args& args, Language lang);
// ntc/representatives.cpp
int run_import_representatives(const Args& args, Language lang);

}  // namespace bbzhm::ntc
