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

import torch
from stable_baselines3 import PPO
from stable_baselines3.common.vec_env import VecEnv, VecMonitor, VecNormalize

import vernier

torch.set_num_threads(1)


class BridgeVecEnv(VecEnv):
    """Stable-Baselines3's VecEnv over vernier.make_batch: the 8 copies live in one `vernier serve --copies 8`
    process and are stepped with one request per batch (SB3's DummyVecEnv would make 8 round trips)."""

    def __init__(self, plant_id, num_envs):
        self.batch = vernier.make_batch(plant_id, num_envs)
        super().__init__(num_envs, self.batch.observation_space, self.batch.action_space)
        self._actions = None

    def reset(self):
        seeds = self._seeds if any(seed is not None for seed in self._seeds) else None
        observations, infos = self.batch.reset(seed=seeds)
        self._reset_seeds()
        self.reset_infos = infos
        return observations

    def step_async(self, actions):
        self._actions = actions

    def step_wait(self):
        observations, rewards, terminated, truncated, infos = self.batch.step(self._actions)
        for index, info in enumerate(infos):
            if "final_observation" in info:
                info["terminal_observation"] = info["final_observation"]
                info["TimeLimit.truncated"] = bool(truncated[index] and not terminated[index])
        return observations, rewards, terminated | truncated, infos

    def close(self):
        self.batch.close()

    def get_attr(self, attr_name, indices=None):
        return [getattr(self.batch, attr_name)] * len(self._get_indices(indices))

    def set_attr(self, attr_name, value, indices=None):
        raise NotImplementedError("the copies live in the vernier process")

    def env_method(self, method_name, *args, indices=None, **kwargs):
        raise NotImplementedError("the copies live in the vernier process")

    def env_is_wrapped(self, wrapper_class, indices=None):
        return [False] * len(self._get_indices(indices))


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
    venv = BridgeVecEnv("awake/Steering-v1", 8)
    venv.seed(args.seed)
    venv = VecNormalize(VecMonitor(venv), norm_obs=True, norm_reward=False, gamma=0.95)
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
