#!/usr/bin/env bash
# Creates (once) the Python venv for the Bayesian-optimisation peers: scikit-optimize and BoTorch.
# The venv lives at ${VERNIER_VENV:-Benchmarks/.venv}; nothing here is needed to build or test Vernier.
# torch from PyPI is large (it pulls the CUDA runtime wheels too); the first run takes several minutes.
set -euo pipefail
VENV="${VERNIER_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.venv}"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import skopt, botorch, torch" >/dev/null 2>&1; then
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet numpy scipy scikit-learn scikit-optimize torch botorch
fi
"$VENV/bin/python" -c "import skopt, botorch, torch, numpy; print('venv ready:', 'skopt', skopt.__version__, 'botorch', botorch.__version__, 'torch', torch.__version__, 'numpy', numpy.__version__)"
