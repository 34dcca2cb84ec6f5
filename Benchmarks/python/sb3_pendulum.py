"""Stable-Baselines3 side of Benchmarks/compare-ppo.sh: PPO on Pendulum-v1 with RL Zoo's tuned preset, one thread.

Prints one JSON object per line:
  {"kind": "train", "seed": S, "steps": N, "seconds": T, "steps_per_second": R,
   "train_mean_return": <mean of the last 100 training episodes>, "eval_mean_return": <deterministic, 100 episodes>}
  {"kind": "predict", "microseconds_per_call": U, "calls": C}
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.env_util import make_vec_env

torch.set_num_threads(1)

# RL Baselines3 Zoo, hyperparams/ppo.yml, "Pendulum-v1" (same values as config/ppo/pendulum.yaml).
HYPERPARAMETERS = dict(
    n_steps=1024, gae_lambda=0.95, gamma=0.9, n_epochs=10, ent_coef=0.0, learning_rate=1e-3,
    clip_range=0.2, use_sde=True, sde_sample_freq=4, batch_size=64,
    policy_kwargs=dict(net_arch=dict(pi=[64, 64], vf=[64, 64]), activation_fn=torch.nn.Tanh),
)


def make_env(rescale):
    env = gym.make("Pendulum-v1")
    if rescale:
        # Vernier's Pendulum takes normalised actions a ∈ [-1, 1] (torque 2a): the same problem.
        env = gym.wrappers.RescaleAction(env, -1.0, 1.0)
    return env


def evaluate(model, episodes, seed, rescale):
    env = make_env(rescale)
    returns = []
    for episode in range(episodes):
        obs, _ = env.reset(seed=seed + episode)
        total, done = 0.0, False
        while not done:
            action, _ = model.predict(obs, deterministic=True)
            obs, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--eval-episodes", type=int, default=100)
    parser.add_argument("--predict-calls", type=int, default=20_000)
    parser.add_argument("--rescale-action", action="store_true", help="train on actions normalised to [-1, 1]")
    args = parser.parse_args()

    model = None
    for seed in args.seeds:
        env = make_vec_env(lambda: make_env(args.rescale_action), n_envs=4, seed=seed)
        model = PPO("MlpPolicy", env, seed=seed, device="cpu", verbose=0, **HYPERPARAMETERS)
        if args.steps == 0:
            continue  # inference timing only: the weights do not change the cost
        start = time.perf_counter()
        model.learn(total_timesteps=args.steps)
        seconds = time.perf_counter() - start
        train_mean = float(np.mean([info["r"] for info in model.ep_info_buffer]))
        eval_mean = evaluate(model, args.eval_episodes, 1_000_000, args.rescale_action)
        print(json.dumps({"kind": "train", "seed": seed, "steps": model.num_timesteps, "seconds": seconds,
                          "steps_per_second": model.num_timesteps / seconds, "train_mean_return": train_mean,
                          "eval_mean_return": eval_mean}), flush=True)

    # Single-observation inference of the 64×64 policy, as a control loop calls it.
    if args.predict_calls == 0:
        return
    obs = make_env(args.rescale_action).reset(seed=0)[0]
    for _ in range(1000):
        model.predict(obs, deterministic=True)
    start = time.perf_counter()
    for _ in range(args.predict_calls):
        model.predict(obs, deterministic=True)
    seconds = time.perf_counter() - start
    print(json.dumps({"kind": "predict", "microseconds_per_call": seconds / args.predict_calls * 1e6,
                      "calls": args.predict_calls}), flush=True)


if __name__ == "__main__":
    main()
