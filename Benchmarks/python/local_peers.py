"""The peers' side of Benchmarks/compare-local.sh (local, derivative-free optimisers), and the evaluator that
Vernier's side drives through `vernier tune --objective-cmd`, so both sides see the very same problems.

    python local_peers.py peers --seeds 10          # Py-BOBYQA, Py-DFOLS, scipy COBYLA and Powell, Xopt RCDS; JSON
    python local_peers.py space PROBLEM             # the --space YAML of PROBLEM
    python local_peers.py evaluator PROBLEM SEED LOG   # JSON-lines evaluator; logs each true objective to LOG

Problems (the optimisers minimise the measured value; "evaluations to target" counts evaluations until the
*true*, noise-free value of an evaluated point is at or below the target; the start is evaluated first and
counted):
- awake: the AWAKE TT43 electron line of awake_scipy.py (NumPy re-implementation of awake/Steering-v1, default
  options), scenario SEED; 10 correctors in [-1, 1] mrad, start 0; target RMS < 1 mm.
- steering: the 10-D linear steering problem of data/steering-10d.json, RMS(R x + b) on [-1, 1]^10, start 0
  (the box centre); target within 10 % of the optimum (f <= 1.1 f*).
- awake-noisy, steering-noisy: the same with Gaussian noise on each of the m = 10 readings (BPMs, residuals) of
  sigma * sqrt(m), so that the objective (their RMS) carries noise of about sigma: 0.2 mm (AWAKE; 20 % of the
  target) and 0.02 (steering; 4 % of its target), drawn from numpy default_rng(1000 + SEED).
The evaluator answers the objective and the readings as observables r0 … r9 (what `--optimizer dfols` uses).
Budgets: 100 evaluations (AWAKE), 150 (steering); a run that never reaches the target counts as budget + 1.

Peers, each with its defaults except as stated: Py-BOBYQA (rhobeg 0.1 of the range, its default;
objfun_has_noise=True on the noisy problems), Py-DFOLS (DFO-LS on the residual vector r / sqrt(m), whose sum of
squares is the squared objective; objfun_has_noise=True on the noisy problems), scipy COBYLA (rhobeg 1.0) and Powell (with bounds), restarted
from the best point when they converge before the budget; Xopt's RCDS (step 0.01, noise 1e-5, its defaults;
noise = sigma on the noisy problems).
"""
import os

for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse
import json
import math
import pathlib
import statistics
import sys
import time
import warnings

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from awake_scipy import AwakeSteering, read_twiss, response_matrix  # noqa: E402

TWISS = HERE.parent.parent / "environments" / "awake" / "electron_tt43.out"
STEERING = HERE.parent / "data" / "steering-10d.json"
NOISE = {"awake-noisy": 0.2, "steering-noisy": 0.02}
BUDGET = {"awake": 100, "awake-noisy": 100, "steering": 150, "steering-noisy": 150}


class Problem:
    """One problem instance: true and measured objective, bounds, start, target."""

    def __init__(self, name, seed):
        self.name = name
        self.sigma = NOISE.get(name, 0.0)
        self.rng = np.random.default_rng(1000 + seed)
        if name.startswith("awake"):
            plant = AwakeSteering(response_matrix(read_twiss(TWISS)), seed)
            self.readings = lambda x: plant.readings_mm(1e-3 * np.clip(np.asarray(x, dtype=float), -1, 1))
            self.target = 1.0
            self.strict = True
        else:
            data = json.loads(STEERING.read_text())
            R, b = np.array(data["R"]), np.array(data["b"])
            self.readings = lambda x: R @ np.clip(np.asarray(x, dtype=float), -1, 1) + b
            self.target = 1.1 * data["optimum"]
            self.strict = False
        self.dimension = 10
        self.low, self.high = -np.ones(10), np.ones(10)
        self.start = np.zeros(10)

    def true(self, x):
        return float(np.sqrt(np.mean(self.readings(x) ** 2)))

    def reached(self, value):
        return value < self.target if self.strict else value <= self.target

    def measure(self, x):
        """The true objective, the measured one and the measured readings: each reading carries Gaussian noise
        of sigma * sqrt(m), so that the objective, their RMS, carries noise of about sigma."""
        true_readings = self.readings(x)
        readings = true_readings
        if self.sigma:
            readings = true_readings + self.sigma * math.sqrt(true_readings.size) * self.rng.standard_normal(
                true_readings.size)
        return float(np.sqrt(np.mean(true_readings ** 2))), float(np.sqrt(np.mean(readings ** 2))), readings


class Done(Exception):
    pass


def run_peer(tool, problem, budget):
    """Evaluations until the true value reaches the target (None: never within the budget)."""
    count, reached = 0, None

    def measured(x):
        nonlocal count, reached
        if count >= budget:
            raise Done
        count += 1
        true, value, readings = problem.measure(x)
        if reached is None and problem.reached(true):
            reached = count
            raise Done
        return value, readings

    def objective(x):
        return measured(x)[0]

    def residuals(x):
        # Scaled so that their sum of squares is the square of the objective (the RMS): same minimiser.
        return measured(x)[1] / math.sqrt(problem.dimension)

    noisy = problem.sigma > 0
    try:
        if tool == "Py-BOBYQA":
            import pybobyqa
            x = problem.start.copy()
            while count < budget:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = pybobyqa.solve(objective, x, bounds=(problem.low, problem.high), maxfun=budget - count,
                                            objfun_has_noise=noisy)
                if result.x is None:
                    break
                x = result.x
        elif tool == "Py-DFOLS":
            import dfols
            x = problem.start.copy()
            while count < budget:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = dfols.solve(residuals, x, bounds=(problem.low, problem.high), maxfun=budget - count,
                                         objfun_has_noise=noisy)
                if result.x is None:
                    break
                x = result.x
        elif tool in ("COBYLA", "Powell"):
            from scipy.optimize import minimize
            x = problem.start.copy()
            bounds = list(zip(problem.low, problem.high))
            options = {"maxiter": budget} if tool == "COBYLA" else {"maxfev": budget}
            while count < budget:
                result = minimize(objective, x, method=tool, bounds=bounds, options=options)
                x = np.clip(result.x, problem.low, problem.high)
        elif tool == "Xopt RCDS":
            import pandas as pd
            from xopt import VOCS
            from xopt.generators.sequential.rcds import RCDSGenerator
            names = [f"x{i}" for i in range(problem.dimension)]
            vocs = VOCS(variables={n: [lo, hi] for n, lo, hi in zip(names, problem.low, problem.high)},
                        objectives={"f": "MINIMIZE"})
            generator = RCDSGenerator(vocs=vocs, **({"noise": problem.sigma} if noisy else {}))
            first = objective(problem.start)
            generator.add_data(pd.DataFrame([{**dict(zip(names, problem.start)), "f": first}]))
            while True:
                candidate = generator.generate(1)[0]
                value = objective([candidate[n] for n in names])
                generator.add_data(pd.DataFrame([{**candidate, "f": value}]))
        else:
            raise ValueError(tool)
    except Done:
        pass
    return reached


def peers(arguments):
    import dfols
    import pybobyqa
    import scipy
    import xopt
    results = {}
    for name in arguments.problems.split(","):
        results[name] = {}
        for tool in arguments.tools.split(","):
            start = time.perf_counter()
            reached = [run_peer(tool, Problem(name, seed), BUDGET[name]) for seed in range(arguments.seeds)]
            counted = [BUDGET[name] + 1 if r is None else r for r in reached]
            results[name][tool] = {"evaluations_to_target": reached, "median": statistics.median(counted),
                                   "wall_seconds": time.perf_counter() - start}
            print(f"{name} {tool}: median {statistics.median(counted)}", file=sys.stderr)
    print(json.dumps({"versions": {"Py-BOBYQA": pybobyqa.__version__, "DFO-LS": dfols.__version__, "scipy": scipy.__version__,
                                   "xopt": xopt.__version__, "numpy": np.__version__},
                      "budget": BUDGET, "results": results}, indent=1))


def space(arguments):
    names = [f"x{i}" for i in range(10)]
    print("objective_name: objective")
    print("parameters:")
    for name in names:
        print(f"  - {{name: {name}, low: -1, high: 1, initial: 0}}")
    print("timeout_seconds: 30")


def evaluator(arguments):
    problem = Problem(arguments.problem, arguments.seed)
    with open(arguments.log, "a") as log:
        for line in sys.stdin:
            x = json.loads(line)["x"]
            true, measured, readings = problem.measure(x)
            log.write(f"{true!r}\n")
            log.flush()
            observables = {f"r{index}": float(value) for index, value in enumerate(readings)}
            print(json.dumps({"objective": measured, "observables": observables}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("peers")
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--problems", default="awake,steering,awake-noisy,steering-noisy")
    p.add_argument("--tools", default="Py-BOBYQA,Py-DFOLS,COBYLA,Powell,Xopt RCDS")
    s = commands.add_parser("space")
    s.add_argument("problem")
    e = commands.add_parser("evaluator")
    e.add_argument("problem")
    e.add_argument("seed", type=int)
    e.add_argument("log")
    arguments = parser.parse_args()
    {"peers": peers, "space": space, "evaluator": evaluator}[arguments.command](arguments)


if __name__ == "__main__":
    main()
