"""libCacheSim's LRU speed on an oracleGeneral trace, for Benchmarks/compare-cache.sh.

Usage: python libcachesim_speed.py TRACE.csv OUT.oracleGeneral.bin FRACTION REPEATS
Converts the `vernier cache generate` CSV to oracleGeneral (sizes in MB, so they fit 32 bits), then times
`LRU(capacity).process_trace(reader)` (reading included, as Vernier's figure includes its reader) REPEATS times
and prints JSON: requests, capacity, best seconds, requests per second, and the hit ratios.
"""
import csv
import json
import struct
import sys
import time

import libcachesim as lcs


def main():
    source, binary, fraction, repeats = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    rows = []
    with open(source) as handle:
        for row in csv.DictReader(handle):
            rows.append((int(row["time"]), int(row["file"]), max(1, round(int(row["size"]) / 1e6))))
    upcoming, following = {}, [-1] * len(rows)
    for index in range(len(rows) - 1, -1, -1):
        following[index] = upcoming.get(rows[index][1], -1)
        upcoming[rows[index][1]] = index
    sizes = {}
    with open(binary, "wb") as handle:
        for (clock, file, size), nxt in zip(rows, following):
            sizes[file] = size
            handle.write(struct.pack("<IQIq", clock, file, size, nxt))
    capacity = int(sum(sizes.values()) * fraction)
    best = float("inf")
    for _ in range(repeats):
        reader = lcs.TraceReader(binary, lcs.TraceType.ORACLE_GENERAL_TRACE)
        cache = lcs.LRU(capacity)
        start = time.perf_counter()
        miss, byte_miss = cache.process_trace(reader)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"requests": len(rows), "capacity": capacity, "seconds": best,
                      "requests_per_second": len(rows) / best, "hit_ratio": 1 - miss,
                      "byte_hit_ratio": 1 - byte_miss}))


if __name__ == "__main__":
    main()
