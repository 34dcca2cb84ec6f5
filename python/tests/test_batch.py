"""K copies stepped together through one process give each copy's single-environment numbers, bit for bit."""

import numpy as np
import pytest

import vernier


def bits(values):
    return np.asarray(values, dtype=np.float64).view(np.uint64).tolist()


@pytest.mark.parametrize("plant_id", vernier.ENVIRONMENTS)
def test_batch_equals_single_environments(plant_id, vernier_bin):
    copies = 3
    batch = vernier.make_batch(plant_id, copies, max_episode_steps=7)
    singles = [vernier.make(plant_id, max_episode_steps=7) for _ in range(copies)]
    try:
        observations, _ = batch.reset(seed=10)
        for index, env in enumerate(singles):
            observation, _ = env.reset(seed=10 + index)
            assert bits(observations[index]) == bits(observation)
        generator = np.random.default_rng(4)
        ends = 0
        for _ in range(20):
            actions = generator.uniform(-1, 1, size=(copies,) + batch.action_space.shape)
            observations, rewards, terminated, truncated, infos = batch.step(actions)
            for index, env in enumerate(singles):
                observation, reward, single_terminated, single_truncated, _ = env.step(actions[index])
                assert bits([rewards[index]]) == bits([reward])
                assert (terminated[index], truncated[index]) == (single_terminated, single_truncated)
                if single_terminated or single_truncated:
                    ends += 1
                    assert bits(infos[index]["final_observation"]) == bits(observation)
                    observation, _ = env.reset()
                assert bits(observations[index]) == bits(observation)
        assert ends >= copies  # every copy crossed at least one episode end (7-step limit, 20 steps)
    finally:
        batch.close()
        for env in singles:
            env.close()


def test_batch_close_ends_the_process(vernier_bin):
    batch = vernier.make_batch("classic/Pendulum-v1", 4)
    process = batch.process
    batch.close()
    assert process.wait(timeout=5) == 0


def test_batch_refuses_the_wrong_number_of_actions(vernier_bin):
    batch = vernier.make_batch("classic/Pendulum-v1", 2)
    try:
        batch.reset(seed=1)
        with pytest.raises(vernier.VernierError, match="'actions' has 3 actions; the session serves 2 copies"):
            batch._bridge.request("step_batch", actions=[[0.0], [0.0], [0.0]])
    finally:
        batch.close()


def test_a_request_longer_than_the_servers_read_buffer(vernier_bin):
    # 1,000 AWAKE actions in base64 make a step_batch line of about 113 KB, past the server's 64 KiB buffer.
    batch = vernier.make_batch("awake/Steering-v1", 1000)
    single = vernier.make("awake/Steering-v1")
    try:
        batch.reset(seed=[None] * 999 + [42])
        single.reset(seed=42)
        actions = np.random.default_rng(2).uniform(-1, 1, size=(1000, 10))
        observations, rewards, *_ = batch.step(actions)
        observation, reward, *_ = single.step(actions[999])
        assert observations.shape == (1000, 10)
        assert bits(observations[999]) == bits(observation) and bits([rewards[999]]) == bits([reward])
    finally:
        batch.close()
        single.close()
