"""Shapes, reshape, reductions, dot, and the other `theano.tensor` functions
that are not elementwise (those come from the table in elemwise.py).

This module defines `sum`, `max`, `min` and `round` as Theano does: use
`builtins.*` for Python's.
"""

import builtins

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Constant, Op, Variable
from .conversion import (  # noqa: F401 (Theano's tensor.basic has them all)
    AsTensorError,
    MakeVector,
    as_tensor_variable,
    constant,
    make_vector,
)
from .elemwise import EXPORTS, Cast, DimShuffle, mul, true_div, maximum, sqr, sqrt
from .reduction import Reduce, normalize_axes, sum_dtype
from .type import TensorType

# ---------------------------------------------------------------------------
# Typed constructors
# ---------------------------------------------------------------------------


def _constructor(broadcastable, fixed_dtype=None):
    def make(name=None, dtype=None):
        return TensorType(dtype or fixed_dtype or "floatX", broadcastable)(name)

    return make


_PATTERNS = {
    "scalar": (),
    "vector": (False,),
    "matrix": (False, False),
    "row": (True, False),
    "col": (False, True),
    "tensor3": (False,) * 3,
    "tensor4": (False,) * 4,
}
_PREFIXES = {"b": "int8", "w": "int16", "i": "int32", "l": "int64", "f": "float32", "d": "float64"}
CONSTRUCTORS = {name: _constructor(pattern) for name, pattern in _PATTERNS.items()}
CONSTRUCTORS.update(
    {
        prefix + name: _constructor(pattern, dtype)
        for prefix, dtype in _PREFIXES.items()
        for name, pattern in _PATTERNS.items()
    }
)


def _plural(single):
    def make(*names, dtype=None):
        """One variable per name (Theano's `T.dscalars('x', 'y')`), or n for an int."""
        if len(names) == 1 and isinstance(names[0], int):
            return [single(dtype=dtype) for _ in range(names[0])]
        return [single(name, dtype=dtype) for name in names]

    return make


# Theano's plurals: dscalars, fvectors, imatrices, tensor3s, ...
CONSTRUCTORS.update(
    {
        (name[:-1] + "ces" if name.endswith("matrix") else name + "s"): _plural(make)
        for name, make in list(CONSTRUCTORS.items())
    }
)


def tensor(dtype=None, broadcastable=None, name=None):
    return TensorType(dtype or "floatX", broadcastable or ())(name)


# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------


class Shape(Op):
    """The shape of a tensor, as an int64 vector."""

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType("int64", (False,))()])

    def emit(self, emitter, node, inputs):
        rank = len(emitter.shape_of(inputs[0]))
        return [dialect.shape(emitter.tensor_type("int64", (rank,)), inputs[0])]


class Shape_i(Op):
    """One dimension's size, as an int64 scalar."""

    __props__ = ("i",)

    def __init__(self, i):
        self.i = int(i)

    def __str__(self):
        return f"Shape_i{{{self.i}}}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        if not 0 <= self.i < x.ndim:
            raise ValueError(f"{self}: {x} has only {x.ndim} dimensions")
        return Apply(self, [x], [TensorType("int64", ())()])

    def emit(self, emitter, node, inputs):
        return [dialect.dim(emitter.tensor_type("int64", ()), inputs[0], self.i)]


def shape(x):
    return Shape()(as_tensor_variable(x))


def vector_length(v):
    """The static length of a vector variable, or None when unknown."""
    if isinstance(v, Constant):
        return len(v.data)
    if v.owner is not None and isinstance(v.owner.op, MakeVector):
        return len(v.owner.inputs)
    if v.owner is not None and isinstance(v.owner.op, Shape):
        return v.owner.inputs[0].ndim
    return None


def _static_size(v):
    """A scalar size when known when the graph is built."""
    return int(v.data) if isinstance(v, Constant) else None


def _static_entry(v, i):
    """Entry i of a shape vector when known when the graph is built."""
    if isinstance(v, Constant):
        return int(v.data[i])
    if v.owner is not None and isinstance(v.owner.op, MakeVector):
        return _static_size(v.owner.inputs[i])
    return None


class Reshape(Op):
    """Reshape to a run-time shape vector of length `ndim` (one entry may be -1)."""

    __props__ = ("ndim",)

    def __init__(self, ndim):
        self.ndim = int(ndim)

    def __str__(self):
        return f"Reshape{{{self.ndim}}}"

    def make_node(self, x, shp):
        x = as_tensor_variable(x)
        shp = as_tensor_variable(shp)
        if shp.ndim != 1 or shp.dtype not in dtypes.INTEGERS:
            raise TypeError(f"Reshape needs an integer vector shape, got {shp.type}")
        broadcastable = [_static_entry(shp, i) == 1 for i in range(self.ndim)]
        return Apply(self, [x, shp], [TensorType(x.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        value, shape_value = inputs
        shape_value = emitter.cast(shape_value, "int64")
        shape_value = emitter.with_static_shape(shape_value, (self.ndim,))
        result_shape = [1 if b else None for b in node.outputs[0].broadcastable]
        result_type = emitter.tensor_type(node.outputs[0].dtype, result_shape)
        return [dialect.reshape(result_type, value, shape_value)]


def reshape(x, newshape, ndim=None):
    x = as_tensor_variable(x)
    if isinstance(newshape, (int, np.integer)) or isinstance(newshape, Variable) and newshape.ndim == 0:
        newshape = [newshape]
    newshape = as_tensor_variable(newshape)
    length = vector_length(newshape)
    if ndim is None:
        ndim = length
    if ndim is None or length is None or length != ndim:
        raise ValueError(
            f"The length of the provided shape ({newshape}) cannot be automatically determined; "
            "give the shape as a tuple of ints and scalar variables."
        )
    return Reshape(ndim)(x, newshape)


def addbroadcast(x, *axes):
    """`x` with `axes` made broadcastable; their size must be 1 (checked when
    the function runs)."""
    x = as_tensor_variable(x)
    axes = {a % x.ndim for a in axes}
    if all(x.broadcastable[a] for a in axes):
        return x
    return reshape(x, [1 if d in axes else x.shape[d] for d in range(x.ndim)], ndim=x.ndim)


def flatten(x, ndim=1):
    """Keeps the first ndim-1 dimensions and flattens the rest into the last."""
    x = as_tensor_variable(x)
    if not 1 <= ndim <= builtins.max(x.ndim, 1):
        raise ValueError(f"flatten: ndim={ndim} is out of range for {x.ndim} dimensions")
    kept = [Shape_i(d)(x) for d in range(ndim - 1)]
    return reshape(x, kept + [-1], ndim)


def dimshuffle(x, pattern):
    return DimShuffle(pattern)(as_tensor_variable(x))


def transpose(x, axes=None):
    x = as_tensor_variable(x)
    if axes is None:
        axes = list(range(x.ndim))[::-1]
    result = DimShuffle(axes)(x)
    if x.name and axes == list(range(x.ndim))[::-1]:
        result.name = x.name + ".T"
    return result


def getitem(x, index):
    """Indexing: `x.shape[i]` for now (general indexing comes with Subtensor)."""
    if x.owner is not None and isinstance(x.owner.op, Shape) and isinstance(index, (int, np.integer)):
        ndim = x.owner.inputs[0].ndim
        if not -ndim <= index < ndim:
            raise IndexError(f"index {index} is out of range for the shape of a {ndim}-d tensor")
        return Shape_i(index % ndim)(x.owner.inputs[0])
    raise NotImplementedError(
        "Indexing tensors (Subtensor) is not supported yet; x.shape[i] with a constant i is."
    )


# ---------------------------------------------------------------------------
# Elementwise functions
# ---------------------------------------------------------------------------


def round(a, mode=None):
    """Round to integral values; Theano 1.0's default is half to even."""
    if mode in (None, "half_to_even"):
        return EXPORTS["tensor"]["round_half_to_even"](a)
    if mode == "half_away_from_zero":
        return EXPORTS["tensor"]["round_half_away_from_zero"](a)
    raise ValueError(f"round: mode must be 'half_to_even' or 'half_away_from_zero', got {mode!r}")


def cast(x, dtype):
    x = as_tensor_variable(x)
    dtype = TensorType(dtype, ()).dtype  # validates, resolves floatX
    if x.dtype == dtype:
        return x
    return Cast(dtype)(x)


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------


def _keepdims(result, x, axes):
    order, kept = [], 0
    for d in range(x.ndim):
        if d in axes:
            order.append("x")
        else:
            order.append(kept)
            kept += 1
    return DimShuffle(order)(result)


def _reduce(kind, x, axis, keepdims, dtype=None):
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim)
    result = Reduce(kind, axes, dtype, all_axes=axis is None)(x)
    return _keepdims(result, x, axes) if keepdims else result


def _accumulate(kind, input, axis, dtype, keepdims, acc_dtype):
    """sum or prod: the result has `dtype` (by default Theano's: int64 for
    ints, uint64 for unsigned, the input's for floats); `acc_dtype` is the
    accumulator's, and the result is cast from it. By default float16
    accumulates in float32, as in Theano (whose float32 accumulates in
    float64: we keep float32 there, for speed), else in the result's dtype."""
    x = as_tensor_variable(input)
    out_dtype = TensorType(dtype or sum_dtype(x.dtype), ()).dtype
    if acc_dtype:
        acc = TensorType(acc_dtype, ()).dtype
    else:
        acc = "float32" if out_dtype == "float16" else out_dtype
    return cast(_reduce(kind, x, axis, keepdims, acc), out_dtype)


def sum(input, axis=None, dtype=None, keepdims=False, acc_dtype=None):
    return _accumulate("sum", input, axis, dtype, keepdims, acc_dtype)


def prod(input, axis=None, dtype=None, keepdims=False, acc_dtype=None):
    return _accumulate("prod", input, axis, dtype, keepdims, acc_dtype)


def max(x, axis=None, keepdims=False):
    result = _reduce("max", x, axis, keepdims)
    result.name = None if keepdims else "max"
    return result


def min(x, axis=None, keepdims=False):
    result = _reduce("min", x, axis, keepdims)
    result.name = None if keepdims else "min"
    return result


def argmax(x, axis=None, keepdims=False):
    return _reduce("argmax", x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _reduce("argmin", x, axis, keepdims)


def _reduced_count(x, axes):
    """The number of elements reduced into each result element, as an int64."""
    count = constant(1, dtype="int64")
    for a in axes:
        count = mul(count, Shape_i(a)(x))
    return count


def mean(input, axis=None, dtype=None, keepdims=False, acc_dtype=None):
    """sum / number of elements reduced; integers average in float64, and
    float16 in float32 (its sum overflows too often: Theano's rule)."""
    x = as_tensor_variable(input)
    out_dtype = dtype or ("float64" if x.dtype in dtypes.DISCRETE else x.dtype)
    compute = "float32" if dtype is None and x.dtype == "float16" else out_dtype
    axes = normalize_axes(axis, x.ndim)
    total = sum(x, axes, dtype=compute, acc_dtype=acc_dtype)
    result = cast(true_div(total, cast(_reduced_count(x, axes), compute)), out_dtype)
    if keepdims:
        result = _keepdims(result, x, axes)
    else:
        result.name = "mean"
    return result


def _reduced_axes(axis, ndim):
    if isinstance(axis, np.ndarray) and axis.ndim == 0:
        axis = int(axis)
    return normalize_axes(axis, ndim)


def var(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """Variance over `axis`, as numpy's: the squared deviations from the mean
    summed and divided by n - ddof, n the number of elements reduced (Theano
    1.0's two-pass algorithm; with several axes Theano divided by the product
    of each axis's n - ddof, numpy by n - ddof). `corrected` subtracts the
    rounding error of the first pass (Theano's corrected two-pass)."""
    if isinstance(ddof, bool):
        raise ValueError(
            "Parameter keepdims is now at index 3: (input, axis=None, ddof=0, "
            "keepdims=False, corrected=False)"
        )
    x = as_tensor_variable(input)
    axes = _reduced_axes(axis, x.ndim)
    centered = x - mean(x, axes, keepdims=True)
    count = _reduced_count(x, axes)
    dtype = centered.dtype
    # numpy's divisor: n - ddof, but never below 0
    divisor = maximum(count - ddof, 0)
    v = true_div(sum(sqr(centered), axis=axes, keepdims=keepdims), cast(divisor, dtype))
    if corrected:
        error = sqr(sum(centered, axis=axes, keepdims=keepdims))
        v = v - true_div(error, cast(divisor * count, dtype))
    v.name = "var"
    return v


def std(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """The square root of `var` with the same arguments (which `var` checks)."""
    result = sqrt(var(input, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected))
    result.name = "std"
    return result


# ---------------------------------------------------------------------------
# Contractions
# ---------------------------------------------------------------------------


class Alloc(Op):
    """`value` broadcast to a run-time shape (Theano's Alloc): its leading
    dimensions are added, its broadcastable ones repeat."""

    def __str__(self):
        return "Alloc"

    def make_node(self, value, *shape):
        value = as_tensor_variable(value)
        sizes = [as_tensor_variable(s) for s in shape]
        for size in sizes:
            if size.ndim != 0 or size.dtype not in dtypes.INTEGERS:
                raise TypeError(f"Alloc: shape entries must be integer scalars, got {size.type}")
        if value.ndim > len(sizes):
            raise ValueError(
                f"Alloc: the value has {value.ndim} dimensions, more than the {len(sizes)} of the shape"
            )
        broadcastable = [_static_size(s) == 1 for s in sizes]
        return Apply(self, [value] + sizes, [TensorType(value.dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        value, sizes = inputs[0], inputs[1:]
        rank = len(sizes)
        value_rank = len(emitter.shape_of(value))
        if value_rank < rank:
            value = dialect.dimshuffle(
                emitter.tensor_type(
                    node.inputs[0].dtype, [1] * (rank - value_rank) + emitter.shape_of(value)
                ),
                value,
                [-1] * (rank - value_rank) + list(range(value_rank)),
            )
        shape_value = dialect.make_vector(
            emitter.tensor_type("int64", (rank,)), [emitter.cast(s, "int64") for s in sizes]
        )
        result_shape = [1 if b else None for b in node.outputs[0].broadcastable]
        return [dialect.alloc(emitter.tensor_type(node.outputs[0].dtype, result_shape), value, shape_value)]


def alloc(value, *shape):
    """`value` broadcast to `shape` (Theano's T.alloc)."""
    return Alloc()(value, *shape)


def _shape_entries(shape):
    if isinstance(shape, Variable):
        return [shape[i] for i in range(vector_length(shape))] if shape.ndim == 1 else [shape]
    if isinstance(shape, (int, np.integer)):
        return [shape]
    return list(shape)


def zeros(shape, dtype=None):
    """Zeros of a (symbolic) shape, dtype floatX by default."""
    dtype = dtype or config.floatX
    return alloc(np.array(0, dtype=dtype), *_shape_entries(shape))


def ones(shape, dtype=None):
    dtype = dtype or config.floatX
    return alloc(np.array(1, dtype=dtype), *_shape_entries(shape))


def _like(x, fill, dtype):
    x = as_tensor_variable(x)
    sizes = [x.shape[i] for i in range(x.ndim)]
    return alloc(np.array(fill, dtype=dtype or x.dtype), *sizes)


def zeros_like(model, dtype=None):
    return _like(model, 0, dtype)


def ones_like(model, dtype=None):
    return _like(model, 1, dtype)


class Dot(Op):
    """Theano's dot of vectors and matrices."""

    def __str__(self):
        return "dot"

    def make_node(self, a, b):
        a, b = as_tensor_variable(a), as_tensor_variable(b)
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise NotImplementedError(
                f"dot of {a.ndim}-d and {b.ndim}-d tensors (tensordot) is not supported yet"
            )
        dtype = dtypes.upcast(a.dtype, b.dtype)
        broadcastable = ([a.broadcastable[0]] if a.ndim == 2 else []) + (
            [b.broadcastable[1]] if b.ndim == 2 else []
        )
        return Apply(self, [a, b], [TensorType(dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        out_dtype = node.outputs[0].dtype
        compute = "int64" if out_dtype == "bool" else out_dtype
        a, b = (emitter.cast(v, compute) for v in inputs)
        a_shape, b_shape = emitter.shape_of(a), emitter.shape_of(b)
        shape = (a_shape[:1] if len(a_shape) == 2 else []) + (b_shape[1:] if len(b_shape) == 2 else [])
        result = dialect.dot(emitter.tensor_type(compute, shape), a, b)
        return [emitter.cast(result, out_dtype)]


_DOT = Dot()


def dot(a, b):
    """Vector/matrix products; a scalar operand multiplies elementwise."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return mul(a, b)
    return _DOT(a, b)
