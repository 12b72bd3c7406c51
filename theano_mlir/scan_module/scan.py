"""Theano's scan: `fn` applied over sequences for `n_steps` steps, carrying
states, as one `theano.scan` op whose body is `fn`'s graph (an scf.for in
the kernel: no Python per step).

Supported now: sequences read at tap 0, states with tap -1 (an initial
value, or a dict with `initial` and `taps=[-1]`), outputs that are not
states (None in outputs_info), non_sequences and any outer variable `fn`
reads (its loop-invariant part is computed once, outside the loop),
`n_steps` (symbolic too), `go_backwards`. Other taps, `until`, updates
returned by `fn` and gradients through scan are NotImplementedError."""

from collections import OrderedDict

from ..graph import Apply, Constant, Op, Variable, toposort
from ..tensor.basic import Shape_i, cast, patternbroadcast
from ..tensor.elemwise import minimum
from ..tensor.conversion import as_tensor_variable
from ..tensor.type import TensorType

__all__ = ["Scan", "foldl", "foldr", "map", "reduce", "scan", "until"]


class until:
    """Theano's scan_module.until(condition): a loop that stops when the
    condition holds (not yet compiled: scan raises NotImplementedError)."""

    def __init__(self, condition):
        self.condition = as_tensor_variable(condition)


class Scan(Op):
    """Scan(step_inputs, step_outputs, outer, n_seqs, n_states, reverse)(
    n_steps, *sequences, *inits, *outer): the stacked values of each state,
    then of each other output of the step graph, which reads the variables
    `outer` from outside (the node's last inputs)."""

    #: theano.grad refuses a gradient through a scan (for now)
    grad_not_implemented = "gradients through scan are not implemented yet"

    def __init__(self, step_inputs, step_outputs, outer, n_seqs, n_states, reverse=False, name=None):
        self.step_inputs = list(step_inputs)
        self.step_outputs = list(step_outputs)
        self.outer = list(outer)
        self.n_seqs, self.n_states = n_seqs, n_states
        self.reverse = reverse
        self.name = name

    def __str__(self):
        return f"forall_inplace,cpu,{self.name}" if self.name else "for{cpu,scan_fn}"

    def make_node(self, n_steps, *inputs):
        n_steps = cast(as_tensor_variable(n_steps), "int64")
        if n_steps.ndim != 0:
            raise TypeError(f"scan: n_steps must be a scalar, got {n_steps.type}")
        inputs = [as_tensor_variable(v) for v in inputs]
        outputs = [TensorType(v.dtype, (False,) + tuple(v.broadcastable))() for v in self.step_outputs]
        return Apply(self, [n_steps, *inputs], outputs)

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
            self.n_states,
            self.reverse,
        )


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
    seqs = []
    for s in _as_list(sequences):
        if isinstance(s, dict):
            taps = s.get("taps", [0])
            if list(taps) != [0]:
                raise NotImplementedError(f"scan: sequence taps {taps} (only tap 0 is compiled yet)")
            s = s["input"]
        s = as_tensor_variable(s)
        if s.ndim == 0:
            raise ValueError(f"scan: a sequence must have a dimension to iterate over, got {s.type}")
        seqs.append(s)
    infos = []  # (initial variable or None)
    outputs_list = _as_list(outputs_info) if outputs_info is not None else []
    for info in outputs_list:
        if isinstance(info, dict):
            if "initial" not in info or info["initial"] is None:
                infos.append(None)
                continue
            taps = info.get("taps", [-1])
            if list(taps) != [-1]:
                raise NotImplementedError(f"scan: output taps {taps} (only tap -1 is compiled yet)")
            infos.append(as_tensor_variable(info["initial"]))
        elif info is None:
            infos.append(None)
        else:
            infos.append(as_tensor_variable(info))
    non_seqs = [as_tensor_variable(v) if not isinstance(v, Variable) else v for v in _as_list(non_sequences)]

    seq_inputs = [
        TensorType(s.dtype, s.broadcastable[1:])(name=f"{s.name}[t]" if s.name else None) for s in seqs
    ]
    state_inputs = [init.type() for init in infos if init is not None]
    result = fn(*seq_inputs, *state_inputs, *non_seqs)
    updates = OrderedDict()
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], (dict, OrderedDict)):
        result, updates = result
    if isinstance(result, until) or any(isinstance(r, until) for r in _as_list(result)):
        raise NotImplementedError("scan: scan_module.until is not compiled yet")
    if updates:
        raise NotImplementedError("scan: updates of shared variables inside fn are not compiled yet")
    step_outputs = [as_tensor_variable(r) for r in _as_list(result)]
    if not infos:
        infos = [None] * len(step_outputs)
    if len(step_outputs) != len(infos):
        raise ValueError(
            f"Please provide None as outputs_info for any output that does not feed back into scan "
            f"(i.e. it behaves like a map): fn returned {len(step_outputs)} outputs for {len(infos)} outputs_info"
        )
    states, others = [], []
    for out, init in zip(step_outputs, infos):
        if init is None:
            others.append(out)
            continue
        if out.dtype != init.dtype or out.ndim != init.ndim:
            # Theano's ValueError (its scan compiles the step and finds it)
            raise ValueError(
                f"When compiling the inner function of scan the following error has been encountered: The "
                f"initial state (`outputs_info` in scan nomenclature) {init} has type {init.type}, while the "
                f"result of the inner function (`fn`) has type {out.type}. This can happen if the inner "
                "function of scan results in an upcast or downcast."
            )
        if out.broadcastable != init.broadcastable:
            out = patternbroadcast(out, init.broadcastable)
        states.append(out)
    ordered = states + others

    if n_steps is None:
        if not seqs:
            raise ValueError(
                "No information about the number of steps provided. Either provide a value for n_steps "
                "argument of scan or provide an input sequence"
            )
        n_steps = Shape_i(0)(seqs[0])
        for s in seqs[1:]:
            n_steps = minimum(n_steps, Shape_i(0)(s))
    step_inputs = seq_inputs + state_inputs
    outer = _outer_variables(ordered, step_inputs)
    op = Scan(step_inputs, ordered, outer, len(seqs), len(states), reverse=go_backwards, name=name)
    results = op(n_steps, *seqs, *[i for i in infos if i is not None], *outer, return_list=True)
    # fn's order: states and other outputs where outputs_info put them
    stacked, k_state, k_other = [], 0, len(states)
    for init in infos:
        if init is None:
            stacked.append(results[k_other])
            k_other += 1
        else:
            stacked.append(results[k_state])
            k_state += 1
    if len(stacked) == 1 and not return_list:
        return stacked[0], updates
    return stacked, updates


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
    """Theano's reduce: the states after the last step."""
    outs, updates = scan(
        fn,
        sequences=sequences,
        outputs_info=outputs_info,
        non_sequences=non_sequences,
        go_backwards=go_backwards,
        mode=mode,
        name=name,
    )
    if isinstance(outs, list):
        return [o[-1] for o in outs], updates
    return outs[-1], updates


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
