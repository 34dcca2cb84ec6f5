#!/usr/bin/env bash
# Issue 5's numbers to reach on Vernier's own plants: PPO on awake/Steering-v1 and jpa/Tuning-v1.
#
#   Benchmarks/ppo-tasks.sh [--seeds "1 2 3 4 5"] [--episodes 1000] [--quick]
#
# For each plant (presets config/ppo/awake.yaml and config/ppo/jpa.yaml, release build, one thread):
# 1. trains with seed 1 exactly as the shipped policy was trained and checks that the result is the shipped
#    file (policies/awake-steering-v1.json, policies/jpa-tuning-v1.json) byte for byte;
# 2. evaluates the shipped policy with `vernier evaluate … --episodes 1000 --json`;
# 3. trains and evaluates every seed of --seeds (training time, steps/s, success rate, median steps);
# 4. runs the baselines on the same episodes (Benchmarks/Benchmarks/PPOTasks):
#    AWAKE — the inverse-response controller (clipped / scaled) and the oracle lower bound on steps;
#    JPA — Nelder–Mead from the same starting point, measurements to reach 20 dB over 5 scans of 100
#    consecutive frequency steps.
# Prints one summary per plant; the raw JSON is kept in the folder it names.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SEEDS="1 2 3 4 5"
EPISODES=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --episodes) EPISODES=$2; shift 2 ;;
    --quick) SEEDS="1"; EPISODES=100; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

echo "building vernier and PPOTasks (release) …" >&2
swift build -c release --product vernier >&2
(cd Benchmarks && swift build -c release --product PPOTasks >&2)
VERNIER=$ROOT/.build/release/vernier
TASKS=$ROOT/Benchmarks/.build/release/PPOTasks
OUT=$(mktemp -d)
echo "raw results in $OUT" >&2
# Runs the CLI records (train/evaluate with a run store) go to a throw-away store, not the user's.
export VERNIER_STORE="$OUT/runs.sqlite"

for task in awake:awake/Steering-v1:awake-steering-v1 jpa:jpa/Tuning-v1:jpa-tuning-v1; do
  IFS=: read -r name plant policy <<< "$task"
  echo "== $plant: training seed 1 with config/ppo/$name.yaml (the shipped policy's run) …" >&2
  "$VERNIER" train "$plant" --algo ppo --config "config/ppo/$name.yaml" --seed 1 --out "$OUT/$name-1.json" \
    --json > "$OUT/$name-train-1.json"
  if cmp -s "$OUT/$name-1.json" "policies/$policy.json"; then echo same > "$OUT/$name-reproduced"; else echo different > "$OUT/$name-reproduced"; fi
  "$VERNIER" evaluate "policies/$policy.json" --env "$plant" --episodes "$EPISODES" --json > "$OUT/$name-shipped-eval.json"
  for seed in $SEEDS; do
    if [ "$seed" != 1 ]; then
      echo "   training seed $seed …" >&2
      "$VERNIER" train "$plant" --algo ppo --config "config/ppo/$name.yaml" --seed "$seed" --out "$OUT/$name-$seed.json" \
        --json > "$OUT/$name-train-$seed.json"
    fi
    "$VERNIER" evaluate "$OUT/$name-$seed.json" --episodes "$EPISODES" --json > "$OUT/$name-eval-$seed.json"
  done
done
echo "== baselines …" >&2
"$TASKS" awake --policy policies/awake-steering-v1.json --episodes "$EPISODES" > "$OUT/awake-baselines.json"
"$TASKS" jpa --policy policies/jpa-tuning-v1.json > "$OUT/jpa-baselines.json"

python3 - "$OUT" "$SEEDS" <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2].split()
load = lambda name: json.load(open(f"{out}/{name}"))
for name, plant in [("awake", "awake/Steering-v1"), ("jpa", "jpa/Tuning-v1")]:
    print(f"\n{plant}  (preset config/ppo/{name}.yaml)")
    print(f"  seed 1 retrained = shipped policy file: {open(f'{out}/{name}-reproduced').read().strip()}")
    shipped = load(f"{name}-shipped-eval.json")
    print(f"  shipped policy, {shipped['episodes']} episodes: success {100 * shipped['success_rate']:.1f} %, "
          f"median steps {shipped['median_steps']}, mean return {shipped['mean_return']:.4f}")
    print("  seed | train s | steps/s | steps  | success % | median steps | mean return")
    rates = []
    for seed in seeds:
        train, evaluation = load(f"{name}-train-{seed}.json"), load(f"{name}-eval-{seed}.json")
        rates.append(train["steps_per_second"])
        print(f"  {seed:>4} | {train['seconds']:7.1f} | {train['steps_per_second']:7.0f} | {train['steps']:6d} | "
              f"{100 * evaluation['success_rate']:9.1f} | {str(evaluation['median_steps']):>12} | {evaluation['mean_return']:.4f}")
    print(f"  median steps/s {statistics.median(rates):.0f}")
awake = load("awake-baselines.json")
print(f"\nawake/Steering-v1, steps to success on the same {awake['episodes']} episodes (seeds {awake['seed']}…):")
print("  controller               | success % | median | mean  | max | histogram")
for key, label in [("oracle_lower_bound", "oracle lower bound"), ("trained_policy", "PPO policy (shipped)"),
                   ("inverse_response_clipped", "−R⁻¹s, clipped"), ("inverse_response_scaled", "−R⁻¹s, scaled")]:
    s = awake[key]
    histogram = ", ".join(f"{k}: {v}" for k, v in sorted(s["histogram"].items(), key=lambda kv: int(kv[0])))
    print(f"  {label:<24} | {100 * s['success_rate']:9.1f} | {s['median_of_successes']:>6} | {s['mean_of_successes']:.3f} | "
          f"{s['maximum_of_successes']:>3} | {histogram}")
print(f"  policy at the lower bound in {awake['policy_at_lower_bound']} episodes; median RMS after one step: "
      f"policy {awake['median_policy_first_step_rms_mm']:.3f} mm, best possible {awake['median_best_one_step_rms_mm']:.3f} mm")
jpa = load("jpa-baselines.json")
print(f"\njpa/Tuning-v1, measurements to reach 20 dB ({jpa['scans']} scans × {jpa['steps_per_scan']} frequency steps, "
      f"budget {jpa['budget']}):\n  reached = {jpa['definition']}")
print("  controller                          | reached % | median | mean  | max")
rows = [("PPO policy (shipped)", jpa["policy_all"])] + sorted(jpa["nelder_mead_all"].items())
for label, s in rows:
    print(f"  {label:<35} | {100 * s['success_rate']:9.1f} | {str(s['median_of_all']):>6} | "
          f"{s['mean_of_successes']:5.2f} | {s['maximum_of_successes']:>3}")
best = jpa["best_nelder_mead"]
print(f"  per scan (policy / {best}): " + ", ".join(
    f"{scan['first_target_ghz']:.4f}→{scan['last_target_ghz']:.4f} GHz {scan['policy']['median_of_all']}/{scan['nelder_mead'][best]['median_of_all']}"
    for scan in jpa["per_scan"]))
paired = jpa["paired"]
print(f"  paired with {best}: policy fewer {paired['policy_fewer']}, equal {paired['equal']}, more {paired['policy_more']}; "
      f"median ratio {jpa['nelder_mead_all'][best]['median_of_all'] / jpa['policy_all']['median_of_all']:.1f}×")
PY
