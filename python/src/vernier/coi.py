"""Vernier plants as cernml-coi problems: ``SingleOptimizable`` and, with a context, ``FunctionOptimizable``."""

import numpy as np
from cernml import coi
from scipy.optimize import NonlinearConstraint

from ._bridge import DEFAULT_TIMEOUT, ServeProcess, check_seed, floats
from ._errors import VernierError
from ._spaces import to_gymnasium

#: COI's machine enum for the plants of a namespace; the rest are `Machine.NO_MACHINE`.
MACHINES = {"awake": coi.Machine.AWAKE}


class _Bridged:
    """What both problem kinds share: the process, metadata, rendering, constraints over cached evaluations."""

    #: What every Vernier plant offers, for a registry's check before the plant is asked; each instance
    #: replaces it with its plant's own metadata.
    metadata = {"render_modes": ["ansi"], "cern.machine": coi.Machine.NO_MACHINE, "cern.japc": False,
                "cern.cancellable": False}

    def _start(self, plant_id, render_mode, interface, options, options_file, vernier_bin, timeout):
        self.plant_id = plant_id
        self._bridge = ServeProcess(plant_id, options=options, options_file=options_file,
                                    vernier_bin=vernier_bin, timeout=timeout)
        try:
            description = self._bridge.request("describe")
            if interface not in description["interfaces"]:
                raise VernierError(f"{plant_id} is not {'a contextual' if interface == 'contextual' else 'an'} "
                                   f"optimisation problem; it offers {', '.join(description['interfaces'])}",
                                   kind="unsupported")
            plant = description["metadata"]
            self.metadata = {
                "render_modes": list(plant["render_modes"]),
                "cern.machine": MACHINES.get(plant_id.split("/")[0], coi.Machine.NO_MACHINE),
                "cern.japc": False,
                # COI's cancellable means "takes a cancellation_token"; the bridge has none (Vernier's own flag,
                # Swift task cancellation, stays in metadata["vernier"]).
                "cern.cancellable": False,
                "vernier": plant,
            }
            view = description[interface]
            self._constraint_bounds = [(c["name"], c["lower_bound"], c["upper_bound"]) for c in view["constraints"]]
        except BaseException:
            self._bridge.close()
            raise
        self._last = None  # (context, parameters, reply) of the last evaluation
        return view

    def _make_constraints(self, evaluate_last):
        """One ``NonlinearConstraint`` per Vernier constraint, reading the values of the last evaluation at the
        same point (evaluating anew only for a point not just evaluated)."""
        constraints = []
        for index, (_, lower, upper) in enumerate(self._constraint_bounds):
            def value(params, index=index):
                return float(evaluate_last(np.asarray(params, dtype=np.float64))["constraints"][index])
            constraints.append(NonlinearConstraint(value, float(lower), float(upper)))
        return constraints

    def _evaluate(self, params, context):
        values = np.asarray(params, dtype=np.float64).reshape(-1)
        reply = self._bridge.request("evaluate", parameters=values.tolist(), context=context)
        reply["constraints"] = floats(reply["constraints"])
        self._last = (context, values.copy(), reply)
        return reply

    def _cached(self, params, context):
        last = self._last
        if last is not None and last[0] == context and np.array_equal(last[1], params):
            return last[2]
        return self._evaluate(params, context)

    @property
    def last_evaluation(self):
        """The last evaluation's reply: ``objective``, ``constraints`` and ``observables`` (by name)."""
        return None if self._last is None else self._last[2]

    @property
    def process(self):
        """The ``subprocess.Popen`` of the ``vernier serve`` process."""
        return self._bridge.process

    def render(self):
        if self.render_mode is None:
            return None
        return self._bridge.request("render")["text"]

    def close(self):
        bridge = getattr(self, "_bridge", None)
        if bridge is not None:
            bridge.close()


class VernierProblem(_Bridged, coi.SingleOptimizable):
    """A Vernier plant as a ``cernml.coi.SingleOptimizable``: parameters in physical units, objective to
    minimise, constraints as ``scipy.optimize.NonlinearConstraint`` (one per Vernier constraint)."""

    def __init__(self, plant_id, render_mode=None, *, options_file=None, vernier_bin=None,
                 timeout=DEFAULT_TIMEOUT, **options):
        view = self._start(plant_id, render_mode, "optimizable", options, options_file, vernier_bin, timeout)
        coi.SingleOptimizable.__init__(self, render_mode)
        self.optimization_space = to_gymnasium(view["optimization_space"])
        self.param_names = list(view["parameter_names"])
        self.objective_name = view["objective_name"]
        self.constraint_names = [name for name, _, _ in self._constraint_bounds]
        self.constraints = self._make_constraints(lambda params: self._cached(params, None))

    def get_initial_params(self, *, seed=None, options=None):
        super().get_initial_params(seed=seed, options=options)
        return floats(self._bridge.request("initial_parameters", seed=check_seed(seed))["parameters"])

    def compute_single_objective(self, params):
        return float(self._evaluate(params, None)["objective"])


class VernierFunctionProblem(_Bridged, coi.FunctionOptimizable):
    """A Vernier plant with a context as a ``cernml.coi.FunctionOptimizable``.

    COI's ``cycle_time`` is the plant's context value (``jpa/Tuning-v1``: the target frequency in GHz);
    ``override_skeleton_points`` proposes the ends and the middle of the plant's context range.
    """

    def __init__(self, plant_id, render_mode=None, *, options_file=None, vernier_bin=None,
                 timeout=DEFAULT_TIMEOUT, **options):
        view = self._start(plant_id, render_mode, "contextual", options, options_file, vernier_bin, timeout)
        coi.FunctionOptimizable.__init__(self, render_mode)
        self.context_name = view["context_name"]
        self.context_range = tuple(float(value) for value in floats(view["context_range"]))
        self._param_names = list(view["parameter_names"])
        self._objective_name = view["objective_name"]
        self.constraint_names = [name for name, _, _ in self._constraint_bounds]
        self._context = None
        self.constraints = self._make_constraints(lambda params: self._cached(params, self._context))
        self._spaces = {}

    def get_optimization_space(self, cycle_time):
        context = float(cycle_time)
        if context not in self._spaces:
            reply = self._bridge.request("optimization_space", context=context)
            self._spaces[context] = to_gymnasium(reply["space"])
        return self._spaces[context]

    def get_initial_params(self, cycle_time, *, seed=None, options=None):
        super().get_initial_params(cycle_time, seed=seed, options=options)
        self._context = float(cycle_time)
        reply = self._bridge.request("initial_parameters", seed=check_seed(seed), context=self._context)
        return floats(reply["parameters"])

    def compute_function_objective(self, cycle_time, params):
        self._context = float(cycle_time)
        return float(self._evaluate(params, self._context)["objective"])

    def get_objective_function_name(self):
        return self._objective_name

    def get_param_function_names(self):
        return list(self._param_names)

    def override_skeleton_points(self):
        low, high = self.context_range
        return [low, (low + high) / 2, high]


__all__ = ["VernierFunctionProblem", "VernierProblem"]
