"""Function: a graph compiled into a callable, and the errors of compiling
one, where Theano 1.0 has them (`theano.compile.function_module`). The
errors derive from Exception directly, as Theano's do: code that catches
ValueError around `function` must not catch them."""

import time
import warnings
from collections import OrderedDict

import numpy as np

from ..gof.fg import FunctionGraph, MissingInputError, UnusedInputError
from ..graph import Constant, Variable, clone_replace, graph_inputs, toposort
from ..lowering import CompiledFunction
from ..lowering.emit import emit_function
from ..runtime import exported
from ..runtime.calling import CallableFunction
from ..tensor.basic import as_tensor_variable, cast
from .io import In, Out
from .mode import get_mode
from .ops import DeepCopyOp, deep_copy_op  # noqa: F401 (Theano's function_module has them)
from .profiling import ProfileStats, timed
from .sharedvalue import SharedVariable


def _pairs(value, what):
    """Theano's forms of updates and givens as a list of pairs: a dict, a list
    of pairs, or (as the seeds write it) one flat pair."""
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.items())
    value = list(value)
    if len(value) == 2 and isinstance(value[0], Variable) and not isinstance(value[1], (list, tuple)):
        return [tuple(value)]
    pairs = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise TypeError(f"{what} must be pairs (variable, expression), a dict, or one pair; got {item!r}")
        pairs.append(tuple(item))
    return pairs


def _normalize_givens(givens):
    replace = OrderedDict()
    for variable, replacement in _pairs(givens, "givens"):
        if not isinstance(variable, Variable) or isinstance(variable, Constant):
            raise TypeError(f"givens keys must be symbolic variables, got {variable!r}")
        replacement = as_tensor_variable(replacement)
        if replacement.type != variable.type:
            # Beyond Theano: a lossless dtype change is cast, so that a seed's
            # givens=[x, theano.shared(7)] with a float x works.
            if replacement.broadcastable == variable.broadcastable and np.can_cast(
                replacement.dtype, variable.dtype, "safe"
            ):
                replacement = cast(replacement, variable.dtype)
            else:
                raise TypeError(
                    f"Cannot convert Type {replacement.type} (of Variable {replacement}) into Type "
                    f"{variable.type} (of the given variable {variable}). You can try to manually "
                    f"convert {replacement} into a {variable.type}."
                )
        if variable in replace:
            raise ValueError(f"{variable} is given twice in givens")
        replace[variable] = replacement
    return replace


def _normalize_updates(updates):
    checked = []
    for target, expression in _pairs(updates, "updates"):
        if not isinstance(target, SharedVariable):
            raise TypeError(f"update target must be a shared variable, got {target!r}")
        expression = as_tensor_variable(expression)
        if (
            expression.dtype != target.dtype
            or expression.ndim != target.ndim
            or any(b and not e for b, e in zip(target.broadcastable, expression.broadcastable))
        ):
            raise TypeError(
                "An update must have the same type as the original shared variable "
                f"(shared_var={target}, shared_var.type={target.type}, update_val={expression}, "
                f"update_val.type={expression.type})."
            )
        if any(target is t for t, _ in checked):
            raise ValueError(f"this shared variable already has an update expression: {target}")
        checked.append((target, expression))
    return checked


class FunctionMaker:
    """What a Function was made from (Theano's `f.maker`): `inputs` (In
    objects), `outputs` (Out objects), `mode`, and `fgraph`, the graph from
    the inputs and shared variables to the outputs and update expressions
    (the graph as built; the optimized one lives in the compiled module)."""

    def __init__(self, function, specs):
        self.inputs = specs
        self.outputs = [Out(o) for o in function.outputs]
        self.mode = function.mode
        self.fgraph = FunctionGraph(
            function.inputs + function._shared,
            function.outputs + [e for _, e in function.updates],
            clone=False,
        )
        self.fgraph.name = function.name
        self.function_builder = type(function)


class Function(CallableFunction):
    """A compiled Theano function. Call it with one value per input
    (positionally or by input name); it returns numpy arrays. A call with
    every input given positionally runs the kernel straight from C++
    (FunctionBase); others come through `_call_slow` (CallableFunction)."""

    def __init__(
        self,
        inputs,
        outputs,
        name,
        allow_input_downcast,
        on_unused_input,
        updates=None,
        givens=None,
        mode=None,
        profile=False,
    ):
        self.name = name
        self.mode = get_mode(mode)
        self.allow_input_downcast = allow_input_downcast
        if not isinstance(inputs, (list, tuple)):
            raise TypeError(f"inputs of a theano function must be a list, got {type(inputs).__name__}")
        specs = [i if isinstance(i, In) else In(i) for i in inputs]
        for spec in specs:
            if isinstance(spec.variable, Constant):
                raise TypeError("Constants not allowed in param list", spec.variable)
            if not isinstance(spec.variable, Variable):
                raise TypeError(f"inputs must be symbolic variables, got {spec.variable!r}")
        self.inputs = [s.variable for s in specs]
        if len({id(v) for v in self.inputs}) != len(self.inputs):
            raise ValueError("a variable appears more than once in the inputs of a theano function")
        self._input_names = [s.name for s in specs]
        self._input_labels = [str(v) for v in self.inputs]
        self._input_types = [v.type for v in self.inputs]
        self._defaults = [(i, s.value) for i, s in enumerate(specs) if s.has_default]

        self._single = outputs is not None and not isinstance(outputs, (list, tuple))
        outputs = [] if outputs is None else [outputs] if self._single else list(outputs)
        outputs = [o.variable if isinstance(o, Out) else o for o in outputs]
        outputs = [as_tensor_variable(o) for o in outputs]
        update_pairs = _normalize_updates(updates)

        # Givens substitute in outputs and update expressions before compiling.
        replace = _normalize_givens(givens)
        expressions = outputs + [e for _, e in update_pairs]
        if replace:
            expressions = clone_replace(expressions, replace)
        self.outputs = expressions[: len(outputs)]
        update_expressions = expressions[len(outputs) :]
        self.updates = [(t, e) for (t, _), e in zip(update_pairs, update_expressions)]

        roots = graph_inputs(expressions, stop_at=self.inputs)
        self._check_unused_inputs(roots, on_unused_input)
        shared = self._shared_variables(roots, expressions)
        self._shared = shared
        self.profile = None
        if profile:
            self.profile = profile if isinstance(profile, ProfileStats) else ProfileStats(name)
        start = time.perf_counter()
        self._kernel = self._compile()
        self._call = self._kernel.call
        if self.profile is not None:
            self.profile.compile_time += time.perf_counter() - start
            self._call = timed(self.profile, self._call, self._kernel_label)
        self._bind(self._kernel.call if self.profile is None else None)
        self.maker = FunctionMaker(self, specs)

    def _kernel_label(self, args):
        """(which kernel served a call with `args`, seconds the call spent
        compiling it): the general one, or the one specialized for their
        shapes (compiled during the second call with them)."""
        shapes = tuple(tuple(np.shape(a)) for a in args) + tuple(
            tuple(v.container.shape) for v in self._shared
        )
        specialized = dict(self._kernel.call.specializations).get(shapes)
        if not specialized:
            return "general", 0.0
        label = "specialized " + ", ".join("x".join(map(str, s)) or "()" for s in shapes)
        if label in self.profile.kernel_compile_times:
            return label, 0.0
        compiling = self._kernel.compile_times.get(shapes) or 0.0
        self.profile.kernel_compile_times[label] = compiling
        return label, compiling

    def _compile(self, on_stage=None) -> CompiledFunction:
        """Emits the graph as a `theano` module and compiles it; `on_stage`
        sees the module after each stage of lowering."""
        shared = self._shared
        module = emit_function(
            self.inputs + shared, self.outputs + [e for _, e in self.updates], update_count=len(self.updates)
        )
        return CompiledFunction(
            module,
            arg_names=[str(n if n is not None else v) for n, v in zip(self._input_names, self.inputs)],
            convert=self._convert,
            single_result=self._single,
            shared=[v.container for v in shared],
            updates=[
                next(i for i, v in enumerate(shared) if v.container is t.container) for t, _ in self.updates
            ],
            optimizations=self.mode.optimizations,
            opt_level=self.mode.opt_level,
            label=self.name,
            on_stage=on_stage,
        )

    def export(self, path) -> None:
        """Writes this function to `path`: its compiled kernels (the general
        one and those specialized so far), its inputs, and the current values
        of its shared variables. `theano_mlir.runtime.load(path)` runs it
        in a process that has only the runtime, no compiler."""
        kernel = self._kernel
        inputs = [
            dict(name=name, label=label, dtype=t.dtype, broadcastable=list(t.broadcastable))
            for name, label, t in zip(self._input_names, self._input_labels, self._input_types)
        ]
        shared = [dict(name=v.name, dtype=v.dtype, ndim=v.ndim) for v in self._shared]
        exported.write(
            path,
            name=self.name,
            inputs=inputs,
            single_result=self._single,
            allow_input_downcast=self.allow_input_downcast,
            defaults=self._defaults,
            shared=shared,
            shared_values=[v.container.get_value() for v in self._shared],
            kernel=dict(
                kernel.meta,
                args=kernel.arg_specs,
                results=kernel.result_specs,
                updates=kernel.result_updates,
                in_place=kernel.in_place,
            ),
            code=kernel.code,
            specialized=kernel.specialized,
        )

    def lowering_stages(self) -> dict:
        """The IR of this function after each stage of compiling ("optimize":
        the optimized `theano` graph, ..., "to-llvm"), as text. Compiles it
        again, with the same mode, to see them."""
        stages = {}
        self._compile(lambda stage, module: stages.__setitem__(stage, str(module)))
        return stages

    def _check_unused_inputs(self, roots, on_unused_input):
        if on_unused_input == "ignore":
            return
        used = {id(v) for v in roots}
        for index, variable in enumerate(self.inputs):
            if id(variable) in used:
                continue
            message = (
                "theano.function was asked to create a function computing outputs given certain "
                f"inputs, but the provided input variable at index {index} is not part of the "
                f"computational graph needed to compute the outputs: {variable}.\nTo make this "
                "error into a warning, you can pass the parameter on_unused_input='warn' to "
                "theano.function. To disable it completely, use on_unused_input='ignore'."
            )
            if on_unused_input == "raise":
                raise UnusedInputError(message)
            warnings.warn(message, stacklevel=5)

    def _shared_variables(self, roots, expressions):
        """The shared variables read or updated, in order; any other root of
        the expressions is a missing input."""
        given = {id(v) for v in self.inputs}
        shared = []
        for index, variable in enumerate(roots):
            if id(variable) in given:
                continue
            if isinstance(variable, SharedVariable):
                shared.append(variable)
                continue
            user = next(
                (
                    n
                    for n in toposort(expressions, stop_at=self.inputs)
                    if any(i is variable for i in n.inputs)
                ),
                variable,
            )
            raise MissingInputError(
                f"Input {index} of the graph (indices start from 0), used to compute {user}, was "
                f"not provided and not given a value. Use the Theano flag "
                f"exception_verbosity='high', for more information on this error."
            )
        for target, _ in self.updates:
            if all(target is not v for v in shared):
                shared.append(target)
        return shared
