#!/usr/bin/env bash
# Checks a built distribution as a user would meet it: unpacks sectools-<version>.tar.gz into a
# private temp directory and runs its bin/sectools (version, a store round trip whose standard
# error must stay empty, the AOT cache built with it used, and refused when it should be),
# renders its man pages and parses its completion scripts.
# Run by the build in the verify phase (skipped with -DskipTests).
# usage: check-dist.sh TARBALL VERSION JAVA_HOME (the JVM that built the AOT cache)
set -euo pipefail
tarball=$1 version=$2 java_home=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -p: the tarball's modes, whatever the umask (the launcher refuses a group-writable AOT cache)
tar -xpzf "$tarball" -C "$work"
dist="$work/sectools-$version"
fail() { echo "check-dist: $*" >&2; exit 1; }

[ -x "$dist/bin/sectools" ] || fail "bin/sectools is missing or not executable"
ls "$dist"/lib/sectools-cli-*.jar >/dev/null 2>&1 || fail "lib/ holds no sectools-cli jar"
ls "$dist"/lib/slf4j-jdk14-*.jar >/dev/null 2>&1 || fail "lib/ holds no SLF4J provider"
if [ "${CI:-}" = true ] || command -v cc >/dev/null; then
  [ -x "$dist/libexec/sectools-get" ] || fail "libexec/sectools-get (the native agent client) is missing"
fi

# A private HOME: no store, config or AOT cache of the user who builds is touched. A file as
# XDG_CACHE_HOME leaves the launcher no place for an AOT cache of the user's own: none is trained
# in the background, whatever it decides about the one in lib/.
mkdir -m 700 "$work/home"
touch "$work/no-cache"
# with: VAR=VALUE... bin/sectools ARGS...
with() { env -i PATH="/usr/bin:/bin" HOME="$work/home" XDG_CACHE_HOME="$work/no-cache" JAVA_HOME="$java_home" \
  SECTOOLS_STORE="$work/home/store" SECTOOLS_PASSPHRASE_FILE="$work/home/pass" "$@"; }
run() { with "$dist/bin/sectools" "$@"; }

with SECTOOLS_NO_AOT=1 "$dist/bin/sectools" --version >"$work/version" 2>"$work/err" \
  || fail "bin/sectools --version failed: $(cat "$work/err")"
[ "$(head -n1 "$work/version")" = "sectools $version" ] || fail "bin/sectools --version printed '$(cat "$work/version")'"
[ ! -s "$work/err" ] || fail "bin/sectools --version wrote to stderr: $(cat "$work/err")"

# The AOT cache built with the distribution, used: the JVM's log shows whether the launcher gave it
# lib/sectools.aot, and where it found each class (the JDK's own CDS archive holds no sectools class).
[ -f "$dist/lib/sectools.aot" ] && [ -f "$dist/lib/sectools.aot.stamp" ] || fail "lib/ holds no AOT cache"
version_logged() { # --version with the JVM's log; fails unless it printed the version only
  rm -f "$work/jvm.log"
  with SECTOOLS_JAVA_OPTS="-Xlog:aot,class+load:file=$work/jvm.log" "$dist/bin/sectools" --version \
    >"$work/out" 2>"$work/err" || fail "--version failed: $(cat "$work/err")"
  cmp -s "$work/version" "$work/out" || fail "--version printed '$(cat "$work/out")'"
  [ ! -s "$work/err" ] || fail "--version wrote to stderr: $(cat "$work/err")"
}
shipped_aot_given() { grep -qF "trying to map $dist/lib/sectools.aot" "$work/jvm.log"; }
version_logged
shipped_aot_given || fail "bin/sectools did not give the JVM lib/sectools.aot"
grep -q 'dev\.sectools\.cli\.Sectools source: shared objects file' "$work/jvm.log" \
  || fail "the JVM did not use lib/sectools.aot: $(grep -F '[aot]' "$work/jvm.log" | grep -v '\[info')"
# and not given when lib/ is group-writable or a jar is not the one it was made with (as after an
# unpacking that does not keep modification times, which the JVM would refuse).
chmod g+w "$dist/lib"
version_logged
! shipped_aot_given || fail "bin/sectools used lib/sectools.aot in a group-writable lib/"
chmod g-w "$dist/lib"
jar=$(ls "$dist"/lib/sectools-cli-*.jar)
touch -r "$jar" "$work/mtime"
touch "$jar"
version_logged
! shipped_aot_given || fail "bin/sectools used lib/sectools.aot with a jar it was not made with"
touch -r "$work/mtime" "$jar"

echo "check-dist passphrase" > "$work/home/pass"
run secrets init --kdf minimum 2>"$work/err" || fail "secrets init failed: $(cat "$work/err")"
printf 'v@lue\n' | run secrets set app/token 2>"$work/err" || fail "secrets set failed: $(cat "$work/err")"
run secrets get app/token >"$work/value" 2>"$work/err" || fail "secrets get failed: $(cat "$work/err")"
[ "$(od -An -c "$work/value" | tr -s ' ')" = " v @ l u e \n" ] || fail "secrets get printed other bytes"
[ ! -s "$work/err" ] || fail "secrets get wrote to stderr: $(cat "$work/err")"

for page in sectools sectools-secrets-get sectools-cache-get; do
  f="$dist/share/man/man1/$page.1"
  [ -f "$f" ] || fail "man page $page.1 is missing"
  [ "$(grep -v -m1 "^'\\\\\"\|^\.\\\\\"" "$f")" = "$(grep -m1 '^\.TH ' "$f")" ] || fail "$page.1 does not start with .TH"
  if command -v man >/dev/null; then
    MANWIDTH=100 MANPAGER=cat man -l "$f" 2>/dev/null | grep -q "$page" || fail "man -l $page.1 shows no '$page'"
  fi
done
bash -n "$dist/share/bash-completion/completions/sectools" || fail "the bash completion does not parse"
grep -q '^#compdef sectools' "$dist/share/zsh/site-functions/_sectools" || fail "the zsh completion has no #compdef"
grep -q '^complete -c sectools' "$dist/share/fish/vendor_completions.d/sectools.fish" || fail "no fish completion"
echo "check-dist: $(basename "$tarball") OK"
