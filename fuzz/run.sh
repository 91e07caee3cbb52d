#!/usr/bin/env bash
# Runs every fuzzer for SECONDS each on a scratch copy of its seed corpus (the repository's
# corpus is left as it is) and prints one line per target and a final
#   fuzz_execs=N crashes=N
# Exit status 1 when any target found a crash (its input is kept in BUILD/artifacts/).
# usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$1"
seconds="${2:-20}"
shift $(($# >= 2 ? 2 : $#))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(protocol handshake roster package form answer_text bank qti bundle)
fi
work="$(mktemp -d /tmp/bbzhm-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts"
total_execs=0
crashes=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  cp -r "$here/corpus/$t/." "$work/$t/" 2>/dev/null || true
  log="$build/artifacts/$t.log"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz_$t" "$work/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  if [ $status -ne 0 ]; then
    crashes=$((crashes + 1))
    echo "fuzz $t: CRASH (exit $status) after $execs executions; see $log"
    grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" | sed 's/^/  /'
  else
    echo "fuzz $t: execs=$execs cov=${cov:-0} ft=${ft:-0} seconds=$seconds"
  fi
done
echo "fuzz_execs=$total_execs crashes=$crashes"
[ $crashes -eq 0 ]
