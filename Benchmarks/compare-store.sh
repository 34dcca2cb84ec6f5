#!/usr/bin/env bash
# Recording one evaluation in the run store (commit included): Vernier (package-benchmark, release) beside
# Python's sqlite3 doing the same SQL with the same durability, and Optuna's SQLite storage, in one run.
#   Benchmarks/compare-store.sh
# Uses the venv at $VERNIER_VENV (default Benchmarks/.venv), installing optuna into it if missing.
set -euo pipefail
cd "$(dirname "$0")"
venv="${VERNIER_VENV:-$PWD/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import optuna" 2>/dev/null; then
  "$venv/bin/pip" install -q optuna
fi

swift_json=$(mktemp)
peer_json=$(mktemp)
trap 'rm -f "$swift_json" "$peer_json"' EXIT
swift package --allow-writing-to-package-directory benchmark --target Store --no-progress \
  --format jmh --path stdout --metric throughput 2>/dev/null | grep '^\[' > "$swift_json"
"$venv/bin/python" python/store_record.py > "$peer_json"

python3 - "$swift_json" "$peer_json" <<'PY'
import json, sys
# jmh names look like package.benchmark.Store.Record_evaluation,_FULL; the metric is throughput (records per
# second), whose median inverts to the median time per record.
swift = {entry["benchmark"].split("Store.", 1)[-1].replace("_", " "): entry["primaryMetric"]
         for entry in json.load(open(sys.argv[1]))}
peer = json.load(open(sys.argv[2]))

def microseconds(metric):
    return 1e6 / metric["scorePercentiles"]["50.0"]

print(f"Recording one 10-D evaluation, commit included (median, microseconds)  SQLite {peer['sqlite_version']}")
for name, metric in sorted(swift.items()):
    print(f"  Vernier {name:<45} {microseconds(metric):10.1f}")
for case, key, label in [("FULL", "full", "WAL + FULL  "), ("NORMAL", "normal", "WAL + NORMAL"),
                         ("in memory", "memory", "in memory   ")]:
    vernier = microseconds(swift[f"Record evaluation, {case}"])
    print(f"  Python sqlite3, same SQL, {label}          {peer[f'sqlite3_{key}_median_us']:10.1f}"
          f"   Vernier / sqlite3 = {vernier / peer[f'sqlite3_{key}_median_us']:.2f}")
full = microseconds(swift["Record evaluation, FULL"])
if peer.get("optuna_version"):
    print(f"  Optuna {peer['optuna_version']} SQLite storage (ask, 10 suggest, tell) {peer['optuna_median_us']:10.1f}"
          f"   Optuna / Vernier = {peer['optuna_median_us'] / full:.0f}x")
PY
