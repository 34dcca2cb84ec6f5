"""K copies of a Vernier plant stepped together: one ``vernier serve --copies K`` process, one line per batch."""

import json

import numpy as np

from ._bridge import DEFAULT_TIMEOUT, ServeProcess, check_seed, encode_floats, floats
from ._errors import VernierError
from ._spaces import to_gymnasium


class VernierBatch:
    """``num_envs`` copies of one plant, reset and stepped with one request each (``reset_batch``,
    ``step_batch``), for learners that step many environments in lockstep (Stable-Baselines3's ``VecEnv``,
    Gymnasium's vector environments).

    ``step`` resets a copy whose episode ended at once (no seed: its stream continues), returns that copy's new
    first observation in its row, and puts the final observation and info in its info as ``final_observation``
    and ``final_info`` (Gymnasium 0.29's convention). Copy ``i`` runs exactly what a single bridged environment
    runs: reset with seed ``s + i`` it gives the same numbers bit for bit.
    """

    def __init__(self, plant_id, num_envs, *, options_file=None, vernier_bin=None, timeout=DEFAULT_TIMEOUT,
                 **options):
        self.plant_id = plant_id
        self.num_envs = int(num_envs)
        self._bridge = ServeProcess(plant_id, options=options, options_file=options_file, vernier_bin=vernier_bin,
                                    timeout=timeout, copies=self.num_envs)
        try:
            description = self._bridge.request("describe")
            if "environment" not in description["interfaces"]:
                raise VernierError(f"{plant_id} is not an environment: it cannot be reset or stepped",
                                   kind="unsupported")
            self.metadata = {"render_modes": list(description["metadata"]["render_modes"]),
                             "vernier": description["metadata"]}
            self.observation_space = to_gymnasium(description["environment"]["observation_space"])
            self.action_space = to_gymnasium(description["environment"]["action_space"])
        except BaseException:
            self._bridge.close()
            raise
        self._discrete = self.action_space.shape == ()
        self._dumps = json.JSONEncoder(separators=(",", ":")).encode

    @property
    def process(self):
        """The ``subprocess.Popen`` of the ``vernier serve`` process."""
        return self._bridge.process

    def reset(self, seed=None, options=None):
        """Resets every copy: ``seed`` an integer (copy ``i`` gets ``seed + i``), a list of seeds, or None."""
        if seed is None:
            seeds = None
        elif isinstance(seed, (list, tuple)):
            seeds = [check_seed(s) for s in seed]
        else:
            seeds = [check_seed(int(seed) + index) for index in range(self.num_envs)]
        reply = self._bridge.request("reset_batch", seeds=seeds, options=options)
        resets = reply["resets"]
        return np.stack([floats(r["observation"]) for r in resets]), [r["info"] for r in resets]

    def step(self, actions):
        """Steps every copy with its row of ``actions``; returns arrays over the copies and a list of infos."""
        if self._discrete:
            rows = self._dumps([[int(a)] for a in np.asarray(actions).reshape(-1)]).encode()
        else:
            values = np.asarray(actions, dtype=np.float64).reshape(self.num_envs, -1)
            rows = b"[" + b",".join(b'"' + encode_floats(row) + b'"' for row in values) + b"]"
        line = b'{"op":"step_batch","autoreset":true,"actions":' + rows + b"}\n"
        steps = self._bridge.send(line, "the reply to 'step_batch'")["steps"]
        observations, infos = [], []
        for step in steps:
            info = step["info"]
            if "reset_observation" in step:
                info = dict(info, final_observation=floats(step["observation"]), final_info=step["info"])
                info.update(step["reset_info"])
                observations.append(floats(step["reset_observation"]))
            else:
                observations.append(floats(step["observation"]))
            infos.append(info)
        rewards = floats([s["reward"] for s in steps])
        terminated = np.array([s["terminated"] for s in steps], dtype=bool)
        truncated = np.array([s["truncated"] for s in steps], dtype=bool)
        return np.stack(observations), rewards, terminated, truncated, infos

    def close(self):
        bridge = getattr(self, "_bridge", None)
        if bridge is not None:
            bridge.close()
