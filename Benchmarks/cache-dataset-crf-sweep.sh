#!/usr/bin/env bash
# dataset-crf's sensitivity to its timescale τ: on the second half of a drift and a static synthetic trace (as
# cache-quality.sh scores), at 5, 10 and 20 % of the whole trace's working set, the share of the LRU -> Belady
# byte-hit gap that dataset-crf closes for τ from 30 min to 16 days (LFU for comparison).
#   Benchmarks/cache-dataset-crf-sweep.sh [REQUESTS=200000] [SEED=5]
# VERNIER=path/to/vernier uses that binary (the figures do not depend on the build).
set -euo pipefail
cd "$(dirname "$0")"
requests="${1:-200000}"
seed="${2:-5}"
if [ -z "${VERNIER:-}" ]; then
  (cd .. && swift build --product vernier -c release >/dev/null)
  vernier="$(cd .. && swift build --product vernier -c release --show-bin-path)/vernier"
else
  vernier="$VERNIER"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export VERNIER_STORE="$scratch/runs.sqlite"
taus="1800 3600 10800 21600 43200 86400 172800 345600 691200 1382400"
policies="lru,belady,lfu$(for tau in $taus; do printf ',dataset-crf:%s' "$tau"; done)"
python3 -c "import sys; print('trace   C   LRU    Belady | gap closed (%): LFU, then dataset-crf at tau =', ' '.join(f'{int(t) / 3600:g}' for t in sys.argv[1:]), 'h')" $taus
for kind in drift static; do
  "$vernier" cache generate --kind "$kind" --requests "$requests" --seed "$seed" --out "$scratch/$kind.csv" >/dev/null
  # The second half, and the whole trace's working set in bytes (capacities are shares of it, as in advise).
  workingSet=$(python3 - "$scratch/$kind.csv" "$scratch/$kind-second.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
header, rows = lines[0], lines[1:]
sizes = {}
for row in rows:
    fields = row.split(",")
    sizes[fields[1]] = int(fields[2])
open(sys.argv[2], "w").write(header + "\n" + "\n".join(rows[len(rows) // 2:]) + "\n")
print(sum(sizes.values()))
PY
)
  for percent in 5 10 20; do
    "$vernier" cache simulate "$scratch/$kind-second.csv" --capacity "$((workingSet * percent / 100))B" \
      --policy "$policies" --json > "$scratch/out.json"
    python3 - "$scratch/out.json" "$kind" "$percent" <<'PY'
import json, sys
p = {row["policy"]: row["byte_hit_ratio"] for row in json.load(open(sys.argv[1]))["policies"]}
lru, belady = p.pop("lru"), p.pop("belady")
closed = " ".join(f"{100 * (value - lru) / (belady - lru):5.1f}" for value in p.values())
print(f"{sys.argv[2]:6} {sys.argv[3]:>2}%  {lru:.4f} {belady:.4f} | {closed}")
PY
  done
done
