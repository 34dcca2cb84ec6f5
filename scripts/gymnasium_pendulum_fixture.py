#!/usr/bin/env python3
"""Writes Gymnasium Pendulum-v1 trajectories as a fixture for Vernier's replay test.

Each trajectory starts from an exact state [theta, theta_dot] (set on the unwrapped env after reset), steps
through a list of torques — including ones outside Gymnasium's [-2, 2] action space, which Pendulum clips —
and records every observation, reward and flag. Vernier's test replays the same torques (as normalised
actions a = u / 2) and compares to 1e-4: Gymnasium computes partly in float32.

Usage (a venv with gymnasium):
    python3 -m venv /tmp/gym && /tmp/gym/bin/pip install gymnasium numpy
    /tmp/gym/bin/python scripts/gymnasium_pendulum_fixture.py > Tests/VernierPlantsTests/Fixtures/pendulum_gymnasium.json
"""
import json
import math

import gymnasium as gym
import numpy as np


def trajectory(name, state, torques):
    env = gym.make("Pendulum-v1")
    env.reset(seed=0)
    env.unwrapped.state = np.array(state, dtype=np.float64)
    steps = []
    for torque in torques:
        observation, reward, terminated, truncated, _ = env.step(np.array([torque], dtype=np.float32))
        steps.append({
            "observation": [float(v) for v in observation],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        })
        if terminated or truncated:
            break
    env.close()
    return {"name": name, "state": list(state), "torques": [float(np.float32(t)) for t in torques], "steps": steps}


def main():
    rng = np.random.default_rng(20240917)
    trajectories = [
        trajectory("hanging, no torque", [math.pi, 0.0], [0.0] * 60),
        trajectory("near upright, random in-range torques", [0.1, -0.3], list(rng.uniform(-2, 2, 80))),
        trajectory("out-of-range torques are clipped", [1.0, 0.5], [5.0, -7.5, 2.5, -2.0001, 100.0, -3.0] * 10),
        trajectory("speed clipped at 8 rad/s", [-2.5, 7.9], [2.0] * 50),
        trajectory("angle wrapping beyond ±pi", [7.0, -6.0], list(rng.uniform(-4, 4, 60))),
        trajectory("full episode to the 200-step truncation", [-1.3, 0.2], list(rng.uniform(-2.5, 2.5, 205))),
    ]
    print(json.dumps({"gymnasium_version": gym.__version__, "trajectories": trajectories}, separators=(",", ":")))


if __name__ == "__main__":
    main()
