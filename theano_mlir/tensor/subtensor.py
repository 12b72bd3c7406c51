"""Indexing, as Theano's theano.tensor.subtensor: `x[...]`, `set_subtensor`,
`inc_subtensor`, `take`.

Basic indexing (ints, slices, newaxis) is a Subtensor node, a view of its
input; integer arrays make an AdvancedSubtensor1 (one vector on the first
axis) or an AdvancedSubtensor. Writing into an indexed part is IncSubtensor
and its advanced forms, whose input must be such an indexing result. Each
emits the dialect's subtensor ops (a strided slice, or a gather of leading
dimensions) with dimshuffles around them; bounds are numpy's, and an index
out of range is an IndexError naming the node.
"""

import numpy as np

from .. import dtypes
from ..dialect import theano as dialect
from ..graph import Apply, Constant, Op, Variable
from .basic import NotScalarConstantError, Shape, Shape_i, shape, vector_length
from .conversion import as_tensor_variable
from .elemwise import DimShuffle, abs_, add, gt, int_div, lt, maximum, minimum, neg, sub, switch
from .ranges import ARange
from .type import TensorType

#: Bound markers of the dialect's basic-indexing attributes.
_DYNAMIC = -(2**63)
_ABSENT = -(2**63) + 1

#: A bound or index given by an input of the node (a scalar variable).
DYNAMIC = "int64"


_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)


def _scalar_index(value, what):
    """A slice bound or index: None, a Python int, or a scalar integer variable."""
    if value is None or isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if value is not None and not _INT64_MIN <= int(value) <= _INT64_MAX:
            raise TypeError(f"Could not convert {type(value)} (value={value}) to int64")  # Theano's
        return None if value is None else int(value)
    if isinstance(value, Variable):
        if value.ndim != 0 or value.dtype not in dtypes.INTEGERS:
            raise TypeError(f"{what} must be an integer scalar, got {value.type}")
        if isinstance(value, Constant):
            return int(value.data)
        return value
    raise TypeError(f"{what} must be an integer or a scalar integer variable, got {value!r}")


def _is_full(entry):
    return entry == ("slice", None, None, None)


# ---------------------------------------------------------------------------
# Basic indexing
# ---------------------------------------------------------------------------


class _BasicIndexing(Op):
    """The shared part of Subtensor and IncSubtensor: `idx_list` holds, per
    leading input dimension, ("index", i) or ("slice", start, stop, step),
    each an int, None, or DYNAMIC for the next scalar input."""

    def _dynamic_count(self):
        return sum(b == DYNAMIC for entry in self.idx_list for b in entry[1:])

    def _spec(self):
        def attr(bound):
            return _ABSENT if bound is None else _DYNAMIC if bound == DYNAMIC else bound

        indices = [entry[0] == "index" for entry in self.idx_list]
        starts, stops, steps = [], [], []
        for entry in self.idx_list:
            if entry[0] == "index":
                starts.append(attr(entry[1]))
                stops.append(_ABSENT)
                steps.append(_ABSENT)
            else:
                starts.append(attr(entry[1]))
                stops.append(attr(entry[2]))
                steps.append(attr(entry[3]))
        return indices, starts, stops, steps

    def _idx_str(self):
        def bound(b):
            return "" if b is None else DYNAMIC

        parts = []
        for entry in self.idx_list:
            if entry[0] == "index":
                parts.append(DYNAMIC)
            else:
                text = f"{bound(entry[1])}:{bound(entry[2])}"
                parts.append(text + f":{bound(entry[3])}" if entry[3] is not None else text + ":")
        return ", ".join(parts)

    def part_broadcastable(self, x):
        """Theano's broadcastable pattern of the indexed part."""
        result = []
        for d, bc in enumerate(x.broadcastable):
            if d >= len(self.idx_list):
                result.append(bc)
                continue
            entry = self.idx_list[d]
            if entry[0] == "index":
                continue
            start, stop = entry[1], entry[2]
            result.append(
                bool(bc)
                and start in (None, 0)
                and (stop is None or stop != DYNAMIC and stop > 0)
                and entry[3] in (None, 1)
            )
        return result


def _bounds(node_inputs):
    return list(node_inputs)


def _emit_scalars(emitter, values):
    return [emitter.cast(v, "int64") for v in values]


def _wrapped(bound, n, low, high):
    """A slice bound as numpy adjusts it: n added to a negative one, then
    clipped to [low, high]."""
    if isinstance(bound, int) and bound >= 0 and low == 0:
        return minimum(bound, high)
    if isinstance(bound, int):
        wrapped = add(bound, n) if bound < 0 else bound
    else:
        wrapped = switch(lt(bound, 0), add(bound, n), bound)
    return minimum(maximum(wrapped, low), high)


def _slice_length(n, start, stop, step):
    """len(range(n)[start:stop:step]): `n` an int64 scalar, the bounds None,
    ints or integer scalars (numpy's rules; a step of 0 gives 0)."""
    step = 1 if step is None else step

    def forward(by):
        lo = 0 if start is None else _wrapped(start, n, 0, n)
        hi = n if stop is None else _wrapped(stop, n, 0, n)
        span = sub(hi, lo) if lo != 0 else hi
        if isinstance(by, int) and by == 1:
            return maximum(span, 0)
        return maximum(int_div(add(span, sub(by, 1)), by), 0)

    def backward(by):  # by = -step > 0
        last = sub(n, 1)
        lo = last if start is None else _wrapped(start, n, -1, last)
        hi = -1 if stop is None else _wrapped(stop, n, -1, last)
        return maximum(int_div(add(sub(lo, hi), sub(by, 1)), by), 0)

    if isinstance(step, int):
        if step == 0:
            raise ValueError("slice step cannot be zero")
        return forward(step) if step > 0 else backward(-step)
    return switch(gt(step, 0), forward(maximum(step, 1)), backward(maximum(neg(step), 1)))


class Subtensor(_BasicIndexing):
    """Basic indexing: `x[i, a:b:c, ...]`."""

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        self.idx_list = tuple(tuple(e) for e in idx_list)

    def __str__(self):
        return f"Subtensor{{{self._idx_str()}}}"

    def make_node(self, x, *dynamic):
        x = as_tensor_variable(x)
        if len(self.idx_list) > x.ndim:
            raise IndexError(f"too many indices for a {x.ndim}-dimensional tensor: {len(self.idx_list)}")
        if len(dynamic) != self._dynamic_count():
            raise TypeError(f"{self} takes {self._dynamic_count()} scalar inputs, got {len(dynamic)}")
        dynamic = [as_tensor_variable(v) for v in dynamic]
        return Apply(self, [x, *dynamic], [TensorType(x.dtype, self.part_broadcastable(x))()])

    def infer_shape(self, node, input_shapes):
        """numpy's: an index drops its dimension, a slice keeps the length
        of its range."""
        shape = input_shapes[0]
        dynamic = iter(node.inputs[1:])

        def bound(b):
            if b == DYNAMIC:
                v = next(dynamic)
                return int(v.data) if isinstance(v, Constant) else v
            return b

        result = []
        for d, entry in enumerate(self.idx_list):
            values = [bound(b) for b in entry[1:]]
            if entry[0] == "slice":
                result.append(_slice_length(shape[d], *values))
        return [tuple(result) + tuple(shape[len(self.idx_list) :])]

    def emit(self, emitter, node, inputs):
        x, *dynamic = inputs
        indices, starts, stops, steps = self._spec()
        out = node.outputs[0]
        result_type = emitter.tensor_type(out.dtype, [1 if b else None for b in out.broadcastable])
        return [
            dialect.subtensor(result_type, x, _emit_scalars(emitter, dynamic), indices, starts, stops, steps)
        ]

    def vector_length(self, node):
        """vector_length's rule (Theano's get_vector_length): a slice with
        constant bounds of a vector of known length (x.shape[1:3]) has the
        length of that range; None otherwise."""
        x = node.inputs[0]
        if x.ndim != 1 or len(self.idx_list) != 1 or self.idx_list[0][0] != "slice":
            return None
        length = vector_length(x)
        dynamic = iter(node.inputs[1:])
        bounds = []
        for b in self.idx_list[0][1:]:
            if b == DYNAMIC:
                b = next(dynamic)
                if not isinstance(b, Constant):
                    return None
                b = int(b.data)
            bounds.append(b)
        if length is None or bounds[2] == 0:
            return None
        return len(range(length)[slice(*bounds)])

    def scalar_constant_value(self, node, value):
        """get_scalar_constant_value's rule (Theano's): a scalar entry of a
        constant, or of a vector whose op says which variable holds it
        (`vector_entry`: MakeVector, Join, Shape)."""
        x, *dynamic = node.inputs
        out = node.outputs[0]
        if out.ndim != 0:
            raise NotScalarConstantError(out)
        dynamic = iter(dynamic)
        index = tuple(int(value(next(dynamic))) if e[1] == DYNAMIC else e[1] for e in self.idx_list)
        if isinstance(x, Constant):
            try:
                return np.asarray(x.data[index]).copy()
            except IndexError:
                raise IndexError(f"{index} is not a valid index into {x.data}") from None
        entry = getattr(x.owner.op, "vector_entry", None) if x.owner is not None else None
        if entry is None or len(index) != 1:
            raise NotScalarConstantError(out)
        (i,) = index
        if i < 0 and vector_length(x) is not None:
            i += vector_length(x)
        held = entry(x.owner, i) if i >= 0 else None
        if held is None:
            raise NotScalarConstantError(out)
        return np.asarray(value(held), dtype=out.dtype)


class IncSubtensor(_BasicIndexing):
    """`x` with its basic-indexed part incremented by `y` (or set to it)."""

    __props__ = ("idx_list", "set_instead_of_inc")

    def __init__(self, idx_list, set_instead_of_inc=False):
        self.idx_list = tuple(tuple(e) for e in idx_list)
        self.set_instead_of_inc = bool(set_instead_of_inc)

    def __str__(self):
        kind = "Set" if self.set_instead_of_inc else "Inc"
        return f"{kind}Subtensor{{{self._idx_str()}}}"

    def make_node(self, x, y, *dynamic):
        x, y = as_tensor_variable(x), as_tensor_variable(y)
        dynamic = [as_tensor_variable(v) for v in dynamic]
        return Apply(self, [x, y, *dynamic], [x.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def emit(self, emitter, node, inputs):
        x, y, *dynamic = inputs
        indices, starts, stops, steps = self._spec()
        return [
            dialect.inc_subtensor(
                x,
                y,
                _emit_scalars(emitter, dynamic),
                indices,
                starts,
                stops,
                steps,
                set=self.set_instead_of_inc or None,
            )
        ]


# ---------------------------------------------------------------------------
# Integer-array indexing
# ---------------------------------------------------------------------------


class _AdvancedIndexing(Op):
    """`idx_list` holds, per leading dimension of the input, ("array",) for
    an integer tensor input (scalars included: numpy broadcasts them with
    the arrays) or ("slice", start, stop, step) as in Subtensor.

    numpy's placement: the arrays' broadcast shape B replaces the indexed
    dimensions where they are adjacent, else comes first. The emitted form
    slices first, moves the indexed dimensions to the front, gathers (or
    writes) there, and moves B to its place.
    """

    def _arrays(self):
        return [d for d, e in enumerate(self.idx_list) if e[0] == "array"]

    def _b_position(self):
        arrays = self._arrays()
        adjacent = arrays == list(range(arrays[0], arrays[-1] + 1))
        return arrays[0] if adjacent else 0

    def _split_inputs(self, inputs):
        """The index arrays and the slice bounds among the node's inputs."""
        arrays, dynamic = [], []
        it = iter(inputs)
        for entry in self.idx_list:
            if entry[0] == "array":
                arrays.append(next(it))
            else:
                dynamic.extend(next(it) for b in entry[1:] if b == DYNAMIC)
        return arrays, dynamic

    def _slices(self, ndim):
        """The Subtensor of the sliced dimensions (arrays' dimensions whole)."""
        entries = [("slice", None, None, None) if e[0] == "array" else e for e in self.idx_list]
        while entries and _is_full(entries[-1]):
            entries.pop()
        return Subtensor(entries) if entries else None

    def result_broadcastable(self, x, arrays):
        sliced = self._slices(x.ndim)
        part = sliced.part_broadcastable(x) if sliced else list(x.broadcastable)
        ndim = max(a.ndim for a in arrays)
        padded = [(False,) * (ndim - a.ndim) + tuple(a.broadcastable) for a in arrays]
        b = [all(p[d] for p in padded) for d in range(ndim)]
        rest = [bc for d, bc in enumerate(part) if d not in self._arrays()]
        at = self._b_position()
        return rest[:at] + b + rest[at:]

    # -- emission ------------------------------------------------------------

    def _permutation(self, ndim):
        arrays = self._arrays()
        return arrays + [d for d in range(ndim) if d not in arrays]

    @staticmethod
    def _dimshuffle(emitter, value, order, dtype):
        if list(order) == list(range(len(order))):
            return value
        shape = emitter.shape_of(value)
        result_type = emitter.tensor_type(dtype, [1 if d == -1 else shape[d] for d in order])
        return dialect.dimshuffle(result_type, value, list(order))

    def _emit_slices(self, emitter, x, dtype, dynamic):
        sliced = self._slices(None)
        if sliced is None:
            return x, None
        indices, starts, stops, steps = sliced._spec()
        shape = emitter.shape_of(x)
        # the arrays' dimensions stay whole: their static sizes survive.
        part_shape = [shape[d] if d in self._arrays() else None for d in range(len(shape))]
        part = dialect.subtensor(
            emitter.tensor_type(dtype, part_shape),
            x,
            _emit_scalars(emitter, dynamic),
            indices,
            starts,
            stops,
            steps,
        )
        return part, (sliced, indices, starts, stops, steps)

    @staticmethod
    def _emit_arrays(emitter, arrays):
        """Index arrays as int64 of one rank (padded with leading 1s)."""
        arrays = [emitter.cast(a, "int64") for a in arrays]
        ndim = max(len(emitter.shape_of(a)) for a in arrays)
        padded = []
        for a in arrays:
            rank = len(emitter.shape_of(a))
            order = [-1] * (ndim - rank) + list(range(rank))
            padded.append(_AdvancedIndexing._dimshuffle(emitter, a, order, "int64"))
        return padded, ndim


class AdvancedSubtensor(_AdvancedIndexing):
    """Integer-array indexing, mixed with slices: `x[ivec, 1:, imat]`."""

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        self.idx_list = tuple(tuple(e) for e in idx_list)

    def __str__(self):
        return "AdvancedSubtensor"

    def make_node(self, x, *inputs):
        x = as_tensor_variable(x)
        inputs = [as_tensor_variable(i) for i in inputs]
        arrays, _ = self._split_inputs(inputs)
        broadcastable = self.result_broadcastable(x, arrays)
        return Apply(self, [x, *inputs], [TensorType(x.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        x, *rest = inputs
        dtype = node.outputs[0].dtype
        taken = _take_per_row_form(node)
        if taken is not None:
            return [_emit_take_per_row(emitter, node, inputs, taken)]
        arrays, dynamic = self._split_inputs(rest)
        part, _ = self._emit_slices(emitter, x, dtype, dynamic)
        ndim = len(emitter.shape_of(part))
        front = self._dimshuffle(emitter, part, self._permutation(ndim), dtype)
        index_values, index_rank = self._emit_arrays(emitter, arrays)
        gathered_shape = [None] * index_rank + emitter.shape_of(front)[len(arrays) :]
        for d in range(index_rank):
            if all(emitter.shape_of(a)[d] == 1 for a in index_values):
                gathered_shape[d] = 1
        gathered = dialect.advanced_subtensor(emitter.tensor_type(dtype, gathered_shape), front, index_values)
        # B (the first index_rank dimensions) moves to its place.
        at = self._b_position()
        rest_dims = list(range(index_rank, len(gathered_shape)))
        order = rest_dims[:at] + list(range(index_rank)) + rest_dims[at:]
        result = self._dimshuffle(emitter, gathered, order, dtype)
        out = node.outputs[0]
        return [
            emitter.with_static_shape(
                result, [1 if b else s for b, s in zip(out.broadcastable, emitter.shape_of(result))]
            )
        ]


class AdvancedSubtensor1(AdvancedSubtensor):
    """`x[ivec]`: rows of x (Theano's AdvancedSubtensor1)."""

    def __init__(self):
        super().__init__([("array",)])

    __props__ = ()

    def infer_shape(self, node, input_shapes):
        x, index = input_shapes[:2]
        return [tuple(index) + tuple(x[1:])]

    def __str__(self):
        return "AdvancedSubtensor1"


class AdvancedIncSubtensor(_AdvancedIndexing):
    """`x` with its integer-array-indexed parts incremented by `y` (or set);
    repeated indices accumulate."""

    __props__ = ("idx_list", "set_instead_of_inc")

    def __init__(self, idx_list, set_instead_of_inc=False):
        self.idx_list = tuple(tuple(e) for e in idx_list)
        self.set_instead_of_inc = bool(set_instead_of_inc)

    def __str__(self):
        return f"Advanced{'Set' if self.set_instead_of_inc else 'Inc'}Subtensor"

    def make_node(self, x, y, *inputs):
        x, y = as_tensor_variable(x), as_tensor_variable(y)
        inputs = [as_tensor_variable(i) for i in inputs]
        return Apply(self, [x, y, *inputs], [x.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def emit(self, emitter, node, inputs):
        x, y, *rest = inputs
        dtype = node.outputs[0].dtype
        arrays, dynamic = self._split_inputs(rest)
        set_ = self.set_instead_of_inc or None
        part, sliced = self._emit_slices(emitter, x, dtype, dynamic)
        ndim = len(emitter.shape_of(part))
        perm = self._permutation(ndim)
        front = self._dimshuffle(emitter, part, perm, dtype)
        index_values, index_rank = self._emit_arrays(emitter, arrays)
        # y is in the result's order: B at its place; to B first.
        at = self._b_position()
        y_rank = len(emitter.shape_of(y))
        rest_count = y_rank - index_rank
        order = list(range(at, at + index_rank)) + list(range(at)) + list(range(at + index_rank, y_rank))
        assert rest_count >= 0
        value = self._dimshuffle(emitter, y, order, dtype)
        written = dialect.advanced_inc_subtensor(front, value, index_values, set=set_)
        inverse = [perm.index(d) for d in range(ndim)]
        written = self._dimshuffle(emitter, written, inverse, dtype)
        written = emitter.with_static_shape(written, emitter.shape_of(part))
        if sliced is None:
            return [written]
        _, indices, starts, stops, steps = sliced
        return [
            dialect.inc_subtensor(
                x, written, _emit_scalars(emitter, dynamic), indices, starts, stops, steps, set=True
            )
        ]


class AdvancedIncSubtensor1(AdvancedIncSubtensor):
    """`x` with rows `ivec` incremented (or set): Theano's AdvancedIncSubtensor1."""

    __props__ = ("set_instead_of_inc",)

    def __init__(self, set_instead_of_inc=False):
        super().__init__([("array",)], set_instead_of_inc)

    def __str__(self):
        return f"Advanced{'Set' if self.set_instead_of_inc else 'Inc'}Subtensor1"


class AdvancedBooleanSubtensor(AdvancedSubtensor):
    """Indexing with boolean masks (Theano 1.0's AdvancedBooleanSubtensor):
    each mask is replaced by the coordinates of its true entries (nonzero),
    which index as integer arrays do."""

    def __str__(self):
        return "AdvancedBooleanSubtensor"


class AdvancedBooleanIncSubtensor(AdvancedIncSubtensor):
    """Writing through boolean masks (Theano 1.0's AdvancedBooleanIncSubtensor)."""

    def __str__(self):
        return f"AdvancedBoolean{'Set' if self.set_instead_of_inc else 'Inc'}Subtensor"


# ---------------------------------------------------------------------------
# The tutorials' negative log-likelihood: log(p)[arange(y.shape[0]), y]
# ---------------------------------------------------------------------------


def _is_length_of(v, y):
    """Whether scalar `v` is y.shape[0] as a graph."""
    owner = v.owner
    while (
        owner is not None and owner.op.__class__.__name__ in ("Cast", "Elemwise") and len(owner.inputs) == 1
    ):
        v, owner = owner.inputs[0], owner.inputs[0].owner
    if owner is None:
        return False
    if isinstance(owner.op, Shape_i):
        return owner.op.i == 0 and owner.inputs[0] is y
    return False


def _constant_value(v):
    return int(v.data) if isinstance(v, Constant) and np.ndim(v.data) == 0 else None


def _take_per_row_form(node):
    """(matrix, targets) when the node is x[arange(y.shape[0]), y] on a matrix:
    element y[i] of row i, one pass over the rows (theano.take_per_row)."""
    op = node.op
    if op.idx_list != (("array",), ("array",)) or node.inputs[0].ndim != 2:
        return None
    rows, targets = node.inputs[1], node.inputs[2]
    if rows.ndim != 1 or targets.ndim != 1 or rows.owner is None:
        return None
    if not isinstance(rows.owner.op, ARange):
        return None
    start, stop, step = rows.owner.inputs
    if _constant_value(start) != 0 or _constant_value(step) != 1 or not _is_length_of(stop, targets):
        return None
    return node.inputs[0], targets


def _emit_take_per_row(emitter, node, inputs, taken):
    x = inputs[0]
    targets = emitter.cast(inputs[2], "int64")
    dtype = node.outputs[0].dtype
    # rows past len(y) are not read (numpy's arange(len(y)) reads the first).
    count = dialect.dim(emitter.tensor_type("int64", ()), targets, 0)
    rows = dialect.subtensor(
        emitter.tensor_type(dtype, [None, emitter.shape_of(x)[1]]),
        x,
        [count],
        [False],
        [_ABSENT],
        [_DYNAMIC],
        [_ABSENT],
    )
    return dialect.take_per_row(emitter.tensor_type(dtype, [None]), rows, targets)


# ---------------------------------------------------------------------------
# x[...]
# ---------------------------------------------------------------------------


def _as_index_entry(item):
    """One entry of an index tuple: ("newaxis",), ("ellipsis",), ("slice", ...),
    ("index", i), ("array", variable) or ("mask", variable)."""
    if item is None:
        return ("newaxis",)
    if item is Ellipsis:
        return ("ellipsis",)
    if isinstance(item, slice):
        return (
            "slice",
            _scalar_index(item.start, "a slice start"),
            _scalar_index(item.stop, "a slice stop"),
            _scalar_index(item.step, "a slice step"),
        )
    if isinstance(item, (bool, np.bool_)):
        raise TypeError("boolean scalar indices are not supported (Theano does not take them)")
    if isinstance(item, (int, np.integer)):
        return ("index", _scalar_index(item, "an index"))
    if isinstance(item, Variable) and item.ndim == 0:
        return ("index", _scalar_index(item, "an index"))
    if isinstance(item, (float, np.floating)):
        raise TypeError(f"indices must be integers, got {item!r}")
    if isinstance(item, (list, tuple)) and len(item) == 0:
        item = np.array([], dtype="int64")  # an empty list selects nothing (numpy's, Theano's)
    variable = as_tensor_variable(item)
    if variable.dtype == "bool":
        return ("mask", variable)
    if variable.dtype not in dtypes.INTEGERS:
        raise TypeError(f"index arrays must be of an integer dtype, got {variable.type}")
    if variable.ndim == 0:
        return ("index", _scalar_index(variable, "an index"))
    return ("array", variable)


def _consumed(entry):
    kind = entry[0]
    if kind == "mask":
        return entry[1].ndim
    return 0 if kind == "newaxis" else 1


def getitem(x, index):
    """`x[index]` with numpy's semantics (Theano's __getitem__)."""
    x = as_tensor_variable(x)
    if x.owner is not None and isinstance(x.owner.op, Shape) and isinstance(index, (int, np.integer)):
        ndim = x.owner.inputs[0].ndim
        if not -ndim <= index < ndim:
            raise IndexError(f"index {index} is out of range for the shape of a {ndim}-d tensor")
        return Shape_i(index % ndim)(x.owner.inputs[0])
    if not isinstance(index, tuple):
        index = (index,)
    entries = [_as_index_entry(item) for item in index]
    ellipses = [i for i, e in enumerate(entries) if e[0] == "ellipsis"]
    if len(ellipses) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = sum(_consumed(e) for e in entries if e[0] != "ellipsis")
    if used > x.ndim:
        raise IndexError(f"too many indices for a {x.ndim}-dimensional tensor: {used} were indexed")
    if ellipses:
        at = ellipses[0]
        entries[at : at + 1] = [("slice", None, None, None)] * (x.ndim - used)
    # newaxis: a new broadcastable dimension, taken whole.
    if any(e[0] == "newaxis" for e in entries):
        pattern, d = [], 0
        for e in entries:
            if e[0] == "newaxis":
                pattern.append("x")
                continue
            for _ in range(_consumed(e)):
                pattern.append(d)
                d += 1
        pattern.extend(range(d, x.ndim))
        x = DimShuffle(pattern)(x)
        entries = [("slice", None, None, None) if e[0] == "newaxis" else e for e in entries]
        if all(_is_full(e) for e in entries):
            return x  # Theano's: the view alone where the rest takes all
    masked = any(e[0] == "mask" for e in entries)
    if masked:
        expanded, d = [], 0
        for e in entries:
            if e[0] == "mask":
                expanded.extend(("array", v) for v in _mask_coordinates(x, e[1], d))
            else:
                expanded.append(e)
            d += _consumed(e)
        entries = expanded
    if not any(e[0] == "array" for e in entries):
        # Theano's: full slices stay (x[:] and x[...] are Subtensor nodes,
        # x[1, ...] is Subtensor{int64, ::, ::}); the rewrites
        # local_useless_slice and local_useless_subtensor drop them.
        return _basic(x, entries)
    while entries and _is_full(entries[-1]):
        entries.pop()
    return _advanced(x, entries, AdvancedBooleanSubtensor if masked else AdvancedSubtensor)


def _basic(x, entries):
    if not entries:
        return x
    idx_list, dynamic = [], []
    for e in entries:
        bounds = []
        for b in e[1:]:
            if isinstance(b, Variable):
                dynamic.append(b)
                bounds.append(DYNAMIC)
            else:
                bounds.append(b)
        idx_list.append((e[0], *bounds))
    return Subtensor(idx_list)(x, *dynamic)


def _advanced(x, entries, op_class=None):
    idx_list, inputs = [], []
    for e in entries:
        if e[0] == "index":  # numpy: a scalar among arrays is an array
            idx_list.append(("array",))
            inputs.append(as_tensor_variable(e[1]) if not isinstance(e[1], Variable) else e[1])
        elif e[0] == "array":
            idx_list.append(("array",))
            inputs.append(e[1])
        else:
            bounds = []
            for b in e[1:]:
                if isinstance(b, Variable):
                    inputs.append(b)
                    bounds.append(DYNAMIC)
                else:
                    bounds.append(b)
            idx_list.append(("slice", *bounds))
    if op_class in (None, AdvancedSubtensor) and idx_list == [("array",)] and inputs[0].ndim == 1:
        return AdvancedSubtensor1()(x, inputs[0])
    return (op_class or AdvancedSubtensor)(idx_list)(x, *inputs)


# ---------------------------------------------------------------------------
# Writing into indexed parts
# ---------------------------------------------------------------------------


def _value_for(x, y, what):
    """y as the value written into the indexed part `x`: x's dtype, x's rank
    (leading broadcastable dimensions added)."""
    y = as_tensor_variable(y)
    if y.ndim > x.ndim:
        raise TypeError(
            f"Trying to increment a {x.ndim}-dimensional subtensor with a {y.ndim}-dimensional value."
        )
    if y.dtype != x.dtype:
        if dtypes.upcast(x.dtype, y.dtype) != x.dtype:
            raise TypeError(
                f"{what}: the value's dtype {y.dtype} cannot be cast to the indexed tensor's {x.dtype} without loss"
            )
        y = y.astype(x.dtype)
    if y.ndim < x.ndim:
        y = DimShuffle(["x"] * (x.ndim - y.ndim) + list(range(y.ndim)))(y)
    return y


def inc_subtensor(x, y, inplace=False, set_instead_of_inc=False, tolerate_inplace_aliasing=False):
    """`x`'s whole tensor with the part `x` selects incremented by `y` (set
    to `y` with `set_instead_of_inc`); `x` must be an indexing result."""
    x = as_tensor_variable(x)
    what = "set_subtensor" if set_instead_of_inc else "inc_subtensor"
    owner = x.owner
    if owner is None or not isinstance(owner.op, (Subtensor, AdvancedSubtensor)):
        raise TypeError(f"{what}: x must be the result of a subtensor operation, got {x}")
    y = _value_for(x, y, what)
    base, *rest = owner.inputs
    if isinstance(owner.op, Subtensor):
        return IncSubtensor(owner.op.idx_list, set_instead_of_inc)(base, y, *rest)
    if isinstance(owner.op, AdvancedSubtensor1):
        return AdvancedIncSubtensor1(set_instead_of_inc)(base, y, *rest)
    if isinstance(owner.op, AdvancedBooleanSubtensor):
        return AdvancedBooleanIncSubtensor(owner.op.idx_list, set_instead_of_inc)(base, y, *rest)
    return AdvancedIncSubtensor(owner.op.idx_list, set_instead_of_inc)(base, y, *rest)


def advanced_subtensor(x, *index):
    """Theano's advanced_subtensor(x, *index): x[index]."""
    return getitem(x, tuple(index))


def advanced_inc_subtensor(x, y, *index):
    """Theano's advanced_inc_subtensor(x, y, *index): x with x[index] incremented by y."""
    return inc_subtensor(getitem(x, tuple(index)), y)


def advanced_set_subtensor(x, y, *index):
    """Theano's advanced_set_subtensor(x, y, *index): x with x[index] set to y."""
    return inc_subtensor(getitem(x, tuple(index)), y, set_instead_of_inc=True)


def get_canonical_form_slice(theslice, length):
    """Theano's canonical form of an index into a dimension of `length`:
    for a slice, (slice(start, stop, step), direction) with 0 <= start <=
    stop <= length and step > 0, such that x[theslice] is
    x[start:stop:step][::direction]; for an integer, (its non-negative
    form, 1). Bounds, steps and length may be symbolic."""
    length = as_tensor_variable(length)
    if not isinstance(theslice, slice):
        value = as_tensor_variable(theslice)
        return switch(lt(value, 0), value + length, value), 1
    step = 1 if theslice.step is None else theslice.step
    if isinstance(step, (int, np.integer)) and step == 0:
        raise ValueError("slice step cannot be zero")
    forward = gt(step, 0)

    def bound(given, forward_default, backward_default):
        if given is None:
            return switch(forward, forward_default, backward_default)
        wrapped = switch(lt(given, 0), given + length, given)
        return switch(
            forward,
            minimum(maximum(wrapped, 0), length),
            minimum(maximum(wrapped, -1), length - 1),
        )

    start = bound(theslice.start, 0, length - 1)
    stop = bound(theslice.stop, length, -1)
    magnitude = abs_(step) if isinstance(step, Variable) else abs(int(step))
    distance = switch(forward, stop - start, start - stop)
    count = switch(gt(distance, 0), (distance - 1) // magnitude + 1, 0)
    # the elements, ascending: from `low`, count of them, magnitude apart
    low = switch(forward, start, start - (count - 1) * magnitude)
    empty = lt(count, 1)
    canonical_start = switch(empty, 0, low)
    canonical_stop = switch(empty, 0, low + (count - 1) * magnitude + 1)
    if isinstance(step, Variable):
        direction = switch(lt(step, 0), -1, 1)
    else:
        direction = 1 if step > 0 else -1
    return slice(canonical_start, canonical_stop, magnitude), direction


def set_subtensor(x, y, inplace=False, tolerate_inplace_aliasing=False):
    """`x`'s whole tensor with the part `x` selects set to `y`."""
    return inc_subtensor(x, y, inplace, set_instead_of_inc=True)


def advanced_subtensor1(x, ilist):
    return AdvancedSubtensor1()(x, ilist)


def advanced_inc_subtensor1(x, y, ilist):
    return AdvancedIncSubtensor1()(x, _value_for(AdvancedSubtensor1()(x, ilist), y, "inc_subtensor"), ilist)


def advanced_set_subtensor1(x, y, ilist):
    return AdvancedIncSubtensor1(True)(
        x, _value_for(AdvancedSubtensor1()(x, ilist), y, "set_subtensor"), ilist
    )


def take(a, indices, axis=None, mode="raise"):
    """numpy's take: `a` flattened (axis None) or along `axis`, at `indices`."""
    a = as_tensor_variable(a)
    indices = as_tensor_variable(indices)
    if indices.dtype not in dtypes.INTEGERS:
        raise TypeError(f"take: indices must be integers, got {indices.type}")
    if axis is None:
        a = a.flatten()
        axis = 0
    if not -a.ndim <= axis < a.ndim:
        raise ValueError(f"take: axis {axis} is out of range for {a.ndim} dimensions")
    axis %= a.ndim
    if mode in ("wrap", "clip"):
        size = shape(a)[axis]
        indices = indices % size if mode == "wrap" else _clip(indices, 0, size - 1)
    elif mode != "raise":
        raise ValueError(f"take: mode must be 'raise', 'wrap' or 'clip', got {mode!r}")
    if indices.ndim == 0:
        return getitem(a, (slice(None),) * axis + (indices,))
    return getitem(a, (slice(None),) * axis + (indices,))


def _clip(x, low, high):
    return minimum(maximum(x, low), high)


# ---------------------------------------------------------------------------
# nonzero and boolean masks
# ---------------------------------------------------------------------------


class Nonzero(Op):
    """The coordinates of `a`'s nonzero elements as an int64 matrix, one row
    per dimension (Theano's Nonzero; its length is known at run time). Extra
    inputs, one int64 scalar per dimension, make `a` a boolean mask of a
    tensor whose indexed dimensions have these sizes: a mismatch is an
    IndexError, as numpy's boolean indexing."""

    __props__ = ()

    def __str__(self):
        return "Nonzero"

    def make_node(self, a, *sizes):
        a = as_tensor_variable(a)
        if a.ndim == 0:
            raise ValueError("Nonzero only supports non-scalar arrays.")
        sizes = [as_tensor_variable(s) for s in sizes]
        if sizes and len(sizes) != a.ndim:
            raise ValueError(f"Nonzero: {len(sizes)} sizes for a {a.ndim}-dimensional mask")
        return Apply(self, [a, *sizes], [TensorType("int64", (False, False))()])

    def emit(self, emitter, node, inputs):
        a, *sizes = inputs
        result_type = emitter.tensor_type("int64", [node.inputs[0].ndim, None])
        return [dialect.nonzero(result_type, a, [emitter.cast(s, "int64") for s in sizes])]


_nonzero = Nonzero()


def nonzero(a, return_matrix=False):
    """numpy's nonzero: a tuple of int64 vectors, one per dimension of `a`
    (with `return_matrix`, Theano's matrix of them as rows)."""
    a = as_tensor_variable(a)
    matrix = _nonzero(a)
    if return_matrix:
        return matrix
    return tuple(getitem(matrix, i) for i in range(a.ndim))


def flatnonzero(a):
    """The int64 positions of `a`'s nonzero elements in the flattened `a`."""
    a = as_tensor_variable(a)
    if a.ndim == 0:
        raise ValueError("Nonzero only supports non-scalar arrays.")
    return nonzero(a.flatten(), return_matrix=False)[0]


def nonzero_values(a):
    """The values of `a`'s nonzero elements, flattened (Theano's nonzero_values)."""
    a = as_tensor_variable(a)
    return getitem(a.flatten(), flatnonzero(a))


def _mask_coordinates(x, mask, first):
    """The coordinates `mask` selects in x's dimensions first, first + 1, ...
    (one int64 vector per mask dimension); the mask's sizes are checked
    against those dimensions when the function runs."""
    if mask.ndim == 0:
        raise IndexError("a 0-dimensional boolean index is not supported")
    matrix = _nonzero(mask, *[Shape_i(first + k)(x) for k in range(mask.ndim)])
    return [getitem(matrix, k) for k in range(mask.ndim)]
