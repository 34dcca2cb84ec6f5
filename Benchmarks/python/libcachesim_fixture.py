"""Exactness fixture for Vernier's cache simulator: libCacheSim's own LRU, FIFO, LFU and Belady hit ratios.

Usage (Benchmarks/cache-fixture.sh runs it):
    python libcachesim_fixture.py OUT_DIR NAME=TRACE.csv [NAME=TRACE.csv ...]

Each TRACE.csv is a `vernier cache generate` trace (sizes in bytes). libCacheSim's sizes are 32-bit, so sizes are
rewritten in whole megabytes (rounded, at least 1): OUT_DIR/NAME.csv gets `time,file,size` with size in MB, and the
simulators run on an oracleGeneral binary trace with the same MB sizes and next-access times. Capacities are 5, 10
and 20 % of the working set (sum of distinct files' sizes, MB, rounded down). OUT_DIR/libcachesim-expected.json
holds, per trace, fraction and policy, the object and byte hit ratios.
"""
import csv
import json
import os
import struct
import sys
import tempfile

import libcachesim as lcs

FRACTIONS = [0.05, 0.10, 0.20]
POLICIES = {"lru": lcs.LRU, "fifo": lcs.FIFO, "lfu": lcs.LFU, "belady": lcs.Belady}


def convert(source, destination):
    rows = []
    with open(source) as handle:
        for row in csv.DictReader(handle):
            size_mb = max(1, round(int(row["size"]) / 1e6))
            rows.append((int(row["time"]), int(row["file"]), size_mb))
    with open(destination, "w") as handle:
        handle.write("time,file,size\n")
        for time, file, size in rows:
            handle.write(f"{time},{file},{size}\n")
    return rows


def write_oracle(rows, path):
    next_access = [-1] * len(rows)
    upcoming = {}
    for index in range(len(rows) - 1, -1, -1):
        file = rows[index][1]
        next_access[index] = upcoming.get(file, -1)
        upcoming[file] = index
    with open(path, "wb") as handle:
        for (time, file, size), following in zip(rows, next_access):
            handle.write(struct.pack("<IQIq", time, file, size, following))


def main():
    out_dir = sys.argv[1]
    expected = {"libcachesim_version": getattr(lcs, "__version__", "0.3.5"), "fractions": FRACTIONS,
                "size_unit": "MB", "traces": {}}
    for argument in sys.argv[2:]:
        name, source = argument.split("=", 1)
        rows = convert(source, os.path.join(out_dir, f"{name}.csv"))
        sizes = {}
        for _, file, size in rows:
            sizes[file] = size
        working_set = sum(sizes.values())
        with tempfile.TemporaryDirectory() as scratch:
            binary = os.path.join(scratch, f"{name}.oracleGeneral.bin")
            write_oracle(rows, binary)
            results = []
            for fraction in FRACTIONS:
                capacity = int(working_set * fraction)
                for policy, make in POLICIES.items():
                    reader = lcs.TraceReader(binary, lcs.TraceType.ORACLE_GENERAL_TRACE)
                    cache = make(capacity)
                    miss, byte_miss = cache.process_trace(reader)
                    results.append({"fraction": fraction, "capacity_mb": capacity, "policy": policy,
                                    "hit_ratio": 1 - miss, "byte_hit_ratio": 1 - byte_miss})
        expected["traces"][name] = {"requests": len(rows), "files": len(sizes), "working_set_mb": working_set,
                                    "results": results}
    with open(os.path.join(out_dir, "libcachesim-expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
