#!/usr/bin/env bash
# Issue 6's control-loop benchmark. One step = write 10 float32 setpoints (20 registers) + read 10 float32
# readings (20 registers) against `vernier device serve` on loopback (release build). Three clients take turns
# against the SAME server:
#   vernier   `vernier device bench`: full ModbusPlant evaluations (encode, bounds and step checks, libmodbus, decode,
#             objective from the readings through the plant's MeasurementModel hook)
#   pymodbus  Benchmarks/python/pymodbus_steps.py: the same step with pymodbus's sync client, float32 conversion
#             and the RMS objective
#   C floor   Benchmarks/c/libmodbus_steps.c: the same requests as a bare C loop over libmodbus (no encoding, no plant)
# Layouts:
#   hardware/awake.yaml         awake/Steering-v1 (the issue's loop: write holding + read input registers, two
#                               transactions); vernier without the map's 100 ms settle time and read-back, and once
#                               more with the read-back (a third transaction per step)
#   hardware/quadratic-fc23.yaml  synthetic/Quadratic-v1 with its readings in holding registers: one function-23
#                               transaction per step
#
#   Benchmarks/compare-modbus.sh                         # from anywhere; STEPS=20000 WARMUP=1000 ROUNDS=3
#   VERNIER_VENV=/path/to/venv Benchmarks/compare-modbus.sh
#
# The venv (default Benchmarks/.venv) is created with pymodbus when missing; it is never needed to build or test.
set -euo pipefail
cd "$(dirname "$0")/.."

STEPS=${STEPS:-20000}
WARMUP=${WARMUP:-1000}
ROUNDS=${ROUNDS:-3}
VENV=${VERNIER_VENV:-Benchmarks/.venv}

if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product vernier >/dev/null; fi
VERNIER=.build/release/vernier
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
cc -O2 Benchmarks/c/libmodbus_steps.c $(pkg-config --cflags --libs libmodbus) -o "$WORK/libmodbus_steps"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pymodbus
fi
PY="$VENV/bin/python"
echo "clients: vernier device bench (libmodbus $(pkg-config --modversion libmodbus)), pymodbus" \
  "$("$PY" -c 'import pymodbus; print(pymodbus.__version__)') (Python $("$PY" -c 'import platform; print(platform.python_version())')), C libmodbus loop"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "$STEPS timed steps after $WARMUP warm-up steps, $ROUNDS rounds with the clients taking turns; best round of each"

summary='import json,sys; r=json.load(sys.stdin); print(r["steps_per_second"], r["median_microseconds"], r["p99_microseconds"], r.get("cpu_microseconds", float("nan")))'
best() { sort -t' ' -k1 -g -r | head -1; }

compare() {  # PLANT MAP LABEL COMBINED(0/1) HALF_RANGE VERNIER_FLAGS [FULL_MAP_ROW(0/1)]
  local plant=$1 map=$2 label=$3 combined=$4 half_range=$5 flags=$6 full=${7:-0}
  rm -f "$WORK/ready"
  "$VERNIER" device serve "$plant" --map "$map" --seed 7 --port 0 --ready-file "$WORK/ready" --quiet >/dev/null &
  SERVER=$!
  for _ in $(seq 200); do [ -s "$WORK/ready" ] && break; sleep 0.05; done
  local endpoint host port
  endpoint=$(cat "$WORK/ready"); host=${endpoint%:*}; port=${endpoint##*:}
  local c_args=() py_args=()
  if [ "$combined" = 1 ]; then c_args=(combined); py_args=(--combined); fi
  local vernier_rounds=() full_rounds=() python_rounds=() floor_rounds=()
  for _ in $(seq "$ROUNDS"); do
    floor_rounds+=("$("$WORK/libmodbus_steps" "$host" "$port" 1 "$STEPS" "$WARMUP" "${c_args[@]}" | "$PY" -c "$summary")")
    # shellcheck disable=SC2086
    vernier_rounds+=("$("$VERNIER" device bench "$plant" --map "$map" --endpoint "$endpoint" --steps "$STEPS" \
      --warmup "$WARMUP" $flags --json | "$PY" -c "$summary")")
    if [ "$full" = 1 ]; then
      full_rounds+=("$("$VERNIER" device bench "$plant" --map "$map" --endpoint "$endpoint" --steps "$STEPS" \
        --warmup "$WARMUP" --no-settle --json | "$PY" -c "$summary")")
    fi
    python_rounds+=("$("$PY" Benchmarks/python/pymodbus_steps.py --host "$host" --port "$port" --steps "$STEPS" \
      --warmup "$WARMUP" --half-range "$half_range" "${py_args[@]}" --json | "$PY" -c "$summary")")
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  local full_best="nan nan nan nan"
  if [ "$full" = 1 ]; then full_best=$(printf '%s\n' "${full_rounds[@]}" | best); fi
  echo
  echo "## $label — server: vernier device serve $plant --map $map"
  "$PY" - "$(printf '%s\n' "${vernier_rounds[@]}" | best)" "$(printf '%s\n' "${python_rounds[@]}" | best)" \
    "$(printf '%s\n' "${floor_rounds[@]}" | best)" "$full_best" <<'REPORT'
import math, sys
v, p, c, f = ([float(x) for x in arg.split()] for arg in sys.argv[1:5])
print(f"{'client':<34}{'steps/s':>10}{'median µs':>12}{'p99 µs':>10}{'CPU µs/step':>13}")
rows = [("vernier (ModbusPlant)", v), ("pymodbus", p), ("C libmodbus loop (floor)", c)]
if not math.isnan(f[0]):
    rows.insert(1, ("vernier, with the map's read-back", f))
for name, r in rows:
    print(f"{name:<34}{r[0]:>10.0f}{r[1]:>12.1f}{r[2]:>10.1f}{r[3]:>13.1f}")
print(f"vernier / pymodbus: {v[0]/p[0]:.2f}x the steps/s, median {p[1]/v[1]:.2f}x shorter, p99 {p[2]/v[2]:.2f}x shorter")
print(f"time above the C floor (median): vernier {v[1]-c[1]:.1f} µs, pymodbus {p[1]-c[1]:.1f} µs")
print(f"client CPU above the C floor: vernier {v[3]-c[3]:.1f} µs/step, pymodbus {p[3]-c[3]:.1f} µs/step")
REPORT
}

compare awake/Steering-v1 hardware/awake.yaml \
  "AWAKE map, two transactions per step (function 16 + function 4)" 0 1e-3 "--no-settle --no-readback" 1
compare synthetic/Quadratic-v1 hardware/quadratic-fc23.yaml "one transaction per step (function 23)" 1 5 ""
