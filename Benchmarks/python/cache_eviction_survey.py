"""How much of the LRU -> Belady byte-hit gap do published eviction policies close on Vernier's synthetic traces?

Usage (Benchmarks/cache-eviction-survey.sh runs it):
    python cache_eviction_survey.py TRACE.csv [TRACE.csv ...]

Each TRACE.csv is a `vernier cache generate` trace. As in `vernier cache advise` (and Benchmarks/cache-quality.sh),
every policy is scored on the second half of the trace from a cold cache, at 5, 10 and 20 % of the whole trace's
working set. libCacheSim's sizes are 32-bit, so sizes are rewritten in whole megabytes (as the exactness fixture
does). Prints, per trace and capacity, every eviction policy libCacheSim's Python bindings construct with their
defaults, sorted by byte hit ratio, with the share of the LRU -> Belady gap it closes.
"""
import os
import sys
import tempfile

import libcachesim as lcs

from libcachesim_fixture import convert, write_oracle

FRACTIONS = [0.05, 0.10, 0.20]
POLICIES = ["LRU", "Belady", "FIFO", "LFU", "LFUDA", "ARC", "LIRS", "S3FIFO", "TwoQ", "SLRU", "Sieve", "WTinyLFU",
            "ClockPro", "LHD", "GDSF", "Hyperbolic", "MQ", "Cacheus", "LeCaR", "GLCache", "LRB", "ThreeLCache"]


def survey(path):
    with tempfile.TemporaryDirectory() as scratch:
        rows = convert(path, os.path.join(scratch, "mb.csv"))
        sizes = {}
        for _, file, size in rows:
            sizes[file] = size
        working_set = sum(sizes.values())
        scored = rows[len(rows) // 2:]
        binary = os.path.join(scratch, "second-half.oracleGeneral.bin")
        write_oracle(scored, binary)
        print(f"{os.path.basename(path)}: {len(rows)} requests, {len(sizes)} files, working set {working_set} MB; "
              f"scored on the last {len(scored)}")
        for fraction in FRACTIONS:
            capacity = int(working_set * fraction)
            results = {}
            for name in POLICIES:
                make = getattr(lcs, name, None)
                if make is None:
                    continue
                reader = lcs.TraceReader(binary, lcs.TraceType.ORACLE_GENERAL_TRACE)
                miss, byte_miss = make(capacity).process_trace(reader)
                results[name] = (1 - miss, 1 - byte_miss)
            lru, belady = results["LRU"][1], results["Belady"][1]
            print(f"  {fraction:.0%} of the working set: byte hit LRU {lru:.4f}, Belady {belady:.4f}")
            for name, (hit, byte_hit) in sorted(results.items(), key=lambda item: -item[1][1]):
                closed = 100 * (byte_hit - lru) / (belady - lru) if belady > lru else float("nan")
                print(f"    {name:12} hit {hit:.4f}  byte hit {byte_hit:.4f}  gap closed {closed:7.1f} %")


if __name__ == "__main__":
    for trace in sys.argv[1:]:
        survey(trace)
