"""Writes Benchmarks/data/steering-10d.json: the 10-D steering benchmark RMS(R x + b) on [-1, 1]^10.

R (10 BPMs x 10 correctors) and b (the uncorrected trajectory) come from numpy's PCG64 with seed 2024, so
the file can be regenerated bit for bit; both the Swift study and the Python peers read the file, never the
generator. R is a random orbit-response-like matrix (unit diagonal plus coupling), b is scaled so that the
least-squares correction -R^-1 b leaves the box in some correctors: the optimum over the box is then a
positive RMS f*, computed here with a bounded least-squares solve (scipy.optimize.lsq_linear) and stored
with the optimum point.
"""
import json
import pathlib
import sys

import numpy as np
from scipy.optimize import lsq_linear

rng = np.random.Generator(np.random.PCG64(2024))
n = 10
R = np.eye(n) + 0.2 * rng.standard_normal((n, n))
b = 0.8 * rng.standard_normal(n)
solution = lsq_linear(R, -b, bounds=(-1.0, 1.0), tol=1e-14, lsmr_tol="auto", max_iter=10_000)
x_star = solution.x
f_star = float(np.sqrt(np.mean((R @ x_star + b) ** 2)))
outside = int(np.sum(np.abs(np.linalg.solve(R, -b)) > 1))
samples = rng.uniform(-1, 1, size=(10_000, n))
random_median = float(np.median(np.sqrt(np.mean((samples @ R.T + b) ** 2, axis=1))))
out = {
    "description": "RMS(R x + b), x in [-1, 1]^10; R, b from numpy PCG64 seed 2024 (see make_steering_problem.py)",
    "R": R.tolist(),
    "b": b.tolist(),
    "optimum": f_star,
    "optimum_point": x_star.tolist(),
    "f_at_origin": float(np.sqrt(np.mean(b ** 2))),
    "median_random_value": random_median,
    "unconstrained_solution_components_outside_box": outside,
}
path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "data" / "steering-10d.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"f* = {f_star:.6f}, f(0) = {out['f_at_origin']:.4f}, median random f = {random_median:.4f}, "
      f"{outside} components of the unconstrained solution outside the box")
