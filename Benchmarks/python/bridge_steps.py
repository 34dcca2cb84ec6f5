#!/usr/bin/env python3
"""Steps per second through the Python bridge (`vernier.make`, one `vernier serve --stdio` process), beside
Gymnasium's pure-Python Pendulum-v1 in the same run.

Each rate steps a fixed in-range action and resets at the end of an episode, as Benchmarks/python/
pendulum_steps.py does for Gymnasium. Prints JSON: the median steps/s over `--repeats` repetitions of `--steps`.
Needs $VERNIER_BIN (a release build) and a venv with gymnasium and ./python installed.
"""
import argparse
import json
import statistics
import time

import gymnasium as gym
import numpy as np

import vernier


def rate(env, action, steps):
    env.reset(seed=1)
    start = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(action)
        if terminated or truncated:
            env.reset()
    return steps / (time.perf_counter() - start)


def batch_rate(batch, action, steps):
    actions = np.tile(action, (batch.num_envs, 1))
    batch.reset(seed=1)
    batches = max(1, steps // batch.num_envs)
    start = time.perf_counter()
    for _ in range(batches):
        batch.step(actions)  # copies whose episode ended are reset inside the same request
    return batches * batch.num_envs / (time.perf_counter() - start)


def median_rate(env, action, steps, repeats):
    return statistics.median(rate(env, action, steps) for _ in range(repeats))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    result = {"gymnasium_version": gym.__version__}
    for plant_id, action in [("classic/Pendulum-v1", [0.3]), ("awake/Steering-v1", [0.01] * 10)]:
        env = vernier.make(plant_id)
        action = np.array(action, dtype=np.float32)
        result[f"vernier_{plant_id}"] = median_rate(env, action, args.steps, args.repeats)
        wrapped = gym.make(vernier.gymnasium_id(plant_id))
        result[f"vernier_{plant_id}_gymnasium_make"] = median_rate(wrapped, action, args.steps, args.repeats)
        wrapped.close()
        env.close()
        for copies in (8, 64):
            batch = vernier.make_batch(plant_id, copies)
            result[f"vernier_{plant_id}_batch_{copies}"] = statistics.median(
                batch_rate(batch, action, args.steps) for _ in range(args.repeats))
            batch.close()
    # The same AWAKE steps with decimal arrays both ways (the protocol's default) instead of base64.
    env = vernier.make("awake/Steering-v1", arrays="json")
    result["vernier_awake/Steering-v1_decimal_arrays"] = median_rate(
        env, np.array([0.01] * 10, dtype=np.float32), args.steps, args.repeats)
    env.close()
    pendulum = gym.make("Pendulum-v1")
    action = np.array([0.6], dtype=np.float32)
    result["gymnasium_pendulum_wrapped"] = median_rate(pendulum, action, args.steps, args.repeats)
    result["gymnasium_pendulum_unwrapped"] = median_rate(pendulum.unwrapped, action, args.steps, args.repeats)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
