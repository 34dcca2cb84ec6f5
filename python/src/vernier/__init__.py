"""Vernier's plants as Gymnasium environments and cernml-coi problems.

Every object starts one ``vernier serve PLANT --stdio`` process (found through ``$VERNIER_BIN`` or ``PATH``)
and asks it for every number: the plant runs the same Swift code as ``vernier tune``, ``train`` and
``rollout``, so the same seeds give the same numbers, bit for bit.

>>> import vernier
>>> env = vernier.make("awake/Steering-v1")            # gymnasium.Env
>>> problem = vernier.problem("awake/Steering-v1")     # cernml.coi.SingleOptimizable
"""

from ._errors import VernierError, VernierProcessError
from ._registration import (
    CONTEXTUAL_PROBLEMS,
    ENVIRONMENTS,
    PROBLEMS,
    gymnasium_id,
    register_coi,
    register_gymnasium,
)

__all__ = [
    "CONTEXTUAL_PROBLEMS",
    "ENVIRONMENTS",
    "PROBLEMS",
    "VernierError",
    "VernierProcessError",
    "gymnasium_id",
    "make",
    "make_batch",
    "register_coi",
    "register_gymnasium",
    "problem",
]

__version__ = "0.1.0"


def make(plant_id, render_mode=None, **options):
    """A ``gymnasium.Env`` of the plant ``plant_id`` (e.g. ``"awake/Steering-v1"``).

    Keyword arguments other than the ones below are the plant's options (the keys of its file in
    ``environments/``, e.g. ``max_episode_steps=100``), passed to Vernier as ``--options``.

    Args:
        render_mode: ``None`` or one of the plant's ``metadata["render_modes"]`` (``"ansi"``).
        options_file: a YAML options file instead of (not with) keyword options.
        vernier_bin: the ``vernier`` executable; default ``$VERNIER_BIN``, else ``vernier`` on ``PATH``.
        timeout: seconds to wait for any one reply before the process counts as hung (default 60).
        arrays: how arrays travel: ``"base64"`` (the doubles' bytes; default, fastest) or ``"json"`` (decimals).
    """
    from .env import VernierEnv

    return VernierEnv(plant_id, render_mode=render_mode, **options)


def make_batch(plant_id, num_envs, **options):
    """``num_envs`` copies of an environment stepped together through one process (:class:`VernierBatch`):
    one request per batch instead of one per copy. Takes the same keyword arguments as :func:`make`."""
    from .batch import VernierBatch

    return VernierBatch(plant_id, num_envs, **options)


def problem(plant_id, render_mode=None, **options):
    """A cernml-coi problem of the plant ``plant_id``.

    A ``cernml.coi.FunctionOptimizable`` for a plant with a context (``jpa/Tuning-v1``: the context is the
    target frequency in GHz, passed where COI passes ``cycle_time``), else a ``cernml.coi.SingleOptimizable``.
    Takes the same keyword arguments as :func:`make`.
    """
    from .coi import VernierFunctionProblem, VernierProblem

    if plant_id in CONTEXTUAL_PROBLEMS:
        return VernierFunctionProblem(plant_id, render_mode=render_mode, **options)
    return VernierProblem(plant_id, render_mode=render_mode, **options)


register_gymnasium()
