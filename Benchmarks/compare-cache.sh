#!/usr/bin/env bash
# LRU requests simulated per second, one core: Vernier (release) beside libCacheSim (its Python bindings, whose
# process_trace loop runs in C), on the same oracleGeneral trace and capacity, in one run; best of REPEATS each.
#   Benchmarks/compare-cache.sh [REQUESTS=2000000] [REPEATS=3]
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing libcachesim into it if missing.
set -euo pipefail
cd "$(dirname "$0")"
requests="${1:-2000000}"
repeats="${2:-3}"
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
export VERNIER_STORE="$scratch/runs.sqlite"
"$vernier" cache generate --kind static --requests "$requests" --seed 11 --out "$scratch/trace.csv" >/dev/null
peer=$(taskset -c 0 "$venv/bin/python" python/libcachesim_speed.py "$scratch/trace.csv" "$scratch/trace.oracleGeneral.bin" 0.1 "$repeats")
best=""
for _ in $(seq "$repeats"); do
  run=$(taskset -c 0 "$vernier" cache simulate "$scratch/trace.oracleGeneral.bin" --policy lru --capacity 10% --json)
  seconds=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$run")
  if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $seconds < $best else 1)"; then best=$seconds; ours=$run; fi
done
python3 - "$ours" "$peer" <<'PY'
import json, sys
ours, peer = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rate = ours["requests"] / ours["seconds"]
print(f"LRU at 10 % of the working set, {ours['requests']:,} requests ({ours['files']:,} files), best of runs, reading included")
print(f"  Vernier      {rate / 1e6:8.2f} M requests/s  ({ours['seconds']:.3f} s)  hit ratio {ours['hit_ratio']:.4f}  byte {ours['byte_hit_ratio']:.4f}")
print(f"  libCacheSim  {peer['requests_per_second'] / 1e6:8.2f} M requests/s  ({peer['seconds']:.3f} s)  hit ratio {peer['hit_ratio']:.4f}  byte {peer['byte_hit_ratio']:.4f}")
print(f"  ratio        {rate / peer['requests_per_second']:8.2f} ×")
PY
