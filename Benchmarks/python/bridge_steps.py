#!/usr/bin/env python3
"""Steps per second through the Python bridge (`vernier.make`, one `vernier serve --stdio` process; and
`vernier.make_batch`, K copies per request), beside Gymnasium's pure-Python Pendulum-v1 in the same run.

Each rate steps a fixed in-range action and resets at the end of an episode, as Benchmarks/python/
pendulum_steps.py does for Gymnasium. The configurations take turns (round robin, `--repeats` rounds of
`--steps` steps each), so a change in the machine's load falls on all of them alike; prints JSON with the median
steps/s of each. Needs $VERNIER_BIN (a release build) and a venv with gymnasium and ./python installed.
"""
import argparse
import json
import statistics
import time

import gymnasium as gym
import numpy as np

import vernier


def single_rate(env, action, steps):
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    pendulum_action = np.array([0.3], dtype=np.float32)
    awake_action = np.array([0.01] * 10, dtype=np.float32)
    gym_pendulum = gym.make("Pendulum-v1")
    runs = {
        "gymnasium_pendulum_wrapped": (single_rate, gym_pendulum, np.array([0.6], dtype=np.float32)),
        "gymnasium_pendulum_unwrapped": (single_rate, gym_pendulum.unwrapped, np.array([0.6], dtype=np.float32)),
    }
    closers = [gym_pendulum]
    for plant_id, action in [("classic/Pendulum-v1", pendulum_action), ("awake/Steering-v1", awake_action)]:
        env = vernier.make(plant_id)
        wrapped = gym.make(vernier.gymnasium_id(plant_id))
        runs[f"vernier_{plant_id}"] = (single_rate, env, action)
        runs[f"vernier_{plant_id}_gymnasium_make"] = (single_rate, wrapped, action)
        closers += [env, wrapped]
        for copies in (8, 64):
            batch = vernier.make_batch(plant_id, copies)
            runs[f"vernier_{plant_id}_batch_{copies}"] = (batch_rate, batch, action)
            closers.append(batch)
    # The same AWAKE steps with decimal arrays both ways (the protocol's default) instead of base64.
    decimal = vernier.make("awake/Steering-v1", arrays="json")
    runs["vernier_awake/Steering-v1_decimal_arrays"] = (single_rate, decimal, awake_action)
    closers.append(decimal)
    rates = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, (measure, env, action) in runs.items():
            rates[name].append(measure(env, action, args.steps))
    for env in closers:
        env.close()
    result = {"gymnasium_version": gym.__version__}
    result.update({name: statistics.median(values) for name, values in rates.items()})
    result.update({name + "_range": [min(values), max(values)] for name, values in rates.items()})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
