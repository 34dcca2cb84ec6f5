"""Vernier's spaces as gymnasium.spaces (float64, so every number passes unchanged)."""

import numpy as np
from gymnasium import spaces

from ._bridge import floats


def to_gymnasium(space, seed=None):
    """A ``gymnasium.spaces.Box`` or ``Discrete`` from a space of a describe reply."""
    if space["type"] == "box":
        shape = tuple(space["shape"])
        return spaces.Box(low=floats(space["low"]).reshape(shape), high=floats(space["high"]).reshape(shape),
                          shape=shape, dtype=np.float64, seed=seed)
    if space["type"] == "discrete":
        return spaces.Discrete(space["n"], start=space["start"], seed=seed)
    raise ValueError(f"unknown space type {space['type']!r}")
