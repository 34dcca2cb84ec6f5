"""libCacheSim's LRU speed on an oracleGeneral trace, for Benchmarks/compare-cache.sh.

    python libcachesim_speed.py convert TRACE.csv OUT.oracleGeneral.bin FRACTION
        Rewrites a `vernier cache generate` CSV as oracleGeneral records (sizes in MB, so they fit 32 bits, with
        next-access times) and prints the capacity (FRACTION of the working set, in the same units).
    python libcachesim_speed.py time TRACE.oracleGeneral.bin CAPACITY
        Times one `LRU(CAPACITY).process_trace(reader)` (reading included, as Vernier's figure includes its
        reader) and prints JSON: requests, wall and processor seconds, hit ratios.
"""
import csv
import json
import struct
import sys
import time

import libcachesim as lcs


def convert(source, binary, fraction):
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
    print(int(sum(sizes.values()) * fraction))


def time_lru(binary, capacity):
    reader = lcs.TraceReader(binary, lcs.TraceType.ORACLE_GENERAL_TRACE)
    requests = reader.get_num_of_req() if hasattr(reader, "get_num_of_req") else None
    cache = lcs.LRU(capacity)
    start, start_cpu = time.perf_counter(), time.process_time()
    miss, byte_miss = cache.process_trace(reader)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    if requests is None:
        import os
        requests = os.path.getsize(binary) // 24
    print(json.dumps({"requests": requests, "seconds": seconds, "cpu_seconds": cpu_seconds,
                      "hit_ratio": 1 - miss, "byte_hit_ratio": 1 - byte_miss}))


if __name__ == "__main__":
    if sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    else:
        time_lru(sys.argv[2], int(sys.argv[3]))
