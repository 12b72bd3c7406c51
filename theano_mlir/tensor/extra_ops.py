"""theano.tensor.extra_ops: squeeze, repeat, to_one_hot (and, with their
dialect ops, cumsum and cumprod), as Theano 1.0 has them; and Theano's op
classes written as graphs of other ops (CompositeOps): RepeatOp, CpuContiguous,
SearchsortedOp, DiffOp, Bartlett, FillDiagonal, FillDiagonalOffset,
Unique, RavelMultiIndex, UnravelIndex, with bincount and compress."""

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, CompositeOp, Op
from .basic import (
    Assert,
    Shape_i,
    alloc,
    cast,
    NotScalarConstantError,
    flatten,
    get_scalar_constant_value,
    max,
    reshape,
    with_sizes,
    tensor_copy,
    vector_length,
    zeros,
)
from .basic import all as tensor_all
from .basic import sum as tensor_sum
from .conversion import as_tensor_variable
from .cumulative import CumOp, cumprod, cumsum
from .elemwise import EXPORTS, DimShuffle, add, mul
from .concatenation import concatenate
from .ranges import arange
from .sort import argsort
from .subtensor import getitem, inc_subtensor, set_subtensor
from .type import TensorType


def squeeze(x):
    """`x` without its broadcastable dimensions."""
    x = as_tensor_variable(x)
    return DimShuffle([d for d in range(x.ndim) if not x.broadcastable[d]])(x)


def repeat(x, repeats, axis=None):
    """Each element of `x` repeated `repeats` times along `axis` (numpy's
    repeat; by default over the flattened `x`). `repeats` is an integer or
    an integer scalar, or a vector of one count per element along `axis`
    (its length checked when the function runs, a ValueError). As in
    Theano, a vector of counts builds a RepeatOp node; a scalar count (or a
    vector of one broadcastable element) an alloc of `x` with a new axis,
    reshaped."""
    repeats = as_tensor_variable(repeats)
    if repeats.ndim > 1:
        raise ValueError("The dimension of repeats should not exceed 1.")
    if repeats.ndim == 1 and not repeats.broadcastable[0]:
        return RepeatOp(axis=axis)(x, repeats)
    x = as_tensor_variable(x)
    if repeats.dtype not in dtypes.INTEGERS:
        raise TypeError("repeats.dtype must be an integer.")
    if repeats.ndim == 1:
        repeats = DimShuffle([])(repeats)  # its one element, as a scalar
    if x.dtype == "uint64":
        raise TypeError("theano.tensor.repeat don't support dtype uint64")
    if axis is not None and axis >= x.ndim:
        raise ValueError("Axis should not exceed x.ndim-1.")
    return _repeat(x, repeats, axis)


def _repeat(x, repeats, axis):
    """numpy.repeat(x, repeats, axis), `repeats` a scalar or a vector."""
    if axis is None:
        axis = 0
        x = flatten(x)
    elif axis < 0:
        axis = x.ndim + axis
    if repeats.ndim == 1:
        return _repeat_each(x, repeats, axis)
    shape = [1 if b else Shape_i(d)(x) for d, b in enumerate(x.broadcastable)]
    expanded = shape[:]
    expanded.insert(axis + 1, repeats)
    pattern = list(range(x.ndim))
    pattern.insert(axis + 1, "x")
    shape[axis] = repeats if isinstance(shape[axis], int) else mul(shape[axis], repeats)
    return reshape(alloc(DimShuffle(pattern)(x), *expanded), shape, ndim=x.ndim)


class RepeatOp(CompositeOp):
    """Theano's RepeatOp(axis): numpy.repeat(x, repeats, axis) of a tensor
    and an integer scalar or vector `repeats` (by default over the
    flattened `x`), written as a graph of other ops (see `repeat`)."""

    __props__ = ("axis",)

    def __init__(self, axis=None):
        self.axis = axis

    def make_node(self, x, repeats):
        x = as_tensor_variable(x)
        repeats = as_tensor_variable(repeats)
        if repeats.dtype not in dtypes.INTEGERS:
            raise TypeError("repeats.dtype must be an integer.")
        if repeats.dtype == "uint64":
            raise TypeError(
                "dtypes ('uint64',) are not supported by numpy.repeat for the 'repeats' parameter, ",
                repeats.dtype,
            )
        if repeats.ndim > 1:
            raise ValueError("The dimension of repeats should not exceed 1.")
        if self.axis is None:
            broadcastable = [False]
        else:
            if not -x.ndim <= self.axis < x.ndim:
                raise ValueError("Axis should not exceed x.ndim-1.")
            try:
                const_reps = get_scalar_constant_value(repeats)
            except NotScalarConstantError:
                const_reps = None
            broadcastable = list(x.broadcastable)
            if const_reps != 1:
                broadcastable[self.axis] = False
        return Apply(self, [x, repeats], [TensorType(x.dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        """Theano's: the repeated axis's size times repeats, or the sum of
        the repeats (the flattened size without an axis)."""
        shape, repeats = list(input_shapes[0]), node.inputs[1]
        if self.axis is None:
            size = shape[0] if len(shape) == 1 else mul(*shape) if shape else 1
            return [(mul(size, repeats) if repeats.ndim == 0 else tensor_sum(repeats, dtype="int64"),)]
        if repeats.ndim == 0:
            shape[self.axis] = mul(shape[self.axis], repeats)
        else:
            shape[self.axis] = tensor_sum(repeats, dtype="int64")
        return [tuple(shape)]

    def build(self, node, x, repeats):
        return [_repeat(x, repeats, self.axis)]


def _repeat_each(x, repeats, axis):
    """x's elements along `axis`, element i repeats[i] times: a gather at
    the positions cumsum(marks), marks holding a 1 where each element's run
    ends (runs of 0 add nothing); its gradient sums the repeated
    gradients."""
    repeats = with_sizes(cast(repeats, "int64"), [Shape_i(axis)(x)])
    total = tensor_sum(repeats)
    ends = cumsum(repeats, axis=0)
    marks = zeros((add(total, 1),), dtype="int64")
    marks = inc_subtensor(getitem(marks, getitem(ends, slice(None, -1))), 1)
    positions = getitem(cumsum(marks, axis=0), slice(None, total))
    return getitem(x, (slice(None),) * axis + (positions,))


class OneHot(Op):
    """One row per index of an integer vector, 1 at the index and 0 elsewhere
    (the `theano.one_hot` dialect op); an index outside [0, nb_class) gives a
    row of zeros."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dtype

    def __str__(self):
        return f"OneHot{{{self.dtype}}}"

    def make_node(self, y, nb_class):
        y, nb_class = as_tensor_variable(y), as_tensor_variable(nb_class)
        if y.ndim != 1 or y.dtype not in dtypes.INTEGERS:
            raise TypeError(f"to_one_hot: y must be an integer vector, got {y.type}")
        if nb_class.ndim != 0 or nb_class.dtype not in dtypes.INTEGERS:
            raise TypeError(f"to_one_hot: nb_class must be an integer scalar, got {nb_class.type}")
        return Apply(self, [y, nb_class], [TensorType(self.dtype, (False, False))()])

    def emit(self, emitter, node, inputs):
        y, depth = (emitter.cast(v, "int64") for v in inputs)
        compute = "uint8" if self.dtype == "bool" else self.dtype
        rows = emitter.shape_of(y)[:1]
        result = dialect.one_hot(emitter.tensor_type(compute, rows + [None]), y, depth)
        return [emitter.cast(result, self.dtype)]


def to_one_hot(y, nb_class, dtype=None):
    """A matrix of y.shape[0] rows and `nb_class` columns, row i one-hot at
    y[i] (dtype floatX by default)."""
    dtype = TensorType(dtype or config.floatX, ()).dtype
    return OneHot(dtype)(y, nb_class)


_T = EXPORTS["tensor"]


class _Composite(CompositeOp):
    """A CompositeOp whose node's outputs are those of its graph (built once
    over the inputs to learn the output types)."""

    def make_node(self, *inputs):
        inputs = [as_tensor_variable(i) for i in inputs]
        outputs = self.compute(*inputs)
        return Apply(self, inputs, [o.type() for o in outputs])

    def build(self, node, *inputs):
        return self.compute(*inputs)


class CpuContiguous(_Composite):
    """Theano's CpuContiguous: `x` as a C-contiguous array (a copy here:
    theano_mlir's arrays are contiguous already)."""

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def compute(self, x):
        return [tensor_copy(x)]


cpu_contiguous = CpuContiguous()


class SearchsortedOp(_Composite):
    """numpy's searchsorted: for each element of `v`, how many elements of
    the sorted vector `x` are < it (side='left') or <= it ('right'), int64.
    With `sorter`, `x` is x[sorter]."""

    __props__ = ("side",)

    def __init__(self, side="left"):
        if side not in ("left", "right"):
            raise ValueError(f"'{side}' is an invalid value for keyword 'side'")
        self.side = side

    def __str__(self):
        return f"SearchsortedOp{{side={self.side}}}"

    def make_node(self, x, v, sorter=None):
        x, v = as_tensor_variable(x), as_tensor_variable(v)
        # not a vector: Theano's ValueError of as_tensor(x, ndim=1)
        if x.ndim != 1:
            raise ValueError(f"searchsorted: x must be a vector, got {x.type}")
        inputs = [x, v] if sorter is None else [x, v, as_tensor_variable(sorter)]
        if len(inputs) == 3 and inputs[2].ndim != 1:
            raise ValueError(f"searchsorted: sorter must be a vector, got {inputs[2].type}")
        if len(inputs) == 3 and inputs[2].dtype not in dtypes.INTEGERS:
            raise TypeError("searchsorted: sorter must be an integer vector")
        return Apply(self, inputs, [TensorType("int64", v.broadcastable)()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[1]]

    def compute(self, x, v, sorter=None):
        if sorter is not None:
            x = getitem(x, sorter)
        below = _T["lt"] if self.side == "left" else _T["le"]
        pattern = list(range(v.ndim)) + ["x"]
        return [tensor_sum(below(x, DimShuffle(pattern)(v)), axis=-1, dtype="int64")]


def searchsorted(x, v, side="left", sorter=None):
    """numpy.searchsorted over the sorted vector `x`."""
    return SearchsortedOp(side=side)(x, v, sorter)


class DiffOp(_Composite):
    """numpy's diff: the `n`-th difference along `axis`."""

    __props__ = ("n", "axis")

    def __init__(self, n=1, axis=-1):
        self.n, self.axis = int(n), int(axis)

    def infer_shape(self, node, input_shapes):
        shape = list(input_shapes[0])
        axis = self.axis % len(shape)
        shape[axis] = _T["maximum"](_T["sub"](shape[axis], self.n), 0)
        return [tuple(shape)]

    def compute(self, x):
        axis = self.axis % x.ndim if x.ndim else 0
        if not x.ndim:
            raise ValueError("diff: x must have at least one dimension")
        lead = (slice(None),) * axis
        for _ in range(self.n):
            x = _T["sub"](getitem(x, lead + (slice(1, None),)), getitem(x, lead + (slice(None, -1),)))
        return [x]


def diff(x, n=1, axis=-1):
    """numpy.diff."""
    return DiffOp(n=n, axis=axis)(x)


class Bartlett(_Composite):
    """numpy's bartlett window of M points (float64; empty for M < 1)."""

    def make_node(self, M):
        M = as_tensor_variable(M)
        if M.ndim != 0 or M.dtype not in dtypes.INTEGERS:
            raise TypeError(f"bartlett: M must be an integer scalar, got {M.type}")
        return Apply(self, [M], [TensorType("float64", (False,))()])

    def infer_shape(self, node, input_shapes):
        (M,) = node.inputs
        return [(_T["maximum"](M, 0),)]

    def compute(self, M):
        n = cast(arange(_T["maximum"](M, 0)), "float64")
        half = _T["true_div"](cast(_T["sub"](M, 1), "float64"), 2.0)
        w = _T["sub"](1.0, _T["abs_"](_T["true_div"](_T["sub"](n, half), half)))
        return [_T["switch"](_T["eq"](M, 1), 1.0, w)]


bartlett_ = Bartlett()


def bartlett(M):
    """numpy.bartlett(M)."""
    return bartlett_(M)


def _diagonal_positions(a, offset=None):
    """Index vectors of a's main diagonal (of row/column offset `offset` for a matrix)."""
    shapes = [Shape_i(d)(a) for d in range(a.ndim)]
    if offset is None:
        n = shapes[0]
        for s in shapes[1:]:
            n = _T["minimum"](n, s)
        return (arange(n),) * a.ndim
    down = _T["maximum"](_T["neg"](offset), 0)
    right = _T["maximum"](offset, 0)
    n = _T["maximum"](_T["minimum"](_T["sub"](shapes[0], down), _T["sub"](shapes[1], right)), 0)
    i = arange(n)
    return (_T["add"](i, down), _T["add"](i, right))


class FillDiagonal(_Composite):
    """numpy's fill_diagonal (a copy of `a`, ndim >= 2, its diagonal set to the scalar `val`)."""

    def make_node(self, a, val):
        a, val = as_tensor_variable(a), as_tensor_variable(val)
        if a.ndim < 2:
            raise TypeError("fill_diagonal: a must have at least two dimensions")
        if val.ndim != 0:
            raise TypeError("fill_diagonal: val must be a scalar")
        if dtypes.upcast(a.dtype, val.dtype) != a.dtype:
            raise TypeError(f"fill_diagonal: {val.dtype} values do not fit a {a.dtype} tensor")
        return Apply(self, [a, val], [a.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def compute(self, a, val):
        return [set_subtensor(getitem(a, _diagonal_positions(a)), cast(val, a.dtype))]


fill_diagonal_ = FillDiagonal()


def fill_diagonal(a, val):
    """numpy.fill_diagonal(a, val), as a new tensor."""
    return fill_diagonal_(a, val)


class FillDiagonalOffset(_Composite):
    """fill_diagonal of a matrix along the diagonal `offset` columns right
    of the main one (left for a negative offset)."""

    def make_node(self, a, val, offset):
        a, val, offset = (as_tensor_variable(v) for v in (a, val, offset))
        if a.ndim != 2:
            raise TypeError("fill_diagonal_offset: a must be a matrix")
        if val.ndim != 0 or offset.ndim != 0 or offset.dtype not in dtypes.INTEGERS:
            raise TypeError("fill_diagonal_offset: val must be a scalar and offset an integer scalar")
        if dtypes.upcast(a.dtype, val.dtype) != a.dtype:
            raise TypeError(f"fill_diagonal_offset: {val.dtype} values do not fit a {a.dtype} matrix")
        return Apply(self, [a, val, offset], [a.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def compute(self, a, val, offset):
        return [set_subtensor(getitem(a, _diagonal_positions(a, offset)), cast(val, a.dtype))]


fill_diagonal_offset_ = FillDiagonalOffset()


def fill_diagonal_offset(a, val, offset):
    """`a` with its diagonal `offset` set to `val`."""
    return fill_diagonal_offset_(a, val, offset)


def bincount(x, weights=None, minlength=None, assert_nonneg=False):
    """numpy.bincount of an integer vector: counts (x's dtype) or summed
    `weights` per value 0..max(x), at least `minlength` of them."""
    x = as_tensor_variable(x)
    if x.dtype not in dtypes.INTEGERS:
        raise TypeError("Inputs dtype must be an integer.")
    if assert_nonneg:
        # Theano's Assert: a negative entry is an AssertionError
        x = Assert("Input to bincount has negative values!")(x, tensor_all(_T["ge"](x, 0)))
    size = _T["add"](max(x), 1)
    if minlength is not None:
        size = _T["maximum"](size, minlength)
    if weights is None:
        out = zeros((size,), dtype=x.dtype)
        return inc_subtensor(getitem(out, x), 1)
    weights = as_tensor_variable(weights)
    out = zeros((size,), dtype=weights.dtype)
    return inc_subtensor(getitem(out, x), weights)


class Unique(_Composite):
    """numpy's unique of the flattened input: the sorted distinct values and,
    as asked, the index of each one's first occurrence, the inverse indices
    and the counts."""

    __props__ = ("return_index", "return_inverse", "return_counts")

    def __init__(self, return_index=False, return_inverse=False, return_counts=False):
        self.return_index, self.return_inverse, self.return_counts = (
            return_index,
            return_inverse,
            return_counts,
        )

    def infer_shape(self, node, input_shapes):
        """The inverse indices have the flattened input's size; the number of
        distinct values is known when the function runs only."""
        shape = input_shapes[0]
        size = shape[0] if len(shape) == 1 else mul(*shape) if shape else 1
        shapes = [None] * len(node.outputs)
        if self.return_inverse:
            shapes[1 + int(self.return_index)] = (size,)
        return shapes

    def compute(self, x):
        flat = flatten(x)
        n = Shape_i(0)(flat)
        order = argsort(flat, kind="mergesort")
        values = getitem(flat, order)
        first = concatenate(
            [
                alloc(np.asarray(True), 1),
                _T["neq"](getitem(values, slice(1, None)), getitem(values, slice(None, -1))),
            ]
        )
        first = getitem(first, slice(None, n))  # an empty input has no first element
        starts = getitem(arange(n), first)
        outputs = [getitem(values, starts)]
        if self.return_index:
            outputs.append(getitem(order, starts))
        if self.return_inverse:
            group = _T["sub"](cumsum(cast(first, "int64"), axis=0), 1)
            outputs.append(set_subtensor(getitem(zeros((n,), dtype="int64"), order), group))
        if self.return_counts:
            ends = concatenate([getitem(starts, slice(1, None)), cast(n, "int64").dimshuffle("x")])
            outputs.append(_T["sub"](ends, starts))
        return outputs


def _strides(dims, order):
    """The element strides of an array of shape `dims` (scalars) in `order`."""
    strides = [None] * len(dims)
    stride = as_tensor_variable(np.int64(1))
    for d in reversed(range(len(dims))) if order == "C" else range(len(dims)):
        strides[d] = stride
        stride = mul(stride, dims[d])
    return strides


def _dims(dims):
    dims = as_tensor_variable(dims)
    if dims.ndim != 1 or dims.dtype not in dtypes.INTEGERS:
        raise TypeError("dims must be a vector of integers")
    return dims


class UnravelIndex(_Composite):
    """numpy's unravel_index: one int64 index array per dimension of `dims`
    (`ndim` of them: the length of `dims`, which must be known when it is
    not given)."""

    __props__ = ("ndim", "order")

    def __init__(self, ndim=None, order="C"):
        if ndim is not None and (not isinstance(ndim, (int, np.integer)) or ndim < 1):
            raise ValueError("ndim must be an integer greater than 0")
        if order not in ("C", "F"):
            raise ValueError("Order must be either 'C' or 'F'")
        self.ndim = None if ndim is None else int(ndim)
        self.order = order

    def make_node(self, indices, dims):
        indices, dims = as_tensor_variable(indices), _dims(dims)
        if indices.dtype not in dtypes.INTEGERS:
            raise TypeError("'indices' must be an integer array")
        if self.ndim is None and vector_length(dims) is None:
            raise ValueError(
                f"The length of the provided dimension list ({dims}) cannot be automatically "
                "determined, so Theano is not able to know what the number of dimensions of the "
                "unraveled index will be. You can provide the 'ndim' keyword argument to "
                "'unravel_index' to avoid this problem."
            )
        return super().make_node(indices, dims)

    def build(self, node, indices, dims):
        return self.compute(indices, dims, ndim=len(node.outputs))

    def compute(self, indices, dims, ndim=None):
        ndim = ndim or self.ndim or vector_length(dims)
        sizes = [cast(getitem(dims, d), "int64") for d in range(ndim)]
        strides = _strides(sizes, self.order)
        index = cast(indices, "int64")
        return [_T["mod"](_T["int_div"](index, st), size) for st, size in zip(strides, sizes)]


def unravel_index(indices, dims, order="C", ndim=None):
    """numpy.unravel_index: a tuple of index arrays, one per dimension of
    `dims` (`ndim`: their number, where `dims`' length is not known)."""
    res = UnravelIndex(ndim=ndim, order=order)(indices, dims)
    return tuple(res) if isinstance(res, list) else (res,)


class RavelMultiIndex(_Composite):
    """numpy's ravel_multi_index: the flat int64 index of each tuple of
    indices into an array of shape `dims` (`mode` 'raise', 'wrap' or 'clip';
    'raise' is not checked here: out-of-range indices give other indices)."""

    __props__ = ("mode", "order")

    def __init__(self, mode="raise", order="C"):
        if mode not in ("raise", "wrap", "clip"):
            raise ValueError(f"Invalid mode: {mode!r}")
        if order not in ("C", "F"):
            raise ValueError("Order must be either 'C' or 'F'")
        self.mode, self.order = mode, order

    def make_node(self, *inp):
        *indices, dims = [as_tensor_variable(i) for i in inp]
        _dims(dims)
        if not indices or any(i.dtype not in dtypes.INTEGERS for i in indices):
            raise TypeError("multi_index must be integer arrays")
        return super().make_node(*indices, dims)

    def compute(self, *inp):
        *indices, dims = inp
        sizes = [cast(getitem(dims, d), "int64") for d in range(len(indices))]
        strides = _strides(sizes, self.order)
        flat = None
        for index, size, st in zip(indices, sizes, strides):
            index = cast(index, "int64")
            if self.mode == "wrap":
                index = _T["mod"](index, size)
            elif self.mode == "clip":
                index = _T["minimum"](_T["maximum"](index, 0), _T["sub"](size, 1))
            term = mul(index, st)
            flat = term if flat is None else add(flat, term)
        return [flat]


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    """numpy.ravel_multi_index of a tuple of index arrays."""
    if not isinstance(multi_index, (tuple, list)):
        raise TypeError("multi_index must be a tuple or a list.")
    return RavelMultiIndex(mode=mode, order=order)(*multi_index, dims)


def compress(condition, x, axis=None):
    """numpy.compress: the slices of `x` along `axis` (of the flattened `x`
    by default) where `condition` is nonzero."""
    condition, x = as_tensor_variable(condition), as_tensor_variable(x)
    positions = getitem(arange(Shape_i(0)(condition)), _T["neq"](condition, 0))
    if axis is None:
        return getitem(flatten(x), positions)
    axis = axis % x.ndim
    return getitem(x, (slice(None),) * axis + (positions,))


__all__ = [
    "Bartlett",
    "CpuContiguous",
    "CumOp",
    "DiffOp",
    "FillDiagonal",
    "FillDiagonalOffset",
    "OneHot",
    "RavelMultiIndex",
    "SearchsortedOp",
    "Unique",
    "UnravelIndex",
    "bartlett",
    "bincount",
    "compress",
    "cpu_contiguous",
    "cumprod",
    "cumsum",
    "diff",
    "fill_diagonal",
    "fill_diagonal_offset",
    "ravel_multi_index",
    "RepeatOp",
    "repeat",
    "searchsorted",
    "squeeze",
    "to_one_hot",
    "unravel_index",
]
