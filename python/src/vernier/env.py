"""A Vernier plant as a ``gymnasium.Env``."""

import json

import gymnasium
import numpy as np

from ._bridge import DEFAULT_TIMEOUT, ServeProcess, check_seed, encode_floats, floats
from ._errors import VernierError
from ._spaces import to_gymnasium

#: Frames per second Gymnasium's checker expects declared; Vernier's text rendering has no frame rate of its
#: own, so this is only the pace a person could read it at.
RENDER_FPS = 4


class VernierEnv(gymnasium.Env):
    """A Vernier plant behind ``vernier serve --stdio``, with Gymnasium 1.x/0.29 semantics.

    Observations and continuous actions are float64 arrays (Vernier computes in double precision); a
    ``Discrete`` action is sent as its integer. ``terminated``, ``truncated`` and ``info`` are the plant's own
    (``info["is_success"]`` where the plant can tell). ``reset(seed=s)`` reseeds the plant, ``seed=None``
    continues its stream, exactly as ``vernier rollout --seed s`` does. ``render()`` in mode ``"ansi"`` returns
    Vernier's text for the last reset or step. ``close()`` ends the process.
    """

    #: The render modes Vernier plants offer, for ``gymnasium.make``'s check before the plant is asked; each
    #: instance replaces it with its plant's own metadata.
    metadata = {"render_modes": ["ansi"], "render_fps": RENDER_FPS}

    def __init__(self, plant_id, render_mode=None, *, options_file=None, vernier_bin=None,
                 timeout=DEFAULT_TIMEOUT, arrays="base64", **options):
        self.plant_id = plant_id
        self._bridge = ServeProcess(plant_id, options=options, options_file=options_file,
                                    vernier_bin=vernier_bin, timeout=timeout, arrays=arrays)
        self._base64 = arrays == "base64"
        try:
            description = self._bridge.request("describe")
            if "environment" not in description["interfaces"]:
                raise VernierError(f"{plant_id} is not an environment: it cannot be reset or stepped "
                                   f"(use vernier.problem for {', '.join(description['interfaces'])} plants)",
                                   kind="unsupported")
            plant = description["metadata"]
            self.metadata = {"render_modes": list(plant["render_modes"]), "render_fps": RENDER_FPS,
                             "vernier": plant}
            if render_mode is not None and render_mode not in self.metadata["render_modes"]:
                raise ValueError(f"render_mode {render_mode!r} is not one of {plant_id}'s render modes "
                                 f"{self.metadata['render_modes']}")
            self.render_mode = render_mode
            spaces = description["environment"]
            self.observation_space = to_gymnasium(spaces["observation_space"])
            self.action_space = to_gymnasium(spaces["action_space"])
        except BaseException:
            self._bridge.close()
            raise
        self._discrete = isinstance(self.action_space, gymnasium.spaces.Discrete)
        self._action_size = 1 if self._discrete else int(np.prod(self.action_space.shape))

    @property
    def process(self):
        """The ``subprocess.Popen`` of the ``vernier serve`` process."""
        return self._bridge.process

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        reply = self._bridge.request("reset", seed=check_seed(seed), options=options)
        return floats(reply["observation"]), reply["info"]

    def step(self, action):
        if self._discrete:
            line = b'{"op":"step","action":[' + str(int(action)).encode() + b"]}\n"
        elif not self._base64:
            # json writes Python's repr of each float (the shortest decimal that reads back exactly), NaN as NaN.
            values = json.dumps(np.asarray(action, dtype=np.float64).reshape(-1).tolist(), separators=(",", ":"))
            line = b'{"op":"step","action":' + values.encode() + b"}\n"
        else:
            # The doubles' own bytes, base64: exactly the values NumPy holds.
            line = b'{"op":"step","action":"' + encode_floats(np.asarray(action, dtype=np.float64).reshape(-1)) + b'"}\n'

        reply = self._bridge.send(line, "the reply to 'step'")
        reward = reply["reward"]
        return (floats(reply["observation"]), reward if type(reward) is float else float(reward),
                reply["terminated"], reply["truncated"], reply["info"])

    def render(self):
        if self.render_mode is None:
            gymnasium.logger.warn("render() was called without a render_mode; make the env with render_mode='ansi'")
            return None
        return self._bridge.request("render")["text"]

    def close(self):
        bridge = getattr(self, "_bridge", None)
        if bridge is not None:
            bridge.close()
        super().close()
