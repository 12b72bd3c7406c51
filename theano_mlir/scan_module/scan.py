"""Theano's scan: `fn` applied over sequences for `n_steps` steps, carrying
states, as one `theano.scan` op whose body is `fn`'s graph (an scf.for in
the kernel: no Python per step).

Taps become plain steps here: a sequence read at several taps is one
sequence per tap, each sliced so that step t reads its element t; a state
read at taps -1 .. -k is k states, each step passing its values down by
one. Shared variables `fn` updates are states too; the updates returned
give their final values. Gradients (backpropagation through time) are the
dialect's, so `truncate_gradient` travels with the op.
"""

from collections import OrderedDict
from types import SimpleNamespace

import numpy as np

from ..dtypes import INTEGERS
from ..gof.fg import FunctionGraph, MissingInputError
from ..graph import Apply, Constant, Op, Variable, graph_inputs, toposort
from ..graph.basic import clone_replace
from ..tensor.basic import Shape_i, alloc, cast, patternbroadcast, shape_padleft, unbroadcast
from ..tensor.elemwise import Elemwise, minimum
from ..tensor.conversion import as_tensor_variable
from ..tensor.differentiation import NullTypeGradError
from ..tensor.sharedvar import TensorSharedVariable
from ..tensor.type import TensorType

__all__ = ["Scan", "foldl", "foldr", "map", "reduce", "scan", "until"]


class until:
    """Theano's scan_module.until(condition): returned by fn (last), it
    stops the loop after the first step where the condition holds; the
    outputs then have the steps that ran (n_steps is the most)."""

    def __init__(self, condition):
        self.condition = as_tensor_variable(condition)
        if self.condition.ndim != 0:
            raise TypeError(f"until: the condition must be a scalar, got {self.condition.type}")


class Scan(Op):
    """Scan(step_inputs, step_outputs, outer, n_seqs, n_states, reverse,
    truncate_gradient)(n_steps, *sequences, *inits, *outer): the stacked
    values of each state, then of each other output of the step graph
    (which reads the variables `outer` from outside: the node's last
    inputs), then each state's value after the last step. With `until`, the
    step graph's last output is the condition to stop."""

    def __init__(
        self,
        step_inputs,
        step_outputs,
        outer,
        n_seqs,
        n_states,
        reverse=False,
        truncate_gradient=-1,
        name=None,
        until=False,
        broadcast_mismatch=None,
        steps_from_sequences=False,
    ):
        self.step_inputs = list(step_inputs)
        self.step_outputs = list(step_outputs)
        self.until = until
        #: the TypeError Theano's gradient of this scan raises (a state whose
        #: step output's broadcast pattern differs from its initial value's)
        self.broadcast_mismatch = broadcast_mismatch
        #: whether n_steps is what the sequences give (not checked by the loop)
        self.steps_from_sequences = steps_from_sequences
        self.outer = list(outer)
        self.n_seqs, self.n_states = n_seqs, n_states
        self.reverse = reverse
        self.truncate_gradient = int(truncate_gradient)
        self.name = name

    #: scan writes no input in place (the lowering's loop owns its buffers)
    destroy_map = {}
    view_map = {}

    def grad_refusal(self, node):
        if self.broadcast_mismatch is not None:
            return self.broadcast_mismatch
        # a draw whose parameters the step computes: Theano's random ops
        # have undefined gradients (in a nested scan too)
        for inner in toposort(self.step_outputs, stop_at=self.step_inputs + self.outer):
            sources = self.step_inputs + self.outer
            if getattr(inner.op, "draws_random_numbers", False) and any(
                id(v) in _depends_on([v], sources) for v in inner.inputs[2:]
            ):
                return NullTypeGradError(
                    f"grad encountered a NaN. This variable is Null because the grad method of {inner.op} "
                    f"(in scan {self.name or ''}) is not defined through random sampling"
                )
            if isinstance(inner.op, Scan):
                refusal = inner.op.grad_refusal(inner)
                if refusal is not None:
                    return refusal
        return None

    def _with(self, step_outputs=None, outer=None):
        """This scan with other step outputs or values from outside."""
        return Scan(
            self.step_inputs,
            self.step_outputs if step_outputs is None else step_outputs,
            self.outer if outer is None else outer,
            self.n_seqs,
            self.n_states,
            self.reverse,
            self.truncate_gradient,
            self.name,
            self.until,
            self.broadcast_mismatch,
            self.steps_from_sequences,
        )

    def without_unread_outer(self):
        """This op without the values from outside that the step does not
        read (and the indices of those it keeps), or None if it reads all."""
        read = {id(v) for v in graph_inputs(self.step_outputs, stop_at=self.step_inputs + self.outer)}
        kept = [k for k, v in enumerate(self.outer) if id(v) in read]
        if len(kept) == len(self.outer):
            return None
        return self._with(outer=[self.outer[k] for k in kept]), kept

    def pushed_out(self, node):
        """Theano's scan pushout: replacements of `node`'s outputs where some
        output that is not a state needs no loop (computed outside it, for
        every step at once), or None. Only where n_steps is what the
        sequences give (a given one is checked by the loop) and the loop
        runs every step (no until)."""
        if self.until or not self.steps_from_sequences:
            return None
        n_steps = node.inputs[0]
        sequences = node.inputs[1 : 1 + self.n_seqs]
        first = 1 + self.n_seqs + self.n_states
        values = {id(v): value for v, value in zip(self.outer, node.inputs[first:])}
        seq_args = self.step_inputs[: self.n_seqs]
        state_args = self.step_inputs[self.n_seqs :]
        outside = {}
        for k in range(self.n_states, len(self.step_outputs)):
            whole = _outside_the_loop(self.step_outputs[k], seq_args, sequences, state_args, n_steps, values)
            if whole is not None:
                outside[k] = whole
        if not outside:
            return None
        kept = [k for k in range(len(self.step_outputs)) if k not in outside]
        looped = []
        if kept:
            looped = (
                self._with(step_outputs=[self.step_outputs[k] for k in kept]).make_node(*node.inputs).outputs
            )
        stacked = iter(looped[: len(kept)])
        replacements = [outside[k] if k in outside else next(stacked) for k in range(len(self.step_outputs))]
        return replacements + list(looped[len(kept) :])

    # Theano's view of the step graph, which its tests and tools inspect.
    @property
    def inputs(self):
        """The step graph's inputs: each sequence's element, each state's
        previous value, then the values read from outside (the node's last
        inputs, as they are)."""
        return self.step_inputs + self.outer

    @property
    def outputs(self):
        return list(self.step_outputs)

    @property
    def fn(self):
        """The step as Theano's compiled inner function shows it:
        `fn.maker.fgraph` is the step graph (a FunctionGraph)."""
        graph = FunctionGraph(self.inputs, self.outputs, clone=False)
        return SimpleNamespace(maker=SimpleNamespace(fgraph=graph))

    @property
    def info(self):
        n_outputs = len(self.step_outputs) - (1 if self.until else 0)
        return {
            "n_seqs": self.n_seqs,
            "n_mit_mot": 0,
            "n_mit_mot_outs": 0,
            "mit_mot_out_slices": [],
            "n_mit_sot": 0,
            "n_sit_sot": self.n_states,
            "n_nit_sot": n_outputs - self.n_states,
            "n_shared_outs": 0,
            "tap_array": [[-1]] * self.n_states,
            "truncate_gradient": self.truncate_gradient,
            "name": self.name,
            "mode": None,
            "destroy_map": {},
            "gpua": False,
            "as_while": self.until,
            "profile": False,
            "allow_gc": True,
            "strict": False,
        }

    def inner_seqs(self, inputs):
        return list(inputs[: self.n_seqs])

    def inner_sitsot(self, inputs):
        return list(inputs[self.n_seqs : self.n_seqs + self.n_states])

    def inner_non_seqs(self, inputs):
        return list(inputs[self.n_seqs + self.n_states :])

    def outer_seqs(self, node):
        return list(node.inputs[1 : 1 + self.n_seqs])

    def outer_sitsot(self, node):
        return list(node.inputs[1 + self.n_seqs : 1 + self.n_seqs + self.n_states])

    def outer_non_seqs(self, node):
        return list(node.inputs[1 + self.n_seqs + self.n_states :])

    def connection_pattern(self, node):
        """For each input of the node, whether each output depends on it
        (through the steps: a state's initial value reaches what reads the
        state)."""
        n_out = len(node.outputs)
        stepped = len(self.step_outputs) - (1 if self.until else 0)
        # which step inputs/outer values each step output reads, closed
        # over the states (a new state feeds the next step)
        reads = [_reads(v, self.inputs) for v in self.step_outputs[:stepped]]
        state_of_input = {self.n_seqs + j: j for j in range(self.n_states)}
        changed = True
        while changed:
            changed = False
            for k in range(stepped):
                for i in list(reads[k]):
                    j = state_of_input.get(i)
                    if j is not None and not reads[j] <= reads[k]:
                        reads[k] |= reads[j]
                        changed = True
        pattern = [[True] * n_out]  # n_steps
        for i in range(len(self.inputs)):
            row = [i in reads[k] for k in range(stepped)]
            # the final values: what the states reach
            row += [i in reads[j] for j in range(self.n_states)]
            # an initial value is its state's final value after no step
            if i in state_of_input:
                row[stepped + state_of_input[i]] = True
            pattern.append(row)
        return pattern

    def infer_shape(self, node, input_shapes):
        """Each stacked output: n_steps by the step value's shape, inferred
        through the step graph from the sequences' element shapes, the
        initial values' and the outer values'; a state's final value has its
        initial value's shape. NotImplementedError where a step shape
        depends on the step, or the steps run on a condition (until)."""
        if self.until:  # the steps run are known when it has run
            raise NotImplementedError("scan: the number of steps of a scan with until")
        n_steps, rest = node.inputs[0], input_shapes[1:]
        seq_shapes = rest[: self.n_seqs]
        known = {id(arg): tuple(shape[1:]) for arg, shape in zip(self.step_inputs, seq_shapes)}
        for arg, shape in zip(
            self.step_inputs[self.n_seqs :], rest[self.n_seqs : self.n_seqs + self.n_states]
        ):
            known[id(arg)] = tuple(shape)
        for variable, shape in zip(self.outer, rest[self.n_seqs + self.n_states :]):
            known[id(variable)] = tuple(shape) if shape is not None else None
        inner = {id(v) for v in self.step_inputs}
        step_shapes = [_inner_shape(v, known, inner) for v in self.step_outputs]
        stepped = len(self.step_outputs) - (1 if self.until else 0)
        shapes = []
        for k, (output, shape) in enumerate(zip(node.outputs[:stepped], step_shapes)):
            if shape is None:
                raise NotImplementedError(f"scan: the shape of output {k} depends on the step")
            shapes.append((n_steps, *shape))
        shapes.extend(tuple(s) for s in rest[self.n_seqs : self.n_seqs + self.n_states])
        return shapes

    def __str__(self):
        return f"forall_inplace,cpu,{self.name}" if self.name else "for{cpu,scan_fn}"

    def make_node(self, n_steps, *inputs):
        n_steps = cast(as_tensor_variable(n_steps), "int64")
        if n_steps.ndim != 0:
            raise TypeError(f"scan: n_steps must be a scalar, got {n_steps.type}")
        inputs = [as_tensor_variable(v) for v in inputs]
        stepped = self.step_outputs[:-1] if self.until else self.step_outputs
        stacked = [TensorType(v.dtype, (False,) + tuple(v.broadcastable))() for v in stepped]
        finals = [v.type() for v in self.step_inputs[self.n_seqs :]]
        return Apply(self, [n_steps, *inputs], stacked + finals)

    def emit(self, emitter, node, operands):
        n_steps, rest = operands[0], operands[1:]
        variables = node.inputs[1:]
        seqs = list(zip(rest[: self.n_seqs], variables[: self.n_seqs]))
        inits = list(zip(rest[self.n_seqs : self.n_seqs + self.n_states], self.step_inputs[self.n_seqs :]))
        outer = list(zip(self.outer, rest[self.n_seqs + self.n_states :]))
        return emitter.loop(
            n_steps,
            seqs,
            inits,
            self.step_inputs,
            self.step_outputs,
            outer,
            node.outputs,
            self.reverse,
            self.truncate_gradient,
            self.until,
        )


def _inner_shape(variable, known, inner):
    """`variable`'s shape (a tuple of int64 scalars computable outside the
    step) from `known` shapes (by id), through its ops' infer_shape; None
    where it depends on the step's inputs or cannot be told."""
    if id(variable) in known:
        return known[id(variable)]
    if isinstance(variable, Constant):
        return tuple(as_tensor_variable(np.int64(n)) for n in np.shape(variable.data))
    node = variable.owner
    infer = getattr(node.op, "infer_shape", None) if node is not None else None
    shape = None
    if infer is not None:
        input_shapes = [
            _inner_shape(v, known, inner) if isinstance(v.type, TensorType) else None for v in node.inputs
        ]
        if all(s is not None for s, v in zip(input_shapes, node.inputs) if isinstance(v.type, TensorType)):
            try:
                shapes = infer(node, input_shapes)
                shape = tuple(shapes[node.outputs.index(variable)])
            except Exception:  # an op that cannot tell (Theano's ShapeError)
                shape = None
    if shape is not None:
        sizes = [as_tensor_variable(s) for s in shape]
        if any(id(v) in inner for v in graph_inputs(sizes)):
            shape = None
        else:
            shape = tuple(sizes)
    known[id(variable)] = shape
    return shape


def _outside_the_loop(out, seq_args, scan_seqs, state_args, n_steps, values):
    """The stacked values of `out`, a step output that is not a state,
    computed for every step at once outside the loop, or None: a value no
    step input reaches repeats n_steps times; elementwise ops of the
    sequences' elements (and of values from outside, whose variables are
    `values`' keys) apply to the whole sequences, element t of each being
    its step t's."""
    step_inputs = list(seq_args) + list(state_args)
    dependent = _depends_on([out], step_inputs)
    if id(out) not in dependent:
        value = values.get(id(out), out)
        if not isinstance(value, Constant) and id(out) not in values:
            return None  # computed in the step from constants only
        return unbroadcast(alloc(value, n_steps, *[value.shape[d] for d in range(value.ndim)]), 0)
    if id(out) in _depends_on([out], state_args):
        return None
    replace = {}
    for node in toposort([out], stop_at=step_inputs):
        if not any(id(o) in dependent for o in node.outputs):
            continue
        if not isinstance(node.op, Elemwise):
            return None
        for v in node.inputs:
            if id(v) not in dependent:
                if not isinstance(v, Constant) and id(v) not in values:
                    return None
                replace[v] = shape_padleft(values.get(id(v), v))
    for arg, seq in zip(seq_args, scan_seqs):
        replace[arg] = seq[:n_steps]
    whole = clone_replace([out], replace)[0]
    return patternbroadcast(whole, (False,) + tuple(out.broadcastable))


def _reads(output, inputs):
    """The indices of `inputs` that `output`'s graph reads."""
    roots = {id(v) for v in graph_inputs([output], stop_at=inputs)}
    return {i for i, v in enumerate(inputs) if id(v) in roots}


def _depends_on(variables, sources):
    """The ids of the variables among the graph of `variables` that depend
    on one of `sources`."""
    source_ids = {id(v) for v in sources}
    dependent = set(source_ids)
    for node in toposort(variables, stop_at=sources):
        if any(id(v) in dependent for v in node.inputs):
            dependent.update(id(o) for o in node.outputs)
    return dependent


def _outer_variables(step_outputs, step_inputs):
    """The variables the step graph reads from outside: each input of a node
    that depends on the step's inputs, or an output, that does not itself
    depend on them (non_sequences, shared variables, loop-invariant values,
    computed once outside the loop); constants stay inside."""
    dependent = _depends_on(step_outputs, step_inputs)
    outer, seen = [], set()
    candidates = [v for v in step_outputs if id(v) not in dependent]
    for node in toposort(step_outputs, stop_at=step_inputs):
        if any(id(o) in dependent for o in node.outputs):
            candidates.extend(v for v in node.inputs if id(v) not in dependent)
    for v in candidates:
        if isinstance(v, Constant) or id(v) in seen:
            continue
        seen.add(id(v))
        outer.append(v)
    return outer


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _split_result(result):
    """fn's return value as (outputs, updates, condition), the forms
    Theano's scan_utils.get_updates_and_outputs accepts."""

    def is_outputs(x):
        return isinstance(x, Variable) or (
            isinstance(x, (list, tuple)) and all(isinstance(v, Variable) for v in x)
        )

    def is_updates(x):
        return isinstance(x, dict) or (
            isinstance(x, (list, tuple)) and all(isinstance(v, (list, tuple)) and len(v) == 2 for v in x)
        )

    if isinstance(result, until):
        return [], OrderedDict(), result.condition
    if is_outputs(result):
        return _as_list(result), OrderedDict(), None
    if is_updates(result):
        return [], OrderedDict(result), None
    error = f"Scan cannot parse the return value of your lambda expression, which is: {result}"
    if not isinstance(result, (list, tuple)) or len(result) not in (2, 3):
        raise ValueError(error)
    parts = list(result)
    if len(parts) == 3:
        if is_outputs(parts[0]) and is_updates(parts[1]) and isinstance(parts[2], until):
            return _as_list(parts[0]), OrderedDict(parts[1]), parts[2].condition
        raise ValueError(error)
    first, second = parts
    if is_outputs(first) and is_updates(second):
        return _as_list(first), OrderedDict(second), None
    if is_outputs(first) and isinstance(second, until):
        return _as_list(first), OrderedDict(), second.condition
    if is_updates(first) and isinstance(second, until):
        return [], OrderedDict(first), second.condition
    if is_updates(first) and is_outputs(second):
        raise ValueError(
            "The return value of the lambda function has been restricted. you have to always return first the "
            "outputs (if any), afterwards the updates (if any) and at the end the conclusion"
        )
    raise ValueError(error)


def _constant_int(value):
    """`value` as a Python int where it is a known integer, else None."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, Constant) and np.ndim(value.data) == 0 and str(value.dtype) in INTEGERS:
        return int(value.data)
    return None


def _sequence_slices(seq, taps, go_backwards):
    """One sequence per tap, as Theano cuts them: element t of the one for
    tap k is seq[t + k - min(taps, 0)]."""
    if len(set(taps)) != len(taps):
        raise ValueError(f"scan: the taps of a sequence must be different, got {taps}")
    low, high = min(min(taps), 0), max(max(taps), 0)
    slices = []
    for k in taps:
        start = k - low
        if start == 0 and k == high:
            part = seq  # the whole sequence (tap 0 alone)
        else:
            part = seq[start:] if k == high else seq[start : -(high - k)]
        slices.append(part[::-1] if go_backwards else part)
    return slices


def _one_step(fn, seq_taps, infos, non_seqs):
    """Theano's scan of n_steps 1 (or -1): no loop, fn applied once to the
    first elements (and initial values), each output with a leading
    dimension of 1; fn's updates as they are."""
    args = []
    for s, taps in seq_taps:
        low = min(min(taps), 0)
        args.extend(s[k - low] for k in taps)
    for initial, taps in infos:
        if initial is not None:
            args.extend([initial] if taps == [-1] else [initial[k - min(taps)] for k in taps])
    outputs, updates, _condition = _split_result(fn(*args, *non_seqs))
    stacked, finals = [], []
    for out, (initial, _taps) in zip(
        [as_tensor_variable(o) for o in outputs], infos or [(None, None)] * len(outputs)
    ):
        stacked.append(unbroadcast(shape_padleft(out), 0))
        finals.append(None if initial is None else out)
    return stacked, finals, OrderedDict(updates)


def _with_default_updates(outputs, updates, step_inputs):
    """fn's updates and the default updates of the shared variables its
    graph reads (a random draw's state), as Theano's scan collects them
    (through a function of the step graph, whose inputs `step_inputs`
    stand for values from outside: a draw given as a non_sequence is not
    drawn again); each default update's graph may read more."""
    updates = OrderedDict(updates)
    pending = [as_tensor_variable(o) for o in outputs] + [as_tensor_variable(e) for e in updates.values()]
    while pending:
        found = []
        for v in graph_inputs(pending, stop_at=list(step_inputs)):
            if any(v is s for s in step_inputs):
                continue
            default = getattr(v, "default_update", None)
            if isinstance(v, TensorSharedVariable) and default is not None and v not in updates:
                updates[v] = default
                found.append(as_tensor_variable(default))
        pending = found
    return updates


def _refuse_missing_inputs(outputs, updates, step_inputs, non_seqs, strict):
    """Theano's MissingInputError for fn's graph: a variable that is neither
    a step input, a constant nor a shared variable and that fn's updates
    read but its outputs do not (Theano adds those its outputs read to
    non_sequences), or with `strict` a shared variable fn reads that is not
    among non_sequences (nor updated)."""
    outputs = [as_tensor_variable(o) for o in outputs]
    known = {id(v) for v in graph_inputs(outputs)} | {id(v) for v in step_inputs} | {id(v) for v in non_seqs}
    for expr in updates.values():
        for v in graph_inputs([as_tensor_variable(expr)]):
            if isinstance(v, (Constant, TensorSharedVariable)) or id(v) in known:
                continue
            raise MissingInputError(
                f"An input of the graph, used to compute {expr}, was not provided and not given a value. "
                f"Use the Theano flag exception_verbosity='high', for more information on this error.\n"
                "Please pass this variable to the scan's inner function. Do not forget to also pass it to the "
                "`non_sequences` attribute of scan."
            )
    if strict:
        allowed = {id(v) for v in non_seqs} | {id(v) for v in updates}
        for v in graph_inputs(outputs + [as_tensor_variable(e) for e in updates.values()]):
            if isinstance(v, TensorSharedVariable) and id(v) not in allowed:
                raise MissingInputError(
                    f"scan(strict=True): fn reads the shared variable {v}, which is not among non_sequences. "
                    "Please pass this variable to the scan's inner function. Do not forget to also pass it to "
                    "the `non_sequences` attribute of scan."
                )


def _broadcast_mismatch(out, init):
    """Theano's TypeError for a state whose step output's broadcast pattern
    differs from its initial value's."""
    for axis, (a, b) in enumerate(zip(out.broadcastable, init.broadcastable)):
        if a != b:
            return TypeError(
                f"The broadcast pattern of the output of scan ({out.type}) is inconsistent with the one "
                f"provided in `output_info` ({init.type}). The output on axis {axis} is `{a!r}`, but it is "
                f"`{b!r}` on axis {axis} in `output_info`. This can happen if one of the dimension is fixed to 1 "
                "in the input, while it is still variable in the output, or vice-verca. You have to make them "
                "consistent, e.g. using theano.tensor.{patternbroadcast,unbroadcast,addbroadcast}."
            )
    return None


def scan(
    fn,
    sequences=None,
    outputs_info=None,
    non_sequences=None,
    n_steps=None,
    truncate_gradient=-1,
    go_backwards=False,
    mode=None,
    name=None,
    profile=False,
    allow_gc=None,
    strict=False,
    return_list=False,
):
    """Theano's scan: the values of `fn`'s outputs at every step, stacked,
    and the updates (an OrderedDict) to pass to theano.function."""
    stacked, _finals, updates = _scan(
        fn, sequences, outputs_info, non_sequences, n_steps, truncate_gradient, go_backwards, name, strict
    )
    if len(stacked) == 1 and not return_list:
        return stacked[0], updates
    return stacked, updates


def _scan(
    fn, sequences, outputs_info, non_sequences, n_steps, truncate_gradient, go_backwards, name, strict=False
):
    """scan's work: (each output's stacked values, each output's final value
    or None where it is not a state, the updates)."""
    if n_steps is not None and not isinstance(n_steps, Variable):
        n_steps = as_tensor_variable(n_steps)
    if n_steps is not None and str(n_steps.dtype) not in INTEGERS:
        raise ValueError(f" n_steps must be an int. dtype provided is {n_steps.dtype}")
    fixed = _constant_int(n_steps) if n_steps is not None else None
    if fixed is not None and fixed < 0:  # Theano: a negative count runs backwards
        go_backwards, n_steps = not go_backwards, as_tensor_variable(-fixed)

    # sequences: one per tap, sliced so that step t reads element t
    seq_args, scan_seqs, seq_taps, fn_seq_args, seen = [], [], [], [], {}
    for s in _as_list(sequences):
        taps = [0]
        if isinstance(s, dict):
            taps = s.get("taps", [0])
            taps = [0] if taps is None else _as_list(taps)
            s = s["input"]
        s = as_tensor_variable(s)
        if s.ndim == 0:
            raise ValueError(f"scan: a sequence must have a dimension to iterate over, got {s.type}")
        seq_taps.append((s, taps))
        low, high = min(min(taps), 0), max(max(taps), 0)
        for k, part in zip(taps, _sequence_slices(s, taps, go_backwards)):
            key = (id(s), k - low, high - k)  # the same rows of the same variable: one sequence
            if key not in seen:
                arg = TensorType(s.dtype, s.broadcastable[1:])()
                if s.name:
                    arg.name = f"{s.name}[t]" if k == 0 else f"{s.name}[t{k:+d}]"
                seen[key] = arg
                seq_args.append(arg)
                scan_seqs.append(part)
            fn_seq_args.append(seen[key])

    # outputs_info: (initial, taps) per output; taps None for a map output
    infos = []
    for info in _as_list(outputs_info) if outputs_info is not None else []:
        if isinstance(info, dict):
            if info.get("return_steps") is not None:
                raise ValueError(
                    "Using `return_steps` has been deprecated. Simply select the entries you need using a "
                    "subtensor. Scan will optimize memory consumption, so do not worry about that."
                )
            initial, taps = info.get("initial"), info.get("taps")
            if initial is None:
                if taps is not None:
                    raise ValueError(
                        "If you are using slices of an output you need to provide a initial state for it"
                    )
                infos.append((None, None))
                continue
            taps = [-1] if taps is None else _as_list(taps)
            if len(set(taps)) != len(taps):
                raise ValueError("All the taps must be different in  `outputs_info`")
            if any(t >= 0 for t in taps):
                raise ValueError("All the tap values must be smaller than 0.")
            infos.append((as_tensor_variable(initial), taps))
        elif info is None:
            infos.append((None, None))
        else:
            infos.append((as_tensor_variable(info), [-1]))

    # states: taps -1 .. -depth of each output are `depth` lagged states
    state_args, lag_inits, fn_state_args = [], [], []
    for initial, taps in infos:
        if initial is None:
            continue
        depth = -min(taps)
        if taps == [-1]:
            lagged = [initial]
        else:
            if initial.ndim == 0:
                raise ValueError(
                    f"scan: the initial value of an output with taps {taps} must hold their history"
                )
            lagged = [initial[depth - m] for m in range(1, depth + 1)]
        args = [v.type() for v in lagged]
        for m, arg in enumerate(args, 1):
            if initial.name:
                arg.name = f"{initial.name}[t-{m}]"
        state_args.append(args)
        lag_inits.append(lagged)
        fn_state_args.extend(args[-t - 1] for t in taps)
    non_seqs = [as_tensor_variable(v) if not isinstance(v, Variable) else v for v in _as_list(non_sequences)]

    if fixed in (1, -1):
        return _one_step(fn, seq_taps, infos, non_seqs)
    outputs, updates, condition = _split_result(fn(*fn_seq_args, *fn_state_args, *non_seqs))
    updates = _with_default_updates(
        outputs + [condition] * (condition is not None), updates, seq_args + fn_state_args + non_seqs
    )
    _refuse_missing_inputs(
        outputs + [condition] * (condition is not None), updates, seq_args + fn_state_args, non_seqs, strict
    )
    step_outputs = [as_tensor_variable(r) for r in outputs]
    conditions = [] if condition is None else [as_tensor_variable(condition)]
    if not infos:
        infos = [(None, None)] * len(step_outputs)
    if len(step_outputs) != len(infos):
        raise ValueError(
            f"Please provide None as outputs_info for any output that does not feed back into scan "
            f"(i.e. it behaves like a map): fn returned {len(step_outputs)} outputs for {len(infos)} outputs_info"
        )

    # shared variables fn updates: states whose step input replaces them
    shared_args = {}
    for variable in updates:
        arg = variable.type()
        arg.name = variable.name
        shared_args[variable] = arg
    update_exprs = [as_tensor_variable(e) for e in updates.values()]
    for variable, expr in zip(updates, update_exprs):
        if expr.type.dtype != variable.type.dtype or expr.ndim != variable.ndim:
            raise TypeError(
                f"scan: the update of {variable} inside fn has type {expr.type}, not the shared variable's "
                f"{variable.type}"
            )
    if shared_args:
        replaced = clone_replace(step_outputs + update_exprs + conditions, dict(shared_args))
        n_out, n_upd = len(step_outputs), len(update_exprs)
        step_outputs, update_exprs = replaced[:n_out], replaced[n_out : n_out + n_upd]
        conditions = replaced[n_out + n_upd :]

    states, inits, args, others = [], [], [], []
    mismatch = None
    lagged = iter(zip(state_args, lag_inits))
    for out, (initial, taps) in zip(step_outputs, infos):
        if initial is None:
            others.append(out)
            continue
        lag_args, lag_values = next(lagged)
        init = lag_values[0]
        if out.dtype != init.dtype or out.ndim != init.ndim:
            # Theano's ValueError (its scan compiles the step and finds it)
            raise ValueError(
                f"When compiling the inner function of scan the following error has been encountered: The "
                f"initial state (`outputs_info` in scan nomenclature) {initial} has type {init.type}, while "
                f"the result of the inner function (`fn`) has type {out.type}. This can happen if the inner "
                "function of scan results in an upcast or downcast."
            )
        if out.broadcastable != init.broadcastable:
            # Theano's scan accepts it; the scan its gradient builds does not
            mismatch = mismatch or _broadcast_mismatch(out, init)
            out = patternbroadcast(out, init.broadcastable)
        # the new value, then each lag passed down by one
        states.extend([out, *lag_args[:-1]])
        inits.extend(lag_values)
        args.extend(lag_args)
    for variable, expr in zip(updates, update_exprs):
        if expr.broadcastable != variable.broadcastable:
            expr = patternbroadcast(expr, variable.broadcastable)
        states.append(expr)
        inits.append(variable)
        args.append(shared_args[variable])
    steps_given = n_steps is not None
    if n_steps is None:
        if not scan_seqs:
            raise ValueError(
                "No information about the number of steps provided. Either provide a value for n_steps "
                "argument of scan or provide an input sequence"
            )
        n_steps = Shape_i(0)(scan_seqs[0])
        for seq in scan_seqs[1:]:
            n_steps = minimum(n_steps, Shape_i(0)(seq))
    ordered = states + others
    # sequences the step does not read go (n_steps counted them)
    read = {id(v) for v in graph_inputs(ordered + conditions, stop_at=seq_args)}
    kept = [i for i, arg in enumerate(seq_args) if id(arg) in read]
    seq_args, scan_seqs = [seq_args[i] for i in kept], [scan_seqs[i] for i in kept]
    step_inputs = seq_args + args
    outer = _outer_variables(ordered + conditions, step_inputs)
    # the non_sequences given are inputs of the node even where the step
    # does not read them (Theano: a function taking one as input uses it);
    # the rewrite remove_constants_and_unused_inputs_scan drops them
    given = {id(v) for v in outer} | {id(v) for v in shared_args}
    for v in non_seqs:
        if not isinstance(v, Constant) and id(v) not in given:
            given.add(id(v))
            outer.append(v)
    op = Scan(
        step_inputs,
        ordered + conditions,
        outer,
        len(scan_seqs),
        len(states),
        truncate_gradient=truncate_gradient,
        name=name,
        until=bool(conditions),
        broadcast_mismatch=mismatch,
        # a given n_steps is checked against the sequences by the loop: the
        # pushout (Scan.pushed_out) keeps such a loop
        steps_from_sequences=not (steps_given and scan_seqs),
    )
    results = op(n_steps, *scan_seqs, *inits, *outer, return_list=True)
    stacked_states, stacked_others = results[: len(states)], results[len(states) : len(ordered)]
    finals = results[len(ordered) :]
    # fn's order: states and other outputs where outputs_info put them
    stacked, final_values, k_state, k_other = [], [], 0, 0
    depths = iter(len(lag_args) for lag_args in state_args)
    for initial, _taps in infos:
        if initial is None:
            stacked.append(stacked_others[k_other])
            final_values.append(None)
            k_other += 1
        else:
            stacked.append(stacked_states[k_state])
            final_values.append(finals[k_state])
            k_state += next(depths)
    new_updates = OrderedDict()
    first_shared = len(states) - len(shared_args)
    for k, variable in enumerate(updates):
        new_updates[variable] = finals[first_shared + k]
    return stacked, final_values, new_updates


def map(fn, sequences, non_sequences=None, truncate_gradient=-1, go_backwards=False, mode=None, name=None):
    """Theano's map: fn applied to each element of the sequences."""
    return scan(
        fn,
        sequences=sequences,
        outputs_info=None,
        non_sequences=non_sequences,
        go_backwards=go_backwards,
        mode=mode,
        name=name,
    )


def reduce(fn, sequences, outputs_info, non_sequences=None, go_backwards=False, mode=None, name=None):
    """Theano's reduce: the outputs after the last step (a state's final
    value: its steps are not kept)."""
    stacked, finals, updates = _scan(fn, sequences, outputs_info, non_sequences, None, -1, go_backwards, name)
    last = [final if final is not None else out[-1] for out, final in zip(stacked, finals)]
    if len(last) == 1:
        return last[0], updates
    return last, updates


def foldl(fn, sequences, outputs_info, non_sequences=None, mode=None, name=None):
    """Theano's foldl: reduce from the first element."""
    return reduce(
        fn, sequences, outputs_info, non_sequences=non_sequences, go_backwards=False, mode=mode, name=name
    )


def foldr(fn, sequences, outputs_info, non_sequences=None, mode=None, name=None):
    """Theano's foldr: reduce from the last element."""
    return reduce(
        fn, sequences, outputs_info, non_sequences=non_sequences, go_backwards=True, mode=mode, name=name
    )
