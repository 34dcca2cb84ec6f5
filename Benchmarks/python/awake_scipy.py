"""The scipy side of the AWAKE workload of Benchmarks/Benchmarks/Optimizers (`Optimizers awake`): evaluations
until the AWAKE TT43 electron line is steered below 1 mm RMS from its standard initial states, with
scipy.optimize's COBYLA, Powell and Nelder-Mead.

    python awake_scipy.py PATH/TO/electron_tt43.out [--seeds 10] [--budget 200]
                          [--methods COBYLA,Powell,Nelder-Mead,Nelder-Mead-scaled]

The plant is re-implemented in NumPy from the same MAD-X TWISS file and the same equations as Vernier's
awake/Steering-v1 with default options (horizontal plane, response R_ij = sqrt(beta_i beta_j) sin(2 pi (mu_i -
mu_j)) for BPM i downstream of corrector j, first BPM and last corrector dropped; correctors in +-1 mrad; hidden
misalignment kicks k_err uniform in +-0.5 mrad, redrawn until every initial reading is within 9.5 mm and the
RMS exceeds 2 mm; beam lost at the first BPM with |s| >= 10 mm, which and every BPM downstream then read
+-10 mm; objective RMS of the readings in mm). The k_err draws come from NumPy (default_rng(seed)), not from
Vernier's generator: the same distribution of initial states, not the same states.

The optimisers see the correctors normalised to [-1, 1] (1 = 1 mrad) and start from all correctors at 0 (the
machine's current point, evaluated first and counted), with scipy's default options otherwise (COBYLA
rhobeg = 1, Powell and Nelder-Mead with the bounds). scipy's default Nelder-Mead simplex from x0 = 0 has edges
of 0.00025 (its 5 % rule has nothing to scale), so "Nelder-Mead-scaled" also runs it from Vernier's initial
simplex (edges of 0.1 of each range). A method that converges before the budget restarts from its best
point. A run that never gets below 1 mm within the budget counts as budget + 1 for the median.

Prints one JSON object: {"tool": "scipy", "versions", "awake": {method: {"evaluations_to_1mm", "median", ...}}}.
"""
import os

for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse
import json
import math
import statistics
import time

import numpy as np
import scipy
from scipy.optimize import minimize

CORRECTOR_LIMIT = 1e-3   # rad
MISALIGNMENT = 5e-4      # rad
APERTURE = 0.01          # m
INITIAL_READING_LIMIT = 0.95
TARGET_RMS_MM = 1.0


def read_twiss(path):
    """The rows of a MAD-X TWISS table as dictionaries of strings (the same reader as plant_steps.py)."""
    columns, rows = None, []
    with open(path) as handle:
        for line in handle:
            if line.startswith("*"):
                columns = line.split()[1:]
            elif line.lstrip().startswith("\""):
                rows.append({name: value.strip('"') for name, value in zip(columns, line.split())})
    return rows


def response_matrix(rows, beta="BETX", mu="MUX"):
    """The horizontal BPM-by-corrector response (m/rad), as Vernier's ResponseMatrix builds it."""
    monitors = [r for r in rows if r["KEYWORD"] in ("MONITOR", "HMONITOR")][1:]
    kickers = [r for r in rows if r["KEYWORD"] in ("KICKER", "HKICKER")][:-1]
    matrix = np.zeros((len(monitors), len(kickers)))
    for i, m in enumerate(monitors):
        for j, k in enumerate(kickers):
            if float(m[mu]) > float(k[mu]):
                matrix[i, j] = math.sqrt(float(m[beta]) * float(k[beta])) * math.sin(
                    2 * math.pi * (float(m[mu]) - float(k[mu])))
    return matrix


class AwakeSteering:
    """One scenario of the plant: the hidden misalignment and the RMS (mm) at any corrector setting."""

    def __init__(self, response, seed):
        self.response = response
        rng = np.random.default_rng(seed)
        while True:
            misalignment = rng.uniform(-MISALIGNMENT, MISALIGNMENT, response.shape[1])
            baseline = response @ misalignment
            if np.all(np.abs(baseline) <= INITIAL_READING_LIMIT * APERTURE) and \
                    math.sqrt(np.mean(baseline ** 2)) > 2 * TARGET_RMS_MM / 1000:
                break
        self.baseline = baseline

    def readings_mm(self, kicks):
        """The BPM readings (mm); from the first BPM at or beyond the aperture on, the beam is lost there."""
        readings = self.response @ kicks + self.baseline
        lost = np.flatnonzero(np.abs(readings) >= APERTURE)
        if lost.size:
            readings[lost[0]:] = math.copysign(APERTURE, readings[lost[0]])
        return 1000 * readings

    def rms_mm(self, kicks):
        return math.sqrt(np.mean(self.readings_mm(kicks) ** 2))


class Reached(Exception):
    pass


def run(method, plant, budget):
    """Evaluations until RMS < 1 mm (None if never within `budget`) and the best RMS seen (mm)."""
    n = plant.response.shape[1]
    count, best = 0, math.inf

    def objective(u):
        nonlocal count, best
        if count >= budget:
            raise StopIteration
        count += 1
        value = plant.rms_mm(CORRECTOR_LIMIT * np.clip(np.asarray(u, dtype=float), -1, 1))
        best = min(best, value)
        if value < TARGET_RMS_MM:
            raise Reached
        return value

    bounds = [(-1.0, 1.0)] * n
    scipy_method, options = method, ({"maxiter": budget} if method == "COBYLA" else {"maxfev": budget})
    if method == "Nelder-Mead-scaled":
        scipy_method = "Nelder-Mead"
    try:
        x = np.zeros(n)
        while count < budget:   # a converged method restarts from its best point until the budget is spent
            if method == "Nelder-Mead-scaled":
                # Vernier's initial simplex: an edge of 0.1 of each range (0.2 here) from the start point.
                options["initial_simplex"] = np.vstack([x, x + 0.2 * np.eye(n) * np.where(x > 0.8, -1, 1)])
            result = minimize(objective, x, method=scipy_method, bounds=bounds, options=options)
            x = result.x
    except Reached:
        return count, best
    except StopIteration:
        pass
    return None, best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("twiss")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--budget", type=int, default=200)
    parser.add_argument("--methods", default="COBYLA,Powell,Nelder-Mead,Nelder-Mead-scaled")
    arguments = parser.parse_args()
    response = response_matrix(read_twiss(arguments.twiss))
    results = {}
    for method in arguments.methods.split(","):
        start = time.perf_counter()
        reached, bests = [], []
        for seed in range(arguments.seeds):
            evaluations, best = run(method, AwakeSteering(response, seed), arguments.budget)
            reached.append(evaluations)
            bests.append(best)
        counted = [arguments.budget + 1 if value is None else value for value in reached]
        results[method] = {"evaluations_to_1mm": reached, "median": statistics.median(counted),
                           "best_rms_mm": bests, "budget": arguments.budget,
                           "wall_seconds": time.perf_counter() - start}
    print(json.dumps({"tool": "scipy", "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
                      "awake": results}, indent=2))


if __name__ == "__main__":
    main()
