#!/usr/bin/env python3
"""Stable-Baselines3 PPO trained on vernier/awake-Steering-v1 from Python, through the bridge (`vernier serve`).

The hyperparameters are Vernier's AWAKE preset (config/ppo/awake.yaml, SB3 key names): 8 copies × 250 steps,
batch 125, γ 0.95, learning rate 1e-3, running observation normalisation (SB3's VecNormalize), SB3's defaults
otherwise (64×64 tanh actor and critic, clip 0.2, 10 epochs, λ 0.95). The policy is then evaluated exactly as
`vernier evaluate` evaluates the shipped policy: deterministic actions, episode i reset with seed 1,000,000 + i,
an episode succeeds at the first step where the plant reports `is_success`.

Prints one JSON object: training steps/s, success rate, median steps to success, mean return.
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.env_util import make_vec_env
from stable_baselines3.common.vec_env import VecNormalize

import vernier

torch.set_num_threads(1)


def evaluate(model, normalizer, episodes, first_seed):
    env = vernier.make("awake/Steering-v1")
    successes, steps_to_success, returns = 0, [], []
    try:
        for index in range(episodes):
            observation, _ = env.reset(seed=first_seed + index)
            total, steps = 0.0, 0
            while True:
                action, _ = model.predict(normalizer.normalize_obs(observation[None, :]), deterministic=True)
                observation, reward, terminated, truncated, info = env.step(action[0])
                total += reward
                steps += 1
                if info.get("is_success"):
                    successes += 1
                    steps_to_success.append(steps)
                    break
                if terminated or truncated:
                    break
            returns.append(total)
    finally:
        env.close()
    return {
        "success_rate": successes / episodes,
        "median_steps_to_success": statistics.median(steps_to_success) if steps_to_success else None,
        "mean_return": statistics.fmean(returns),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--episodes", type=int, default=1000)
    args = parser.parse_args()
    venv = make_vec_env("vernier/awake-Steering-v1", n_envs=8, seed=args.seed)
    venv = VecNormalize(venv, norm_obs=True, norm_reward=False, gamma=0.95)
    model = PPO("MlpPolicy", venv, n_steps=250, batch_size=125, gamma=0.95, learning_rate=1e-3,
                seed=args.seed, device="cpu", verbose=0)
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps)
    seconds = time.perf_counter() - start
    venv.training = False
    result = {"seed": args.seed, "steps": args.steps, "seconds": seconds, "steps_per_second": args.steps / seconds}
    result.update(evaluate(model, venv, args.episodes, 1_000_000))
    venv.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
