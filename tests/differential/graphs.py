"""Random graphs: hypothesis strategies that draw inputs and apply ops of
the registry (ops.py) to them, keeping a numpy reference of every node.

A `Graph` is a program: its inputs (symbolic variables, some of them shared
variables with an update), a list of steps (an op of the registry applied
to earlier values with drawn parameters), its outputs, and the inputs'
values. `Graph.evaluate(values)` recomputes the reference for other input
values (NaN, size-0 dimensions, other shapes), so the bad-input oracle can
say what numpy would give.
"""

import io
from dataclasses import dataclass, field

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.printing import debugprint

from .ops import DTYPES, FAMILIES, FLOAT_DTYPES

#: The largest magnitude a float node may reach: beyond it, float32 and the
#: float64 reference part ways (overflow in one, not the other).
MAGNITUDE = 1e4
MAX_STEPS = 10


class Rejected(Exception):
    """This application of an op does not fit the graph (numpy refuses it,
    its values are out of the compared range, ...)."""


@dataclass
class Value:
    variable: object
    reference: np.ndarray
    exact: bool  # every float in it is exactly what numpy gives, bit for bit


@dataclass
class Step:
    op: object
    operands: tuple  # indices into the values
    params: dict


@dataclass
class Graph:
    inputs: list  # symbolic variables (explicit inputs first, then shared)
    shared: list  # (shared variable, update index into values or None)
    steps: list
    outputs: list  # indices into values
    values: list  # Value for each input then each step
    input_values: list  # numpy arrays of the inputs, in order
    scale: float = 1.0
    kink_distance: float = np.inf
    notes: list = field(default_factory=list)

    @property
    def explicit_inputs(self):
        return self.inputs[: len(self.inputs) - len(self.shared)]

    @property
    def output_variables(self):
        return [self.values[i].variable for i in self.outputs]

    @property
    def updates(self):
        # Theano refuses an update whose broadcastable pattern differs from
        # its shared variable's; its error says to patternbroadcast it
        return [
            (s, T.patternbroadcast(self.values[u].variable, s.broadcastable))
            for s, u in self.shared
            if u is not None
        ]

    def evaluate(self, input_values):
        """The reference values of every node for `input_values` (raises
        Rejected where numpy refuses, e.g. shapes that do not broadcast)."""
        refs = [np.asarray(v) for v in input_values]
        needed = self.needed()
        for step in self.steps:
            if len(refs) not in needed:  # the function does not compute it either
                refs.append(None)
                continue
            refs.append(
                _apply_reference(
                    step.op,
                    [refs[i] for i in step.operands],
                    [self.values[i].variable for i in step.operands],
                    self.values[len(refs)].variable.dtype,
                    step.params,
                )
            )
        return refs

    def needed(self):
        """The values the outputs and updates depend on."""
        needed = set(self.outputs) | {u for _, u in self.shared if u is not None}
        first_step = len(self.inputs)
        for k in range(len(self.values) - 1, first_step - 1, -1):
            if k in needed:
                needed.update(self.steps[k - first_step].operands)
        return needed

    def describe(self):
        text = io.StringIO()
        for i, (variable, value) in enumerate(zip(self.inputs, self.input_values)):
            kind = "shared" if i >= len(self.explicit_inputs) else "input"
            text.write(f"{kind} {variable}: {variable.type} shape={np.shape(value)}\n")
        for s, u in self.shared:
            if u is not None:
                text.write(f"update {s} <- output value #{u}\n")
        text.write(
            "steps: "
            + "; ".join(
                f"v{len(self.inputs) + k} = {step.op.name}({', '.join(f'v{i}' for i in step.operands)}"
                f"{', ' if step.params else ''}{', '.join(f'{k}={v!r}' for k, v in step.params.items())})"
                for k, step in enumerate(self.steps)
            )
            + "\n"
        )
        text.write(f"outputs: {', '.join(f'v{i}' for i in self.outputs)}\n")
        debugprint(self.output_variables, file=text)
        return text.getvalue()


def _apply_reference(op, operands, variables, dtype, params):
    # floats compute in float64; a float result is computed from float64
    # operands (Theano casts its operands to the result's dtype)
    float_result = np.dtype(dtype).kind == "f"
    int_result = np.dtype(dtype).kind in "iu" and op.computes_in_result_dtype
    computed = [
        a.astype(np.float64) if a.dtype.kind == "f" or float_result else a.astype(dtype) if int_result else a
        for a in operands
    ]
    if (
        op.arity > 1
        and op.broadcasts
        and not _broadcast_compatible([Value(v, a, True) for v, a in zip(variables, operands)])
    ):
        raise Rejected(f"{op.name}: the shapes do not broadcast (Theano's ValueError)")
    with np.errstate(all="ignore"):
        try:
            result = op.reference(*computed, **params)
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, IndexError) as error:
            raise Rejected(f"numpy refuses {op.name}: {error}") from None
    result = np.asarray(result)
    with np.errstate(all="ignore"):
        return result.astype(dtype)


def _broadcast_compatible(values):
    """Theano's rule: aligned right, a dimension broadcasts only where it is
    broadcastable; others must have equal sizes."""
    ndim = max(v.variable.ndim for v in values)
    for d in range(1, ndim + 1):
        sizes = set()
        for v in values:
            if d <= v.variable.ndim and not v.variable.broadcastable[-d]:
                sizes.add(v.reference.shape[-d])
        if len(sizes) > 1:
            return False
    return True


def _input_array(draw, dtype, shape, rng_seed):
    # an array, also for 0-d inputs (numpy's scalars are tried as bad inputs)
    return np.asarray(_input_values(draw, dtype, shape, rng_seed), dtype=dtype)


def _input_values(draw, dtype, shape, rng_seed):
    rng = np.random.default_rng(rng_seed)
    if dtype == "bool":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype == "uint8":
        return rng.integers(0, 8, size=shape).astype(dtype)
    if dtype.startswith("int"):
        return rng.integers(-6, 7, size=shape).astype(dtype)
    # floats on a grid of eighths in [-3, 3] sometimes (exact arithmetic,
    # ties for max/min, integers for floor), otherwise uniform
    if draw(st.booleans()):
        return (rng.integers(-24, 25, size=shape) / 8.0).astype(dtype)
    return rng.uniform(-3, 3, size=shape).astype(dtype)


@st.composite
def input_types(draw, sizes, float_only=False):
    dtype = draw(st.sampled_from(FLOAT_DTYPES if float_only else DTYPES))
    ndim = draw(st.integers(0, 3))
    broadcastable = tuple(draw(st.booleans()) if draw(st.integers(0, 3)) == 0 else False for _ in range(ndim))
    shape = tuple(1 if b else sizes[3 - ndim + d] for d, b in enumerate(broadcastable))
    return dtype, broadcastable, shape


@st.composite
def graphs(draw, float64_only=False):
    """A random graph of 1-3 inputs (maybe one shared variable with an
    update) and up to MAX_STEPS op applications, with 1-3 outputs."""
    sizes = draw(st.lists(st.sampled_from([1, 2, 3, 4, 5]), min_size=3, max_size=3))
    if draw(st.integers(0, 9)) == 0:  # now and then an empty dimension
        sizes[draw(st.integers(0, 2))] = 0
    count = draw(st.integers(1, 3))
    with_shared = draw(st.integers(0, 3)) == 0
    inputs, values, input_values = [], [], []
    for k in range(count):
        if float64_only:
            dtype = "float64"
            ndim = draw(st.integers(0, 3))
            broadcastable = tuple(draw(st.integers(0, 4)) == 0 for _ in range(ndim))
            shape = tuple(1 if b else sizes[3 - ndim + d] for d, b in enumerate(broadcastable))
        else:
            dtype, broadcastable, shape = draw(input_types(sizes))
        data = _input_array(draw, dtype, shape, draw(st.integers(0, 2**32 - 1)))
        shared = with_shared and k == count - 1
        if shared:
            variable = theano.shared(data.copy(), name=f"s{k}")
            broadcastable = variable.broadcastable
        else:
            variable = T.TensorType(dtype, broadcastable)(f"x{k}")
        inputs.append(variable)
        values.append(Value(variable, data, exact=True))
        input_values.append(data)
    steps = []
    scale = max(
        [1.0] + [float(np.max(np.abs(v.reference.astype(np.float64)))) for v in values if v.reference.size]
    )
    kink = np.inf
    for _ in range(draw(st.integers(1, MAX_STEPS))):
        for _attempt in range(20):
            op = draw(st.sampled_from(FAMILIES[draw(st.sampled_from(sorted(FAMILIES)))]))
            try:
                step, value, op_kink = _try_apply(draw, op, values)
            except Rejected:
                continue
            steps.append(step)
            values.append(value)
            if value.reference.size and value.variable.dtype in FLOAT_DTYPES:
                scale = max(scale, float(np.max(np.abs(value.reference.astype(np.float64)))))
            kink = min(kink, op_kink)
            break
    if not steps:
        assume(False)  # hypothesis draws again
    derived = list(range(len(inputs), len(values)))
    outputs = sorted(set(draw(st.lists(st.sampled_from(derived), min_size=1, max_size=3))))
    if derived[-1] not in outputs:
        outputs.append(derived[-1])
    shared = []
    if with_shared:
        target = inputs[-1]
        candidates = [
            i
            for i in derived
            if values[i].variable.ndim == target.ndim and values[i].variable.dtype == target.dtype
        ]
        shared.append((target, draw(st.sampled_from(candidates)) if candidates else None))
    return Graph(inputs, shared, steps, outputs, values, input_values, scale, kink)


def _try_apply(draw, op, values):
    operands = []
    for index in range(op.arity):
        choices = [i for i, v in enumerate(values) if op.accepts is None or op.accepts(index, v.variable)]
        if not choices:
            raise Rejected("no operand fits")
        # the newest value half the time: chains, where rewrites and fusion act
        newest = draw(st.booleans())
        operands.append(choices[-1] if newest else draw(st.sampled_from(choices)))
    operand_values = [values[i] for i in operands]
    variables = [v.variable for v in operand_values]
    if op.discontinuous and any(v.variable.dtype in FLOAT_DTYPES and not v.exact for v in operand_values):
        raise Rejected("a discontinuous op on rounded floats")
    params = draw(op.params(variables))
    if op.domain is not None:
        with np.errstate(all="ignore"):
            operands64 = [
                v.reference.astype(np.float64) if v.reference.dtype.kind == "f" else v.reference
                for v in operand_values
            ]
            if not op.domain(*operands64, **params):
                raise Rejected(f"{op.name} is ill-conditioned as written there")
    try:
        variable = op.build(*variables, **params)
    except (TypeError, ValueError, NotImplementedError) as error:
        raise Rejected(f"the frontend refuses {op.name}: {error}") from None
    reference = _apply_reference(op, [v.reference for v in operand_values], variables, variable.dtype, params)
    if reference.shape != _symbolic_shape_check(variable, reference):
        raise Rejected("shape")
    if variable.dtype in FLOAT_DTYPES and reference.size:
        as_float = reference.astype(np.float64)
        if not np.all(np.isfinite(as_float)) or np.max(np.abs(as_float)) > MAGNITUDE:
            raise Rejected("values out of the compared range")
    with np.errstate(all="ignore"):
        computed = [
            v.reference.astype(np.float64) if v.reference.dtype.kind == "f" else v.reference
            for v in operand_values
        ]
        op_kink = op.kink(*computed, **params) if op.kink else np.inf
    exact = op.exact and all(v.exact for v in operand_values)
    return Step(op, tuple(operands), params), Value(variable, reference, exact), op_kink


def _symbolic_shape_check(variable, reference):
    if variable.ndim != reference.ndim:
        raise Rejected(f"reference rank {reference.ndim} != symbolic {variable.ndim}")
    for b, s in zip(variable.broadcastable, reference.shape):
        if b and s != 1:
            raise Rejected("a broadcastable dimension of size != 1")
    return reference.shape
