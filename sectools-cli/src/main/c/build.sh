#!/usr/bin/env bash
# Compiles the agent's native client (sectools-get.c) to $1 with the system's C compiler, if
# there is one; without one it says so and leaves nothing at $1: the JVM client does the same
# job, more slowly. Used by bin/sectools, and by the build for the distribution's libexec/.
set -euo pipefail
out=$1
src="$(dirname "$0")/sectools-get.c"
rm -f "$out.tmp"
if ! command -v cc > /dev/null; then
  rm -f "$out"
  echo "sectools: no C compiler (cc), so no native agent client; 'secrets get' through the agent" \
    "uses the JVM client (apt-get install gcc libc6-dev for the fast one)" >&2
  exit 0
fi
mkdir -p "$(dirname "$out")"
cc -std=c11 -O2 -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -pie \
  -o "$out.tmp" "$src"
mv -f "$out.tmp" "$out"
