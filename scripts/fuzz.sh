#!/usr/bin/env bash
# Runs every Jazzer @FuzzTest as a real fuzzing campaign, one test after another.
#
#   scripts/fuzz.sh                 60 s per fuzz test
#   scripts/fuzz.sh 600             10 minutes per fuzz test
#   scripts/fuzz.sh 60 -Dsurefire.timeout=0   further arguments go to Maven
#   FUZZ_TESTS='PathResolutionFuzzTest' scripts/fuzz.sh 30      only tests whose Class#method matches
#
# A plain `mvn test` only replays each test's seed inputs (regression mode); here JAZZER_FUZZ=1
# makes Jazzer mutate them for the time given. Jazzer fuzzes one test per JVM, so each test gets
# its own Maven run. A finding is written next to the seeds, as
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1> (or timeout-…), where
# the next `mvn test` replays it; the generated corpus goes to <module>/.cifuzz-corpus/. Exits 1
# if any test found something. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz: the time budget must be whole seconds, was '$seconds'" >&2; exit 2 ;;
esac

# Class#method for each @FuzzTest, with its module; the method is the first one declared after
# the annotation.
tests=()
while IFS= read -r file; do
  module=${file%%/src/test/java/*}
  class=${file#*/src/test/java/}
  class=${class%.java}
  class=${class//\//.}
  for method in $(awk '/@FuzzTest/ { armed = 1; next }
      armed && match($0, /void [A-Za-z0-9_]+\(/) { print substr($0, RSTART + 5, RLENGTH - 6); armed = 0 }' "$file"); do
    id="${class##*.}#$method"
    if [[ -z "${FUZZ_TESTS:-}" || "$id" =~ ${FUZZ_TESTS} ]]; then
      tests+=("$module $class#$method")
    fi
  done
done < <(grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort)

if [ ${#tests[@]} -eq 0 ]; then
  echo "fuzz: no @FuzzTest found${FUZZ_TESTS:+ matching '$FUZZ_TESTS'}" >&2
  exit 2
fi

# Findings written (or rewritten: the same input found again keeps its name) since $marker.
# Jazzer puts them beside the test's seeds, or in the module directory when it cannot.
new_findings() {
  { find . -path '*/src/test/resources/*' -type f -newer "$marker" 2>/dev/null
    find . -maxdepth 2 -type f -newer "$marker" 2>/dev/null
  } | grep -E '/(crash|timeout|slow-unit|leak|oom)-[^/]*$' | sort -u || true
}

marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
failed=0
for t in "${tests[@]}"; do
  module=${t%% *}
  test=${t#* }
  echo "==> fuzzing $test ($module) for ${seconds}s"
  touch "$marker"
  status=0
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" ./run mvn -B --no-transfer-progress \
      -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dspotbugs.skip=true -Djacoco.skip=true -Dcyclonedx.skip=true "$@" || status=$?
  new=$(new_findings)
  report=$module/target/surefire-reports/${test%%#*}-output.txt
  if [ -n "$new" ]; then
    failed=1
    echo "==> $test: FINDING. Reproducers (replayed by every 'mvn test' from now on):"
    printf '      %s\n' $new
    echo "    Fuzzer log and stack trace: $report"
  elif [ "$status" -ne 0 ]; then
    failed=1
    echo "==> $test: Maven failed (exit $status) without a new reproducer; see $report"
  else
    echo "==> $test: no finding in ${seconds}s (corpus: $module/.cifuzz-corpus/${test%%#*}/${test#*#}/)"
  fi
done
exit "$failed"
