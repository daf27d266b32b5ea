#!/usr/bin/env bash
# Measures the start time of the sectools command line: median wall-clock milliseconds of
# N runs (default 11) of 'sectools --version' and 'sectools secrets get', with and without the
# JDK AOT cache, on stores with the minimum and the default Argon2id cost. Warm page cache.
#
#   scripts/cli-startup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-11}
bin/sectools --version >/dev/null   # builds and trains the AOT cache on first use

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'startup benchmark passphrase' > "$work/pass"
chmod 600 "$work/pass"
export SECTOOLS_PASSPHRASE_FILE="$work/pass"
for kdf in minimum default; do
  SECTOOLS_STORE="$work/$kdf" bin/sectools -q secrets init --kdf "$kdf"
  printf 'value' | SECTOOLS_STORE="$work/$kdf" bin/sectools -q secrets set bench/value
done

median() { # runs "$@" n times, prints the median in ms
  local i t0 t1 times=()
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p"
}

printf '%-44s %8s %8s\n' "command ($n runs, median ms)" "AOT" "no AOT"
row() {
  local label=$1; shift
  printf '%-44s %8s %8s\n' "$label" "$(median "$@")" "$(SECTOOLS_NO_AOT=1 median "$@")"
}
export -f median 2>/dev/null || true
row "sectools --version" bin/sectools --version
row "sectools secrets get (Argon2id minimum)" env SECTOOLS_STORE="$work/minimum" bin/sectools secrets get bench/value
row "sectools secrets get (Argon2id default)" env SECTOOLS_STORE="$work/default" bin/sectools secrets get bench/value
