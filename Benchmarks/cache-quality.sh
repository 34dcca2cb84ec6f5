#!/usr/bin/env bash
# Policy quality of `vernier cache advise` on a drift and a static synthetic trace at 5, 10 and 20 % of the
# working set: learned admission trained on the first half, every policy scored on the second half.
#   Benchmarks/cache-quality.sh [REQUESTS=200000] [SEED=5]
# Prints, per trace and capacity: cost (W+D)/C and read-on-hit of LRU and of learned admission, the cost cut and
# the read-on-hit loss; the byte hit ratios of LRU, Belady and the best realisable eviction, and the share of the
# LRU→Belady gap that eviction closes; and the advisor's wall time. A second line: dataset-crf, with the τ the
# advisor chose on the first half.
set -euo pipefail
cd "$(dirname "$0")"
requests="${1:-200000}"
seed="${2:-5}"
# VERNIER=path/to/vernier uses that binary (the figures do not depend on the build; only the timings do).
if [ -z "${VERNIER:-}" ]; then
  (cd .. && swift build --product vernier -c release >/dev/null)
  vernier="$(cd .. && swift build --product vernier -c release --show-bin-path)/vernier"
else
  vernier="$VERNIER"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export VERNIER_STORE="$scratch/runs.sqlite"
for kind in drift static; do
  "$vernier" cache generate --kind "$kind" --requests "$requests" --seed "$seed" --out "$scratch/$kind.csv" >/dev/null
  for percent in 5 10 20; do
    start=$(date +%s.%N)
    "$vernier" cache advise "$scratch/$kind.csv" --capacity "$percent%" --bandwidth 10Gbit/s --seed "$seed" \
      --save "$scratch/policy.json" --json > "$scratch/$kind-$percent.json"
    end=$(date +%s.%N)
    python3 - "$scratch/$kind-$percent.json" "$kind" "$percent" "$(python3 -c "print($end - $start)")" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
kind, percent, seconds = sys.argv[2], sys.argv[3], float(sys.argv[4])
p = {row["policy"]: row for row in report["policies"]}
lru, learned, belady = p["lru"], p["learned"], p["belady"]
cut = 100 * (lru["cost"] - learned["cost"]) / lru["cost"]
loss = lru["read_on_hit"] - learned["read_on_hit"]
evictions = ["lfu", "lfuda", "fifo", "size-big", "size-small", "dataset-crf"]
best = max(evictions, key=lambda name: p[name]["byte_hit_ratio"])
gap = belady["byte_hit_ratio"] - lru["byte_hit_ratio"]
closed = 100 * (p[best]["byte_hit_ratio"] - lru["byte_hit_ratio"]) / gap if gap > 0 else float("nan")
print(f"{kind:6} {percent:>2}%  LRU cost {lru['cost']:7.2f} roh {lru['read_on_hit']:5.1f} | learned cost {learned['cost']:7.2f} "
      f"roh {learned['read_on_hit']:5.1f} | cut {cut:5.1f} %  loss {loss:5.1f} pts | byte hit LRU {lru['byte_hit_ratio']:.3f} "
      f"Belady {belady['byte_hit_ratio']:.3f} best {best} {p[best]['byte_hit_ratio']:.3f} closes {closed:6.1f} % | "
      f"2nd-hit cost {p['lru+second-hit']['cost']:7.2f} roh {p['lru+second-hit']['read_on_hit']:5.1f} | {seconds:5.1f} s")
dcrf = p["dataset-crf"]["byte_hit_ratio"]
print(f"         dataset-crf (tau {report['dataset_timescale_seconds'] / 3600:g} h) byte hit {dcrf:.3f} closes "
      f"{100 * (dcrf - lru['byte_hit_ratio']) / gap if gap > 0 else float('nan'):6.1f} %")
PY
  done
done
