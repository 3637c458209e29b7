#!/usr/bin/env bash
# Coverage-guided fuzzing of policy-filter's parsers (issue 8; docs/fuzzing.md): runs each Jazzer
# @FuzzTest of policy-filter/src/test/java/io/labelgate/fuzz in fuzzing mode for a fixed time,
# one JVM per target (Jazzer fuzzes one test per JVM), through Jazzer's own launcher on the
# module's test classpath so that each target costs seconds of start-up, not a Maven build.
#
# Fails when any target finds an input that makes it throw anything but a clean refusal, fail an
# assertion or hang (10 s for one input), and prints where that input was written and how to keep
# it as a regression test. Fails, too, when a target ran fewer inputs than the minimum, or its log
# does not say how many it ran: an exit status of 0 alone does not show that it fuzzed anything.
# Prints, per target, how many inputs it ran (libFuzzer's final count) and the coverage it reached
# (libFuzzer's count of covered edges in labelgate, jose4j and Jackson). Everything it writes is
# under policy-filter/target/fuzz: the corpus each target grows there is reused by the next run
# until `mvn clean`.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET [MINIMUM_INPUTS_PER_TARGET]]
#   default 15: the six targets, with the build and each JVM's start (5 to 15 s), fit in about
#   three minutes (the CI pass); docs/fuzzing.md gives the longer run (300 s per target).
#   minimum default 1000: the slowest target (signed claims) ran about 12,000 inputs in 15 s
#   (docs/fuzzing.md, the short pass), so fewer than 1,000 means a target hardly ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET [MINIMUM_INPUTS_PER_TARGET]]" >&2
  exit 2
}
seconds="${1:-15}"
min_runs="${2:-1000}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || ! [[ "$min_runs" =~ ^[0-9]+$ ]] || [ "$#" -gt 2 ]; then
  usage
fi

# class#method of every fuzz test
targets=(
  "io.labelgate.fuzz.SelectorFuzzTest#readsBackFromItsCanonicalFormOrRefusesCleanly"
  "io.labelgate.fuzz.AuthorizationHeaderFuzzTest#resolvesOneCredentialOrRefusesWithAFixedDescription"
  "io.labelgate.fuzz.TokenVerifierFuzzTest#signedClaimsBecomeADecisionInputOrAreRefusedCleanly"
  "io.labelgate.fuzz.TokenVerifierFuzzTest#unsignedTokensAreRefusedCleanly"
  "io.labelgate.fuzz.DecisionAnswerFuzzTest#wasmResultIsADecisionTheDocumentStatesOrAFault"
  "io.labelgate.fuzz.DecisionAnswerFuzzTest#decisionDocumentIsADecisionTheDocumentStatesOrAFault"
)

# Coverage is measured in labelgate and in the libraries that parse what it is handed (jose4j for
# tokens, Jackson for JSON): without them the fuzzer would be blind past labelgate's own calls.
instrument='io.labelgate.**,org.jose4j.**,com.fasterxml.jackson.**'
# One input that runs longer than this is reported as a hang.
input_timeout=10
# Start-up and shutdown allowance on top of the fuzzing time, before `timeout` stops a run.
grace=120

module="$root/policy-filter"
out="$module/target/fuzz"
mkdir -p "$out"

echo "fuzz: building policy-filter's test classes"
# -Dmdep.outputFile is relative to each module of the reactor: policy-filter's lands in $out.
mvn -B -q -f "$root/pom.xml" -pl policy-filter -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz/classpath.txt
classpath="$module/target/test-classes:$module/target/classes:$(cat "$out/classpath.txt")"

# How many inputs a target ran, from libFuzzer's log: the final statistics (-print_final_stats=1),
# else "Done N runs in S second(s)", else the last "#N DONE" status line; nothing when none is there.
executed_inputs() {
  local log="$1" runs
  runs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)"
  if [ -z "$runs" ]; then
    runs="$(sed -n 's/^Done \([0-9][0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)"
  fi
  if [ -z "$runs" ]; then
    runs="$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -n 1)"
  fi
  printf '%s' "$runs"
}

summary=()
failed=0
for target in "${targets[@]}"; do
  class="${target%#*}"
  method="${target#*#}"
  work="$out/$method"
  mkdir -p "$work/corpus" "$work/findings"
  log="$work/fuzz.log"
  echo "fuzz: $class#$method for ${seconds}s"
  started=$(date +%s)
  status=0
  # Run from $work: Jazzer writes what it keeps beside the working directory when it finds no
  # source tree there, so nothing lands in the git tree. The corpus is the first directory
  # (libFuzzer adds new inputs to it); the seeds and saved findings under src/test/resources
  # are read from the test classpath.
  (cd "$work" && timeout --kill-after=30 $((seconds + grace)) \
    java -Xmx1g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" --instrument="$instrument" \
      --reproducer_path="$work/findings" \
      -max_total_time="$seconds" -timeout="$input_timeout" -print_final_stats=1 \
      -artifact_prefix="$work/findings/" "$work/corpus") >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - started ))
  runs="$(executed_inputs "$log")"
  coverage="$(sed -n 's/.*DONE *cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)"
  line="$(printf '%-100s %10s runs  cov %5s  %4ss' "$class#$method" "${runs:-?}" "${coverage:-?}" "$elapsed")"
  if [ "$status" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -ge "$min_runs" ]; then
    summary+=("$line  ok")
    continue
  fi
  failed=1
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    verdict="stopped after $((seconds + grace))s"
  elif [ "$status" -ne 0 ]; then
    verdict="FAILED (exit $status)"
  elif [ -z "$runs" ]; then
    verdict="FAILED (its log does not say how many inputs it ran)"
  else
    verdict="FAILED (ran $runs inputs, fewer than $min_runs)"
  fi
  summary+=("$line  $verdict")
  echo "fuzz: $class#$method $verdict; the end of $log:" >&2
  grep -v '^INFO: \(Instrumented\|Loaded\)' "$log" | grep -v '^#[0-9]' | tail -n 60 >&2
  reproducers="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")"
  if [ -n "$reproducers" ]; then
    package="${class%.*}"
    resources="policy-filter/src/test/resources/${package//.//}/${class##*.}Inputs/$method"
    while IFS= read -r reproducer; do
      echo "fuzz: the input was written to $reproducer" >&2
      echo "fuzz: once fixed, keep it as a regression test: cp '$reproducer' $resources/" >&2
    done <<<"$reproducers"
  fi
done

echo "fuzz: ${seconds}s per target, at least $min_runs inputs each; inputs run:"
printf '  %s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target failed; see above" >&2
  exit 1
fi
