#!/usr/bin/env bash
# Pendulum-v1 steps per second: Vernier (package-benchmark, release) beside Gymnasium, in one run.
#   Benchmarks/compare-pendulum.sh
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), creating it with gymnasium if missing.
set -euo pipefail
cd "$(dirname "$0")"
venv="${VERNIER_VENV:-$PWD/.venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import gymnasium" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q gymnasium numpy
fi

swift_json=$(mktemp)
trap 'rm -f "$swift_json"' EXIT
swift package --allow-writing-to-package-directory benchmark --target PlantSteps --filter "Pendulum-v1 step" \
  --format jmh --path stdout --metric throughput 2>/dev/null | grep '^\[' > "$swift_json"
OMP_NUM_THREADS=1 "$venv/bin/python" python/pendulum_steps.py > "$swift_json.py"

python3 - "$swift_json" "$swift_json.py" <<'PY'
import json, sys
swift = json.load(open(sys.argv[1]))[0]["primaryMetric"]["scorePercentiles"]["50.0"] * 1000  # 1,000 steps per iteration
gym = json.load(open(sys.argv[2]))
print(f"Pendulum-v1 steps per second (median)  Gymnasium {gym['gymnasium_version']}")
print(f"  Vernier (release, package-benchmark)   {swift:14,.0f}")
print(f"  Gymnasium gym.make (wrapped)           {gym['wrapped_steps_per_second']:14,.0f}   Vernier / Gymnasium = {swift / gym['wrapped_steps_per_second']:.0f}x")
print(f"  Gymnasium PendulumEnv (unwrapped)      {gym['unwrapped_steps_per_second']:14,.0f}   Vernier / Gymnasium = {swift / gym['unwrapped_steps_per_second']:.0f}x")
PY
rm -f "$swift_json.py"
