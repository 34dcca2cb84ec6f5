"""A reference run of scipy.optimize.minimize(method="Powell", bounds=...) on a fixed problem, for the test that
checks Vernier's Powell against it (Tests/VernierOptimizeTests/PowellReferenceTests.swift).

    Benchmarks/python/setup-local-venv.sh
    Benchmarks/.venv/bin/python Benchmarks/python/powell_reference.py \
        > Tests/VernierOptimizeTests/Fixtures/scipy-powell.json

The problem: a coupled quadratic plus a quartic on [-1, 1]^3 (the box Vernier's Powell scales every problem
to), f(x) = (x1 - 0.1)^2 + 2 (x2 + 0.3)^2 + 0.5 (x3 - 0.2)^2 + 0.5 x1 x2 + (x1 - 0.1)^4, start (0.8, -0.9, 0.9),
scipy's defaults (xtol = ftol = 1e-4), restarted from its result until 120 evaluations (as Vernier restarts).
Prints {"versions", "start", "points": [[x1, x2, x3], ...], "values": [...], "restarts": [...]} (restarts: the
1-based number of each restart's first evaluation).
"""
import json

import numpy as np
import scipy
from scipy.optimize import minimize

START = [0.8, -0.9, 0.9]
EVALUATIONS = 120


def objective(x):
    return (x[0] - 0.1) ** 2 + 2 * (x[1] + 0.3) ** 2 + 0.5 * (x[2] - 0.2) ** 2 + 0.5 * x[0] * x[1] + (x[0] - 0.1) ** 4


class Enough(Exception):
    pass


def main():
    points, values, restarts = [], [], []

    def recorded(x):
        if len(points) >= EVALUATIONS:
            raise Enough
        points.append([float(v) for v in x])
        values.append(float(objective(x)))
        return values[-1]

    x = np.array(START)
    try:
        while True:
            if points:
                restarts.append(len(points) + 1)
            x = minimize(recorded, x, method="Powell", bounds=[(-1, 1)] * 3).x
    except Enough:
        pass
    print(json.dumps({"versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "start": START,
                      "points": points, "values": values, "restarts": restarts}, indent=1))


if __name__ == "__main__":
    main()
