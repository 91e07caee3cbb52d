// The bbzhm-ntc verbs of the analysis side (ntc/analysis_commands.cpp): sample (p.14), report
// (p.26-27, p.29) and publish (p.28), on the store's campaign data.
#pragma once

#include "common/args.hpp"
#include "common/domain.hpp"

namespace bbzhm::ntc {

// bbzhm-ntc sample --data DIR --campaign C --share 0.25 --seed S
int run_sample(const Args& args, Language lang);
// bbzhm-ntc report --data DIR --campaign C --out DIR [--threads N]
int run_report(const Args& args, Language lang);
// bbzhm-ntc publish --data DIR --campaign C --out DIR [--min-group N]
int run_publish(const Args& args, Language lang);

}  // namespace bbzhm::ntc
