#!/usr/bin/env bash
# Local derivative-free optimisers side by side: Vernier (BOBYQA, COBYLA, Powell, RCDS, derivative-free least
# squares, BO, BO then BOBYQA — each a `vernier tune --objective-cmd` run) against Py-BOBYQA, Py-DFOLS, scipy
# COBYLA and Powell, and Xopt's RCDS, on the same problems (AWAKE, the 10-D steering problem, and a noisy variant of each: see
# Benchmarks/python/local_peers.py); evaluations until the true objective reaches the target, median over seeds.
#   Benchmarks/compare-local.sh        (VERNIER_VENV=… reuses a venv with Py-BOBYQA, scipy, xopt;
#                                       LOCAL_SEEDS=10 seeds; VERNIER=path/to/vernier, default the release build;
#                                       LOCAL_OPTIMIZERS="dfols powell" / LOCAL_PEERS="Py-DFOLS,COBYLA": a subset)
# Vernier's counts do not depend on the build (debug and release give the same evaluations).
set -euo pipefail
cd "$(dirname "$0")"
export VERNIER_VENV="${VERNIER_VENV:-$PWD/.venv}"
seeds="${LOCAL_SEEDS:-10}"
python/setup-local-venv.sh
python="$VERNIER_VENV/bin/python"
vernier="${VERNIER:-}"
if [[ -z "$vernier" ]]; then
    (cd .. && swift build -c release --product vernier 2>&1 | tail -1)
    vernier="$(cd .. && pwd)/.build/release/vernier"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
uptime > "$out/load-start.txt"

"$python" python/local_peers.py peers --seeds "$seeds" ${LOCAL_PEERS:+--tools "$LOCAL_PEERS"} > "$out/peers.json"

"$python" python/local_peers.py space awake > "$out/space.yaml"
printf 'optimizer:\n  rcds: {noise: 0.2}\n' > "$out/rcds-awake-noisy.yaml"
printf 'optimizer:\n  rcds: {noise: 0.02}\n' > "$out/rcds-steering-noisy.yaml"
# dfols minimises the sum of squares of the readings the evaluator reports as observables r0 … r9; on the noisy
# problems it is told they are noisy (as RCDS is told σ and Py-DFOLS objfun_has_noise).
residuals='residuals: [r0, r1, r2, r3, r4, r5, r6, r7, r8, r9]'
for problem in awake steering; do printf 'optimizer:\n  dfols: {%s}\n' "$residuals" > "$out/dfols-$problem.yaml"; done
for problem in awake-noisy steering-noisy; do
    printf 'optimizer:\n  dfols: {%s, noisy: true}\n' "$residuals" > "$out/dfols-$problem.yaml"
done
for problem in awake steering awake-noisy steering-noisy; do
    budget=$([[ $problem == awake* ]] && echo 100 || echo 150)
    optimizers="${LOCAL_OPTIMIZERS:-bobyqa cobyla powell rcds dfols}"
    [[ $problem == awake && -z "${LOCAL_OPTIMIZERS:-}" ]] && optimizers="$optimizers bo bo-then-bobyqa"
    for optimizer in $optimizers; do
        config=()
        [[ $optimizer == rcds && -f "$out/rcds-$problem.yaml" ]] && config=(--config "$out/rcds-$problem.yaml")
        [[ $optimizer == dfols ]] && config=(--config "$out/dfols-$problem.yaml")
        for seed in $(seq 0 $((seeds - 1))); do
            log="$out/$problem-$optimizer-$seed.log"
            "$vernier" tune --objective-cmd "$python -u python/local_peers.py evaluator $problem $seed $log" \
                --space "$out/space.yaml" --optimizer "$optimizer" --budget "$budget" --seed "$seed" \
                "${config[@]}" --store "$out/runs.sqlite" --json > /dev/null || true
        done
        echo "$problem $optimizer done" >&2
    done
done
uptime > "$out/load-end.txt"

"$python" - "$out" "$seeds" <<'PY'
import json, pathlib, statistics, sys
out, seeds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
peers = json.loads((out / "peers.json").read_text())
print("load:", (out / "load-start.txt").read_text().strip(), "→", (out / "load-end.txt").read_text().strip())
print("versions:", ", ".join(f"{k} {v}" for k, v in peers["versions"].items()))
budget = peers["budget"]
targets = {"awake": lambda v: v < 1.0}
steering_target = 1.1 * json.loads(pathlib.Path("data/steering-10d.json").read_text())["optimum"]
def reached(problem, seed, optimizer):
    path = out / f"{problem}-{optimizer}-{seed}.log"
    if not path.exists():
        return None
    for index, line in enumerate(path.read_text().split(), start=1):
        value = float(line)
        if (value < 1.0) if problem.startswith("awake") else (value <= steering_target):
            return index
    return None
rows = {}
for problem in ("awake", "steering", "awake-noisy", "steering-noisy"):
    rows[problem] = {}
    for optimizer in ("bobyqa", "cobyla", "powell", "rcds", "dfols", "bo", "bo-then-bobyqa"):
        if not list(out.glob(f"{problem}-{optimizer}-*.log")):
            continue
        counts = [reached(problem, seed, optimizer) for seed in range(seeds)]
        rows[problem][f"Vernier {optimizer}"] = counts
    for tool, result in peers["results"][problem].items():
        rows[problem][tool] = result["evaluations_to_target"]
print()
print(f"| evaluations to target (median of {seeds} seeds; never = budget + 1) | " + " | ".join(rows) + " |")
print("|---|" + "---:|" * len(rows))
names = []
for problem in rows:
    for name in rows[problem]:
        if name not in names:
            names.append(name)
for name in names:
    cells = []
    for problem in rows:
        counts = rows[problem].get(name)
        if counts is None:
            cells.append("—")
            continue
        counted = [budget[problem] + 1 if c is None else c for c in counts]
        never = sum(c is None for c in counts)
        cells.append(f"{statistics.median(counted):g}" + (f" ({never} never)" if never else ""))
    print(f"| {name} | " + " | ".join(cells) + " |")
print()
for problem in rows:
    for name, counts in rows[problem].items():
        print(f"{problem:15s} {name:22s}", " ".join("-" if c is None else str(c) for c in counts))
PY
