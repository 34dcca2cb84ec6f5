#!/usr/bin/env bash
# Every eviction policy libCacheSim ships (heuristic and learned: ARC, LIRS, S3-FIFO, W-TinyLFU, Cacheus, LeCaR,
# GLCache, LRB, 3L-Cache, …) on a drift and a static synthetic trace, scored as cache-quality.sh scores Vernier's:
# the share of the LRU -> Belady byte-hit gap each closes at 5, 10 and 20 % of the working set.
#   Benchmarks/cache-eviction-survey.sh [REQUESTS=200000] [SEED=5]
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing libcachesim into it if missing.
set -euo pipefail
cd "$(dirname "$0")"
requests="${1:-200000}"
seed="${2:-5}"
venv="${VERNIER_VENV:-$PWD/.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import libcachesim" 2>/dev/null || "$venv/bin/pip" install -q libcachesim
(cd .. && swift build --product vernier -c release >/dev/null)
vernier="$(cd .. && swift build --product vernier -c release --show-bin-path)/vernier"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for kind in drift static; do
  "$vernier" cache generate --kind "$kind" --requests "$requests" --seed "$seed" --out "$scratch/$kind.csv" >/dev/null
done
cd python
"$venv/bin/python" cache_eviction_survey.py "$scratch/drift.csv" "$scratch/static.csv" 2> >(grep -v INFO >&2)
