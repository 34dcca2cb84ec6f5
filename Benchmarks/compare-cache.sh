#!/usr/bin/env bash
# LRU requests simulated per second, one core: Vernier (release) beside libCacheSim (its Python bindings, whose
# process_trace loop runs in C), on the same oracleGeneral trace and capacity (10 % of the working set), runs
# alternating between the two and both pinned to core 0; best of REPEATS each, by processor time (the machine
# is shared, so wall time mostly measures the other jobs) and by wall time.
#   Benchmarks/compare-cache.sh [REQUESTS=2000000] [REPEATS=5]
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing libcachesim into it if missing.
set -euo pipefail
cd "$(dirname "$0")"
requests="${1:-2000000}"
repeats="${2:-5}"
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
trace="$scratch/trace.oracleGeneral.bin"
"$vernier" cache generate --kind static --requests "$requests" --seed 11 --out "$scratch/trace.csv" >/dev/null
capacity=$("$venv/bin/python" python/libcachesim_speed.py convert "$scratch/trace.csv" "$trace" 0.1)
for _ in $(seq "$repeats"); do
  taskset -c 0 "$venv/bin/python" python/libcachesim_speed.py time "$trace" "$capacity" >> "$scratch/peer.jsonl"
  taskset -c 0 "$vernier" cache simulate "$trace" --policy lru --capacity "${capacity}B" --json \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >> "$scratch/ours.jsonl"
done
python3 - "$scratch/ours.jsonl" "$scratch/peer.jsonl" "$capacity" <<'PY'
import json, sys
ours_runs = [json.loads(line) for line in open(sys.argv[1])]
peer_runs = [json.loads(line) for line in open(sys.argv[2])]
ours, peer = ours_runs[0], peer_runs[0]
requests = ours["requests"]
print(f"LRU at 10 % of the working set ({sys.argv[3]} MB), {requests:,} requests ({ours['files']:,} files), "
      f"{len(ours_runs)} alternating runs each, best, reading included")
print(f"  hit ratio: Vernier {ours['hit_ratio']:.4f} (byte {ours['byte_hit_ratio']:.4f}), "
      f"libCacheSim {peer['hit_ratio']:.4f} (byte {peer['byte_hit_ratio']:.4f})")
for key, label in [("cpu_seconds", "processor time"), ("seconds", "wall time")]:
    a = min(run[key] for run in ours_runs)
    b = min(run[key] for run in peer_runs)
    print(f"  by {label:14}  Vernier {requests / a / 1e6:6.2f} M requests/s ({a:.3f} s)   "
          f"libCacheSim {requests / b / 1e6:6.2f} M requests/s ({b:.3f} s)   ratio {b / a:5.2f} ×")
PY
