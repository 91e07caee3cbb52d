#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with -Werror, runs every test under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the optimized build (whose CTest summary
# is the last line).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

jobs=$(nproc)
echo "== clang-format"
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== ASan + UBSan build and tests"
cmake -S . -B build-asan -G Ninja -DBBZHM_WERROR=ON -DBBZHM_ASAN=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build build-asan -j "$jobs"
# The kiosk's window tests (and its benchmark) drive Mesa's llvmpipe under Xvfb with real input events: Mesa's driver
# (dlopen'ed, invisible to suppressions by name) leaks at exit and runs several times slower under
# ASan, which breaks the timing of those events. They run in the optimized pass below; the
# station's logic under them (station library, headless stations) is sanitized here.
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs" -E '^(Kiosk\.|bench\.station_kiosk)')

echo "== Fuzzers (clang-19 libFuzzer, 20 s each on the seed corpora)"
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-19
cmake --build build-fuzz -j "$jobs"
bash fuzz/run.sh build-fuzz 20

echo "== Optimized build and tests"
cmake -S . -B build -G Ninja -DBBZHM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
cd build && ctest --output-on-failure -j "$jobs"
