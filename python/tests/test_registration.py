"""The ids the package registers are exactly the plants `vernier envs` lists (a drift here fails)."""

import json
import subprocess

import gymnasium
import pytest
from cernml import coi

import vernier


def listed(vernier_bin):
    entries = json.loads(subprocess.run([vernier_bin, "envs", "--json"], check=True, capture_output=True,
                                        text=True).stdout)
    # modbus/Device-v1 drives a real device (vernier serve refuses it): no Python registration.
    return [entry for entry in entries if not entry["id"].startswith("modbus/")]


def test_environments_are_the_plants_with_an_environment(vernier_bin):
    ids = sorted(entry["id"] for entry in listed(vernier_bin) if "environment" in entry["capabilities"])
    assert ids == sorted(vernier.ENVIRONMENTS)


def test_problems_are_the_optimisable_plants(vernier_bin):
    entries = listed(vernier_bin)
    single = sorted(e["id"] for e in entries if "optimizable" in e["capabilities"] and "contextual" not in e["capabilities"])
    contextual = sorted(e["id"] for e in entries if "contextual" in e["capabilities"])
    assert single == sorted(vernier.PROBLEMS)
    assert contextual == sorted(vernier.CONTEXTUAL_PROBLEMS)


@pytest.mark.parametrize("plant_id", vernier.ENVIRONMENTS)
def test_gymnasium_make_finds_every_environment(plant_id, vernier_bin):
    env = gymnasium.make(vernier.gymnasium_id(plant_id))
    try:
        assert isinstance(env.unwrapped, vernier.env.VernierEnv)
        assert env.unwrapped.plant_id == plant_id
    finally:
        env.close()


@pytest.mark.parametrize("plant_id", vernier.PROBLEMS + vernier.CONTEXTUAL_PROBLEMS)
def test_coi_make_finds_every_problem(plant_id, vernier_bin):
    problem = coi.make(vernier.gymnasium_id(plant_id))
    try:
        kind = coi.FunctionOptimizable if plant_id in vernier.CONTEXTUAL_PROBLEMS else coi.SingleOptimizable
        assert isinstance(problem.unwrapped, kind)
        assert problem.unwrapped.plant_id == plant_id
    finally:
        problem.close()
