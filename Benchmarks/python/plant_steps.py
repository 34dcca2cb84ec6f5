"""Step rate of the AWAKE steering and JPA tuning environments in Python, the peer side of Vernier's
PlantSteps benchmarks.

The AWAKE environment follows the open AWAKE steering environments (gymnasium.Env, NumPy response matrix,
`R.dot(kicks)` per step); the JPA environment evaluates the same three-wave-mixing gain formula as Vernier's
jpa/Tuning-v1 with NumPy scalars. Both use the same options and the same work per step as the Swift plants
(AWAKE: 10 x 10 product, beam-loss cut, RMS reward; JPA: gain at the target and four trace points with noise).

Usage: python plant_steps.py PATH/TO/electron_tt43.out [--steps N]
Prints one JSON line per environment: {"environment", "steps", "seconds", "steps_per_second"}.
"""
import argparse
import json
import math
import time

import gymnasium as gym
import numpy as np
from gymnasium import spaces


def read_twiss(path):
    columns, rows = None, []
    with open(path) as handle:
        for line in handle:
            if line.startswith("*"):
                columns = line.split()[1:]
            elif line.startswith(" \"") or line.startswith("\""):
                fields = line.split()
                rows.append({name: value.strip('"') for name, value in zip(columns, fields)})
    return rows


def response_matrix(rows, beta="BETX", mu="MUX"):
    monitors = [r for r in rows if r["KEYWORD"] == "MONITOR"][1:]
    kickers = [r for r in rows if r["KEYWORD"] == "KICKER"][:-1]
    matrix = np.zeros((len(monitors), len(kickers)))
    for i, m in enumerate(monitors):
        for j, k in enumerate(kickers):
            if float(m[mu]) > float(k[mu]):
                matrix[i, j] = math.sqrt(float(m[beta]) * float(k[beta])) * math.sin(
                    2 * math.pi * (float(m[mu]) - float(k[mu])))
    return matrix


class AwakeSteering(gym.Env):
    def __init__(self, response):
        self.response = response
        n = response.shape[0]
        self.action_space = spaces.Box(-1.0, 1.0, (n,), np.float64)
        self.observation_space = spaces.Box(-1.0, 1.0, (n,), np.float64)
        self.kicks = np.zeros(n)
        self.offset = np.zeros(n)
        self.steps = 0

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        while True:
            misalignment = self.np_random.uniform(-5e-4, 5e-4, self.kicks.shape)
            self.offset = self.response.dot(misalignment)
            if np.all(np.abs(self.offset) <= 0.0095) and np.sqrt(np.mean(self.offset ** 2)) > 0.002:
                break
        self.kicks[:] = 0
        self.steps = 0
        return np.clip(self.offset * 100, -1, 1), {}

    def step(self, action):
        largest = np.max(np.abs(action))
        scale = 1e-4 / max(largest, 1.0)
        self.kicks = np.clip(self.kicks + scale * action, -1e-3, 1e-3)
        readings = self.response.dot(self.kicks) + self.offset
        lost = np.flatnonzero(np.abs(readings) >= 0.01)
        if lost.size:
            readings[lost[0]:] = np.sign(readings[lost[0]]) * 0.01
        observation = np.clip(readings * 100, -1, 1)
        rms = float(np.sqrt(np.mean(observation ** 2)))
        self.steps += 1
        success = lost.size == 0 and rms < 0.1
        return observation, -rms, bool(success or lost.size), self.steps >= 50, {"is_success": success}


class JPATuning(gym.Env):
    """The jpa/Tuning-v1 step: flux and pump from the settings, gain at the target and four trace points."""

    def __init__(self):
        self.action_space = spaces.Box(-1.0, 1.0, (3,), np.float64)
        self.observation_space = spaces.Box(-1.0, 1.0, (10,), np.float64)
        self.F, self.gamma, self.kappa = 2.6e9, 0.08, 10e6
        self.settings = np.array([96.0, -6.2, 0.0])
        self.target = 2.3e9
        self.offset = 0.05

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.offset = 0.05 + 0.002 * self.np_random.standard_normal()
        return np.zeros(10), {}

    def gain(self, offset, detuning, coupling):
        a = self.kappa / 2
        if coupling ** 2 >= a * a + detuning ** 2:
            return None
        d = (a - 1j * (offset - detuning)) * (a - 1j * (offset + detuning)) - coupling ** 2
        return abs(1 - self.kappa * (a - 1j * (offset + detuning)) / d) ** 2

    def step(self, action):
        action = np.clip(action, -1, 1)
        self.settings = self.settings + action * np.array([0.5, 0.5, 0.5])
        self.offset += 1e-5 * self.np_random.standard_normal()
        flux = 5e-12 * self.settings[0] * 1e-6 / 2.067833848e-15 + self.offset
        c = abs(math.cos(math.pi * flux))
        sgn = -1.0 if math.cos(math.pi * flux) < 0 else 1.0
        slope_c = -math.pi * math.sin(math.pi * flux) * sgn
        s = c + self.gamma
        slope = self.F * self.gamma * slope_c / s ** 2
        curvature = self.F * self.gamma * (-math.pi ** 2 * c / s ** 2 - 2 * slope_c ** 2 / s ** 3)
        watts = 1e-3 * 10 ** ((self.settings[1] - 65) / 10)
        pump = 10e-12 * math.sqrt(2 * watts / 50) / 2.067833848e-15
        coupling = abs(slope) * pump / 2
        resonance = self.F * c / s + curvature * pump ** 2 / 4
        pump_frequency = 2 * self.target + self.settings[2] * 1e6
        detuning = resonance - pump_frequency / 2
        observation = np.zeros(10)
        for index, offset in enumerate([0.0, -2e6, -1e6, 1e6, 2e6]):
            value = self.gain(self.target + offset - pump_frequency / 2, detuning, coupling)
            reading = 10 * math.log10(value) + 0.2 * self.np_random.standard_normal() if value else float("nan")
            observation[index] = 1.0 if value is None else min(max((reading - 20) / 10, -1), 1)
        error = abs(observation[0] * 10)
        return observation, -(error + 0.1), bool(error <= 0.5), False, {}


def measure(environment, actions, steps):
    environment.reset(seed=1)
    start = time.perf_counter()
    for index in range(steps):
        environment.step(actions[index & 1])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("twiss")
    parser.add_argument("--steps", type=int, default=200_000)
    arguments = parser.parse_args()
    awake = AwakeSteering(response_matrix(read_twiss(arguments.twiss)))
    cases = [
        ("awake_steering", awake, [np.full(10, 0.05), np.full(10, -0.05)]),
        ("jpa_tuning", JPATuning(), [np.array([0.1, 0.1, -0.1]), np.array([-0.1, -0.1, 0.1])]),
    ]
    for name, environment, actions in cases:
        seconds = measure(environment, actions, arguments.steps)
        print(json.dumps({"environment": name, "steps": arguments.steps, "seconds": seconds,
                          "steps_per_second": arguments.steps / seconds}))


if __name__ == "__main__":
    main()
