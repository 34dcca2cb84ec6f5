#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each with libFuzzer; `make fuzz` builds and calls this.
#
#   Fuzz/run.sh [TARGET ...]          FUZZ_SECONDS (default 60) per target, from the repository root
#
# Each target starts from its seed corpus in Fuzz/Corpus/<target>/ with a dictionary from Fuzz/Dictionaries/
# (edge-of-range numbers; the expression tokens; cache trace headers and units; oracleGeneral field values) (seeds read-only: new inputs go to
# Fuzz/.build/corpus/<target>/) and writes a crashing input to Fuzz/.build/artifacts/<target>/. A line per target
# with its executions goes to Fuzz/.build/fuzz-summary.txt. Exit status 1 when any target found a crash, a
# timeout (an input that takes longer than FUZZ_TIMEOUT seconds, default 10) or ran out of memory.
set -uo pipefail
# A crash is reported by libFuzzer and AddressSanitizer; Swift's own backtracer would only slow each one down.
export SWIFT_BACKTRACE=enable=no
# Allocation stacks are what AddressSanitizer spends most time recording (a fifth of the command line target's);
# replay an artifact with ASAN_OPTIONS unset for the full report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
timeout="${FUZZ_TIMEOUT:-10}"
# A fixed libFuzzer seed (FUZZ_SEED, default 1) makes a run's mutations repeatable from the same corpus, so CI's
# run can be reproduced here; set FUZZ_SEED=0 for a random one.
fuzz_seed="${FUZZ_SEED:-1}"
binary="${FUZZ_BINARY:-Fuzz/.build/debug/vernier-fuzz}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(tune-config run-config ppo-config register-map device-definition expression policy-file space-file
           evaluator-answer reset-options cli-arguments csv-trace oracle-general-trace)
fi
[ -x "$binary" ] || { echo "no fuzz binary at $binary: run 'make fuzz' (it builds it)" >&2; exit 64; }

# swiftc keeps only the LAST `-sanitize=` it is given, and `swift build --sanitize=fuzzer --sanitize=address` passes
# two, in an order that varies between builds: the Swift code then has either libFuzzer's coverage counters or
# AddressSanitizer, never both (a coverage-blind build mutates one input at random for its whole run). One
# comma-separated flag gives both: build with `-Xswiftc -sanitize=fuzzer,address` after the two. Warn when the
# binary lacks either (FUZZ_REQUIRE_INSTRUMENTATION=1 makes it an error): libFuzzer counts its counters; objdump
# counts AddressSanitizer's checks (calls to __asan_report_*; ~130,000 when the Swift code has them, a few thousand
# from libyaml's C alone). About 20 s on a loaded machine.
counters=$(VERNIER_FUZZ_TARGET=tune-config "$binary" -runs=0 2>&1 | sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -1)
asan_checks="?"
command -v objdump >/dev/null && asan_checks=$(objdump -d --no-show-raw-insn "$binary" | grep -c 'call.*<__asan_report')
if [ "${counters:-0}" -lt 50000 ] || { [ "$asan_checks" != "?" ] && [ "$asan_checks" -lt 20000 ]; }; then
  echo "WARNING: $binary has ${counters:-no} coverage counters and $asan_checks AddressSanitizer checks" \
       "(a full build has ~440,000 and ~130,000): rebuild in Fuzz/ with" \
       "'swift build --product vernier-fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address'" >&2
  [ "${FUZZ_REQUIRE_INSTRUMENTATION:-0}" = 1 ] && exit 70
fi

summary=Fuzz/.build/fuzz-summary.txt
: > "$summary"
failed=()
for target in "${targets[@]}"; do
  seeds="Fuzz/Corpus/$target"
  [ -d "$seeds" ] || { echo "no seed corpus $seeds" >&2; exit 64; }
  work="Fuzz/.build/corpus/$target"
  artifacts="Fuzz/.build/artifacts/$target/"
  log="Fuzz/.build/logs/$target.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  stamp="Fuzz/.build/logs/$target.started"
  touch "$stamp"
  case "$target" in
    expression) dictionary=(-dict=Fuzz/Dictionaries/expressions.dict) ;;
    csv-trace) dictionary=(-dict=Fuzz/Dictionaries/cache-trace.dict) ;;
    oracle-general-trace) dictionary=(-dict=Fuzz/Dictionaries/oracle-general.dict) ;;
    *) dictionary=(-dict=Fuzz/Dictionaries/numbers.dict) ;;
  esac
  echo "== $target: ${seconds} s"
  VERNIER_FUZZ_TARGET="$target" "$binary" "$work" "$seeds" \
    -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 -seed="$fuzz_seed" \
    -artifact_prefix="$artifacts" "${dictionary[@]}" >"$log" 2>&1
  status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  coverage=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  line="$target executions=${executions:-?} exec_per_s=${rate:-?} coverage=${coverage:-?} status=$status"
  echo "$line" | tee -a "$summary"
  if [ $status -ne 0 ]; then
    failed+=("$target")
    grep -a -m1 -B2 -A30 'ERROR: libFuzzer\|fuzz property broken\|Fatal error\|==ERROR' "$log" | head -60
    find "$artifacts" -type f -newer "$stamp" | sed "s#^#  artifact: #"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in Fuzz/.build/artifacts/; reproduce with" \
       "VERNIER_FUZZ_TARGET=<target> $binary <artifact>)" >&2
  exit 1
fi
echo "every target ran ${seconds} s without a crash, timeout or memory exhaustion"
