"""The Python peers of Vernier's Bayesian optimisation, on the workloads of Benchmarks/Benchmarks/Optimizers:

    python bo_peers.py timing     --tool skopt|botorch [--repeats 7]
    python bo_peers.py efficiency --tool skopt|botorch [--seeds 5]

Prints one JSON object. One thread everywhere (OMP/MKL/OpenBLAS env set before numpy loads, and
torch.set_num_threads(1)): on two shared cores, threading only adds outliers.

- skopt: gp_minimize's defaults (GP with Matern-5/2 ARD + noise, acq_func="gp_hedge", acq_optimizer="lbfgs",
  n_initial_points=10, 10,000 random points + 5 L-BFGS restarts for the acquisition).
- botorch: SingleTaskGP on inputs in the unit cube with Standardize, fit_gpytorch_mll,
  LogExpectedImprovement(best_f = max Y), optimize_acqf(q=1, num_restarts=10, raw_samples=512) — the
  tutorial loop; initial design of max(d + 1, 5) Sobol points, the same size as Vernier's default design.
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

warnings.filterwarnings("ignore")

HERE = pathlib.Path(__file__).resolve().parent


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


HARTMANN_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
HARTMANN_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                       [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
HARTMANN_P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                       [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                       [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                       [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])


def hartmann6(x):
    x = np.asarray(x, dtype=float)
    return float(-np.sum(HARTMANN_ALPHA * np.exp(-np.sum(HARTMANN_A * (x - HARTMANN_P) ** 2, axis=1))))


def load_steering(path):
    data = json.loads(pathlib.Path(path).read_text())
    R, b = np.array(data["R"]), np.array(data["b"])

    def steering(x):
        return float(np.sqrt(np.mean((R @ np.asarray(x, dtype=float) + b) ** 2)))

    return steering, data["optimum"]


PROBLEMS = {
    "Branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], 0.397887357729738),
    "Hartmann-6": (hartmann6, [(0.0, 1.0)] * 6, -3.32236801141551),
}


# MARK: - scikit-optimize

def skopt_run(function, bounds, budget, seed, target=None):
    """Best value after each evaluation; stops early once `target` is reached (the rest of the trace would
    not change an evaluations-to-target count)."""
    from skopt import gp_minimize
    stop = None if target is None else (lambda result: result.fun <= target)
    result = gp_minimize(function, bounds, n_calls=budget, random_state=seed, callback=stop)
    return list(np.minimum.accumulate(result.func_vals))


def skopt_iteration_time(function, bounds, observations, seed):
    from skopt import Optimizer
    rng = np.random.default_rng(seed)
    lows, highs = np.array(bounds).T
    X = lows + (highs - lows) * rng.random((observations, len(bounds)))
    y = [function(x) for x in X]
    optimizer = Optimizer(bounds, base_estimator="GP", acq_func="gp_hedge", acq_optimizer="lbfgs",
                          random_state=seed)
    optimizer.tell([list(x) for x in X[:-1]], y[:-1])
    start = time.perf_counter()
    optimizer.tell(list(X[-1]), y[-1])   # refits the GP and optimises the acquisition: one iteration
    optimizer.ask()
    return time.perf_counter() - start


# MARK: - BoTorch

def botorch_step(X, Y):
    import torch
    from botorch.acquisition import LogExpectedImprovement
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import SingleTaskGP
    from botorch.models.transforms import Standardize
    from botorch.optim import optimize_acqf
    from gpytorch.mlls import ExactMarginalLogLikelihood
    model = SingleTaskGP(X, Y, outcome_transform=Standardize(m=1))
    fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
    acquisition = LogExpectedImprovement(model, best_f=Y.max())
    unit = torch.stack([torch.zeros(X.shape[1], dtype=X.dtype), torch.ones(X.shape[1], dtype=X.dtype)])
    candidate, _ = optimize_acqf(acquisition, bounds=unit, q=1, num_restarts=10, raw_samples=512)
    return candidate


def botorch_run(function, bounds, budget, seed, target=None):
    import torch
    from botorch.utils.sampling import draw_sobol_samples
    torch.manual_seed(seed)
    d = len(bounds)
    lows, highs = (torch.tensor(v, dtype=torch.double) for v in zip(*bounds))
    unit = torch.stack([torch.zeros(d, dtype=torch.double), torch.ones(d, dtype=torch.double)])

    def evaluate(u):
        return -function((lows + (highs - lows) * u).tolist())   # BoTorch maximises

    X = draw_sobol_samples(bounds=unit, n=max(d + 1, 5), q=1, seed=seed).squeeze(1)
    Y = torch.tensor([[evaluate(x)] for x in X], dtype=torch.double)
    while X.shape[0] < budget:
        if target is not None and -Y.max().item() <= target:
            break   # reached: the rest of the trace would not change an evaluations-to-target count
        candidate = botorch_step(X, Y)
        X = torch.cat([X, candidate])
        Y = torch.cat([Y, torch.tensor([[evaluate(candidate[0])]], dtype=torch.double)])
    return list(np.minimum.accumulate(-Y.squeeze(1).numpy()))


def botorch_iteration_time(function, bounds, observations, seed):
    import torch
    rng = np.random.default_rng(seed)
    d = len(bounds)
    lows, highs = np.array(bounds).T
    U = rng.random((observations, d))
    X = torch.tensor(U, dtype=torch.double)
    Y = torch.tensor([[-function(lows + (highs - lows) * u)] for u in U], dtype=torch.double)
    start = time.perf_counter()
    botorch_step(X, Y)
    return time.perf_counter() - start


# MARK: - Driver

def progress(message):
    """One line of progress on stderr (the runs are long; stdout carries only the JSON)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["timing", "efficiency"])
    parser.add_argument("--tool", choices=["skopt", "botorch"], required=True)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--steering", default=str(HERE.parent / "data" / "steering-10d.json"))
    args = parser.parse_args()
    if args.tool == "botorch":
        import torch
        torch.set_num_threads(1)
    steering, steering_optimum = load_steering(args.steering)
    versions = {}
    if args.tool == "skopt":
        import skopt
        import sklearn
        versions = {"skopt": skopt.__version__, "sklearn": sklearn.__version__}
    else:
        import botorch
        import torch
        versions = {"botorch": botorch.__version__, "torch": torch.__version__}

    if args.mode == "timing":
        iteration_time = skopt_iteration_time if args.tool == "skopt" else botorch_iteration_time
        results = []
        for dimension, name, function, bounds in [(6, "Hartmann-6", hartmann6, [(0.0, 1.0)] * 6),
                                                  (10, "steering-10D", steering, [(-1.0, 1.0)] * 10)]:
            for observations in (20, 50, 100):
                iteration_time(function, bounds, observations, 99)   # warm-up (imports, caches)
                times = [iteration_time(function, bounds, observations, seed) for seed in range(args.repeats)]
                results.append({"dimension": dimension, "observations": observations, "problem": name,
                                "median_seconds": statistics.median(times), "min_seconds": min(times)})
        print(json.dumps({"tool": args.tool, "versions": versions, "timing": results}, indent=2))
        return

    run = skopt_run if args.tool == "skopt" else botorch_run
    start = time.perf_counter()
    efficiency = {}
    for name, (function, bounds, optimum) in PROBLEMS.items():
        finals = []
        for seed in range(args.seeds):
            finals.append(run(function, bounds, 50, seed)[49])
            progress(f"{args.tool} {name} seed {seed}: best after 50 = {finals[-1]:.5f}")
        efficiency[name] = {"best_after_50": finals, "median": statistics.median(finals), "optimum": optimum}
    threshold = 1.1 * steering_optimum
    reached = []
    for seed in range(args.seeds):
        trace = run(steering, [(-1.0, 1.0)] * 10, 150, seed, target=threshold)
        hits = [i + 1 for i, value in enumerate(trace) if value <= threshold]
        reached.append(hits[0] if hits else None)
        progress(f"{args.tool} steering-10D seed {seed}: evaluations to 10 % = {reached[-1]}")
    efficiency["steering-10D"] = {"evaluations_to_10_percent": reached, "threshold": threshold, "budget": 150}
    efficiency["wall_seconds"] = time.perf_counter() - start
    print(json.dumps({"tool": args.tool, "versions": versions, "efficiency": efficiency}, indent=2))


if __name__ == "__main__":
    main()
