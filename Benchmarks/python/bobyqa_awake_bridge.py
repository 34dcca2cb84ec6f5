#!/usr/bin/env python3
"""cernml-coi-optimizers' BOBYQA (Py-BOBYQA) on vernier.problem("awake/Steering-v1"), through the bridge.

For each seed: the plant's scenario is drawn with `get_initial_params(seed=S)` (as `vernier tune --seed S` draws
it), BOBYQA minimises the trajectory RMS (mm) from the initial point with a budget of `--budget` evaluations, and
the best RMS and the evaluation at which the plant's success threshold (1 mm) was first met are printed, one JSON
object per seed.
"""
import argparse
import json
import time

from cernml import optimizers

import vernier


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=30)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = parser.parse_args()
    for seed in args.seeds:
        problem = vernier.problem("awake/Steering-v1")
        values = []
        x0 = problem.get_initial_params(seed=seed)

        def objective(params):
            value = problem.compute_single_objective(params)
            values.append(value)
            return value

        optimizer = optimizers.make("BOBYQA", maxfun=args.budget)
        solve = optimizer.make_solve_func((problem.optimization_space.low, problem.optimization_space.high),
                                          problem.constraints)
        start = time.perf_counter()
        result = solve(objective, x0)
        seconds = time.perf_counter() - start
        problem.close()
        threshold = 1.0
        first = next((index + 1 for index, value in enumerate(values) if value < threshold), None)
        print(json.dumps({"seed": seed, "evaluations": len(values), "best_rms_mm": min(values),
                          "first_below_1mm": first, "seconds": seconds,
                          "optimizer_message": str(getattr(result, "message", ""))}))


if __name__ == "__main__":
    main()
