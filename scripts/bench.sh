#!/usr/bin/env bash
# Runs the sectools JMH suite and prints each sectools case beside its baseline.
#
#   scripts/bench.sh               the whole suite (about 2–3 minutes on 2 cores)
#   scripts/bench.sh ConfinedRead  only benchmarks matching a regex; any JMH option works too
#
# Results go to target/bench/results.json (JMH's JSON format). The ratio is sectools time over
# baseline time for the same parameters: below 1 means sectools is faster.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/bench/results.json
mkdir -p "$(dirname "$out")"
rm -f "$out"
./run bench -rf json -rff "$out" "$@"
[ -s "$out" ] || exit 0  # e.g. -l or -h: JMH ran nothing

python3 - "$out" <<'PY'
import json, re, sys

# sectools method -> baseline method, per benchmark class; the targets are the issue's.
PAIRS = {
    "ConfinedReadBenchmark": ("confined", "jdk"),
    "AtomicWriteBenchmark": ("confined", "baseline"),
    "SecureTempBenchmark": ("secureTemp", "jdk"),
    "SecureBufferBenchmark": ("secureBuffer", "heapArray"),
    "SecureBufferReadBenchmark": ("readToBuffer", "jdk"),
    "CacheGetBenchmark": ("verifiedGet", "sha256InMemory"),
    "CachePutBenchmark": ("put", "plainWrite"),
}
TARGETS = {
    ("ConfinedReadBenchmark", "sizeBytes=4096"): 1.5,
    ("ConfinedReadBenchmark", "sizeBytes=16777216"): 1.05,
    ("AtomicWriteBenchmark", ""): 1.1,
    ("SecureTempBenchmark", ""): 1.3,
    ("SecureBufferBenchmark", "sizeBytes=32"): 20,
    ("SecureBufferReadBenchmark", ""): 1.5,
    ("CacheGetBenchmark", "sizeBytes=1048576"): 1.1,
    ("CacheGetBenchmark", "sizeBytes=67108864"): 1.1,
}

with open(sys.argv[1]) as f:
    results = json.load(f)

scores = {}
for r in results:
    cls, method = r["benchmark"].rsplit(".", 2)[-2:]
    params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
    m = r["primaryMetric"]
    scores[(cls, method, params)] = (m["score"], m["scoreError"], m["scoreUnit"])

print()
print(f"{'case':<52} {'sectools':>12} {'baseline':>12} {'ratio':>7}  target")
def natural(key):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", "|".join(key))]

for (cls, method, params), (score, _, unit) in sorted(scores.items(), key=lambda kv: natural(kv[0])):
    if cls not in PAIRS or method != PAIRS[cls][0]:
        continue
    base = scores.get((cls, PAIRS[cls][1], params))
    if base is None:
        continue
    ratio = score / base[0]
    target = TARGETS.get((cls, params))
    verdict = "" if target is None else f"<= {target}: {'met' if ratio <= target else 'MISSED'}"
    case = cls + (f" [{params}]" if params else "")
    print(f"{case:<52} {score:>9.2f} {unit[:2]:<2} {base[0]:>9.2f} {unit[:2]:<2} {ratio:>7.3f}  {verdict}")

walk = {}
for (cls, method, params), (score, _, unit) in scores.items():
    if cls == "ResolutionBenchmark":
        p = dict(kv.split("=") for kv in params.split(","))
        walk.setdefault(int(p["depth"]), {})[p["resolution"]] = score
cache = {}
for (cls, method, params), (score, _, unit) in scores.items():
    if cls == "CacheGetBenchmark":
        cache.setdefault(params, {})[method] = score
if cache:
    print()
    print("CacheGetBenchmark: ratios to an unverified read (the DeltaGlider metric: <= 1.10)")
    for params in sorted(cache, key=natural):
        c = cache[params]
        base = c.get("unverifiedRead")
        if base:
            row = ", ".join(f"{m} {c[m] / base:.2f}" for m in ("verifiedGet", "encryptedGet", "signedGet", "memoryGet") if m in c)
            print(f"  [{params}] {row}")

if walk:
    print()
    print(f"{'ResolutionBenchmark':<24} {'OPENAT2':>10} {'DESCRIPTOR_WALK':>16} {'walk/openat2':>13}")
    for depth in sorted(walk):
        o, w = walk[depth].get("OPENAT2"), walk[depth].get("DESCRIPTOR_WALK")
        ratio = f"{w / o:>13.2f}" if o and w else f"{'-':>13}"
        fmt = lambda v: f"{v:>7.2f} us" if v else f"{'-':>10}"
        print(f"{'depth=' + str(depth):<24} {fmt(o):>10} {fmt(w):>16} {ratio}")
PY
