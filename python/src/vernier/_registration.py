"""The Vernier plants under ``vernier/…`` ids in Gymnasium's and cernml-coi's registries.

Kept free of heavy imports: Gymnasium calls :func:`register_gymnasium` while ``import gymnasium`` is still
running (its ``gymnasium.envs`` plugin group).
"""

#: Plants with an environment interface (``vernier envs``: capability ``environment``), simulated.
ENVIRONMENTS = ("awake/Steering-v1", "classic/Pendulum-v1", "grid/Cache-v1", "jpa/Tuning-v1")
#: Plants with a single-objective optimisation interface and no context.
PROBLEMS = ("awake/Steering-v1", "synthetic/Quadratic-v1", "synthetic/Steering-v1")
#: Plants whose optimisation problem takes a context (COI's ``FunctionOptimizable``).
CONTEXTUAL_PROBLEMS = ("jpa/Tuning-v1",)


def gymnasium_id(plant_id):
    """The registry id of a Vernier plant: ``awake/Steering-v1`` → ``vernier/awake-Steering-v1``."""
    namespace, name = plant_id.split("/", 1)
    return f"vernier/{namespace}-{name}"


def register_gymnasium():
    """Registers every environment as ``vernier/<namespace>-<Name>-vN`` with Gymnasium (once)."""
    from gymnasium.envs.registration import register, registry

    for plant_id in ENVIRONMENTS:
        env_id = gymnasium_id(plant_id)
        if env_id not in registry:
            register(id=env_id, entry_point="vernier.env:VernierEnv", kwargs={"plant_id": plant_id})


def register_coi():
    """Registers every problem as ``vernier/<namespace>-<Name>-vN`` with cernml-coi (once)."""
    from cernml import coi

    for plant_id in PROBLEMS + CONTEXTUAL_PROBLEMS:
        env_id = gymnasium_id(plant_id)
        try:
            coi.spec(env_id)
            continue
        except Exception:  # not registered yet (cernml-coi raises its own not-found errors)
            kind = "VernierFunctionProblem" if plant_id in CONTEXTUAL_PROBLEMS else "VernierProblem"
            coi.register(env_id, entry_point=f"vernier.coi:{kind}", kwargs={"plant_id": plant_id})
