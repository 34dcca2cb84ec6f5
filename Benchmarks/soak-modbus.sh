#!/usr/bin/env bash
# Issue 16's soak test (NOT part of `make test`): a 24-hour-equivalent tuning loop compressed in time —
# EVALUATIONS evaluations (default 100,000) of `vernier tune --backend modbus` against `vernier device serve` on
# loopback, with latency jitter, lost responses and dropped links injected at random by the server
# (--latency-jitter-ms, --drop-probability, --disconnect-probability, --down-ms, seeded by --fault-seed).
#
# A dropped link fails the run (by design: Vernier never retries a lost link silently); the device is restored,
# and the loop continues it with `vernier tune --resume RUN` until its budget (RUN_BUDGET) is reached, then starts
# the next run, until EVALUATIONS are stored or MINUTES pass (then the tune gets SIGINT: it stops after the
# evaluation in progress and restores). Checked at the end:
#   - from the device's side (its --write-log of every write received): writes outside the bounds (accepted or
#     refused), moves beyond max_step between consecutive writes the device accepted;
#   - from the run store: evaluations lost (indices 0..N-1 each exactly once; every stored point was received by
#     the device);
#   - memory (VmRSS) and open file descriptors of the server and of each tune process, sampled every SAMPLE_S s.
#
#   Benchmarks/soak-modbus.sh                               # 100,000 evaluations, release build
#   EVALUATIONS=20000 MINUTES=20 Benchmarks/soak-modbus.sh  # as many as fit in 20 minutes
#   VERNIER=.build/debug/vernier SKIP_BUILD=1 Benchmarks/soak-modbus.sh
#
# Writes its files to SOAK_DIR (default a new temporary directory) and prints the figures as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

EVALUATIONS=${EVALUATIONS:-100000}
# Evaluations per tune run: a new run starts when one completes. The store keeps a checkpoint of the optimiser
# after every evaluation and the random search's checkpoint holds its whole history (~20 bytes per evaluation), so
# one 100,000-evaluation run would write O(n²) bytes (~100 GB): see RELIABILITY-modbus.md.
RUN_BUDGET=${RUN_BUDGET:-2000}
MINUTES=${MINUTES:-0}                 # 0 = no time limit
SAMPLE_S=${SAMPLE_S:-5}
JITTER_MS=${JITTER_MS:-1}
DROP=${DROP:-0.0005}
DISCONNECT=${DISCONNECT:-0.00005}
DOWN_MS=${DOWN_MS:-300}
FAULT_SEED=${FAULT_SEED:-16}
SOAK_DIR=${SOAK_DIR:-$(mktemp -d /tmp/vernier-soak.XXXXXX)}
VERNIER=${VERNIER:-.build/release/vernier}
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product vernier >/dev/null; fi
mkdir -p "$SOAK_DIR"

# Three float32 setpoints within [-2, 2], max_step 1 (a random point is up to 4 writes away), readings y_i = x_i - t_i.
cat > "$SOAK_DIR/soak.yaml" <<'MAP'
device: soak bench (synthetic/Quadratic-v1, 3 setpoints)
transport:
  tcp: {host: 127.0.0.1, port: 1502}
unit_id: 1
connection: {response_timeout_ms: 100, byte_timeout_ms: 50, retries: 3, backoff_ms: 5, max_backoff_ms: 100}
parameters:
  - {name: x_1, register: holding, address: 0, encoding: float32, bounds: [-2, 2], max_step: 1}
  - {name: x_2, register: holding, address: 2, encoding: float32, bounds: [-2, 2], max_step: 1}
  - {name: x_3, register: holding, address: 4, encoding: float32, bounds: [-2, 2], max_step: 1}
readings:
  - {name: y_1, register: input, address: 0, encoding: float32}
  - {name: y_2, register: input, address: 2, encoding: float32}
  - {name: y_3, register: input, address: 4, encoding: float32}
MAP
printf 'safety:\n  restore_timeout_seconds: 10\n' > "$SOAK_DIR/tune.yaml"

"$VERNIER" device serve synthetic/Quadratic-v1 --options "{dimension: 3, target_seed: 5}" --map "$SOAK_DIR/soak.yaml" \
  --port 0 --ready-file "$SOAK_DIR/ready" --write-log "$SOAK_DIR/writes.jsonl" \
  --latency-jitter-ms "$JITTER_MS" --drop-probability "$DROP" --disconnect-probability "$DISCONNECT" \
  --down-ms "$DOWN_MS" --fault-seed "$FAULT_SEED" >/dev/null 2>"$SOAK_DIR/server.log" &
SERVER=$!
CLIENT=""
SAMPLER=""
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -n "$CLIENT" ] && kill -INT "$CLIENT" 2>/dev/null || true
  kill -TERM "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 200); do [ -s "$SOAK_DIR/ready" ] && break; sleep 0.05; done
ENDPOINT=$(tr -d '\n' < "$SOAK_DIR/ready")

sample() {  # process pid -> one CSV line
  local rss fds
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$2/status" 2>/dev/null) || return 0
  fds=$(ls "/proc/$2/fd" 2>/dev/null | wc -l)
  [ -n "$rss" ] && echo "$(date +%s),$1,$2,$rss,$fds" >> "$SOAK_DIR/samples.csv"
}
echo "time,process,pid,rss_kib,fds" > "$SOAK_DIR/samples.csv"
(
  while kill -0 "$SERVER" 2>/dev/null; do
    sample server "$SERVER"
    for pid in $(cat "$SOAK_DIR/client.pid" 2>/dev/null); do sample client "$pid"; done
    sleep "$SAMPLE_S"
  done
) &
SAMPLER=$!

START=$(date +%s)
DEADLINE=$(( MINUTES > 0 ? START + MINUTES * 60 : 0 ))
STORE="$SOAK_DIR/soak.sqlite"
RUNS=0
SEGMENTS=0
STARTS_REFUSED=0
RUN=""
STATUS=""
while :; do
  SEGMENTS=$((SEGMENTS + 1))
  if [ -z "$RUN" ]; then
    RUNS=$((RUNS + 1))
    "$VERNIER" tune synthetic/Quadratic-v1 --options "{dimension: 3}" --backend modbus --map "$SOAK_DIR/soak.yaml" \
      --endpoint "$ENDPOINT" --config "$SOAK_DIR/tune.yaml" --optimizer random --budget "$RUN_BUDGET" --seed "$RUNS" \
      --store "$STORE" --json --quiet > "$SOAK_DIR/segment-$SEGMENTS.json" 2>>"$SOAK_DIR/tune.log" &
  else
    "$VERNIER" tune --resume "$RUN" --store "$STORE" --json --quiet \
      > "$SOAK_DIR/segment-$SEGMENTS.json" 2>>"$SOAK_DIR/tune.log" &
  fi
  CLIENT=$!
  echo "$CLIENT" > "$SOAK_DIR/client.pid"
  while kill -0 "$CLIENT" 2>/dev/null; do
    if [ "$DEADLINE" -gt 0 ] && [ "$(date +%s)" -ge "$DEADLINE" ]; then kill -INT "$CLIENT" 2>/dev/null || true; fi
    sleep 1
  done
  wait "$CLIENT" || true
  CLIENT=""
  STATUS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status",""))' "$SOAK_DIR/segment-$SEGMENTS.json" 2>/dev/null || echo "")
  RUN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$SOAK_DIR/segment-$SEGMENTS.json" 2>/dev/null || echo "$RUN")
  if [ -z "$RUN" ]; then
    # A new run could not start (the device was down when it connected): try again.
    RUNS=$((RUNS - 1)); STARTS_REFUSED=$((STARTS_REFUSED + 1)); sleep 0.5; continue
  fi
  if [ -z "$STATUS" ] && [ -n "$RUN" ]; then
    # The tune could not start (the device was down when it connected): nothing was recorded; try again.
    STARTS_REFUSED=$((STARTS_REFUSED + 1)); sleep 0.5; continue
  fi
  if [ "$STATUS" = "completed" ]; then
    STORED=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM evaluation").fetchone()[0])' "$STORE")
    [ "$STORED" -ge "$EVALUATIONS" ] && break
    RUN=""
    [ "$DEADLINE" -gt 0 ] && [ "$(date +%s)" -ge "$DEADLINE" ] && break
    continue
  fi
  [ "$DEADLINE" -gt 0 ] && [ "$(date +%s)" -ge "$DEADLINE" ] && break
  if [ "$STATUS" != "failed" ]; then echo "segment $SEGMENTS ended $STATUS; see $SOAK_DIR/tune.log" >&2; break; fi
done
ELAPSED=$(( $(date +%s) - START ))
sample server "$SERVER"
sleep 0.5
kill -TERM "$SERVER"; wait "$SERVER" || true
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=""
trap - EXIT

echo "soak: $RUNS runs, $SEGMENTS tune processes, final status $STATUS, $ELAPSED s, files in $SOAK_DIR" >&2
tail -1 "$SOAK_DIR/server.log" >&2
python3 Benchmarks/python/soak_check.py "$SOAK_DIR/writes.jsonl" "$STORE" "$SOAK_DIR/samples.csv" -2 2 1 \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); d["elapsed_s"]=int(sys.argv[1]); d["tune_processes"]=int(sys.argv[2]); d["tune_starts_refused"]=int(sys.argv[3]); d["evaluations_per_second"]=round(d["evaluations_stored"]/max(int(sys.argv[1]),1),1); print(json.dumps(d, indent=2))' "$ELAPSED" "$SEGMENTS" "$STARTS_REFUSED" \
  | tee "$SOAK_DIR/figures.json"
