#!/usr/bin/env bash
# Shared studies: one optimisation worked on by 1, 2 and 4 `vernier tune --study` processes on one SQLite store.
# Prints, per worker count: wall time, the best objective and the first point (in the study's suggestion order)
# at or below TARGET. Usage: VERNIER=.build/debug/vernier Benchmarks/shared-study.sh [budget] [target] [plant-args…]
set -euo pipefail
VERNIER=${VERNIER:-.build/debug/vernier}
BUDGET=${1:-40}
TARGET=${2:-1.0}
shift 2 || true
PLANT=("$@")
[ ${#PLANT[@]} -eq 0 ] && PLANT=(awake/Steering-v1 --optimizer bo --seed 3)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
for workers in 1 2 4; do
    store="$DIR/study-$workers.sqlite"
    start=$(date +%s.%N)
    for ((i = 0; i < workers; i++)); do
        "$VERNIER" tune "${PLANT[@]}" --budget "$BUDGET" --study bench --store "$store" --json >"$DIR/w$i.json" 2>"$DIR/w$i.err" &
    done
    wait
    end=$(date +%s.%N)
    sqlite3 "$store" "SELECT '$workers worker(s): wall ' || printf('%.2f', $end - $start) || ' s, ' || COUNT(*) || ' points, best '
        || printf('%.4f', MIN(objective)) || ', first at or below $TARGET: point '
        || COALESCE((SELECT MIN(point_index) + 1 FROM study_point WHERE objective <= $TARGET), 'none')
        FROM study_point WHERE status = 'done'"
done
