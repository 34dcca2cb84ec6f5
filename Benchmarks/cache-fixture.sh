#!/usr/bin/env bash
# Regenerates Tests/VernierCacheTests/Fixtures (the cache simulator's exactness fixture): two synthetic traces
# (drift and static, 20 000 requests, seed 7) rewritten in MB, and libCacheSim's LRU, FIFO, LFU and Belady hit
# ratios on them at 5, 10 and 20 % of the working set.
#   Benchmarks/cache-fixture.sh
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing libcachesim into it if missing.
set -euo pipefail
cd "$(dirname "$0")"
venv="${VERNIER_VENV:-$PWD/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import libcachesim" 2>/dev/null; then
  "$venv/bin/pip" install -q libcachesim
fi
(cd .. && swift build --product vernier -c release >/dev/null)
vernier="$(cd .. && swift build --product vernier -c release --show-bin-path)/vernier"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$vernier" cache generate --kind drift --requests 20000 --seed 7 --out "$scratch/drift.csv"
"$vernier" cache generate --kind static --requests 20000 --seed 7 --out "$scratch/static.csv"
fixtures=../Tests/VernierCacheTests/Fixtures
mkdir -p "$fixtures"
"$venv/bin/python" python/libcachesim_fixture.py "$fixtures" drift="$scratch/drift.csv" static="$scratch/static.csv"
echo "wrote $fixtures/drift.csv, static.csv, libcachesim-expected.json"
