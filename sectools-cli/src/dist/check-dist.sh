#!/usr/bin/env bash
# Checks a built distribution as a user would meet it: unpacks sectools-<version>.tar.gz into a
# private temp directory and runs its bin/sectools (version, a store round trip whose standard
# error must stay empty), renders its man pages and parses its completion scripts.
# Run by the build in the verify phase (skipped with -DskipTests); usage: check-dist.sh TARBALL VERSION
set -euo pipefail
tarball=$1 version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
dist="$work/sectools-$version"
fail() { echo "check-dist: $*" >&2; exit 1; }

[ -x "$dist/bin/sectools" ] || fail "bin/sectools is missing or not executable"
ls "$dist"/lib/sectools-cli-*.jar >/dev/null 2>&1 || fail "lib/ holds no sectools-cli jar"
ls "$dist"/lib/slf4j-jdk14-*.jar >/dev/null 2>&1 || fail "lib/ holds no SLF4J provider"
if [ "${CI:-}" = true ] || command -v cc >/dev/null; then
  [ -x "$dist/libexec/sectools-get" ] || fail "libexec/sectools-get (the native agent client) is missing"
fi

# A private HOME: no store, config or AOT cache of the user who builds is touched.
mkdir -m 700 "$work/home"
run() { env -i PATH="/usr/bin:/bin" HOME="$work/home" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} SECTOOLS_NO_AOT=1 \
  SECTOOLS_STORE="$work/home/store" SECTOOLS_PASSPHRASE_FILE="$work/home/pass" "$dist/bin/sectools" "$@"; }

out=$(run --version 2>"$work/err") || fail "bin/sectools --version failed: $(cat "$work/err")"
[ "${out%%$'\n'*}" = "sectools $version" ] || fail "bin/sectools --version printed '$out'"
[ ! -s "$work/err" ] || fail "bin/sectools --version wrote to stderr: $(cat "$work/err")"

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
