#!/usr/bin/env bash
# The reliability suite's long profile (issue 11): the server killed 50 times under 22 stations,
# 90 s of network faults, 20 s of full disk, a bigger flood, then every fuzzer for a long run.
# Prints each test's figures and a final line:
#   faults_injected=N acked_saves=N lost=N duplicated=N fuzz_execs=N crashes=N
# usage: tests/reliability/run-long.sh [BUILD_DIR] [FUZZ_BUILD_DIR] [FUZZ_SECONDS_EACH]
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
fuzz_build="${2:-$root/build-fuzz}"
fuzz_seconds="${3:-70}"
figures="$(mktemp /tmp/bbzhm-reliability.XXXXXX)"
trap 'rm -f "$figures"' EXIT

cmake --build "$build" --target reliability_tests bbzhm-server bbzhm-station >/dev/null || exit 2
(cd "$build" && BBZHM_RELIABILITY_LONG=1 BBZHM_RELIABILITY_FIGURES="$figures" \
  tests/reliability/reliability_tests)
suite=$?

if [ ! -d "$fuzz_build" ]; then
  cmake -S "$root/fuzz" -B "$fuzz_build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
fi
cmake --build "$fuzz_build" >/dev/null || exit 2
fuzz_out="$(bash "$root/fuzz/run.sh" "$fuzz_build" "$fuzz_seconds")"
fuzz=$?
echo "$fuzz_out"

sum() { grep -o "\b$1=[0-9]*" "$figures" | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }'; }
faults=$(sum faults_injected)
acked=$(sum acked_saves)
lost=$(sum lost)
duplicated=$(sum duplicated)
fuzz_line=$(echo "$fuzz_out" | tail -1)
echo "faults_injected=${faults:-0} acked_saves=${acked:-0} lost=${lost:-0}" \
  "duplicated=${duplicated:-0} ${fuzz_line} suite_failed=$((suite != 0))"
[ $suite -eq 0 ] && [ $fuzz -eq 0 ]
