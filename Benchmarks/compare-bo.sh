#!/usr/bin/env bash
# Bayesian optimisation side by side: Vernier (release build of the Optimizers target) against
# scikit-optimize gp_minimize and BoTorch (SingleTaskGP + LogExpectedImprovement + optimize_acqf), and on the
# AWAKE line against scipy's COBYLA, Powell and Nelder-Mead, one thread each, in one run; prints tables
# with ratios and the machine load.
#   Benchmarks/compare-bo.sh      (VERNIER_VENV=… to reuse a venv with skopt + botorch;
#                                  BO_SEEDS=10 seeds for the efficiency runs, AWAKE_SEEDS=30 for AWAKE)
# Takes 15–60 minutes on 2 shared cores (14 at load average 3): the peers' efficiency runs (BO_SEEDS ×
# Branin and Hartmann-6 at 50 evaluations, steering-10D until within 10 %; skopt and BoTorch side by side)
# dominate; Vernier's side takes under a minute. Progress of the peers' runs goes to standard error.
set -euo pipefail
cd "$(dirname "$0")"
export VERNIER_VENV="${VERNIER_VENV:-$PWD/.venv}"
seeds="${BO_SEEDS:-10}"
awake_seeds="${AWAKE_SEEDS:-30}"
python/setup-bo-venv.sh
python="$VERNIER_VENV/bin/python"
swift build -c release --product Optimizers 2>&1 | tail -1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
uptime > "$out/load-start.txt"

echo "timing (one BO iteration at 20/50/100 observations, 6-D and 10-D)…" >&2
.build/release/Optimizers timing --repeats 7 > "$out/vernier-timing.json"
"$python" python/bo_peers.py timing --tool skopt --repeats 7 > "$out/skopt-timing.json"
"$python" python/bo_peers.py timing --tool botorch --repeats 7 > "$out/botorch-timing.json"
uptime > "$out/load-timing.txt"
echo "AWAKE from its standard initial states ($awake_seeds seeds)…" >&2
.build/release/Optimizers awake --seeds "$awake_seeds" --budget 200 --optimizer bo > "$out/vernier-awake-bo.json"
.build/release/Optimizers awake --seeds "$awake_seeds" --budget 200 --optimizer nelder-mead > "$out/vernier-awake-nm.json"
"$python" python/awake_scipy.py ../environments/awake/electron_tt43.out --seeds "$awake_seeds" --budget 200 \
    > "$out/scipy-awake.json"
echo "sample efficiency ($seeds seeds)…" >&2
.build/release/Optimizers efficiency --seeds "$seeds" > "$out/vernier-efficiency.json"
# The two peers' efficiency runs side by side (one thread each; their results do not depend on the load).
"$python" python/bo_peers.py efficiency --tool skopt --seeds "$seeds" > "$out/skopt-efficiency.json" &
skopt_job=$!
"$python" python/bo_peers.py efficiency --tool botorch --seeds "$seeds" > "$out/botorch-efficiency.json"
wait "$skopt_job"
uptime > "$out/load-end.txt"

"$python" - "$out" "$seeds" "$awake_seeds" <<'PY'
import json, pathlib, statistics, sys
out, seeds, awake_seeds = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
load = lambda name: json.loads((out / name).read_text())
for stage in ("start", "timing", "end"):
    print(f"load at {stage}:", (out / f"load-{stage}.txt").read_text().strip())
timing = {tool: {(r["dimension"], r["observations"]): r["median_seconds"] for r in load(f"{tool}-timing.json")["timing"]}
          for tool in ("vernier", "skopt", "botorch")}
versions = {**load("skopt-timing.json")["versions"], **load("botorch-timing.json")["versions"],
            **load("scipy-awake.json")["versions"]}
print("versions:", ", ".join(f"{k} {v}" for k, v in versions.items()))
print()
print("| time per BO iteration (median of 7) | Vernier | scikit-optimize | BoTorch | faster peer ÷ Vernier |")
print("|---|---:|---:|---:|---:|")
for key in sorted(timing["vernier"]):
    v, s, b = (timing[t][key] for t in ("vernier", "skopt", "botorch"))
    print(f"| {key[0]}-D, {key[1]} observations | {v * 1e3:.1f} ms | {s * 1e3:.0f} ms | {b * 1e3:.0f} ms | {min(s, b) / v:.0f}× |")
print()
eff = {tool: load(f"{tool}-efficiency.json")["efficiency"] for tool in ("vernier", "skopt", "botorch")}
def fmt(values): return ", ".join(f"{x:.4f}" for x in values)
print(f"| sample efficiency (median of {seeds} seeds) | Vernier | scikit-optimize | BoTorch |")
print("|---|---:|---:|---:|")
for name, optimum in (("Branin", 0.397887), ("Hartmann-6", -3.32237)):
    row = [f"{eff[t][name]['median']:.4f}" for t in ("vernier", "skopt", "botorch")]
    print(f"| {name}, median best after 50 (optimum {optimum}) | " + " | ".join(row) + " |")
def reached(values, budget):
    median = statistics.median([v if v is not None else budget + 1 for v in values])
    shown = ", ".join("never" if v is None else str(v) for v in values)
    return f"{'never' if median > budget else f'{median:g}'} ({shown})"
print("| steering-10D, evaluations to within 10 % of optimum (median; ≤ 150) | "
      + " | ".join(reached(eff[t]["steering-10D"]["evaluations_to_10_percent"], 150)
                   for t in ("vernier", "skopt", "botorch")) + " |")
print()
for tool in ("vernier", "skopt", "botorch"):
    print(f"{tool}: Hartmann-6 per seed {fmt(eff[tool]['Hartmann-6']['best_after_50'])}")
    print(f"{tool}: Branin per seed {fmt(eff[tool]['Branin']['best_after_50'])}, wall {eff[tool]['wall_seconds']:.0f} s")
print()
awake = {"Vernier BO": load("vernier-awake-bo.json")["awake"],
         "Vernier Nelder–Mead": load("vernier-awake-nm.json")["awake"]}
awake.update({f"scipy {method}": result for method, result in load("scipy-awake.json")["awake"].items()})
print(f"| AWAKE, evaluations to RMS < 1 mm ({awake_seeds} initial states, budget 200) | median | mean | worst |")
print("|---|---:|---:|---:|")
for name, result in awake.items():
    counted = [v if v is not None else result["budget"] + 1 for v in result["evaluations_to_1mm"]]
    worst = "never" if None in result["evaluations_to_1mm"] else str(max(counted))
    print(f"| {name} | {statistics.median(counted):g} | {statistics.mean(counted):.1f} | {worst} |")
print()
for name, result in awake.items():
    print(f"{name}: " + " ".join("-" if v is None else str(v) for v in result["evaluations_to_1mm"]))
PY
