#!/usr/bin/env bash
# Issue 6's control-loop benchmark: one `vernier device serve` on loopback, three clients against it in turn —
# Vernier's (a Modbus-backed plant over libmodbus, `vernier device bench`, release build), pymodbus's
# (Benchmarks/python/pymodbus_steps.py), and a plain C libmodbus loop (Benchmarks/c/libmodbus_steps.c: the
# floor, no encoding and no plant). One step = write 10 float32 setpoints (20 registers) + read 10 float32
# readings (20 registers).
#
#   Benchmarks/compare-modbus.sh            # from the package root; STEPS=20000 ROUNDS=3 by default
#   VERNIER_VENV=/path/to/venv Benchmarks/compare-modbus.sh
#
# The venv (default Benchmarks/.venv) is created with pymodbus when missing; it is never needed to build or test.
set -euo pipefail
cd "$(dirname "$0")/.."

STEPS=${STEPS:-20000}
WARMUP=${WARMUP:-1000}
ROUNDS=${ROUNDS:-3}
VENV=${VERNIER_VENV:-Benchmarks/.venv}
MAP=hardware/quadratic.yaml
PLANT=synthetic/Quadratic-v1

if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product vernier >/dev/null; fi
VERNIER=.build/release/vernier
FLOOR=$(mktemp)
cc -O2 Benchmarks/c/libmodbus_steps.c $(pkg-config --cflags --libs libmodbus) -o "$FLOOR"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pymodbus
fi
PYMODBUS_VERSION=$("$VENV/bin/python" -c 'import pymodbus; print(pymodbus.__version__)')

READY=$(mktemp -u)
"$VERNIER" device serve "$PLANT" --map "$MAP" --port 0 --ready-file "$READY" --quiet >/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -f "$READY" "$FLOOR"' EXIT
for _ in $(seq 200); do [ -s "$READY" ] && break; sleep 0.05; done
ENDPOINT=$(cat "$READY")
HOST=${ENDPOINT%:*}
PORT=${ENDPOINT##*:}

echo "server: vernier device serve $PLANT --map $MAP on $ENDPOINT (release build)"
echo "clients: vernier device bench (libmodbus $(pkg-config --modversion libmodbus)), pymodbus $PYMODBUS_VERSION (Python $("$VENV/bin/python" -c 'import platform; print(platform.python_version())')), plain C libmodbus loop"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$STEPS timed steps after $WARMUP warm-up steps, $ROUNDS rounds alternating clients; best round of each:"

best() { sort -t' ' -k1 -g -r | head -1; }
summary='import json,sys; r=json.load(sys.stdin); print(r["steps_per_second"], r["median_microseconds"], r["p99_microseconds"])'
swift_rounds=() python_rounds=() floor_rounds=()
for round in $(seq "$ROUNDS"); do
  floor_rounds+=("$("$FLOOR" "$HOST" "$PORT" 1 "$STEPS" "$WARMUP" | "$VENV/bin/python" -c "$summary")")
  swift_rounds+=("$("$VERNIER" device bench "$PLANT" --map "$MAP" --endpoint "$ENDPOINT" --steps "$STEPS" --warmup "$WARMUP" --json \
    | "$VENV/bin/python" -c "$summary")")
  python_rounds+=("$("$VENV/bin/python" Benchmarks/python/pymodbus_steps.py --host "$HOST" --port "$PORT" --steps "$STEPS" --warmup "$WARMUP" --json \
    | "$VENV/bin/python" -c "$summary")")
done
SWIFT=$(printf '%s\n' "${swift_rounds[@]}" | best)
PYTHON=$(printf '%s\n' "${python_rounds[@]}" | best)
CFLOOR=$(printf '%s\n' "${floor_rounds[@]}" | best)
"$VENV/bin/python" - "$SWIFT" "$PYTHON" "$CFLOOR" <<'PY'
import sys
s, p, c = ([float(x) for x in arg.split()] for arg in sys.argv[1:4])
print(f"{'client':<28}{'steps/s':>10}{'median µs':>12}{'p99 µs':>10}")
for name, r in [("vernier (ModbusPlant)", s), ("pymodbus", p), ("plain C libmodbus (floor)", c)]:
    print(f"{name:<28}{r[0]:>10.0f}{r[1]:>12.1f}{r[2]:>10.1f}")
print(f"vernier / pymodbus: {s[0]/p[0]:.2f}x the steps/s, median {p[1]/s[1]:.2f}x shorter, p99 {p[2]/s[2]:.2f}x shorter")
print(f"client time beyond the C floor (median): vernier {s[1]-c[1]:.1f} µs, pymodbus {p[1]-c[1]:.1f} µs "
      f"({(p[1]-c[1])/max(s[1]-c[1], 0.1):.1f}x)")
PY
