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
from ..tensor.basic import (
    NotScalarConstantError,
    Shape_i,
    alloc,
    cast,
    get_scalar_constant_value,
    patternbroadcast,
    shape_padleft,
    unbroadcast,
)
from ..tensor.concatenation import concatenate
from ..tensor.opclasses import AllocEmpty
from ..tensor.subtensor import set_subtensor
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
    """Theano's Scan node: `n_steps` steps of the step graph
    (`step_inputs` + `outer` -> `step_outputs`), laid out as Theano's.

    Node inputs: n_steps, the sequences (one per tap, sliced so that step t
    reads row t), a buffer per mit-sot output (the initial history, then a
    row per step), a buffer per sit-sot output (the initial value, then a
    row per step), each shared variable fn updates, the row count of each
    nit-sot output (n_steps), then the values read from outside (`outer`,
    the step graph's own variables). Step inputs: each sequence's row, each
    tap of each mit-sot, each sit-sot's previous value, each shared
    variable's, then `outer`. Step outputs (and node outputs, in the same
    order): the mit-sots, the sit-sots, the nit-sots, the shared variables'
    new values; with `until`, the step graph's last output is the condition
    to stop. A mit-sot or sit-sot output is its buffer filled: the initial
    rows, then a row per step (`saved_rows[k]`: only its last rows, what
    Theano's scan_save_mem leaves); a shared output is the value after the
    last step.

    The loop itself is the dialect's `theano.scan` (emit), whose states are
    plain lags: a mit-sot reading taps down to -d is d states, each step
    passing its values down by one."""

    def __init__(
        self,
        step_inputs,
        step_outputs,
        outer,
        n_seqs,
        mit_sot_taps=(),
        n_sit_sot=0,
        n_nit_sot=0,
        n_shared=0,
        reverse=False,
        truncate_gradient=-1,
        name=None,
        until=False,
        broadcast_mismatch=None,
        steps_from_sequences=False,
        saved_rows=None,
        destroy_map=None,
    ):
        self.step_inputs = list(step_inputs)
        self.step_outputs = list(step_outputs)
        self.outer = list(outer)
        self.n_seqs = n_seqs
        self.mit_sot_taps = tuple(tuple(int(t) for t in taps) for taps in mit_sot_taps)
        self.n_mit_sot = len(self.mit_sot_taps)
        self.n_sit_sot, self.n_nit_sot, self.n_shared = n_sit_sot, n_nit_sot, n_shared
        self.until = until
        #: the TypeError Theano's gradient of this scan raises (a state whose
        #: step output's broadcast pattern differs from its initial value's)
        self.broadcast_mismatch = broadcast_mismatch
        #: whether n_steps is what the sequences give (not checked by the loop)
        self.steps_from_sequences = steps_from_sequences
        self.reverse = reverse
        self.truncate_gradient = int(truncate_gradient)
        self.name = name
        n_recurrent = self.n_mit_sot + self.n_sit_sot
        self.saved_rows = tuple(saved_rows) if saved_rows is not None else (None,) * n_recurrent
        #: Theano's scan_make_inplace: buffers the loop may fill in place
        self.destroy_map = dict(destroy_map or {})

    view_map = {}

    # -- the layout -------------------------------------------------------
    @property
    def n_recurrent(self):
        """The mit-sot and sit-sot outputs (those with a buffer)."""
        return self.n_mit_sot + self.n_sit_sot

    @property
    def n_tap_args(self):
        return sum(len(taps) for taps in self.mit_sot_taps)

    @property
    def tap_array(self):
        return [list(taps) for taps in self.mit_sot_taps] + [[-1]] * self.n_sit_sot

    def depths(self):
        """The rows of initial history of each mit-sot and sit-sot output."""
        return [-min(taps) for taps in self.mit_sot_taps] + [1] * self.n_sit_sot

    @property
    def first_outer(self):
        """The node input index of the first value read from outside."""
        return 1 + self.n_seqs + self.n_recurrent + self.n_shared + self.n_nit_sot

    def _with(self, **changes):
        """This scan with some of its constructor's arguments changed."""
        arguments = dict(
            step_inputs=self.step_inputs,
            step_outputs=self.step_outputs,
            outer=self.outer,
            n_seqs=self.n_seqs,
            mit_sot_taps=self.mit_sot_taps,
            n_sit_sot=self.n_sit_sot,
            n_nit_sot=self.n_nit_sot,
            n_shared=self.n_shared,
            reverse=self.reverse,
            truncate_gradient=self.truncate_gradient,
            name=self.name,
            until=self.until,
            broadcast_mismatch=self.broadcast_mismatch,
            steps_from_sequences=self.steps_from_sequences,
            saved_rows=self.saved_rows,
            destroy_map=self.destroy_map,
        )
        arguments.update(changes)
        return Scan(**arguments)

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
        nit-sot output needs no loop (computed outside it, for every step at
        once), or None. Only where n_steps is what the sequences give (a
        given one is checked by the loop) and the loop runs every step (no
        until)."""
        if self.until or not self.steps_from_sequences:
            return None
        n_steps = node.inputs[0]
        sequences = node.inputs[1 : 1 + self.n_seqs]
        values = {id(v): value for v, value in zip(self.outer, node.inputs[self.first_outer :])}
        seq_args = self.step_inputs[: self.n_seqs]
        state_args = self.step_inputs[self.n_seqs :]
        first_nit = self.n_recurrent
        outside = {}
        for k in range(first_nit, first_nit + self.n_nit_sot):
            whole = _outside_the_loop(self.step_outputs[k], seq_args, sequences, state_args, n_steps, values)
            if whole is not None:
                outside[k] = whole
        if not outside:
            return None
        kept = [k for k in range(len(self.step_outputs)) if k not in outside]
        n_nit = self.n_nit_sot - len(outside)
        first_sizes = 1 + self.n_seqs + self.n_recurrent + self.n_shared
        inputs = list(node.inputs[:first_sizes]) + [n_steps] * n_nit + list(node.inputs[self.first_outer :])
        looped = []
        if kept:
            new_op = self._with(step_outputs=[self.step_outputs[k] for k in kept], n_nit_sot=n_nit)
            looped = new_op.make_node(*inputs).outputs
        stacked = iter(looped)
        return [outside[k] if k in outside else next(stacked) for k in range(len(node.outputs))]

    # -- Theano's view of the step graph, which its tests and tools inspect
    @property
    def inputs(self):
        """The step graph's inputs: each sequence's row, each mit-sot tap,
        each sit-sot's and shared variable's previous value, then the values
        read from outside (the node's last inputs, as they are)."""
        return self.step_inputs + self.outer

    @property
    def outputs(self):
        return list(self.step_outputs)

    @property
    def fn(self):
        """The step as Theano's compiled inner function shows it:
        `fn.maker.fgraph` is the step graph (a FunctionGraph); its storage
        holds nothing between calls (the loop's values live in the kernel)."""
        graph = FunctionGraph(self.inputs, self.outputs, clone=False)
        return SimpleNamespace(
            maker=SimpleNamespace(fgraph=graph),
            input_storage=[SimpleNamespace(value=None) for _ in self.inputs],
            output_storage=[SimpleNamespace(value=None) for _ in self.outputs],
        )

    @property
    def info(self):
        return {
            "n_seqs": self.n_seqs,
            "n_mit_mot": 0,
            "n_mit_mot_outs": 0,
            "mit_mot_out_slices": [],
            "n_mit_sot": self.n_mit_sot,
            "n_sit_sot": self.n_sit_sot,
            "n_nit_sot": self.n_nit_sot,
            "n_shared_outs": self.n_shared,
            "tap_array": self.tap_array,
            "truncate_gradient": self.truncate_gradient,
            "name": self.name,
            "mode": None,
            "destroy_map": dict(self.destroy_map),
            "gpua": False,
            "as_while": self.until,
            "profile": False,
            "allow_gc": True,
            "strict": False,
        }

    n_mit_mot = 0
    mit_mot_out_slices = ()

    def inner_seqs(self, inputs):
        return list(inputs[: self.n_seqs])

    def inner_mitsot(self, inputs):
        return list(inputs[self.n_seqs : self.n_seqs + self.n_tap_args])

    def inner_sitsot(self, inputs):
        first = self.n_seqs + self.n_tap_args
        return list(inputs[first : first + self.n_sit_sot])

    def inner_shared(self, inputs):
        first = self.n_seqs + self.n_tap_args + self.n_sit_sot
        return list(inputs[first : first + self.n_shared])

    def inner_non_seqs(self, inputs):
        return list(inputs[self.n_seqs + self.n_tap_args + self.n_sit_sot + self.n_shared :])

    def outer_seqs(self, node):
        return list(node.inputs[1 : 1 + self.n_seqs])

    def outer_mitsot(self, node):
        return list(node.inputs[1 + self.n_seqs : 1 + self.n_seqs + self.n_mit_sot])

    def outer_sitsot(self, node):
        first = 1 + self.n_seqs + self.n_mit_sot
        return list(node.inputs[first : first + self.n_sit_sot])

    def outer_shared(self, node):
        first = 1 + self.n_seqs + self.n_recurrent
        return list(node.inputs[first : first + self.n_shared])

    def outer_nitsot(self, node):
        first = 1 + self.n_seqs + self.n_recurrent + self.n_shared
        return list(node.inputs[first : first + self.n_nit_sot])

    def outer_non_seqs(self, node):
        return list(node.inputs[self.first_outer :])

    @property
    def var_mappings(self):
        return self.get_oinp_iinp_iout_oout_mappings()

    def get_oinp_iinp_iout_oout_mappings(self):
        """Theano's twelve mappings between the node's inputs and outputs
        and the step graph's (an input of the node: one index; of the step
        graph: a list, a state having one step input per tap)."""
        # (outer input, inner inputs, inner outputs, outer output) per role
        rows = [(0, [], [], -1)]
        inner = 0
        for k in range(self.n_seqs):
            rows.append((1 + k, [inner], [], -1))
            inner += 1
        for k, taps in enumerate(self.tap_array):
            rows.append((1 + self.n_seqs + k, list(range(inner, inner + len(taps))), [k], k))
            inner += len(taps)
        first_shared = 1 + self.n_seqs + self.n_recurrent
        for k in range(self.n_nit_sot):
            out = self.n_recurrent + k
            rows.append((first_shared + self.n_shared + k, [], [out], out))
        for k in range(self.n_shared):
            out = self.n_recurrent + self.n_nit_sot + k
            rows.append((first_shared + k, [inner], [out], out))
            inner += 1
        for k in range(len(self.outer)):
            rows.append((self.first_outer + k, [inner], [], -1))
            inner += 1
        names = ("outer_inp", "inner_inp", "inner_out", "outer_out")
        mappings = {f"{a}_from_{b}": {} for b in names for a in names if a != b}
        for row in rows:
            for b, key in zip(names, row):
                keys = key if isinstance(key, list) else ([key] if key != -1 else [])
                for k in keys:
                    for a, value in zip(names, row):
                        if a != b:
                            mappings[f"{a}_from_{b}"][k] = value
        return mappings

    def connection_pattern(self, node):
        """For each input of the node, whether each output depends on it
        (through the steps: a state's previous values reach what reads the
        state). n_steps and the nit-sot row counts reach none, as in Theano."""
        n_outputs = len(node.outputs)
        inner_of_output = {}  # step input index -> the output it is a previous value of
        inner = self.n_seqs
        for k, taps in enumerate(self.tap_array):
            for _ in taps:
                inner_of_output[inner] = k
                inner += 1
        for k in range(self.n_shared):
            inner_of_output[inner] = self.n_recurrent + self.n_nit_sot + k
            inner += 1
        reads = [_reads(v, self.inputs) for v in self.step_outputs[:n_outputs]]
        changed = True
        while changed:  # closed over the states: a new value feeds the next step
            changed = False
            for k in range(n_outputs):
                for i in list(reads[k]):
                    j = inner_of_output.get(i)
                    if j is not None and not reads[j] <= reads[k]:
                        reads[k] |= reads[j]
                        changed = True
        inner_inputs = self.var_mappings["inner_inp_from_outer_inp"]
        # (Theano's: a buffer reaches its own output only through the step,
        # though the output's first rows are the buffer's)
        return [
            [any(j in reads[k] for j in inner_inputs.get(i, [])) for k in range(n_outputs)]
            for i in range(len(node.inputs))
        ]

    def infer_shape(self, node, input_shapes):
        """A mit-sot or sit-sot output has its buffer's shape; a nit-sot
        output n_steps rows of the step value's shape, inferred through the
        step graph from the sequences' row shapes, the states' and the outer
        values'; a shared output its variable's. NotImplementedError where a
        step shape depends on the step, or the steps run on a condition."""
        if self.until:  # the steps run are known when it has run
            raise NotImplementedError("scan: the number of steps of a scan with until")
        n_steps = node.inputs[0]
        known = {}
        for arg, shape in zip(self.step_inputs[: self.n_seqs], input_shapes[1 : 1 + self.n_seqs]):
            known[id(arg)] = tuple(shape[1:])
        buffers = input_shapes[1 + self.n_seqs : 1 + self.n_seqs + self.n_recurrent]
        inner = self.n_seqs
        for taps, shape in zip(self.tap_array, buffers):
            for _ in taps:
                known[id(self.step_inputs[inner])] = tuple(shape[1:])
                inner += 1
        shared_shapes = input_shapes[1 + self.n_seqs + self.n_recurrent :][: self.n_shared]
        for k, shape in enumerate(shared_shapes):
            known[id(self.step_inputs[inner + k])] = tuple(shape)
        for variable, shape in zip(self.outer, input_shapes[self.first_outer :]):
            known[id(variable)] = tuple(shape) if shape is not None else None
        inner_ids = {id(v) for v in self.step_inputs}
        shapes = [tuple(shape) for shape in buffers]
        for k in range(self.n_nit_sot):
            out = self.step_outputs[self.n_recurrent + k]
            shape = _inner_shape(out, known, inner_ids)
            if shape is None:
                raise NotImplementedError(
                    f"scan: the shape of output {self.n_recurrent + k} depends on the step"
                )
            shapes.append((n_steps, *shape))
        shapes.extend(tuple(shape) for shape in shared_shapes)
        return shapes

    def __str__(self):
        return f"forall_inplace,cpu,{self.name}" if self.name else "for{cpu,scan_fn}"

    def make_node(self, n_steps, *inputs):
        n_steps = cast(as_tensor_variable(n_steps), "int64")
        if n_steps.ndim != 0:
            raise TypeError(f"scan: n_steps must be a scalar, got {n_steps.type}")
        inputs = [as_tensor_variable(v) for v in inputs]
        outs = self.step_outputs[: len(self.step_outputs) - (1 if self.until else 0)]
        types = [
            TensorType(v.dtype, (False,) + tuple(v.broadcastable))() for v in outs[: -self.n_shared or None]
        ]
        first_shared = self.n_seqs + self.n_tap_args + self.n_sit_sot
        types += [v.type() for v in self.step_inputs[first_shared : first_shared + self.n_shared]]
        return Apply(self, [n_steps, *inputs], types)

    def emit(self, emitter, node, operands):
        """The dialect's scan over lagged states: a mit-sot reading taps down
        to -d is d states (lag m starts from row d - m of its buffer, each
        step passes lag m to lag m + 1), a sit-sot one, a shared variable
        one; each buffer output is then its initial rows and the stacked
        new values."""
        n_steps = node.inputs[0]
        buffers = node.inputs[1 + self.n_seqs : 1 + self.n_seqs + self.n_recurrent]
        shared_inits = node.inputs[1 + self.n_seqs + self.n_recurrent :][: self.n_shared]
        depths = self.depths()
        inner = self.n_seqs
        lag_args, states, inits = [], [], []
        for k, (taps, buffer, depth) in enumerate(zip(self.tap_array, buffers, depths)):
            by_lag = {}
            for t in taps:
                by_lag[-t] = self.step_inputs[inner]
                inner += 1
            lags = [by_lag[m] if m in by_lag else self.step_outputs[k].type() for m in range(1, depth + 1)]
            lag_args.extend(lags)
            states.extend([self.step_outputs[k], *lags[:-1]])
            inits.extend(buffer[depth - m] for m in range(1, depth + 1))
        shared_args = self.step_inputs[inner : inner + self.n_shared]
        first_shared_out = self.n_recurrent + self.n_nit_sot
        states.extend(self.step_outputs[first_shared_out : first_shared_out + self.n_shared])
        inits.extend(shared_inits)
        lag_args.extend(shared_args)
        others = self.step_outputs[self.n_recurrent : first_shared_out]
        conditions = self.step_outputs[len(self.step_outputs) - 1 :] if self.until else []
        init_values = emitter.emit_graph(node.inputs, inits, operands)
        step_inputs = self.step_inputs[: self.n_seqs] + lag_args
        stacked_vars = [TensorType(v.dtype, (False,) + tuple(v.broadcastable))() for v in states + others]
        final_vars = [v.type() for v in lag_args]
        results = emitter.loop(
            operands[0],
            list(zip(operands[1 : 1 + self.n_seqs], node.inputs[1 : 1 + self.n_seqs])),
            list(zip(init_values, lag_args)),
            step_inputs,
            states + others + conditions,
            list(zip(self.outer, operands[self.first_outer :])),
            stacked_vars + final_vars,
            self.reverse,
            self.truncate_gradient,
            self.until,
        )
        n_states = len(states)
        stacked, finals = results[: n_states + len(others)], results[n_states + len(others) :]
        outputs, state = [], 0
        for k, (buffer, depth) in enumerate(zip(buffers, depths)):
            rows = stacked_vars[state]
            whole = self._fills_whole_buffer(k, n_steps, buffer, depth)
            if whole:
                filled = set_subtensor(buffer[depth:], rows)
            else:  # Theano's: the buffer keeps the last rows (as many as it has)
                joined = concatenate([buffer[:depth], rows])
                filled = joined if self.until and self.saved_rows[k] is None else joined[-buffer.shape[0] :]
            (value,) = emitter.emit_graph(
                [buffer, rows], [filled], [operands[1 + self.n_seqs + k], stacked[state]]
            )
            static = [1 if b else None for b in node.outputs[k].broadcastable]
            outputs.append(emitter.with_static_shape(value, static))
            state += depth
        outputs.extend(stacked[n_states:])
        outputs.extend(finals[len(finals) - self.n_shared :] if self.n_shared else [])
        return outputs

    def _fills_whole_buffer(self, k, n_steps, buffer, depth):
        """Whether buffer k has a row per step after its initial ones (as
        scan builds it): not after scan_save_mem, with until (the steps run
        are known when it has run), or where constants say otherwise."""
        if self.until or self.saved_rows[k] is not None:
            return False
        if isinstance(buffer, Constant):
            try:
                steps = int(get_scalar_constant_value(n_steps))
            except NotScalarConstantError:
                return True
            return np.shape(buffer.data)[0] == steps + depth
        return True


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
                if id(v) not in values and not _from_constants(v):
                    return None
                replace[v] = shape_padleft(values.get(id(v), v))
    for arg, seq in zip(seq_args, scan_seqs):
        replace[arg] = seq[:n_steps]
    whole = clone_replace([out], replace)[0]
    return patternbroadcast(whole, (False,) + tuple(out.broadcastable))


def _from_constants(variable):
    """Whether `variable` is a constant or computed from constants only."""
    return all(isinstance(r, Constant) for r in graph_inputs([variable]))


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
    computed once outside the loop); constants, and what is computed from
    constants only, stay inside."""
    dependent = _depends_on(step_outputs, step_inputs)
    outer, seen = [], set()
    candidates = [v for v in step_outputs if id(v) not in dependent]
    for node in toposort(step_outputs, stop_at=step_inputs):
        if any(id(o) in dependent for o in node.outputs):
            candidates.extend(v for v in node.inputs if id(v) not in dependent)
    for v in candidates:
        if isinstance(v, Constant) or id(v) in seen:
            continue
        if _from_constants(v):
            continue  # computed from constants: stays in the step (Theano's inner graph)
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

    # a step input per tap of each output with an initial value: a sit-sot
    # (taps [-1]: the initial value is the state) or a mit-sot (the initial
    # value holds the history the taps read, row -1 the latest)
    tap_args, fn_state_args = [], []
    for initial, taps in infos:
        if initial is None:
            tap_args.append(None)
            continue
        if taps == [-1]:
            row_type = initial.type
        else:
            if initial.ndim == 0:
                raise ValueError(
                    f"scan: the initial value of an output with taps {taps} must hold their history"
                )
            row_type = TensorType(initial.dtype, initial.broadcastable[1:])
        args = [row_type() for _ in taps]
        for t, arg in zip(taps, args):
            if initial.name:
                arg.name = f"{initial.name}[t{t}]"
        tap_args.append(args)
        fn_state_args.extend(args)
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
        tap_args = [None] * len(step_outputs)
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
    update_exprs = [
        patternbroadcast(e, v.broadcastable) if e.broadcastable != v.broadcastable else e
        for v, e in zip(updates, update_exprs)
    ]

    # Theano's order: mit-sots, sit-sots, nit-sots (each in fn's order)
    mit_sots = [k for k, (initial, taps) in enumerate(infos) if initial is not None and taps != [-1]]
    sit_sots = [k for k, (initial, taps) in enumerate(infos) if initial is not None and taps == [-1]]
    nit_sots = [k for k, (initial, _taps) in enumerate(infos) if initial is None]
    mismatch = None
    for k in mit_sots + sit_sots:
        out, (initial, taps) = step_outputs[k], infos[k]
        row = tap_args[k][0]
        if out.dtype != row.dtype or out.ndim != row.ndim:
            # Theano's ValueError (its scan compiles the step and finds it)
            raise ValueError(
                f"When compiling the inner function of scan the following error has been encountered: The "
                f"initial state (`outputs_info` in scan nomenclature) {initial} has type {row.type}, while "
                f"the result of the inner function (`fn`) has type {out.type}. This can happen if the inner "
                "function of scan results in an upcast or downcast."
            )
        if out.broadcastable != row.broadcastable:
            # Theano's scan accepts it; the scan its gradient builds does not
            mismatch = mismatch or _broadcast_mismatch(out, row)
            step_outputs[k] = patternbroadcast(out, row.broadcastable)

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
    ordered = [step_outputs[k] for k in mit_sots + sit_sots + nit_sots] + update_exprs
    # sequences the step does not read go (n_steps counted them)
    read = {id(v) for v in graph_inputs(ordered + conditions, stop_at=seq_args)}
    kept = [i for i, arg in enumerate(seq_args) if id(arg) in read]
    seq_args, scan_seqs = [seq_args[i] for i in kept], [scan_seqs[i] for i in kept]
    state_inputs = [a for k in mit_sots + sit_sots for a in tap_args[k]] + list(shared_args.values())
    step_inputs = seq_args + state_inputs
    outer = _outer_variables(ordered + conditions, step_inputs)
    # the non_sequences given are inputs of the node even where the step
    # does not read them (Theano: a function taking one as input uses it);
    # the rewrite remove_constants_and_unused_inputs_scan drops them
    given = {id(v) for v in outer} | {id(v) for v in shared_args}
    for v in non_seqs:
        if not isinstance(v, Constant) and id(v) not in given:
            given.add(id(v))
            outer.append(v)
    # the buffers: the initial rows, then a row per step (Theano's expand_empty)
    buffers = []
    for k in mit_sots:
        initial, taps = infos[k]
        buffers.append(_expand_empty(initial[: -min(taps)], n_steps))
    for k in sit_sots:
        buffers.append(_expand_empty(unbroadcast(shape_padleft(infos[k][0]), 0), n_steps))
    op = Scan(
        step_inputs,
        ordered + conditions,
        outer,
        len(scan_seqs),
        mit_sot_taps=[infos[k][1] for k in mit_sots],
        n_sit_sot=len(sit_sots),
        n_nit_sot=len(nit_sots),
        n_shared=len(shared_args),
        truncate_gradient=truncate_gradient,
        name=name,
        until=bool(conditions),
        broadcast_mismatch=mismatch,
        # a given n_steps is checked against the sequences by the loop: the
        # pushout (Scan.pushed_out) keeps such a loop
        steps_from_sequences=not (steps_given and scan_seqs),
    )
    results = op(
        n_steps, *scan_seqs, *buffers, *updates, *[n_steps] * len(nit_sots), *outer, return_list=True
    )
    # fn's order: each state's rows after its initial ones, or the stacked values
    stacked, lasts = [None] * len(infos), [None] * len(infos)
    for position, k in enumerate(mit_sots + sit_sots):
        raw = results[position]
        stacked[k] = raw[-min(infos[k][1]) :]
        lasts[k] = raw[-1]
    for position, k in enumerate(nit_sots, len(mit_sots) + len(sit_sots)):
        stacked[k] = results[position]
    first_shared = len(results) - len(shared_args)
    new_updates = OrderedDict((variable, results[first_shared + j]) for j, variable in enumerate(updates))
    return stacked, lasts, new_updates


def _expand_empty(value, size):
    """Theano's scan_utils.expand_empty: `value` followed by `size` rows whose
    contents are not promised."""
    shape = [value.shape[d] for d in range(value.ndim)]
    empty = AllocEmpty(value.dtype)(size + shape[0], *shape[1:])
    return set_subtensor(empty[: shape[0]], value)


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
    stacked, lasts, updates = _scan(fn, sequences, outputs_info, non_sequences, None, -1, go_backwards, name)
    last = [final if final is not None else out[-1] for out, final in zip(stacked, lasts)]
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
