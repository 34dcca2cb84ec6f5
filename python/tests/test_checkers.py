"""Every registered plant passes Gymnasium's own check_env and cernml-coi's own coi.check, through the bridge."""

import warnings

import gymnasium
import pytest
from cernml import coi
from gymnasium.utils.env_checker import check_env

import vernier

# coi.check advises every problem to offer the 'human' and 'matplotlib_figures' render modes; Vernier's plants
# render as text ('ansi') only, which COI allows. Every other warning fails the test.
ADVISORY = ("missing render mode 'human'", "missing render mode 'matplotlib_figures'")


@pytest.mark.parametrize("render_mode", [None, "ansi"])
@pytest.mark.parametrize("plant_id", vernier.ENVIRONMENTS)
def test_check_env(plant_id, render_mode, vernier_bin):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = gymnasium.make(vernier.gymnasium_id(plant_id), render_mode=render_mode)
        try:
            check_env(env.unwrapped)
        finally:
            env.close()


@pytest.mark.parametrize("render_mode", [None, "ansi"])
@pytest.mark.parametrize("plant_id", vernier.PROBLEMS + vernier.CONTEXTUAL_PROBLEMS)
def test_coi_check(plant_id, render_mode, vernier_bin):
    problem = coi.make(vernier.gymnasium_id(plant_id), render_mode=render_mode)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            coi.check(problem, warn=True, headless=True)
        unexpected = [str(w.message) for w in caught if not str(w.message).startswith(ADVISORY)]
        assert unexpected == []
    finally:
        problem.close()


def test_jpa_problem_is_contextual_with_its_scan_range(vernier_bin):
    problem = vernier.problem("jpa/Tuning-v1")
    try:
        low, high = problem.context_range
        assert low < high
        assert problem.override_skeleton_points() == [low, (low + high) / 2, high]
        x0 = problem.get_initial_params(low, seed=3)
        assert x0 in problem.get_optimization_space(low)
        objective = problem.compute_function_objective(low, x0)
        assert objective == x0[1]  # the objective is the pump power, the second parameter (dBm)
        assert problem.constraint_names == ["stable_gain_db"]
        assert problem.constraints[0].fun(x0) == problem.last_evaluation["constraints"][0]
    finally:
        problem.close()
