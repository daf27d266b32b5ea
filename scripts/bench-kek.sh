#!/usr/bin/env bash
# Times SecretStore.open with each key provider (KeyProviderOpenBenchmark): passphrase (Argon2id),
# machine-bound (PBKDF2), keychain (GNOME Keyring over D-Bus) and PKCS#11 (SoftHSM2).
#
#   scripts/bench-kek.sh            all four providers
#   scripts/bench-kek.sh -p provider=pkcs11,keychain   any JMH option works too
#
# The keychain and PKCS#11 cases need real parts, set up here in a private directory that is
# removed at the end: a SoftHSM2 token with its own configuration, and a D-Bus session with a
# GNOME Keyring unlocked by a throw-away password, so the user's own keyring is never touched.
# Needs the Debian packages softhsm2, gnome-keyring and dbus (what .ci/run installs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh

missing=()
for tool in softhsm2-util:softhsm2 dbus-run-session:dbus gnome-keyring-daemon:gnome-keyring; do
  command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-kek: missing ${missing[*]}; install with: apt-get install -y ${missing[*]}" >&2
  exit 2
fi
library=
for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
  [ -f "$candidate" ] && { library=$candidate; break; }
done
[ -n "$library" ] || { echo "bench-kek: no libsofthsm2.so found (Debian package softhsm2)" >&2; exit 2; }

./mvnw -B -q --no-transfer-progress -pl sectools-bench -am package -DskipTests \
  -Dspotbugs.skip=true -Djacoco.skip=true -Dcyclonedx.skip=true

work=$(mktemp -d "${TMPDIR:-/tmp}/sectools-bench-kek.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/tokens" "$work/home" "$work/run"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf"
export SECTOOLS_BENCH_PKCS11_LIBRARY="$library" SECTOOLS_BENCH_PKCS11_TOKEN=sectools-bench
SECTOOLS_BENCH_PKCS11_PIN=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
export SECTOOLS_BENCH_PKCS11_PIN
softhsm2-util --init-token --free --label sectools-bench --pin "$SECTOOLS_BENCH_PKCS11_PIN" \
  --so-pin "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" > /dev/null

# In the session: start the keyring daemon, unlocking a new login keyring with a random password,
# wait until it is ready (it closes its stdout), run JMH, then stop the daemon.
HOME="$work/home" XDG_RUNTIME_DIR="$work/run" dbus-run-session -- sh -c '
  mkfifo -m 600 "$XDG_RUNTIME_DIR/ready"
  od -An -N16 -tx1 /dev/urandom | tr -d " \n" \
    | gnome-keyring-daemon --foreground --unlock --components=secrets > "$XDG_RUNTIME_DIR/ready" &
  keyring=$!
  cat "$XDG_RUNTIME_DIR/ready" > /dev/null
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar sectools-bench/target/benchmarks.jar \
    KeyProviderOpenBenchmark "$@"
  status=$?
  kill "$keyring"; wait "$keyring"
  exit $status' sh "$@"
