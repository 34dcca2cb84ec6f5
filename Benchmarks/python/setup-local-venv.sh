#!/usr/bin/env bash
# Creates (once) the Python venv for the local-optimiser peers: Py-BOBYQA, DFO-LS, scipy (COBYLA, Powell) and Xopt
# (RCDS).
# The venv lives at ${VERNIER_VENV:-Benchmarks/.venv}; nothing here is needed to build or test Vernier.
set -euo pipefail
VENV="${VERNIER_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.venv}"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import pybobyqa, dfols, scipy, xopt" >/dev/null 2>&1; then
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet numpy scipy Py-BOBYQA DFO-LS xopt
fi
"$VENV/bin/python" -c "import pybobyqa, dfols, scipy, xopt, numpy; print('venv ready:', 'Py-BOBYQA', pybobyqa.__version__, 'DFO-LS', dfols.__version__, 'scipy', scipy.__version__, 'xopt', xopt.__version__, 'numpy', numpy.__version__)"
