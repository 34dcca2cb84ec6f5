#!/usr/bin/env bash
# Evaluations committed per second by the run store, SQLite file vs PostgreSQL server, side by side: 1 writer, then
# 4 concurrent writers (4 processes, one run each). Each writer is `vernier runs record-synthetic --count N`: one
# evaluation per transaction, each committed (SQLite: WAL + synchronous=FULL; PostgreSQL: synchronous_commit=on,
# fsync=on) before the next. The PostgreSQL server is a fresh cluster (initdb) in a temporary directory on the
# same disk as the SQLite file, served on a Unix socket, deleted at the end; as root it runs as `nobody`.
#
# Usage: Benchmarks/compare-store-backends.sh [EVALUATIONS_PER_WRITER] [ROUNDS]   (defaults 500 and 3)
# VERNIER=path/to/vernier selects the binary (default .build/release/vernier, else .build/debug/vernier).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-500}
ROUNDS=${2:-3}
VERNIER=${VERNIER:-$( [ -x .build/release/vernier ] && echo .build/release/vernier || echo .build/debug/vernier )}
BIN=$(pg_config --bindir 2>/dev/null || true)
[ -x "$BIN/initdb" ] || BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL's initdb was not found: apt-get install postgresql" >&2; exit 1; }

WORK=$(mktemp -d /tmp/vernier-store-bench.XXXXXX)
AS=()
if [ "$(id -u)" = 0 ]; then chown nobody "$WORK"; AS=(runuser -u nobody --); fi
cleanup() {
    "${AS[@]}" "$BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
"${AS[@]}" "$BIN/initdb" -D "$WORK/pg" -U vernier --auth=trust -E UTF8 --locale=C >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$WORK' -c fsync=on -c synchronous_commit=on" start >/dev/null
mkdir -p "$WORK/sqlite"

# run_writers ENGINE WRITERS ROUND: prints the wall time in seconds for WRITERS writers, each recording COUNT
# evaluations into its own run of one fresh store, to finish.
run_writers() {
    local kind=$1 writers=$2 round=$3 start end
    local pids=()
    if [ "$kind" = sqlite ]; then
        store="$WORK/sqlite/runs-${writers}-$round.sqlite"
    else
        "$BIN/createdb" -h "$WORK" -U vernier "bench_${writers}_$round"
        store="postgresql://vernier@/bench_${writers}_$round?host=$WORK"
    fi
    # The store and its schema are made before the clock starts (and before several writers open it at once).
    "$VERNIER" runs record-synthetic --count 0 --store "$store" >/dev/null
    start=$(date +%s.%N)
    for w in $(seq 1 "$writers"); do
        "$VERNIER" runs record-synthetic --count "$COUNT" --store "$store" >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    end=$(date +%s.%N)
    # Evaluations actually committed (a writer that gave up on a lock committed fewer), over the wall time.
    committed=$("$VERNIER" runs --store "$store" --json | grep -o '"evaluation_count" *: *[0-9]*' \
        | grep -o '[0-9]*$' | awk '{ n += $1 } END { print n + 0 }')
    echo "$start $end $committed" | awk '{ printf "%.0f", $3 / ($2 - $1) }'
    [ "$committed" -eq $((COUNT * writers)) ] || echo -n "(!)"
}

echo "vernier: $VERNIER; $COUNT evaluations per writer; $ROUNDS rounds, alternating engines; median rate shown"
echo "(!) marks a round where a writer gave up (SQLite: the write lock held past the 5 s busy timeout); its rate counts"
echo "only the evaluations committed"
printf "%-12s %8s %14s %14s\n" engine writers "evaluations/s" "per-round"
for writers in 1 4; do
    declare -A rates=()
    for round in $(seq 1 "$ROUNDS"); do
        for kind in sqlite postgresql; do
            rate=$(run_writers "$kind" "$writers" "$round")
            rates[$kind]="${rates[$kind]:-} $rate"
        done
    done
    for kind in sqlite postgresql; do
        median=$(echo ${rates[$kind]} | tr ' ' '\n' | tr -d '(!)' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
        printf "%-12s %8d %14s %14s\n" "$kind" "$writers" "$median" "$(echo ${rates[$kind]} | tr ' ' '/')"
    done
    unset rates
done
