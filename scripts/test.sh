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
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")

echo "== Optimized build and tests"
cmake -S . -B build -G Ninja -DBBZHM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
cd build && ctest --output-on-failure -j "$jobs"
