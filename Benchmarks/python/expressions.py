"""The expressions of Benchmarks/Benchmarks/Expressions, evaluated the ways a Python tool evaluates a formula
from a YAML file: `eval` of a compiled code object over a dict of named readings (what Badger-style
configurations do), a hand-written lambda over the same dict, and NumPy on an array (for the RMS).

    python expressions.py --evaluations 200000
"""
import argparse
import math
import time

import numpy as np


def rms(*xs):
    return math.sqrt(sum(x * x for x in xs) / len(xs))


def mean(*xs):
    return sum(xs) / len(xs)


FUNCTIONS = {"rms": rms, "mean": mean, "max": max, "min": min, "abs": abs, "sqrt": math.sqrt,
             "log10": math.log10, "sum": lambda *xs: sum(xs)}

NAMES = [f"bpm_{i}" for i in range(1, 11)] + [f"corrector_{i}" for i in range(1, 11)] + ["gain_db", "pump_dbm", "detune"]
VALUES = [(i % 7) * 0.37 - 1.1 for i in range(20)] + [19.7, -3.25, -0.0125]
READINGS = dict(zip(NAMES, VALUES))

BPM = ", ".join(f"bpm_{i}" for i in range(1, 11))
COR = ", ".join(f"corrector_{i}" for i in range(1, 11))
# Python has no ranges: the range is spelled out, as a user would have to.
EXPRESSIONS = [
    ("rms over a range", f"rms({BPM})", lambda r: rms(*(r[f"bpm_{i}"] for i in range(1, 11)))),
    ("steering objective with constraints' terms",
     f"rms({BPM}) + 0.1 * max({COR}) - min(bpm_2, bpm_5, bpm_9)",
     lambda r: rms(*(r[f"bpm_{i}"] for i in range(1, 11))) + 0.1 * max(r[f"corrector_{i}"] for i in range(1, 11))
     - min(r["bpm_2"], r["bpm_5"], r["bpm_9"])),
    ("JPA figure of merit",
     "-gain_db + 0.1 * pump_dbm**2 / (1 + abs(detune)) - log10(max(abs(detune), 1e-3)) * mean(bpm_1, bpm_2, bpm_3)",
     lambda r: -r["gain_db"] + 0.1 * r["pump_dbm"] ** 2 / (1 + abs(r["detune"]))
     - math.log10(max(abs(r["detune"]), 1e-3)) * mean(r["bpm_1"], r["bpm_2"], r["bpm_3"])),
]


def rate(function, evaluations):
    start = time.perf_counter()
    for _ in range(evaluations):
        function()
    return evaluations / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluations", type=int, default=200_000)
    args = parser.parse_args()
    for label, text, hand in EXPRESSIONS:
        code = compile(text, "<objective>", "eval")
        scope = dict(FUNCTIONS)
        assert abs(eval(code, scope, READINGS) - hand(READINGS)) < 1e-12
        print(f"{label}: eval {rate(lambda: eval(code, scope, READINGS), args.evaluations):,.0f}/s, "
              f"lambda {rate(lambda: hand(READINGS), args.evaluations):,.0f}/s")
    array = np.array(VALUES[:10])
    print(f"rms over a range: numpy {rate(lambda: float(np.sqrt(np.mean(array * array))), args.evaluations):,.0f}/s")
    start = time.perf_counter()
    for _ in range(2_000):
        compile(EXPRESSIONS[2][1], "<objective>", "eval")
    print(f"compile the JPA figure of merit: {(time.perf_counter() - start) / 2_000 * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
