#!/usr/bin/env bash
# Device-definition expressions: Vernier's compiled evaluator (package-benchmark, release) and Python's eval,
# lambdas and NumPy side by side in one session. Run from anywhere:
#   bash Benchmarks/compare-expressions.sh
# The Python side runs in ${VERNIER_VENV:-Benchmarks/.venv}, created with numpy when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VERNIER_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy
fi
echo "== Vernier (Swift, release, package-benchmark): evaluations per second = throughput × 1000"
(cd "$here" && swift package --allow-writing-to-package-directory benchmark --target Expressions \
  --format markdown --no-progress)
echo "== Python (eval of compiled code over a dict; hand-written lambda; NumPy)"
"$venv/bin/python" "$here/python/expressions.py" --evaluations 200000
