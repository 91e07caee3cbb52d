// bbzhm-ntc: the National Testing Center's program. A verb, then --data DIR and its options.
#include <iostream>
#include <map>
#include <string>

#include "common/args.hpp"
#include "common/crypto.hpp"
#include "common/i18n.hpp"
#include "ntc/analysis_commands.hpp"
#include "ntc/commands.hpp"
#include "ntc/database.hpp"

int main(int argc, char** argv) {
  using namespace bbzhm;
  crypto::init();
  const Language lang = i18n::from_environment();
  auto args = Args::parse(argc, argv);
  if (!args) {
    std::cerr << "bbzhm-ntc: " << args.error().what << "\n";
    return 2;
  }
  // One line per verb.
  const std::map<std::string, ntc::Verb> verbs = {
      {"init", ntc::run_init},
      {"show-key", ntc::run_show_key},
      {"import-schools", ntc::run_import_schools},
      {"register-package", ntc::run_register_package},
      {"intake", ntc::run_intake},
      {"serve", ntc::run_serve},
      {"import-representatives", ntc::run_import_representatives},
      {"freeze", ntc::run_freeze},
      {"sample", ntc::run_sample},
      {"report", ntc::run_report},
      {"publish", ntc::run_publish},
  };
  const auto verb = args->positional().empty() ? verbs.end() : verbs.find(args->positional()[0]);
  if (verb == verbs.end()) {
    std::cerr << i18n::format(lang, "ntc.usage", {}) << "\n";
    return 2;
  }
  try {
    return verb->second(*args, lang);
  } catch (const ntc::DbError& e) {
    std::cerr << "bbzhm-ntc: database error: " << e.what() << "\n";
    return 1;
  }
}
