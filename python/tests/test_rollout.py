"""A seeded rollout through the bridge equals `vernier rollout` bit for bit, and so does an evaluation."""

import json
import subprocess

import gymnasium
import numpy as np
import pytest

import vernier


def bits(values):
    return np.asarray(values, dtype=np.float64).view(np.uint64).tolist()


def cli_rollout(vernier_bin, plant_id, seed, actions, tmp_path):
    path = tmp_path / "actions.json"
    path.write_text(json.dumps(actions))
    output = subprocess.run([vernier_bin, "rollout", plant_id, "--seed", str(seed), "--actions", str(path), "--json"],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


@pytest.mark.parametrize("arrays", ["base64", "json"])
@pytest.mark.parametrize("seed", [0, 7, 2**64 - 1])
@pytest.mark.parametrize("plant_id", vernier.ENVIRONMENTS)
def test_seeded_rollout_equals_vernier_rollout(plant_id, seed, arrays, vernier_bin, tmp_path):
    env = vernier.make(plant_id, arrays=arrays)
    try:
        generator = np.random.default_rng(seed % 1000)
        if isinstance(env.action_space, gymnasium.spaces.Discrete):
            # A discrete plant (grid/Cache-v1: store or skip) takes an index; `vernier rollout` takes [index].
            indices = generator.integers(0, env.action_space.n, size=60).tolist()
            steps, actions = indices, [[float(index)] for index in indices]
        else:
            size = env.action_space.shape[0]
            actions = generator.uniform(-1, 1, size=(60, size)).tolist()
            steps = actions
        observation, _ = env.reset(seed=seed)
        bridged = []
        for action in steps:
            observation_after, reward, terminated, truncated, _ = env.step(action)
            bridged.append((bits(observation_after), bits([reward]), terminated, truncated))
            if terminated or truncated:
                break
        reference = cli_rollout(vernier_bin, plant_id, seed, actions, tmp_path)
        assert bits(observation) == bits(reference["reset_observation"])
        expected = [(bits(s["observation"]), bits([s["reward"]]), s["terminated"], s["truncated"])
                    for s in reference["steps"]]
        assert len(bridged) == len(expected) > 0
        assert bridged == expected
    finally:
        env.close()


def test_reset_options_reach_the_plant(vernier_bin, tmp_path):
    env = vernier.make("classic/Pendulum-v1")
    try:
        observation, _ = env.reset(seed=1, options={"state": np.array([np.pi, 0.5])})
        assert bits(observation) == bits([np.cos(np.pi), np.sin(np.pi), 0.5])
    finally:
        env.close()


def test_plant_options_are_passed_as_keywords(vernier_bin):
    env = vernier.make("classic/Pendulum-v1", max_episode_steps=3)
    try:
        env.reset(seed=1)
        ends = [env.step([0.0])[3] for _ in range(3)]
        assert ends == [False, False, True]
    finally:
        env.close()


@pytest.mark.parametrize("seed", [5, 2**63 + 11])
def test_problem_evaluations_equal_vernier_tune(seed, vernier_bin, tmp_path):
    """The points `vernier tune --seed S` evaluated, evaluated again through the bridge after
    get_initial_params(seed=S), give the same objectives and readings bit for bit."""
    output = subprocess.run([vernier_bin, "tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "6",
                             "--seed", str(seed), "--json", "--store", str(tmp_path / "runs.sqlite")],
                            check=True, capture_output=True, text=True).stdout
    evaluations = json.loads(output)["evaluations"]
    assert len(evaluations) == 6
    problem = vernier.problem("awake/Steering-v1")
    try:
        problem.get_initial_params(seed=seed)
        for evaluation in evaluations:
            objective = problem.compute_single_objective(np.array(evaluation["parameters"]))
            assert bits([objective]) == bits([evaluation["objective"]])
            observed = problem.last_evaluation["observables"]
            assert {name: bits([value]) for name, value in observed.items()} == \
                {name: bits([value]) for name, value in evaluation["observables"].items()}
    finally:
        problem.close()
