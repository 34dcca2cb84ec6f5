"""A reference run of Xopt's RCDS (xopt.generators.sequential.rcds.RCDSGenerator) on a fixed quadratic, for the
test that checks Vernier's RCDS against it (Tests/VernierOptimizeTests/RCDSReferenceTests.swift).

    Benchmarks/python/setup-local-venv.sh
    Benchmarks/.venv/bin/python Benchmarks/python/rcds_reference.py \
        > Tests/VernierOptimizeTests/Fixtures/xopt-rcds-quadratic.json

The problem: three parameters on [-2, 2] x [-1, 3] x [0, 5], start (1.5, 2.5, 0.5),
f(x) = 10 + 3 (x1 - 0.4)^2 + (x2 - 1.1)^2 + 0.5 (x3 - 2.7)^2 + 0.6 (x1 - 0.4)(x2 - 1.1), step 0.05 and noise 1e-3
(Xopt's units: step a fraction of each range, noise in objective units). The offset 10 keeps every value above
the line-scan brackets, where Xopt's reuse of bracketing points (it tests the value column against the
bracket, where Huang's code tests the step column) would otherwise fire at random; Vernier reproduces it with
`reuse_bracket_points: false`. The start is evaluated first and handed to the generator as its data.

Prints {"versions", "low", "high", "start", "step", "noise", "points": [[x1, x2, x3], ...], "values": [...]}
with the start as the first point: 120 evaluations in all.
"""
import json

import numpy as np
import pandas as pd
import xopt
from xopt import VOCS
from xopt.generators.sequential.rcds import RCDSGenerator

LOW, HIGH = [-2.0, -1.0, 0.0], [2.0, 3.0, 5.0]
START = [1.5, 2.5, 0.5]
NAMES = ["x1", "x2", "x3"]
EVALUATIONS = 120


def objective(x):
    a, b, c = x[0] - 0.4, x[1] - 1.1, x[2] - 2.7
    return 10 + 3 * a * a + b * b + 0.5 * c * c + 0.6 * a * b


def main():
    vocs = VOCS(variables={n: [lo, hi] for n, lo, hi in zip(NAMES, LOW, HIGH)}, objectives={"f": "MINIMIZE"})
    assert list(vocs.variable_names) == NAMES
    generator = RCDSGenerator(vocs=vocs, step=0.05, noise=1e-3)
    points, values = [START], [objective(START)]
    generator.add_data(pd.DataFrame([{**dict(zip(NAMES, START)), "f": values[0]}]))
    while len(points) < EVALUATIONS:
        candidate = generator.generate(1)[0]
        x = [float(candidate[n]) for n in NAMES]
        value = objective(x)
        points.append(x)
        values.append(value)
        generator.add_data(pd.DataFrame([{**candidate, "f": value}]))
    print(json.dumps({
        "versions": {"xopt": xopt.__version__, "numpy": np.__version__},
        "low": LOW, "high": HIGH, "start": START, "step": 0.05, "noise": 1e-3,
        "points": points, "values": values,
    }, indent=1))


if __name__ == "__main__":
    main()
