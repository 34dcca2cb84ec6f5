#!/usr/bin/env python3
"""Gymnasium Pendulum-v1 steps per second: the peer side of Vernier's Pendulum step-rate benchmark.

Measures `gym.make("Pendulum-v1")` (the wrapped env every Gymnasium user gets: TimeLimit, OrderEnforcing,
PassiveEnvChecker) and the unwrapped `PendulumEnv`, stepping a constant in-range torque and resetting at
truncation. Prints JSON: median steps/s over `--repeats` repetitions of `--steps` steps.
"""
import argparse
import json
import statistics
import time

import gymnasium as gym
import numpy as np


def rate(env, steps):
    action = np.array([0.6], dtype=np.float32)
    env.reset(seed=1)
    start = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(action)
        if terminated or truncated:
            env.reset()
    return steps / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    wrapped = gym.make("Pendulum-v1")
    unwrapped = wrapped.unwrapped
    result = {
        "gymnasium_version": gym.__version__,
        "wrapped_steps_per_second": statistics.median(rate(wrapped, args.steps) for _ in range(args.repeats)),
        "unwrapped_steps_per_second": statistics.median(rate(unwrapped, args.steps) for _ in range(args.repeats)),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
