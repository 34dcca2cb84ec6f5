#!/usr/bin/env bash
# Issue 17, "all cores on one machine": --threads 1 against --threads 2, side by side in one run.
#
#   Benchmarks/multicore.sh [--repeats 3] [--ppo-steps 40960] [--requests 1000000] [--no-build]
#
# 1. PPO: `vernier train` on classic/Pendulum-v1 (config/ppo/pendulum.yaml, 4 copies), awake/Steering-v1
#    (config/ppo/awake.yaml, 8 copies) and grid/Cache-v1 (config/ppo/default.yaml, 4 copies; each reset
#    generates a 20,000-request trace), --threads 1 and 2 alternating; steps/s from --json, processor time
#    from /usr/bin/time; the two policy files must be identical (cmp).
# 2. cache simulate: a synthetic drift trace of --requests requests, 4 policies (lru, lfu, lfuda, fifo) at 10 %
#    of the working set: --threads 1, --threads 2 (the trace read once: one thread reads the next batch while
#    the other replays the current one through the policies, the batch shared read-only), and the
#    "one stream per thread" alternative (two processes, two policies each, reading the trace each);
#    the policies' figures must be identical.
# Prints the load (uptime) before and after, and a table of the best (least wall time) of --repeats runs.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=3 PPO_STEPS=40960 REQUESTS=1000000 BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) REPEATS=$2; shift 2 ;;
    --ppo-steps) PPO_STEPS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
[ "$BUILD" = 1 ] && swift build -c release --product vernier >&2
VERNIER=${VERNIER:-$(pwd)/.build/release/vernier}   # VERNIER=… to time another build
OUT=$(mktemp -d)
export VERNIER_STORE="$OUT/runs.sqlite"
echo "raw results in $OUT; $(getconf _NPROCESSORS_ONLN) cores online"
echo "load before: $(uptime)"

# Runs a command, appending "wall user system" (s) to $OUT/$1.time; its standard output to $OUT/$1.json.
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -a -o "$OUT/$name.time" "$@" > "$OUT/$name.json"
}

for task in pendulum:classic/Pendulum-v1:pendulum:4 awake:awake/Steering-v1:awake:8 grid-cache:grid/Cache-v1:default:4; do
  IFS=: read -r name plant config envs <<< "$task"
  for repeat in $(seq "$REPEATS"); do
    for threads in 1 2; do
      timed "$name-t$threads-r$repeat" "$VERNIER" train "$plant" --config "config/ppo/$config.yaml" --envs "$envs" --steps "$PPO_STEPS" \
        --seed 1 --threads "$threads" --out "$OUT/$name-t$threads.json" --json 2>/dev/null
    done
    cmp -s "$OUT/$name-t1.json" "$OUT/$name-t2.json" || { echo "$name: the policies differ between 1 and 2 threads" >&2; exit 1; }
  done
done

"$VERNIER" cache generate --kind drift --requests "$REQUESTS" --seed 5 --out "$OUT/trace.csv" > /dev/null
SIMULATE=("$VERNIER" cache simulate "$OUT/trace.csv" --capacity 10% --json)
for repeat in $(seq "$REPEATS"); do
  timed "cache-lru-r$repeat" "${SIMULATE[@]}" --policy lru --threads 1      # reading + one policy, for scale
  timed "cache-t1-r$repeat" "${SIMULATE[@]}" --policy lru,lfu,lfuda,fifo --threads 1
  timed "cache-t2-r$repeat" "${SIMULATE[@]}" --policy lru,lfu,lfuda,fifo --threads 2
  # One stream per thread: two processes, each reading the trace for its two policies.
  /usr/bin/time -f "%e %U %S" -a -o "$OUT/cache-streams-r$repeat.time" bash -c "
    '$VERNIER' cache simulate '$OUT/trace.csv' --capacity 10% --json --policy lru,lfu > '$OUT/cache-streams-a-r$repeat.json' &
    '$VERNIER' cache simulate '$OUT/trace.csv' --capacity 10% --json --policy lfuda,fifo > '$OUT/cache-streams-b-r$repeat.json'
    wait"
done
echo "load after: $(uptime)"

python3 - "$OUT" "$REPEATS" "$PPO_STEPS" "$REQUESTS" <<'PY'
import json, sys
out, repeats, ppo_steps, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def times(name):
    return [tuple(map(float, open(f"{out}/{name}-r{r}.time").read().split()[-3:])) for r in range(1, repeats + 1)]
def best(name):  # the run with the least wall time: (wall, cpu = user + system)
    wall, user, system = min(times(name))
    return wall, user + system
print(f"\n| PPO, {ppo_steps:,} steps | threads | steps/s (best) | wall (s) | CPU (s) | wall ratio 1→2 |")
print("|---|---|---|---|---|---|")
for name in ["pendulum", "awake", "grid-cache"]:
    rates = {t: max(json.load(open(f"{out}/{name}-t{t}-r{r}.json"))["steps_per_second"] for r in range(1, repeats + 1)) for t in (1, 2)}
    one, two = best(f"{name}-t1"), best(f"{name}-t2")
    for t, (wall, cpu) in ((1, one), (2, two)):
        print(f"| {name} | {t} | {rates[t]:.0f} | {wall:.2f} | {cpu:.2f} | {'' if t == 1 else f'{one[0] / wall:.2f}×'} |")
figures = lambda path: [(p["policy"], {k: v for k, v in p.items() if k != "daily"}) for p in json.load(open(path))["policies"]]
single = figures(f"{out}/cache-t1-r1.json")
if figures(f"{out}/cache-t2-r1.json") != single or figures(f"{out}/cache-streams-a-r1.json") + figures(f"{out}/cache-streams-b-r1.json") != single:
    sys.exit("cache simulate: the figures differ between the runs")
# The simulation pass alone (JSON `seconds`, `cpu_seconds`: after the working-set scan that --capacity 10% needs).
def simulation_pass(name):
    runs = []
    for r in range(1, repeats + 1):
        parts = [json.load(open(f"{out}/{name}-{part}r{r}.json")) for part in (("a-", "b-") if name == "cache-streams" else ("",))]
        runs.append((max(p["seconds"] for p in parts), sum(p["cpu_seconds"] for p in parts)))
    return min(runs)
print(f"\n| cache simulate, {requests:,} requests | threads | process wall (s) | process CPU (s) | pass wall (s) | pass CPU (s) | pass wall ratio |")
print("|---|---|---|---|---|---|---|")
one = simulation_pass("cache-t1")
for label, name in (("lru alone", "cache-lru"), ("4 policies", "cache-t1"), ("4 policies, one reads while one replays", "cache-t2"),
                    ("4 policies, 2 processes reading the trace each", "cache-streams")):
    wall, cpu = best(name)
    pass_wall, pass_cpu = simulation_pass(name)
    threads = "2" if name in ("cache-t2", "cache-streams") else "1"
    ratio = "" if name in ("cache-lru", "cache-t1") else f"{one[0] / pass_wall:.2f}×"
    print(f"| {label} | {threads} | {wall:.2f} | {cpu:.2f} | {pass_wall:.2f} | {pass_cpu:.2f} | {ratio} |")
PY
