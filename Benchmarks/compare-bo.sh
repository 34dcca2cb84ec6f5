#!/usr/bin/env bash
# Bayesian optimisation side by side: Vernier (release build of the Optimizers target) against
# scikit-optimize gp_minimize and BoTorch (SingleTaskGP + LogExpectedImprovement + optimize_acqf), one
# thread each, in one run; prints a table with ratios.
#   Benchmarks/compare-bo.sh                 (VERNIER_VENV=… to reuse a venv with skopt + botorch)
# Takes 20–40 minutes on 2 cores: the peers' efficiency runs (5 seeds × Branin, Hartmann-6 at 50
# evaluations, steering-10D at 150) dominate.
set -euo pipefail
cd "$(dirname "$0")"
export VERNIER_VENV="${VERNIER_VENV:-$PWD/.venv}"
python/setup-bo-venv.sh
python="$VERNIER_VENV/bin/python"
swift build -c release --product Optimizers 2>&1 | tail -1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

echo "timing (one BO iteration at 20/50/100 observations, 6-D and 10-D)…" >&2
.build/release/Optimizers timing --repeats 7 > "$out/vernier-timing.json"
"$python" python/bo_peers.py timing --tool skopt --repeats 7 > "$out/skopt-timing.json"
"$python" python/bo_peers.py timing --tool botorch --repeats 7 > "$out/botorch-timing.json"
echo "sample efficiency (5 seeds)…" >&2
.build/release/Optimizers efficiency --seeds 5 > "$out/vernier-efficiency.json"
"$python" python/bo_peers.py efficiency --tool skopt --seeds 5 > "$out/skopt-efficiency.json"
"$python" python/bo_peers.py efficiency --tool botorch --seeds 5 > "$out/botorch-efficiency.json"

"$python" - "$out" <<'PY'
import json, pathlib, statistics, sys
out = pathlib.Path(sys.argv[1])
load = lambda name: json.loads((out / name).read_text())
timing = {tool: {(r["dimension"], r["observations"]): r["median_seconds"] for r in load(f"{tool}-timing.json")["timing"]}
          for tool in ("vernier", "skopt", "botorch")}
versions = {**load("skopt-timing.json")["versions"], **load("botorch-timing.json")["versions"]}
print("versions:", ", ".join(f"{k} {v}" for k, v in versions.items()))
print()
print("| time per BO iteration (median) | Vernier | scikit-optimize | BoTorch | faster peer ÷ Vernier |")
print("|---|---:|---:|---:|---:|")
for key in sorted(timing["vernier"]):
    v, s, b = (timing[t][key] for t in ("vernier", "skopt", "botorch"))
    print(f"| {key[0]}-D, {key[1]} observations | {v * 1e3:.1f} ms | {s * 1e3:.0f} ms | {b * 1e3:.0f} ms | {min(s, b) / v:.0f}× |")
print()
eff = {tool: load(f"{tool}-efficiency.json")["efficiency"] for tool in ("vernier", "skopt", "botorch")}
def fmt(values): return "[" + ", ".join(f"{x:.4f}" for x in values) + "]"
print("| sample efficiency (5 seeds) | Vernier | scikit-optimize | BoTorch |")
print("|---|---:|---:|---:|")
for name, optimum in (("Branin", 0.397887), ("Hartmann-6", -3.32237)):
    row = [f"{eff[t][name]['median']:.4f}" for t in ("vernier", "skopt", "botorch")]
    print(f"| {name}, median best after 50 (optimum {optimum}) | " + " | ".join(row) + " |")
def reached(tool):
    values = eff[tool]["steering-10D"]["evaluations_to_10_percent"]
    median = statistics.median([v if v is not None else float("inf") for v in values])
    shown = ", ".join("never" if v is None else str(v) for v in values)
    return f"{'never' if median == float('inf') else int(median)} ({shown})"
print("| steering-10D, evaluations to within 10 % of optimum (median; ≤ 150) | "
      + " | ".join(reached(t) for t in ("vernier", "skopt", "botorch")) + " |")
print()
for tool in ("vernier", "skopt", "botorch"):
    print(f"{tool}: Hartmann-6 per seed {fmt(eff[tool]['Hartmann-6']['best_after_50'])}, "
          f"Branin per seed {fmt(eff[tool]['Branin']['best_after_50'])}, wall {eff[tool]['wall_seconds']:.0f} s")
PY
