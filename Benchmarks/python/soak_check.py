"""Checks a Modbus soak run (Benchmarks/soak-modbus.sh) from the device's side and from the run store.

Reads the device's write log (`vernier device serve --write-log`, one JSON object a line), the run store
(SQLite) and the resource samples, and prints one JSON object with the figures RELIABILITY-modbus.md quotes:
writes outside the bounds, moves beyond max_step, evaluations lost (store indices not 0..N-1 exactly once, or
stored points the device never received), and memory / file descriptors at start and end. Standard library only.

Usage: soak_check.py WRITE_LOG STORE SAMPLES_CSV LOW HIGH MAX_STEP
"""
import json
import sqlite3
import struct
import sys


def float32(value):
    """The value as a float32 register holds it."""
    return struct.unpack(">f", struct.pack(">f", value))[0]


def main():
    write_log, store, samples, low, high, max_step = sys.argv[1:7]
    low, high, max_step = float(low), float(high), float(max_step)
    # The device holds float32: a move of exactly max_step may read up to one float32 quantum longer.
    tolerance = max_step * 1e-6 + 1e-6
    accepted, refused, outside, beyond = 0, 0, 0, 0
    worst_step = 0.0
    previous = None
    received = set()
    with open(write_log) as lines:
        for line in lines:
            entry = json.loads(line)
            if not entry["accepted"]:
                refused += 1
                continue
            accepted += 1
            settings = entry["settings"]
            if any(not (low <= value <= high) for value in settings):
                outside += 1
            if previous is not None:
                step = max(abs(a - b) for a, b in zip(settings, previous))
                worst_step = max(worst_step, step)
                if step > max_step + tolerance:
                    beyond += 1
            previous = settings
            received.add(tuple(settings))

    db = sqlite3.connect(store)
    rows = db.execute("SELECT run_id, evaluation_index, parameters FROM evaluation ORDER BY run_id, evaluation_index").fetchall()
    stored = len(rows)
    per_run = {}
    for run, index, _ in rows:
        per_run.setdefault(run, []).append(index)
    # Each run's indices must be 0..n-1, each once: a gap is an evaluation lost between the device and the store.
    gaps = sum(1 for indices in per_run.values() if indices != list(range(len(indices))))
    unseen = sum(1 for _, _, parameters in rows
                 if tuple(float32(value) for value in json.loads(parameters)) not in received)
    runs = db.execute("SELECT status, COUNT(*) FROM run GROUP BY status").fetchall()

    header, *data = [line.strip().split(",") for line in open(samples) if line.strip()]
    columns = {name: index for index, name in enumerate(header)}
    server = [row for row in data if row[columns["process"]] == "server"]

    def figure(rows, column):
        return (int(rows[0][columns[column]]), int(rows[-1][columns[column]])) if rows else (None, None)

    server_rss = figure(server, "rss_kib")
    server_fds = figure(server, "fds")
    clients = {}
    for row in data:
        if row[columns["process"]] == "client":
            clients.setdefault(row[columns["pid"]], []).append(row)
    longest = max(clients.values(), key=len) if clients else []
    print(json.dumps({
        "writes_accepted": accepted,
        "writes_refused_by_device": refused,
        "writes_outside_bounds": outside + refused,
        "writes_beyond_max_step": beyond,
        "largest_move": worst_step,
        "evaluations_stored": stored,
        "runs_with_index_gaps_or_duplicates": gaps,
        "runs": len(per_run),
        "stored_points_the_device_never_received": unseen,
        "runs_by_status": dict(runs),
        "server_rss_kib_start_end": server_rss,
        "server_fds_start_end": server_fds,
        "client_processes": len(clients),
        "longest_client_rss_kib_start_end": figure(longest, "rss_kib"),
        "longest_client_fds_start_end": figure(longest, "fds"),
        "longest_client_samples": len(longest),
    }, indent=2))


if __name__ == "__main__":
    main()
