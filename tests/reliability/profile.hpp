// The suite's two profiles and its figures. CI runs the short profile; `run-long.sh` sets
// BBZHM_RELIABILITY_LONG=1 for the long one. Each test appends its figures (`key=value ...`) to
// the file named by BBZHM_RELIABILITY_FIGURES, which run-long.sh sums into its final line.
#pragma once

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace bbzhm::test {

inline bool long_profile() {
  const char* v = std::getenv("BBZHM_RELIABILITY_LONG");
  return v != nullptr && v[0] == '1';
}

// Picks the short or the long figure.
inline int by_profile(int short_value, int long_value) {
  return long_profile() ? long_value : short_value;
}

inline void report_figures(const std::string& test, const std::string& figures) {
  std::cout << "reliability " << test << ": " << figures << std::endl;
  if (const char* path = std::getenv("BBZHM_RELIABILITY_FIGURES")) {
    std::ofstream out(path, std::ios::app);
    out << figures << "\n";
  }
}

}  // namespace bbzhm::test
