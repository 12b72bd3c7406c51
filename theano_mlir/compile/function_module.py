"""Function: a graph compiled into a callable, and the errors of compiling
one, where Theano 1.0 has them (`theano.compile.function_module`). The
errors derive from Exception directly, as Theano's do: code that catches
ValueError around `function` must not catch them."""

import copy
import time
import warnings
from collections import OrderedDict
from types import SimpleNamespace

import numpy as np

from ..gof.fg import FunctionGraph, MissingInputError, UnusedInputError
from ..gof.link import Container
from ..gof.null_type import NullType
from ..graph import Constant, Variable, clone_replace, graph_inputs, toposort
from ..lowering import CompiledFunction
from ..lowering.emit import emit_function
from ..runtime import exported
from ..runtime.calling import CallableFunction
from ..tensor.basic import as_tensor_variable, cast
from ..tensor.basic import constant as tensor_constant
from .io import In, Out
from .mode import get_mode
from .ops import DeepCopyOp, deep_copy_op  # noqa: F401 (Theano's function_module has them)
from .profiling import ProfileStats, timed
from .rewrites import rewrite_graph
from .sharedvalue import SharedVariable
from .storage import FunctionStorage


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


def _normalize_givens(givens, rebuild_strict=True):
    """`givens` as {variable: replacement}; with rebuild_strict=False a
    replacement may be of another type (the graph is rebuilt on it, Theano's)."""
    replace = OrderedDict()
    for variable, replacement in _pairs(givens, "givens"):
        if not isinstance(variable, Variable) or isinstance(variable, Constant):
            raise TypeError(f"givens keys must be symbolic variables, got {variable!r}")
        replacement = as_tensor_variable(replacement)
        if rebuild_strict and replacement.type != variable.type:
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
        if not isinstance(expression, Variable):
            # A value becomes a constant of the target's type where that
            # keeps it (Theano's filter_variable); otherwise the TypeError.
            data = np.asarray(expression)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    converted = data.astype(target.dtype)
                except (OverflowError, TypeError, ValueError):
                    converted = data  # not representable: the TypeError below
            keeps = converted.dtype == target.dtype and converted.ndim == target.ndim
            if keeps and np.array_equal(converted, data, equal_nan=data.dtype.kind in "fc"):
                expression = tensor_constant(converted)
        if not isinstance(expression, Variable) or expression.type != target.type:
            raise TypeError(
                "An update must have the same type as the original shared variable "
                f"(shared_var={target}, shared_var.type={target.type}, update_val={expression}, "
                f"update_val.type={getattr(expression, 'type', type(expression).__name__)})."
            )
        if any(target is t for t, _ in checked):
            raise ValueError(f"this shared variable already has an update expression: {target}")
        checked.append((target, expression))
    return checked


_DUPLICATE = object()  # a name that several inputs have

#: numpy's NPY_MAXDIMS: the most dimensions an ndarray can have
NUMPY_MAX_DIMS = 64 if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else 32


def _check_ranks(results):
    """A result returned as an ndarray needs a rank numpy has: more
    dimensions is numpy's ValueError (Theano's, raised where numpy makes it)."""
    for variable in results:
        if getattr(variable, "ndim", 0) > NUMPY_MAX_DIMS:
            raise ValueError(
                f"maximum supported dimension for an ndarray is currently {NUMPY_MAX_DIMS}, found "
                f"{variable.ndim} (the result {variable} of a theano function)"
            )


def _rebuild_function(state, profile=None, constants=None):
    """A Function from Function._rebuild_state's arguments (compiled again);
    `constants`: the storage_map whose constants' cells it shares."""
    function = Function(
        state["inputs"],
        state["outputs"],
        state["name"],
        state["allow_input_downcast"],
        "ignore",
        state["updates"],
        None,
        state["mode"],
        profile or False,
        _storage=state["storage"],
        _constants=constants,
    )
    function.trust_input = state.get("trust_input", False)
    return function


class _ValueAttribute:
    def __init__(self, function):
        self._function = function

    def __getitem__(self, item):
        return self._function._lookup(item).value

    def __setitem__(self, item, value):
        self._function[item] = value

    def __contains__(self, item):
        return item in self._function._finder


class _ContainerAttribute:
    def __init__(self, function):
        self._function = function

    def __getitem__(self, item):
        return self._function._finder[item]

    def __contains__(self, item):
        return item in self._function._finder


class FunctionMaker:
    """What a Function was made from (Theano's `f.maker`): `inputs` (In
    objects), `outputs` (Out objects), `mode`, and `fgraph`, the graph from
    the inputs and shared variables to the outputs and update expressions,
    as the mode's graph rewrites left it (rewrites.py): what was emitted
    and compiled (the MLIR passes optimize it further)."""

    def __init__(self, function, specs):
        self.inputs = specs
        self.outputs = [Out(o) for o in function.outputs]
        self.mode = function.mode
        self.fgraph = FunctionGraph(function.inputs + function._shared, function._rewritten, clone=False)
        self.fgraph.name = function.name
        self.function_builder = type(function)
        self._shared = list(function._shared)

    @property
    def expanded_inputs(self):
        """The inputs, then one per shared variable whose `value.data` is
        the variable's value (Theano's: programs reset a generator there)."""
        return list(self.inputs) + [
            SimpleNamespace(variable=v, value=_SharedData(v), update=None, name=v.name) for v in self._shared
        ]


def _host_keys(outputs):
    """The keys of the host functions the graph of `outputs` calls (in
    scan steps too): an export registers them where it is loaded."""
    keys, pending = [], list(outputs)
    while pending:
        nodes, pending = toposort(pending), []
        for node in nodes:
            key = getattr(node.op, "host_key", None)
            if key is not None and key(node) not in keys:
                keys.append(key(node))
            pending.extend(getattr(node.op, "step_outputs", ()))
    return keys


class _SharedData:
    """A shared variable's value as Theano's Container `.data`."""

    def __init__(self, variable):
        self._variable = variable

    @property
    def data(self):
        return self._variable.get_value(borrow=True)

    @data.setter
    def data(self, value):
        self._variable.set_value(value, borrow=True)


def _destroyed_inputs(outputs, inputs):
    """(output index, input index) pairs: the outputs that Theano computes
    into the memory of an explicit input (an op's destroy_map, or an
    Elemwise's inplace_pattern, naming that input)."""
    position = {id(v): i for i, v in enumerate(inputs)}
    pairs = []
    for o, output in enumerate(outputs):
        node = output.owner
        if node is None:
            continue
        op = node.op
        destroy = dict(getattr(op, "destroy_map", None) or {})
        for out, inp in (getattr(op, "inplace_pattern", None) or {}).items():
            destroy.setdefault(out, [inp])
        out_index = node.outputs.index(output)
        for inp in destroy.get(out_index, ()):
            if isinstance(inp, int) and inp < len(node.inputs) and id(node.inputs[inp]) in position:
                pairs.append((o, position[id(node.inputs[inp])]))
    return pairs


def _mutable_inputs_outputs(outputs, inputs, specs, taken):
    """(output index, input index) pairs for In(x, mutable=True): the first
    output of x's type that an elementwise op computes directly from x, for
    each such x (not already destroyed), as Theano's inplace elementwise
    optimization picks the memory it overwrites."""
    used_inputs = {i for _, i in taken}
    used_outputs = {o for o, _ in taken}
    position = {id(v): i for i, v in enumerate(inputs)}
    pairs = []
    for o, output in enumerate(outputs):
        node = output.owner
        if o in used_outputs or node is None or type(node.op).__name__ != "Elemwise":
            continue
        for variable in node.inputs:
            i = position.get(id(variable))
            if i is None or i in used_inputs or not specs[i].mutable or variable.type != output.type:
                continue
            pairs.append((o, i))
            used_inputs.add(i)
            break
    return pairs


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
        _storage=None,
        rebuild_strict=True,
        _constants=None,
    ):
        #: Theano's flag: True tells the function that every input is already
        #: an ndarray of its input's type; it then converts nothing (a value
        #: of another kind is a ValueError).
        self.trust_input = False
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
            if isinstance(spec.variable, SharedVariable):
                raise TypeError(
                    f"Cannot use a shared variable ({spec.variable}) as explicit input. Consider "
                    "substituting a non-shared variable via the `givens` parameter"
                )
            if isinstance(spec.value, SharedVariable):
                raise NotImplementedError(
                    "In(..., value=<shared variable>) is not supported; use the shared variable itself"
                )
        self._specs = specs
        self.inputs = [s.variable for s in specs]
        if len({id(v) for v in self.inputs}) != len(self.inputs):
            raise ValueError("a variable appears more than once in the inputs of a theano function")
        self._input_names = [s.name for s in specs]
        self._input_labels = [str(v) for v in self.inputs]
        self._input_types = [v.type for v in self.inputs]
        self._defaults = [(i, s.value) for i, s in enumerate(specs) if s.has_default]

        # A dict of outputs: the function returns a dict (Theano's
        # output_keys, the keys sorted).
        self._output_keys = None
        if isinstance(outputs, dict):
            items = sorted(outputs.items(), key=lambda item: item[0])
            self._output_keys = [k for k, _ in items]
            outputs = [v for _, v in items]
        self._single = outputs is not None and not isinstance(outputs, (list, tuple))
        outputs = [] if outputs is None else [outputs] if self._single else list(outputs)
        self._given_outputs = list(outputs)
        outputs = [o.variable if isinstance(o, Out) else o for o in outputs]
        outputs = [as_tensor_variable(o) for o in outputs]
        update_pairs = _normalize_updates(updates)
        # In(x, update=e): the value of e after each call becomes x's state,
        # computed as extra results of the kernel.
        self._input_updates = [i for i, s in enumerate(specs) if s.update is not None]
        state_results = [as_tensor_variable(specs[i].update) for i in self._input_updates]

        # Givens substitute in outputs and update expressions before compiling.
        replace = _normalize_givens(givens, rebuild_strict)
        expressions = outputs + state_results + [e for _, e in update_pairs]
        if replace:
            expressions = clone_replace(expressions, replace)
        self.outputs = expressions[: len(outputs)]
        self._state_results = expressions[len(outputs) : len(outputs) + len(state_results)]
        update_expressions = expressions[len(outputs) + len(state_results) :]
        self.updates = [(t, e) for (t, _), e in zip(update_pairs, update_expressions)]

        _check_ranks(expressions)
        roots = graph_inputs(expressions, stop_at=self.inputs)
        self._check_unused_inputs(roots, on_unused_input)
        shared = self._shared_variables(roots, expressions)
        self._shared = shared
        self.profile = None
        if profile:
            self.profile = profile if isinstance(profile, ProfileStats) else ProfileStats(name)
        start = time.perf_counter()
        # The graph compiled: outputs, then In(update=...) results, then
        # update expressions, as the mode's graph rewrites leave them.
        self._rewritten = rewrite_graph(
            self.inputs + shared, self.outputs + self._state_results + update_expressions, self.mode.rewrites
        )
        self._kernel = self._compile()
        self._call = self._kernel.call
        if self.profile is not None:
            self.profile.compile_time += time.perf_counter() - start
            self._call = timed(self.profile, self._call, self._kernel_label)
        self._init_storage(specs, _storage)
        # Theano's flag: whether a call copies inputs that alias each other,
        # needed where an input may be written in place (borrow, mutable).
        self._check_for_aliased_inputs = any(
            not s.shared and (getattr(s, "borrow", False) or getattr(s, "mutable", False)) for s in specs
        )
        # A call with every input given positionally runs from C++, unless
        # inputs carry state (an update, a container shared with another
        # function): such calls go through the containers (_call_slow).
        stateful = self._input_updates or any(isinstance(s.value, Container) for s in specs)
        # Outputs of an inplace op (Theano's destroy_map / inplace_pattern)
        # computed into an explicit input's memory: such calls go through
        # _call_slow too, which writes the result into the caller's array.
        # A mutable input (In(x, mutable=True)) is memory the function may
        # compute into: as Theano's inplace elementwise ops, each output
        # computed elementwise from it (of its type) is written into it.
        self._destroyed = _destroyed_inputs(self.outputs, self.inputs)
        self._destroyed += _mutable_inputs_outputs(self.outputs, self.inputs, specs, self._destroyed)
        # A borrowed output that is a constant is the constant's own array
        # (Theano's: a borrowed output may be the function's memory).
        self._borrowed_constants = [
            (index, output.data)
            for index, (output, given) in enumerate(zip(self.outputs, self._given_outputs))
            if isinstance(given, Out) and given.borrow and isinstance(output, Constant)
        ]
        stateful = stateful or bool(self._destroyed) or bool(self._borrowed_constants)
        self._fast_call = self._kernel.call if self.profile is None and not stateful else None
        self.maker = FunctionMaker(self, specs)
        #: Theano's `fn`: the storage cells of the graph (storage_map), allow_gc
        self.fn = FunctionStorage(self.maker.fgraph, self.input_storage, _constants)
        self.fn._on_change = self._rebind
        self._rebind()

    def _rebind(self):
        """Binds the C++ call path: the kernel itself, or _call_slow where a
        call has more to do (dict outputs, state, outputs to keep in fn)."""
        direct = self._output_keys is None and self.fn.allow_gc
        self._bind(self._fast_call if direct else None)

    def _init_storage(self, specs, storage=None):
        """Theano's per-input storage: `input_storage` (a Container per
        input; an In whose value is a Container shares it), `defaults`
        ((required, refeed, value) per input), and the finder behind
        `f[x]`, `f.value[x]`, `f.container[x]` (by index, variable or name).
        `storage` ((containers, defaults)) gives them ready-made (a copy or
        an unpickled function)."""
        self.input_storage, self.defaults, self._finder = [], [], {}
        for index, spec in enumerate(specs):
            if storage is not None:
                self._add_input(index, spec, storage[0][index], *storage[1][index])
                continue
            if isinstance(spec.value, Container):
                container = spec.value
            else:
                container = Container(spec.variable, [None], name=spec.name)
            container.strict = spec.strict
            container.allow_downcast = self._downcast(spec)
            required = spec.value is None
            refeed = spec.value is not None and not isinstance(spec.value, Container) and spec.update is None
            default = None
            if spec.value is not None and not isinstance(spec.value, Container):
                container.value = spec.value
                default = container.storage[0] if refeed else None
            self._add_input(index, spec, container, required, refeed, default)
        self._inv_finder = {id(c): s for c, s in zip(self.input_storage, specs)}

    def _add_input(self, index, spec, container, required, refeed, default):
        """Registers input `index`'s container: its flags, its default, and
        where Function.__getitem__ finds it (index, variable, name)."""
        container.required, container.implicit, container.provided = required, spec.implicit, 0
        self.input_storage.append(container)
        self.defaults.append((required, refeed, default))
        self._finder[index] = container
        self._finder[spec.variable] = container
        self._finder[spec.name] = _DUPLICATE if spec.name in self._finder else container

    def _downcast(self, spec):
        # An In built by the user keeps its own allow_downcast; Theano's
        # pfunc gives plain variables the function's allow_input_downcast.
        return spec.allow_downcast if spec.allow_downcast is not None else self.allow_input_downcast

    def _convert(self, index, value):
        spec = self._specs[index]
        if self.trust_input:
            return self._trusted(index, value)
        try:
            return self._input_types[index].filter(
                value, strict=spec.strict, allow_downcast=self._downcast(spec)
            )
        except (TypeError, ValueError) as error:  # Theano's message, the error's type
            raise type(error)(
                f'Bad input argument with name "{self._input_labels[index]}" to theano function with '
                f'name "{self.name}" at index {index} (0-based). {error}'
            ) from None

    def _trusted(self, index, value):
        """An input given with trust_input: an ndarray of the input's dtype
        and rank, used as it is (a copy only to make it C-contiguous)."""
        expected = self._input_types[index]
        if (
            not isinstance(value, np.ndarray)
            or value.dtype != expected.dtype
            or value.ndim != len(expected.broadcastable)
        ):
            raise ValueError(
                f'Input "{self._input_labels[index]}" at index {index} of theano function "{self.name}" '
                f"is {type(value).__name__}{' of dtype ' + str(value.dtype) if hasattr(value, 'dtype') else ''}, "
                f"not an ndarray of type {expected}: with trust_input=True, the function converts "
                "no input."
            )
        return np.require(value, requirements=["C"])

    @property
    def indices(self):
        """Theano's (input, indices, [inputs]) per input: (its In, None, [its In])."""
        return [(spec, None, [spec]) for spec in self._specs]

    def _lookup(self, item):
        try:
            found = self._finder[item]
        except (KeyError, TypeError):
            names = [s.name for s in self._specs if s.name is not None]
            raise TypeError(
                f"Unknown input or state: {item}. The function has {len(names)} named inputs "
                f"({', '.join(map(str, names))}), and {len(self._specs) - len(names)} unnamed inputs."
            ) from None
        if found is _DUPLICATE:
            raise TypeError(
                f"Ambiguous name: {item} - please check the names of the inputs of your function "
                "for duplicates."
            )
        return found

    @property
    def value(self):
        """`f.value[x]`: the value held for input `x` (an index, the
        variable or its name); `f.value[x] = v` sets it."""
        return _ValueAttribute(self)

    @property
    def container(self):
        """`f.container[x]`: the Container of input `x`, which `In(y,
        value=f.container[x])` shares with another function."""
        return _ContainerAttribute(self)

    def __contains__(self, item):
        return item in self._finder

    def __getitem__(self, item):
        return self._lookup(item).value

    def __setitem__(self, item, value):
        container = self._lookup(item)
        container.value = value
        container.provided += 1

    def _restore_defaults(self):
        for container, (required, refeed, default) in zip(self.input_storage, self.defaults):
            if refeed:
                container.storage[0] = default

    def _call_slow(self, *args, **kwargs):
        """A call through the input containers (Theano's Function.__call__):
        positional values, then keywords, each filtered into its container;
        checks of missing, repeated and implicit inputs; then the kernel,
        the inputs' updates written to their containers, defaults restored."""
        storage = self.input_storage
        for container in storage:
            container.provided = 0
        if len(args) + len(kwargs) > len(storage):
            raise TypeError("Too many parameter passed to theano function")
        try:
            for index, arg in enumerate(args):
                storage[index].storage[0] = None if arg is None else self._convert(index, arg)
                storage[index].provided += 1
            for key, arg in kwargs.items():
                self[key] = arg
            for container in storage:
                variable = self._inv_finder[id(container)].variable
                if container.required and not container.provided:
                    raise TypeError(f"Missing required input: {variable}")
                if container.provided > 1:
                    raise TypeError(f"Multiple values for input: {variable}")
                if container.implicit and container.provided > 0:
                    raise TypeError(f"Tried to provide value for implicit input: {variable}")
            values = [c.storage[0] for c in storage]
            results = self._call(*values)
        except Exception:
            self._restore_defaults()
            raise
        if self._destroyed:
            self._write_destroyed(values, results)
        for container in storage:
            if container.required:
                container.storage[0] = None
        state = []
        if self._input_updates:
            results = list(results)
            state = results[len(results) - len(self._input_updates) :]
            del results[len(results) - len(self._input_updates) :]
            for index, value in zip(self._input_updates, state):
                storage[index].storage[0] = value
            if self._single:
                results = results[0]
        if self._borrowed_constants:
            results = [results] if self._single else list(results)
            for index, data in self._borrowed_constants:
                results[index] = data
            if self._single:
                results = results[0]
        if not self.fn.allow_gc:
            outputs = [results] if self._single else list(results)
            updated = [t.container.get_value(True) for t, _ in self.updates]
            self.fn.keep(outputs + list(state) + updated)
        self._restore_defaults()
        if self._output_keys is not None:
            return dict(zip(self._output_keys, results))
        return results

    def free(self):
        """Drops the values kept from the last call (with fn.allow_gc False:
        the outputs' cells of fn.storage_map), Theano's Function.free."""
        self.fn.free()

    def get_shared(self):
        """The shared variables this function reads or updates (Theano's)."""
        return list(self._shared)

    def _write_destroyed(self, values, results):
        """Theano's inplace ops overwrite the input they destroy: where the
        caller passed a writable ndarray that the call used as it was (the
        dtype and shape of the result), the result is copied into it."""
        outputs = [results] if self._single else results
        for output, index in self._destroyed:
            value, result = values[index], outputs[output]
            if (
                self.input_storage[index].provided
                and isinstance(value, np.ndarray)
                and isinstance(result, np.ndarray)
                and value.flags.writeable
                and value.dtype == result.dtype
                and value.shape == result.shape
                and value is not result
            ):
                np.copyto(value, result)

    def _rebuild_state(
        self, specs=None, storage=None, swap=None, delete_updates=False, name=None, as_list=False
    ):
        """The arguments that build this function again: its inputs (In,
        their updates after givens), outputs (a list with `as_list`, as
        Theano's copies return them), updates, mode, trust_input, and its
        input containers and defaults; `swap` replaces shared variables."""
        state_results, updates = self._state_results, self.updates
        outputs = self.outputs
        if delete_updates:
            state_results, updates = [], []
        if swap:
            expressions = clone_replace(outputs + state_results + [e for _, e in updates], dict(swap))
            outputs = expressions[: len(outputs)]
            state_results = expressions[len(outputs) : len(outputs) + len(state_results)]
            updates = [
                (swap.get(t, t), e)
                for (t, _), e in zip(updates, expressions[len(outputs) + len(state_results) :])
            ]
        state = iter(state_results)
        new_specs = []
        for index, spec in enumerate(specs or self._specs):
            clone = copy.copy(spec)
            clone.update = next(state) if spec.update is not None and not delete_updates else None
            new_specs.append(clone)
        outputs = [
            Out(o, borrow=True) if isinstance(given, Out) and given.borrow else o
            for o, given in zip(outputs, self._given_outputs)
        ]
        if as_list:
            pass
        elif self._output_keys is not None:
            outputs = dict(zip(self._output_keys, outputs))
        elif self._single:
            outputs = outputs[0]
        return dict(
            inputs=new_specs,
            outputs=outputs,
            name=self.name if name is None else name,
            allow_input_downcast=self.allow_input_downcast,
            updates=updates,
            mode=self.mode,
            storage=storage if storage is not None else (self.input_storage, self.defaults),
            trust_input=self.trust_input,
        )

    def copy(self, share_memory=False, swap=None, delete_updates=False, name=None, profile=None):
        """Another function computing the same (Theano's Function.copy),
        compiled again: its inputs get their own containers holding the
        current values (a copy for a mutable input; a container shared
        with another function stays shared); `swap` ({shared: shared})
        replaces shared variables in the copy only; `delete_updates` drops
        every update. As Theano's copy, it returns its outputs as a list
        and is named "<name> copy". With `share_memory`, the copy shares
        the cells of the graph's constants (fn.storage_map; a kernel keeps
        its other intermediate values to itself)."""
        containers, defaults = [], []
        for spec, container, default in zip(self._specs, self.input_storage, self.defaults):
            if isinstance(spec.value, Container):
                containers.append(container)
            else:
                value = container.storage[0]
                value = copy.deepcopy(value) if spec.mutable else value
                twin = Container(spec.variable, [value], strict=container.strict, name=container.name)
                twin.allow_downcast = container.allow_downcast
                containers.append(twin)
            defaults.append(default)
        if not name and self.name:
            name = self.name + " copy"
        state = self._rebuild_state(
            storage=(containers, defaults), swap=swap, delete_updates=delete_updates, name=name, as_list=True
        )
        return _rebuild_function(
            state, profile=profile, constants=self.fn.storage_map if share_memory else None
        )

    def __copy__(self):
        return self.copy()

    def __reduce__(self):
        # Pickled (and deep-copied) as what builds it: the graph, the input
        # containers (so that functions sharing one still share its copy).
        return _rebuild_function, (self._rebuild_state(),)

    def specialize(self, *inputs, wait=False) -> None:
        """Asks now for the kernel specialized for the shapes of `inputs`
        (values of the inputs, in order; defaults fill the ones left out)
        and of the shared variables' current values, instead of at the
        second call with those shapes: it compiles in the background (or
        here, with config.background_compile off); with `wait`, this returns
        once it serves calls. theano_mlir's own: Theano compiled for no
        shapes."""
        if len(inputs) > len(self.input_storage):
            raise TypeError("Too many parameter passed to theano function")
        shapes = []
        for index, container in enumerate(self.input_storage):
            value = inputs[index] if index < len(inputs) else container.storage[0]
            if value is None:
                raise TypeError(f"Missing required input: {self._inv_finder[id(container)].variable}")
            shapes.append(np.shape(self._convert(index, value)))
        self._kernel.specialize(shapes + [v.container.shape for v in self._shared])
        if wait:
            self.wait_for_kernels()

    def wait_for_kernels(self, timeout=None) -> bool:
        """Waits until the kernels this function compiles in the background
        serve its calls (or failed to compile); False if `timeout` seconds
        passed first. theano_mlir's own."""
        return self._kernel.wait_for_kernels(timeout)

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
        module = emit_function(self.inputs + shared, self._rewritten, update_count=len(self.updates))
        return CompiledFunction(
            module,
            arg_names=[str(n if n is not None else v) for n, v in zip(self._input_names, self.inputs)],
            convert=self._convert,
            single_result=self._single and not self._state_results,
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
        if self._input_updates or any(isinstance(s.value, Container) for s in self._specs):
            raise NotImplementedError("export: a function whose inputs keep state (In(..., update=...))")
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
            host_functions=_host_keys(self._rewritten),
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
            if isinstance(variable.type, NullType):  # grad_undefined, grad_not_implemented
                raise TypeError("Computation graph contains a NaN. " + variable.type.why_null)
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
