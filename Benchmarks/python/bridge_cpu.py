#!/usr/bin/env python3
"""CPU time per bridged step, split between Python and the `vernier serve` process (read from /proc), beside the
wall time: what a round trip costs in work, as opposed to waiting for a core — robust to the machine's load,
unlike steps/s. 40,000 steps of a constant action per configuration, reset at episode end. Needs $VERNIER_BIN.
"""
import os
import time

import numpy as np

import vernier

STEPS = 40_000


def cpu_seconds(pid):
    """User + system CPU time of process `pid` (s)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    for plant_id, action, arrays in [("classic/Pendulum-v1", [0.3], "base64"),
                                     ("awake/Steering-v1", [0.01] * 10, "base64"),
                                     ("awake/Steering-v1", [0.01] * 10, "json")]:
        env = vernier.make(plant_id, arrays=arrays)
        action = np.array(action, dtype=np.float32)
        env.reset(seed=1)
        python0, server0, wall0 = time.process_time(), cpu_seconds(env.process.pid), time.perf_counter()
        for _ in range(STEPS):
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
        python1, server1, wall1 = time.process_time(), cpu_seconds(env.process.pid), time.perf_counter()
        env.close()
        per_step = lambda seconds: 1e6 * seconds / STEPS
        print(f"{plant_id:22} {arrays:7} Python CPU {per_step(python1 - python0):5.1f} µs/step   "
              f"server CPU {per_step(server1 - server0):5.1f} µs/step   wall {per_step(wall1 - wall0):5.1f} µs/step")


if __name__ == "__main__":
    main()
