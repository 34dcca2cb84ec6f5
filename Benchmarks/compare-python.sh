#!/usr/bin/env bash
# The Python bridge (python/, `vernier serve --stdio`), measured side by side with Python peers in one run:
#   1. the server alone: step requests piped through `vernier serve` (no round trip) — its ceiling;
#   2. steps/s through the bridge from Python (vernier.make) beside Gymnasium's pure-Python Pendulum-v1;
#   3. cernml-coi-optimizers' BOBYQA on vernier.problem("awake/Steering-v1") beside `vernier tune` (same seeds,
#      same budget, same scenarios);
#   4. with --ppo: Stable-Baselines3 PPO trained on vernier/awake-Steering-v1 through the bridge, evaluated on the
#      1,000 episodes the shipped policy is evaluated on (long: several minutes).
# Usage: Benchmarks/compare-python.sh [--ppo]
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing stable-baselines3, cernml-coi-optimizers
# [bobyqa] and ./python into it when missing (torch comes with SB3: a large download the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VERNIER_VENV:-$PWD/Benchmarks/.venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import stable_baselines3, pybobyqa, cernml.optimizers, vernier" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check stable-baselines3 "cernml-coi-optimizers[bobyqa]" cernml-coi==0.9.6 scipy
fi
"$venv/bin/pip" install -q --disable-pip-version-check ./python
swift build -c release --product vernier >/dev/null
export VERNIER_BIN="$PWD/.build/release/vernier"
python="$venv/bin/python"

echo "== 1. vernier serve alone: 200,000 step requests piped in, replies to /dev/null (release build)"
requests=$(mktemp)
trap 'rm -f "$requests"' EXIT
for plant in classic/Pendulum-v1 awake/Steering-v1; do
  "$python" - "$plant" "$requests" <<'PY'
import json, sys, numpy as np
plant, path = sys.argv[1], sys.argv[2]
size = 1 if plant.startswith("classic") else 10
actions = np.random.default_rng(1).uniform(-1, 1, size=(1000, size)).tolist()
with open(path, "w") as out:
    out.write('{"op":"reset","seed":1}\n')
    for index in range(200_000):
        out.write('{"op":"step","action":' + json.dumps(actions[index % 1000]) + "}\n")
PY
  start=$(date +%s.%N)
  "$VERNIER_BIN" serve "$plant" --stdio < "$requests" > /dev/null
  end=$(date +%s.%N)
  "$python" -c "print(f'  {\"$plant\":22} {200_000 / ($end - $start):12,.0f} steps/s')"
done

echo "== 2. steps/s from Python: through the bridge vs Gymnasium's pure-Python Pendulum-v1 (median of 5 × 50,000)"
OMP_NUM_THREADS=1 "$python" Benchmarks/python/bridge_steps.py > "$requests.rates"
"$python" - "$requests.rates" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
gym = r["gymnasium_pendulum_wrapped"]
print(f"  Gymnasium {r['gymnasium_version']}")
rows = [("Gymnasium Pendulum-v1, gym.make (wrapped)", gym),
        ("Gymnasium Pendulum-v1, unwrapped", r["gymnasium_pendulum_unwrapped"])]
for plant in ("classic/Pendulum-v1", "awake/Steering-v1"):
    rows += [(f"bridge {plant}, vernier.make", r[f"vernier_{plant}"]),
             (f"bridge {plant}, gym.make", r[f"vernier_{plant}_gymnasium_make"]),
             (f"bridge {plant}, make_batch 8 copies", r[f"vernier_{plant}_batch_8"]),
             (f"bridge {plant}, make_batch 64 copies", r[f"vernier_{plant}_batch_64"])]
rows.append(("bridge awake/Steering-v1, vernier.make, decimal arrays", r["vernier_awake/Steering-v1_decimal_arrays"]))
for name, value in rows:
    print(f"  {name:48} {value:10,.0f} steps/s   ({value / gym:.2f} x wrapped Gymnasium Pendulum)")
PY
rm -f "$requests.rates"

echo "== 2b. CPU time per bridged step (Python and server) against wall time"
"$python" Benchmarks/python/bridge_cpu.py | sed 's/^/  /'

echo "== 3. BOBYQA (cernml-coi-optimizers, Py-BOBYQA) through the bridge vs vernier tune, awake/Steering-v1, budget 30"
store=$(mktemp -u).sqlite
"$python" Benchmarks/python/bobyqa_awake_bridge.py --budget 30 --seeds 1 2 3 4 5 > "$store.bobyqa"
for optimizer in bo nelder-mead; do
  for seed in 1 2 3 4 5; do
    "$VERNIER_BIN" tune awake/Steering-v1 --optimizer "$optimizer" --budget 30 --seed "$seed" --json --store "$store"
  done > "$store.$optimizer"
done
"$python" - "$store" <<'PY'
import json, statistics, sys
store = sys.argv[1]
def tune_rows(path):
    text = open(path).read()
    decoder, rows, index = json.JSONDecoder(), [], 0
    while index < len(text):
        while index < len(text) and text[index].isspace(): index += 1
        if index >= len(text): break
        value, index = decoder.raw_decode(text, index)
        objectives = [e["objective"] for e in value["evaluations"]] if isinstance(value.get("evaluations"), list) else []
        first = next((i + 1 for i, v in enumerate(objectives) if v < 1.0), None)
        rows.append({"best": value["best_objective"], "first": first})
    return rows
bobyqa = [json.loads(line) for line in open(store + ".bobyqa")]
table = {"BOBYQA via bridge (Python)": [{"best": r["best_rms_mm"], "first": r["first_below_1mm"]} for r in bobyqa],
         "vernier tune --optimizer bo": tune_rows(store + ".bo"),
         "vernier tune --optimizer nelder-mead": tune_rows(store + ".nelder-mead")}
print(f"  {'optimiser':38} {'best RMS (mm) per seed 1-5':44} {'median':>7}  {'evals to < 1 mm':>18}")
for name, rows in table.items():
    bests = " ".join(f"{r['best']:.3f}" for r in rows)
    firsts = " ".join("-" if r["first"] is None else str(r["first"]) for r in rows)
    print(f"  {name:38} {bests:44} {statistics.median(r['best'] for r in rows):7.3f}  {firsts:>18}")
PY
rm -f "$store" "$store".*

if [ "${1:-}" = "--ppo" ]; then
  echo "== 4. Stable-Baselines3 PPO on vernier/awake-Steering-v1 through the bridge (preset of config/ppo/awake.yaml, 200k steps)"
  for seed in 1 2 3; do
    "$python" Benchmarks/python/sb3_awake_bridge.py --seed "$seed" --steps 200000
  done
  echo "  shipped policy (vernier evaluate, the same 1,000 episodes):"
  "$VERNIER_BIN" evaluate policies/awake-steering-v1.json --episodes 1000 --seed 1000000 --json --store "$(mktemp -u).sqlite"
fi
