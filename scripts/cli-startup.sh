#!/usr/bin/env bash
# Measures the start time of the sectools command line: median wall-clock and CPU (user+sys)
# milliseconds of N runs (default 11) of 'sectools --version' and 'sectools secrets get', with and without the
# JDK AOT cache, on stores with the minimum and the default Argon2id cost. Warm page cache.
#
#   scripts/cli-startup.sh [N]
#   SECTOOLS_LAUNCHER=DIR/bin/sectools scripts/cli-startup.sh [N]   an unpacked distribution's launcher instead
set -euo pipefail
launcher=$(readlink -f "${SECTOOLS_LAUNCHER:-$(dirname "$0")/../bin/sectools}")
n=${1:-11}
"$launcher" --version >/dev/null   # bin/sectools builds and trains the AOT cache on first use

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'startup benchmark passphrase' > "$work/pass"
chmod 600 "$work/pass"
export SECTOOLS_PASSPHRASE_FILE="$work/pass"
for kdf in minimum default; do
  SECTOOLS_STORE="$work/$kdf" "$launcher" -q secrets init --kdf "$kdf"
  printf 'value' | SECTOOLS_STORE="$work/$kdf" "$launcher" -q secrets set bench/value
done

median() { # runs "$@" n times; prints the median wall time and the median CPU time (user+sys), in ms
  local i out=$work/time walls=() cpus=()
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1
    read -r e u s < "$out"
    walls+=("$(awk -v e="$e" 'BEGIN { printf "%d", e * 1000 }')")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')")
  done
  printf '%s/%s' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p")"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-42s %14s %14s\n' "median of $n runs, wall/CPU ms" "AOT" "no AOT"
row() {
  local label=$1; shift
  printf '%-42s %14s %14s\n' "$label" "$(median "$@")" "$(SECTOOLS_NO_AOT=1 median "$@")"
}
row "sectools --version" "$launcher" --version
row "sectools secrets get (Argon2id minimum)" env SECTOOLS_STORE="$work/minimum" "$launcher" secrets get bench/value
row "sectools secrets get (Argon2id default)" env SECTOOLS_STORE="$work/default" "$launcher" secrets get bench/value
