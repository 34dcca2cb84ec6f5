#!/usr/bin/env bash
# PPO side by side: Vernier vs Stable-Baselines3, in one run, on this machine, one thread each.
#
#   Benchmarks/compare-ppo.sh [--steps N] [--seeds "1 2 3"] [--quick]
#
# 1. Training: Pendulum-v1 with RL Zoo's tuned PPO preset (config/ppo/pendulum.yaml; same values in
#    Benchmarks/python/sb3_pendulum.py), 64×64 tanh actor and critic, 100k steps × 3 seeds. Reports training
#    steps/s, the mean return of the last 100 training episodes, and the deterministic policy's mean return
#    over 100 evaluation episodes; medians over the seeds; ratio of steps/s.
# 2. Inference: one observation through the 64×64 policy — SB3 `model.predict(obs, deterministic=True)` vs
#    Vernier's `Policy.act` (package-benchmark target Policy, release build).
#
# The SB3 venv is created on first use at ${VERNIER_VENV:-Benchmarks/.venv} (pip: stable-baselines3, gymnasium;
# torch comes with them and takes a while). OMP/MKL/OpenBLAS threads are 1 for both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STEPS=100000
SEEDS="1 2 3"
EPISODES=100
PREDICT_CALLS=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS=$2; shift 2 ;;
    --seeds) SEEDS=$2; shift 2 ;;
    --quick) STEPS=20480; SEEDS="1"; EPISODES=10; PREDICT_CALLS=2000; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

VENV=${VERNIER_VENV:-$ROOT/Benchmarks/.venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import stable_baselines3, gymnasium" 2>/dev/null; then
  echo "creating the SB3 venv at $VENV (stable-baselines3, gymnasium, torch) …" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q stable-baselines3 gymnasium
fi

echo "building vernier (release) …" >&2
swift build -c release --product vernier >&2
VERNIER=$ROOT/.build/release/vernier
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Vernier and SB3 alternate seed by seed, so that both see the same load on a shared machine.
: > "$WORK/vernier.jsonl"
: > "$WORK/sb3.jsonl"
for seed in $SEEDS; do
  echo "seed $seed: Vernier training $STEPS steps …" >&2
  "$VERNIER" train classic/Pendulum-v1 --algo ppo --config config/ppo/pendulum.yaml --steps "$STEPS" \
    --seed "$seed" --out "$WORK/pendulum-$seed.json" --json > "$WORK/train-$seed.json"
  "$VERNIER" evaluate "$WORK/pendulum-$seed.json" --episodes "$EPISODES" --seed 1000000 --json > "$WORK/eval-$seed.json"
  "$VENV/bin/python" - "$seed" "$WORK/train-$seed.json" "$WORK/eval-$seed.json" >> "$WORK/vernier.jsonl" <<'PY'
import json, sys
seed, train, evaluation = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
print(json.dumps({"kind": "train", "seed": int(seed), "steps": train["steps"], "seconds": train["seconds"],
                  "steps_per_second": train["steps_per_second"], "train_mean_return": train["mean_return"],
                  "eval_mean_return": evaluation["mean_return"]}))
PY
  echo "seed $seed: Stable-Baselines3 training $STEPS steps …" >&2
  "$VENV/bin/python" Benchmarks/python/sb3_pendulum.py --steps "$STEPS" --seeds "$seed" \
    --eval-episodes "$EPISODES" --predict-calls 0 >> "$WORK/sb3.jsonl"
done

echo "Stable-Baselines3: single-observation inference …" >&2
"$VENV/bin/python" Benchmarks/python/sb3_pendulum.py --steps 0 --seeds 1 --predict-calls "$PREDICT_CALLS" >> "$WORK/sb3.jsonl"

echo "Vernier: single-observation inference (package-benchmark, release) …" >&2
(cd Benchmarks && swift package --allow-writing-to-package-directory benchmark --target Policy \
  --format jmh --path "$WORK" --no-progress >&2)

"$VENV/bin/python" - "$WORK" <<'PY'
import glob, json, statistics, sys
work = sys.argv[1]
def load(name):
    return [json.loads(line) for line in open(f"{work}/{name}") if line.strip()]
vernier, sb3 = load("vernier.jsonl"), load("sb3.jsonl")
v_train = [r for r in vernier if r["kind"] == "train"]
s_train = [r for r in sb3 if r["kind"] == "train"]
predict = next(r for r in sb3 if r["kind"] == "predict")
def median(rows, key):
    return statistics.median(r[key] for r in rows)
print()
print("PPO on Pendulum-v1 (RL Zoo preset, 64×64 tanh, 1 thread), seeds", " ".join(str(r["seed"]) for r in v_train))
print(f"{'':34}{'Vernier':>14}{'SB3':>14}{'ratio':>10}")
vs, ss = median(v_train, "steps_per_second"), median(s_train, "steps_per_second")
print(f"{'training steps/s (median)':34}{vs:>14.0f}{ss:>14.0f}{vs / ss:>9.1f}×")
for key, label in [("train_mean_return", "last-100-episode return (median)"), ("eval_mean_return", "deterministic eval return (median)")]:
    print(f"{label:34}{median(v_train, key):>14.1f}{median(s_train, key):>14.1f}")
for side, rows in [("Vernier", v_train), ("SB3", s_train)]:
    print(f"  {side} per seed: " + "; ".join(
        f"seed {r['seed']}: {r['steps_per_second']:.0f} steps/s, train {r['train_mean_return']:.1f}, eval {r['eval_mean_return']:.1f}"
        for r in rows))
# package-benchmark's JMH file: wall clock per iteration of 1,000 calls, in µs — numerically ns per call.
vernier_ns = mallocs = None
for path in glob.glob(f"{work}/*.jmh.json"):
    for entry in json.load(open(path)):
        if "Policy_inference" in entry.get("benchmark", ""):
            wall = entry["secondaryMetrics"]["Time (wall clock)"]
            assert wall["scoreUnit"] in ("μs", "us"), wall["scoreUnit"]
            vernier_ns = wall["scorePercentiles"]["50.0"]
            mallocs = entry["secondaryMetrics"].get("Malloc (total)", {}).get("scorePercentiles", {}).get("50.0")
print()
sb3_us = predict["microseconds_per_call"]
if vernier_ns is not None:
    print(f"{'single-observation inference (p50)':34}{vernier_ns:>11.0f} ns{sb3_us * 1000:>11.0f} ns{sb3_us * 1000 / vernier_ns:>9.0f}×")
    print(f"  Vernier mallocs per 1,000 inferences (p50, harness included): {mallocs}")
else:
    print(f"single-observation inference: SB3 predict {sb3_us:.1f} µs; Vernier: see the Policy benchmark table above")
PY
