#!/usr/bin/env bash
# AWAKE and JPA step rates: Vernier (package-benchmark, release) and the Python peers (Gymnasium + NumPy)
# side by side in one session. Run from anywhere:
#   bash Benchmarks/compare-plants.sh
# The Python side runs in ${VERNIER_VENV:-Benchmarks/.venv}, created with numpy and gymnasium when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VERNIER_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy gymnasium
fi
echo "== Vernier (Swift, release, package-benchmark): steps per second = throughput"
(cd "$here" && swift package --allow-writing-to-package-directory benchmark --target PlantSteps \
  --filter 'AWAKE.*' --filter 'JPA Tuning-v1 step' --filter '10x10.*' --format markdown --no-progress)
echo "== Python peers (Gymnasium + NumPy)"
"$venv/bin/python" "$here/python/plant_steps.py" "$here/../environments/awake/electron_tt43.out" --steps 200000
