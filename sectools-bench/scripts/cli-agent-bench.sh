#!/usr/bin/env bash
# 'sectools secrets get' with and without the agent, against 'pass show' with a running gpg-agent,
# on the same machine in the same run, and 'secrets list' (a command the agent runs whole) with and
# without it. Warm page cache; medians (hyperfine if installed,
# else N runs of /usr/bin/time). Cold 'get' is split into JVM start, Argon2id derivation and the rest.
#
#   sectools-bench/scripts/cli-agent-bench.sh [N]      (default N=21)
#
# Installs Debian's pass and gnupg if they are missing (as root, or with sudo). Everything it
# creates (store, agent socket, GNUPGHOME, password store) lives in one temp directory that is
# removed at exit; the agent it starts is stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-21}

if ! command -v pass >/dev/null || ! command -v gpg >/dev/null; then
  echo "bench: installing pass and gnupg" >&2
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq pass gnupg >/dev/null
fi
bin/sectools --version >/dev/null   # builds and trains the AOT cache on first use

work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run GNUPGHOME=$work/gnupg PASSWORD_STORE_DIR=$work/pass
mkdir -m 700 "$XDG_RUNTIME_DIR" "$GNUPGHOME"
unset SECTOOLS_AGENT_SOCK SECTOOLS_PASSPHRASE SECTOOLS_CONFIG
cleanup() {
  bin/sectools -q agent stop >/dev/null 2>&1 || true
  gpgconf --kill gpg-agent >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

printf 'agent benchmark passphrase' > "$work/passphrase"
chmod 600 "$work/passphrase"
for kdf in default minimum; do
  SECTOOLS_STORE=$work/$kdf SECTOOLS_PASSPHRASE_FILE=$work/passphrase bin/sectools -q secrets init --kdf "$kdf"
  printf 'bench-value' | SECTOOLS_STORE=$work/$kdf SECTOOLS_PASSPHRASE_FILE=$work/passphrase \
    bin/sectools -q secrets set bench/value
done
export SECTOOLS_STORE=$work/default

# The peer: pass with a no-passphrase key, gpg-agent started by the first decryption.
gpg --batch --quiet --quick-gen-key --passphrase '' bench@sectools.invalid default default never 2>/dev/null
pass init bench@sectools.invalid >/dev/null
printf 'bench-value\n' | pass insert -e bench/value >/dev/null
pass show bench/value >/dev/null

# The agent, unlocked by one get with the passphrase file; later gets have no passphrase source.
bin/sectools -q agent start >/dev/null
SECTOOLS_PASSPHRASE_FILE=$work/passphrase bin/sectools secrets get bench/value >/dev/null
[ "$(bin/sectools secrets get bench/value)" = bench-value ] || { echo "bench: agent get failed" >&2; exit 1; }

# The Argon2id derivation alone, at the default cost, in a fresh JVM with the launcher's flags.
cat > "$work/Kdf.java" <<'JAVA'
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
public class Kdf {
  public static void main(String[] a) {
    Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withMemoryAsKB(64 * 1024)
        .withIterations(2).withParallelism(1).withSalt(new byte[16]).build();
    long t = System.nanoTime();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(p);
    g.generateBytes("agent benchmark passphrase".toCharArray(), new byte[32]);
    System.out.println((System.nanoTime() - t) / 1_000_000);
  }
}
JAVA
. scripts/find-jdk.sh >/dev/null
bc=$(ls sectools-cli/target/lib/bcprov-*.jar)
"$JAVA_HOME/bin/javac" -cp "$bc" -d "$work" "$work/Kdf.java"
kdf_ms=()
for ((i = 0; i < 7; i++)); do
  kdf_ms+=("$("$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$bc:$work" Kdf)")
done
kdf=$(printf '%s\n' "${kdf_ms[@]}" | sort -n | sed -n 4p)

cold=(env SECTOOLS_AGENT_SOCK="$work/no-agent/agent.sock" SECTOOLS_PASSPHRASE_FILE="$work/passphrase")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$n" --style basic --export-json "$work/h.json" \
    -n 'sectools secrets get (agent, native client)' 'bin/sectools secrets get bench/value' \
    -n 'sectools secrets get (agent, JVM client)' 'env SECTOOLS_NO_NATIVE=1 bin/sectools secrets get bench/value' \
    -n 'pass show (gpg-agent)' 'pass show bench/value' \
    -n 'sectools --version (JVM start)' "${cold[*]} bin/sectools --version" \
    -n 'sectools secrets get (no agent, Argon2id minimum)' "${cold[*]} SECTOOLS_STORE=$work/minimum bin/sectools secrets get bench/value" \
    -n 'sectools secrets get (no agent, Argon2id default)' "${cold[*]} bin/sectools secrets get bench/value" \
    -n 'sectools secrets list (agent)' 'bin/sectools secrets list' \
    -n 'sectools secrets list (no agent, Argon2id default)' "${cold[*]} bin/sectools secrets list" \
    >/dev/null
  python3 - "$work/h.json" "$kdf" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
kdf = int(sys.argv[2])
ms = lambda name: r[name]["median"] * 1000
print(f"{'median of %d runs (hyperfine), ms' % len(next(iter(r.values()))['times']):58} {'median':>8} {'user+sys':>9}")
for name, x in r.items():
    print(f"{name:58} {ms(name):8.1f} {(x['user'] + x['system']) * 1000:9.1f}")
start, cold = ms('sectools --version (JVM start)'), ms('sectools secrets get (no agent, Argon2id default)')
print(f"cold get (default cost) split: JVM start {start:.0f} ms + Argon2id {kdf} ms + rest {cold - start - kdf:.0f} ms = {cold:.0f} ms")
PY
else
  median() { # median wall ms of n runs
    local i out=$work/time walls=()
    for ((i = 0; i < n; i++)); do
      /usr/bin/time -f '%e' -o "$out" "$@" >/dev/null 2>&1
      walls+=("$(awk -v e="$(cat "$out")" 'BEGIN { printf "%d", e * 1000 }')")
    done
    printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p"
  }
  printf '%-58s %8s\n' "median of $n runs, wall ms" median
  printf '%-58s %8s\n' 'sectools secrets get (agent, native client)' "$(median bin/sectools secrets get bench/value)"
  printf '%-58s %8s\n' 'sectools secrets get (agent, JVM client)' \
    "$(median env SECTOOLS_NO_NATIVE=1 bin/sectools secrets get bench/value)"
  printf '%-58s %8s\n' 'pass show (gpg-agent)' "$(median pass show bench/value)"
  start=$(median "${cold[@]}" bin/sectools --version)
  coldget=$(median "${cold[@]}" bin/sectools secrets get bench/value)
  printf '%-58s %8s\n' 'sectools --version (JVM start)' "$start" 'sectools secrets get (no agent, Argon2id default)' "$coldget"
  printf '%-58s %8s\n' 'sectools secrets list (agent)' "$(median bin/sectools secrets list)"
  printf '%-58s %8s\n' 'sectools secrets list (no agent, Argon2id default)' "$(median "${cold[@]}" bin/sectools secrets list)"
  echo "cold get (default cost) split: JVM start $start ms + Argon2id $kdf ms + rest $((coldget - start - kdf)) ms"
fi
echo "Argon2id alone (64 MiB, 2 passes, first derivation in a fresh JVM), median of 7: $kdf ms"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
