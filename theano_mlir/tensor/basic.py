"""Shapes, reshape, reductions, dot, and the other `theano.tensor` functions
that are not elementwise (those come from the table in elemwise.py).

This module defines `sum`, `max`, `min`, `round`, `any` and `all` as Theano does: use
`builtins.*` for Python's.
"""

import builtins
import warnings

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, CompositeOp, Constant, Op, Variable
from .conversion import (  # noqa: F401 (Theano's tensor.basic has them all)
    AsTensorError,
    MakeVector,
    as_tensor_variable,
    constant,
    make_vector,
)
from .elemwise import (
    EXPORTS,
    SCALAR_OPS,
    arctan2,
    Prod,
    Sum,
    Cast,
    DimShuffle,
    Elemwise,
    abs_,
    add,
    and_,
    eq,
    gt,
    int_div,
    isinf,
    isnan,
    le,
    lt,
    maximum,
    mod,
    mul,
    neq,
    or_,
    sqr,
    sqrt,
    switch,
    true_div,
)
from .reduction import Reduce, normalize_axes
from .type import TensorType

#: Theano's dtype lists (theano.tensor.basic), as names.
int_dtypes = ["int8", "int16", "int32", "int64"]
uint_dtypes = ["uint8", "uint16", "uint32", "uint64"]
float_dtypes = ["float16", "float32", "float64"]
complex_dtypes = ["complex64", "complex128"]
integer_dtypes = int_dtypes + uint_dtypes
continuous_dtypes = float_dtypes + complex_dtypes
all_dtypes = ["bool"] + integer_dtypes + continuous_dtypes

# Theano's comparison tolerances per dtype (theano.tensor.basic).
float16_atol = 1e-3
float16_rtol = 1e-3
float32_atol = 1e-5
float32_rtol = 1e-5
float64_rtol = 1.0000000000000001e-05  # numpy.allclose's
float64_atol = 1e-8


def _get_atol_rtol(a, b):
    """The (atol, rtol) Theano compares arrays of these dtypes with."""
    if "float16" in (str(a.dtype), str(b.dtype)):
        return float16_atol, float16_rtol
    if {"float32", "complex64"} & {str(a.dtype), str(b.dtype)}:
        return float32_atol, float32_rtol
    return float64_atol, float64_rtol


def _allclose(a, b, rtol=None, atol=None):
    """numpy.allclose with Theano's per-dtype tolerances by default."""
    a = np.asarray(a)
    b = np.asarray(b)
    atol_, rtol_ = _get_atol_rtol(a, b)
    return np.allclose(a, b, atol=atol_ if atol is None else atol, rtol=rtol_ if rtol is None else rtol)


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
    "tensor5": (False,) * 5,
    "tensor6": (False,) * 6,
    "tensor7": (False,) * 7,
}
_PREFIXES = {
    "b": "int8",
    "w": "int16",
    "i": "int32",
    "l": "int64",
    "f": "float32",
    "d": "float64",
    # complex types build graphs; compiling one that computes with them is a
    # TypeError (the compiler has no complex kernels)
    "c": "complex64",
    "z": "complex128",
}
CONSTRUCTORS = {name: _constructor(pattern) for name, pattern in _PATTERNS.items()}
# As in Theano, the constructors of a fixed dtype (T.lscalar, T.dmatrix, ...)
# are TensorType instances (calling one makes a variable): code compares
# types to them (`x.type == T.lscalar`).
CONSTRUCTORS.update(
    {
        prefix + name: TensorType(dtype, pattern)
        for prefix, dtype in _PREFIXES.items()
        for name, pattern in _PATTERNS.items()
    }
)


def _plural(single):
    def make(*names, dtype=None):
        """One variable per name (Theano's `T.dscalars('x', 'y')`), or n for an int.
        As in Theano, one string is a sequence of names, one per character
        (`T.scalars('xs')` is x and s), and a single name gives the variable
        itself, not a list."""

        def one(name=None):
            # a TensorType (fixed dtype) takes only a name
            return single(name) if dtype is None else single(name, dtype=dtype)

        if len(names) == 1 and isinstance(names[0], int):
            return [one() for _ in range(names[0])]
        if len(names) == 1:
            names = names[0]
        if len(names) == 1:
            return one(names[0])
        return [one(name) for name in names]

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

    def infer_shape(self, node, input_shapes):
        return [(node.inputs[0].ndim,)]

    def connection_pattern(self, node):
        """A shape does not carry the values: not connected, for grad (Theano's)."""
        return [[False]]

    def emit(self, emitter, node, inputs):
        rank = len(emitter.shape_of(inputs[0]))
        return [dialect.shape(emitter.tensor_type("int64", (rank,)), inputs[0])]

    def vector_entry(self, node, i):
        """Entry `i` of the output (get_scalar_constant_value's rule): the size of dimension i."""
        return Shape_i(i)(node.inputs[0])


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

    def connection_pattern(self, node):
        """A size does not carry the values: not connected, for grad (Theano's)."""
        return [[False]]

    def infer_shape(self, node, input_shapes):
        return [()]

    def emit(self, emitter, node, inputs):
        return [dialect.dim(emitter.tensor_type("int64", ()), inputs[0], self.i)]


def shape(x):
    return Shape()(as_tensor_variable(x))


def vector_length(v):
    """The static length of a vector variable, or None when unknown: a
    constant's, a broadcastable vector's (1), a MakeVector's, a Shape's, or
    what the op's `vector_length(node)` rule says (a constant slice of such
    a vector: Subtensor)."""
    if isinstance(v, Constant):
        return len(v.data)
    if v.ndim == 1 and v.broadcastable[0]:
        return 1
    if v.owner is not None and isinstance(v.owner.op, MakeVector):
        return len(v.owner.inputs)
    if v.owner is not None and isinstance(v.owner.op, Shape):
        return v.owner.inputs[0].ndim
    rule = getattr(v.owner.op, "vector_length", None) if v.owner is not None else None
    return rule(v.owner) if rule is not None else None


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
        # An empty constant (reshape(x, ()): numpy's float vector) is a shape too.
        empty = isinstance(shp, Constant) and np.asarray(shp.data).size == 0
        if shp.ndim != 1 or not (shp.dtype in dtypes.INTEGERS or empty):
            raise TypeError(f"Reshape needs an integer vector shape, got {shp.type}")
        broadcastable = [_static_entry(shp, i) == 1 for i in range(self.ndim)]
        return Apply(self, [x, shp], [TensorType(x.dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        """Theano's: the requested sizes; a -1 is the input's size over the
        product of the others (at least 1)."""
        x_shape, shp = input_shapes[0], node.inputs[1]
        if isinstance(shp, Constant):
            requ = [int(s) for s in np.asarray(shp.data).ravel()]
        elif shp.owner is not None and isinstance(shp.owner.op, MakeVector):
            requ = [e if _static_size(e) is None else _static_size(e) for e in shp.owner.inputs]
        else:
            raise NotImplementedError("Reshape.infer_shape: the entries of the shape vector are not known")
        if len(requ) != self.ndim:
            raise NotImplementedError("Reshape.infer_shape: a shape vector of another length")
        if not x_shape:
            return [(1,) * self.ndim]
        size = x_shape[0] if len(x_shape) == 1 else mul(*x_shape)
        if builtins.all(isinstance(r, int) for r in requ):
            if -1 not in requ:
                return [tuple(requ)]
            others = int(np.prod([r for r in requ if r != -1], dtype="int64"))
            return [tuple(int_div(size, builtins.max(others, 1)) if r == -1 else r for r in requ)]
        # an entry that may be -1 at run time: not a constant, nor a size
        unknown = [
            not isinstance(r, int) and (r.owner is None or not isinstance(r.owner.op, Shape_i)) for r in requ
        ]
        if -1 not in requ and not builtins.any(unknown):
            return [tuple(requ)]
        rest = int_div(size, maximum(-mul(*requ), 1))
        return [
            tuple(
                rest if isinstance(r, int) and r == -1 else switch(eq(r, -1), rest, r) if u else r
                for r, u in zip(requ, unknown)
            )
        ]

    def emit(self, emitter, node, inputs):
        value, shape_value = inputs
        shape_value = emitter.cast(shape_value, "int64")
        if emitter.shape_of(shape_value) != [self.ndim]:
            # A shape vector of another length is an error when the function
            # runs (a reshape of it to ndim entries checks its size).
            shape_value = dialect.reshape(
                emitter.tensor_type("int64", (self.ndim,)),
                shape_value,
                emitter.constant(np.asarray([self.ndim], dtype="int64")),
            )
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
        if newshape.ndim != 1:
            raise TypeError(
                f"New shape in reshape must be a vector or a list/tuple of scalar. Got {newshape}."
            )
        if length is None:
            raise ValueError(
                f"The length of the provided shape ({newshape}) cannot be automatically determined, "
                "so Theano is not able to know what the number of dimensions of the reshaped variable "
                "will be. You can provide the 'ndim' keyword argument to 'reshape' to avoid this problem."
            )
        ndim = length
    elif length is not None and length != ndim:
        raise ValueError(f"reshape: the shape {newshape} has {length} entries, but ndim is {ndim}")
    return Reshape(ndim)(x, newshape)


def flatten(x, ndim=None, outdim=None):
    """Keeps the first ndim-1 dimensions and flattens the rest into the last
    (ndim 1 by default; `outdim` is Theano's deprecated name for it)."""
    if outdim is not None and ndim is not None:
        raise ValueError("You should only specify ndim")
    if outdim is not None:
        warnings.warn("flatten outdim parameter is deprecated, use ndim instead.", stacklevel=2)
        ndim = outdim
    ndim = 1 if ndim is None else ndim
    x = as_tensor_variable(x)
    if not 1 <= ndim <= builtins.max(x.ndim, 1):
        raise ValueError(f"flatten: ndim={ndim} is out of range for {x.ndim} dimensions")
    kept = [Shape_i(d)(x) for d in range(ndim - 1)]
    return reshape(x, kept + [-1], ndim)


def divmod(x, y):
    """Elementwise (x // y, x % y), Python's divmod (Theano's: floor_div and mod)."""
    return int_div(x, y), mod(x, y)


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
    if x.dtype in dtypes.COMPLEX and dtype not in dtypes.COMPLEX:
        raise TypeError(
            "Casting from complex to real is ambiguous: consider real(), imag(), angle() or abs()"
        )
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


def _accumulate(op_class, input, axis, dtype, keepdims, acc_dtype, **kwargs):
    """sum or prod (a Sum or Prod node): the result has `dtype` (by default
    Theano's: int64 for ints, uint64 for unsigned, the input's for floats);
    `acc_dtype` is the accumulator's, and the result is cast from it (by
    default Theano's, of the input's dtype: int64/uint64 for discrete ones,
    float32 for float16, float64 for float32)."""
    x = as_tensor_variable(input)
    axes = normalize_axes(axis, x.ndim)
    result = op_class(None if axis is None else axes, dtype=dtype, acc_dtype=acc_dtype, **kwargs)(x)
    return _keepdims(result, x, axes) if keepdims else result


def sum(input, axis=None, dtype=None, keepdims=False, acc_dtype=None):
    return _accumulate(Sum, input, axis, dtype, keepdims, acc_dtype)


def prod(input, axis=None, dtype=None, keepdims=False, acc_dtype=None, no_zeros_in_input=False):
    """The product over `axis` (a Prod node); `no_zeros_in_input` (Theano's
    hint for its gradient) changes nothing here."""
    return _accumulate(Prod, input, axis, dtype, keepdims, acc_dtype, no_zeros_in_input=no_zeros_in_input)


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


def mean(input, axis=None, dtype=None, op=False, keepdims=False, acc_dtype=None):
    """sum (of `dtype`, given) / number of elements reduced, as Theano's: a
    float32 (or float16, complex64) sum divides by a float32 count, others
    by a float64 one, so discrete sums (of any `dtype`) average in float64;
    float16 sums in float32 (it overflows too often) and is cast back. `op`
    (Theano's choice of a Mean op) gives the same values here."""
    x = as_tensor_variable(input)
    sum_dtype = dtype if dtype is not None else ("float32" if x.dtype == "float16" else None)
    axes = normalize_axes(axis, x.ndim)
    total = sum(x, axes, dtype=sum_dtype, acc_dtype=acc_dtype)
    count_dtype = "float32" if total.dtype in ("float16", "float32", "complex64") else "float64"
    result = true_div(total, cast(_reduced_count(x, axes), count_dtype))
    if result.dtype != count_dtype and result.dtype in dtypes.DISCRETE:
        result = cast(result, count_dtype)
    if dtype == "float16" or (dtype is None and x.dtype == "float16"):
        result = cast(result, "float16")
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

    def infer_shape(self, node, input_shapes):
        return [tuple(node.inputs[1:])]

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
        for i, v in enumerate((a, b)):
            if v.ndim not in (1, 2):
                raise TypeError(
                    f"theano.tensor.Dot: input {i} (0-indexed) must have ndim of 1 or 2, {v.ndim} "
                    "given. Consider calling theano.tensor.dot instead."
                )
        dtype = dtypes.upcast(a.dtype, b.dtype)
        broadcastable = ([a.broadcastable[0]] if a.ndim == 2 else []) + (
            [b.broadcastable[1]] if b.ndim == 2 else []
        )
        return Apply(self, [a, b], [TensorType(dtype, broadcastable)()])

    def infer_shape(self, node, input_shapes):
        a, b = input_shapes
        return [tuple((a[:1] if len(a) == 2 else ()) + (b[1:] if len(b) == 2 else ()))]

    def emit(self, emitter, node, inputs):
        out_dtype = node.outputs[0].dtype
        compute = "int64" if out_dtype == "bool" else out_dtype
        a, b = (emitter.cast(v, compute) for v in inputs)
        a_shape, b_shape = emitter.shape_of(a), emitter.shape_of(b)
        shape = (a_shape[:1] if len(a_shape) == 2 else []) + (b_shape[1:] if len(b_shape) == 2 else [])
        result = dialect.dot(emitter.tensor_type(compute, shape), a, b)
        return [emitter.cast(result, out_dtype)]


_DOT = Dot()
_dot = _DOT  # Theano's name of its Dot instance


def dot(a, b):
    """Vector/matrix products; a scalar operand multiplies elementwise; an
    operand of more than 2 dimensions gives numpy's dot (the sum over a's
    last and b's second-to-last axis), Theano's tensordot of those axes."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return mul(a, b)
    if a.ndim > 2 or b.ndim > 2:
        return tensordot(a, b, [[a.ndim - 1], [builtins.max(0, b.ndim - 2)]])
    return _DOT(a, b)


# ---------------------------------------------------------------------------
# Composites: Theano's functions written over the ops above (#21)
# ---------------------------------------------------------------------------


class NotScalarConstantError(Exception):
    """Raised by get_scalar_constant_value when a variable is not a constant scalar."""


class EmptyConstantError(NotScalarConstantError):
    """Raised by get_scalar_constant_value for an empty constant."""


#: numpy's functions of the scalar ops get_scalar_constant_value folds
_NUMPY_SCALAR_OPS = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "true_div": np.true_divide,
    "int_div": np.floor_divide,
    "mod": np.mod,
    "neg": np.negative,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "abs_": np.abs,
    "sqr": np.square,
    "eq": np.equal,
    "neq": np.not_equal,
    "lt": np.less,
    "le": np.less_equal,
    "gt": np.greater,
    "ge": np.greater_equal,
    "switch": np.where,
}


def _numpy_scalar(data):
    data = np.asarray(data)
    if data.ndim > 0 and data.size == 0:
        raise EmptyConstantError()
    if data.dtype.kind not in "biuf" or data.size != 1:
        raise NotScalarConstantError(
            "v.data is non-numeric, non-scalar, or has more than one unique value", data
        )
    return data.reshape(()).copy()


def get_scalar_constant_value(orig_v, elemwise=True, only_process_constants=False, max_recur=10):
    """The value of `orig_v` as a 0-d array when it is a constant scalar
    (a Python or numpy number, a constant, or, unless `only_process_constants`,
    an expression that folds to one: casts, dimshuffles, allocs and reshapes
    of a constant, the size of a constant's or a broadcastable dimension,
    with `elemwise` the arithmetic and comparisons of constants, and what an
    op's `scalar_constant_value(node, value)` rule gives, `value` folding its
    inputs); NotScalarConstantError otherwise.

    A vector op may also say which variable holds entry i of its output
    (`vector_entry(node, i)`: MakeVector, Join, Shape), which Subtensor's rule
    follows, as Theano's does."""
    v = orig_v
    if v is None:
        raise NotScalarConstantError()
    if isinstance(v, (np.integer, np.floating, np.bool_, int, float, bool, np.ndarray)):
        return _numpy_scalar(v)
    if isinstance(v, Constant):
        return _numpy_scalar(v.data)
    if not isinstance(v, Variable) or v.owner is None or only_process_constants or max_recur <= 0:
        raise NotScalarConstantError(v)
    op, inputs = v.owner.op, v.owner.inputs

    def value(x):
        return get_scalar_constant_value(x, elemwise, only_process_constants, max_recur - 1)

    if isinstance(op, Cast):
        return value(inputs[0]).astype(op.dtype)
    if isinstance(op, (DimShuffle, Alloc, Reshape)):
        return value(inputs[0])
    if isinstance(op, Shape_i) and isinstance(inputs[0], Constant):
        return np.array(np.shape(inputs[0].data)[op.i], dtype="int64")
    if isinstance(op, Shape_i) and inputs[0].broadcastable[op.i]:
        return np.array(1, dtype="int64")
    rule = getattr(op, "scalar_constant_value", None)
    if rule is not None:  # the op's own rule (Subtensor, Assert, Rebroadcast, ...)
        return rule(v.owner, value)
    if elemwise and isinstance(op, Elemwise) and op.scalar_op is not None:
        function = _NUMPY_SCALAR_OPS.get(op.scalar_op.name)
        if function is not None:
            with np.errstate(all="ignore"):
                result = function(*[value(i) for i in inputs])
            return np.asarray(result, dtype=v.dtype)
    raise NotScalarConstantError(v)


class TensorFromScalar(Op):
    """Theano's TensorFromScalar: a scalar as a 0-d tensor. theano_mlir's
    scalars are 0-d tensors already, so the value passes through."""

    def make_node(self, s):
        s = as_tensor_variable(s)
        if s.ndim != 0:
            raise TypeError(f"TensorFromScalar takes a scalar, got {s.type}")
        return Apply(self, [s], [TensorType(s.dtype, ())()])

    def emit(self, emitter, node, inputs):
        return [inputs[0]]

    def scalar_constant_value(self, node, value):
        return value(node.inputs[0])


class ScalarFromTensor(TensorFromScalar):
    """Theano's ScalarFromTensor: a 0-d tensor as a scalar (the same value
    here: theano_mlir's scalars are 0-d tensors)."""

    def make_node(self, t):
        t = as_tensor_variable(t)
        if t.ndim != 0:
            raise TypeError(f"ScalarFromTensor takes a 0-d tensor, got {t.type}")
        return Apply(self, [t], [TensorType(t.dtype, ())()])


tensor_from_scalar = TensorFromScalar()
scalar_from_tensor = ScalarFromTensor()


def _broadcast_shape(x):
    """The sizes of `x`'s dimensions: constant 1 where broadcastable."""
    return [1 if b else Shape_i(d)(x) for d, b in enumerate(x.broadcastable)]


class TensorCopy(Op):
    """A copy of a tensor (Theano's tensor_copy, Elemwise{identity}): a new
    variable of the same type and value, through which gradients flow."""

    def __str__(self):
        return "Elemwise{identity}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def emit(self, emitter, node, inputs):
        return [inputs[0]]


tensor_copy = TensorCopy()


def second(a, b):
    """`b` broadcast to the shape of `a` and `b` together (Theano's second
    and fill); its dtype is `b`'s."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    zero = alloc(np.array(0, dtype=b.dtype), *_broadcast_shape(a))
    return add(b, zero)


def fill(model, value):
    """`value` broadcast to `model`'s shape (Theano's fill)."""
    return second(model, value)


def clip(x, min, max):
    """`x` clipped to [min, max]; where x equals a bound, the gradient goes to
    x (Theano's: x's gradient where min <= x <= max, min's where x < min,
    max's where x > max). NaN stays NaN."""
    x, mn, mx = as_tensor_variable(x), as_tensor_variable(min), as_tensor_variable(max)
    dtype = dtypes.upcast(x.dtype, mn.dtype, mx.dtype)
    if dtype in dtypes.COMPLEX:
        raise TypeError(f"clip: complex type are not supported ({x.dtype}, {mn.dtype}, {mx.dtype})")
    if dtype == "bool":
        raise TypeError("clip is not defined for bool inputs")
    x, mn, mx = cast(x, dtype), cast(mn, dtype), cast(mx, dtype)
    return switch(lt(x, mn), mn, switch(gt(x, mx), mx, x))


def imag(z):
    """The imaginary part of `z` (Theano's imag): of a real tensor, zeros of its dtype."""
    z = as_tensor_variable(z)
    if z.dtype in dtypes.COMPLEX:
        return Elemwise(SCALAR_OPS["imag"])(z)
    return zeros_like(z)


def angle(z):
    """The angle of `z` in radians, float64 (Theano's angle): of a real
    tensor, numpy's angle (arctan2(0, x): pi for negatives, 0 otherwise)."""
    z = as_tensor_variable(z)
    if z.dtype in dtypes.COMPLEX:
        return Elemwise(SCALAR_OPS["angle"])(z)
    x = cast(z, "float64")
    return arctan2(zeros_like(x), x)


def _count(x, axis, keepdims, nonzero):
    """How many elements along `axis` are nonzero (or zero): a sum, which,
    unlike max and min, is defined over no elements."""
    x = as_tensor_variable(x)
    truth = neq(x, 0) if nonzero else eq(x, 0)
    return sum(truth, axis=axis, keepdims=keepdims, dtype="int64")


def any(x, axis=None, keepdims=False):
    """Whether some element along `axis` is nonzero (a bool tensor)."""
    return gt(_count(x, axis, keepdims, True), 0)


def all(x, axis=None, keepdims=False):
    """Whether every element along `axis` is nonzero (a bool tensor)."""
    return eq(_count(x, axis, keepdims, False), 0)


def max_and_argmax(a, axis=None, keepdims=False):
    """[max, argmax] of `a` along `axis` (all axes by default)."""
    return [max(a, axis, keepdims), argmax(a, axis, keepdims)]


def isclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """numpy's isclose: |a - b| <= atol + rtol * |b|, infinities close only to
    themselves, NaN close to nothing (to NaN with `equal_nan`)."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.dtype in dtypes.DISCRETE and b.dtype in dtypes.DISCRETE:
        a, b = cast(a, "float64"), cast(b, "float64")
    close = le(abs_(a - b), atol + rtol * abs_(b))
    a_inf, b_inf = isinf(a), isinf(b)
    a_nan, b_nan = isnan(a), isnan(b)
    finite = EXPORTS["tensor"]["invert"](or_(or_(a_nan, b_nan), or_(a_inf, b_inf)))
    result = or_(and_(close, finite), and_(and_(a_inf, b_inf), eq(a, b)))
    if equal_nan:
        result = or_(result, and_(a_nan, b_nan))
    return result


def allclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Whether isclose holds everywhere (a bool scalar)."""
    return all(isclose(a, b, rtol, atol, equal_nan))


def outer(x, y):
    """The outer product of two vectors (tensors are flattened)."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.ndim != 1:
        x = flatten(x)
    if y.ndim != 1:
        y = flatten(y)
    return dot(x.dimshuffle(0, "x"), y.dimshuffle("x", 0))


def _times(a, b):
    """a * b for sizes that are ints or integer scalars (ints multiply now)."""
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, int) and a == 1:
        return b
    if isinstance(b, int) and b == 1:
        return a
    return mul(a, b)


def _product(sizes):
    result = 1
    for size in sizes:
        result = _times(result, size)
    return result


def _tensordot_axes(a, b, axes, batched):
    """Theano's axes argument as two lists of non-negative axes."""
    first = 1 if batched else 0
    if np.isscalar(axes):
        n = int(axes)
        for name, operand in (("a", a), ("b", b)):
            if n > operand.ndim - first or n < 0:
                raise ValueError(
                    f"axes can not be larger than the dimension of {name} "
                    f"({name}.ndim={operand.ndim}, axes={n})"
                )
        return list(range(a.ndim - n, a.ndim)), list(range(first, first + n))
    if len(axes) != 2:
        raise ValueError("Axes should be an integer or a list/tuple of len 2 ([a_axes, b_axes])")
    lists = [[int(i) for i in (ax if isinstance(ax, (list, tuple, np.ndarray)) else [ax])] for ax in axes]
    if len(lists[0]) != len(lists[1]):
        raise ValueError("Axes elements must have the same length.")
    result = []
    for name, operand, ax in (("a", a, lists[0]), ("b", b, lists[1])):
        if len(ax) > operand.ndim:
            raise ValueError(
                f"axes[{len(result)}] should be array_like with length less than the dimensions of {name} "
                f"({name}.ndim={operand.ndim}, len(axes[{len(result)}])={len(ax)})."
            )
        normalized = []
        for i in ax:
            if not -operand.ndim <= i < operand.ndim:
                raise ValueError(
                    f"axes[{len(result)}] contains dimensions greater than or equal to {name}.ndim "
                    f"({name}.ndim={operand.ndim}, max(axes[{len(result)}])={i})."
                )
            normalized.append(i % operand.ndim)
        if batched and 0 in normalized:
            raise ValueError(f"axes to sum over must not contain the batch axis of {name}")
        if len(set(normalized)) != len(normalized):
            raise ValueError(f"repeated axis in axes for {name}: {ax}")
        result.append(normalized)
    return result


def tensordot(a, b, axes=2):
    """numpy's tensordot: the sum of products over `axes` (an int n: a's last
    n and b's first n; or [a_axes, b_axes]), computed as one matrix product
    of the operands transposed and reshaped (Theano's way)."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    a_axes, b_axes = _tensordot_axes(a, b, axes, batched=False)
    a_free = [d for d in range(a.ndim) if d not in a_axes]
    b_free = [d for d in range(b.ndim) if d not in b_axes]
    a_shape, b_shape = _broadcast_shape(a), _broadcast_shape(b)
    summed = _product([a_shape[d] for d in a_axes])
    a2 = reshape(DimShuffle(a_free + a_axes)(a), [_product([a_shape[d] for d in a_free]), summed], ndim=2)
    # b's own summed size: dot then checks that it is a's (a reshape to a's
    # would fold mismatched axes of equal total size into a wrong result)
    b_summed = _product([b_shape[d] for d in b_axes])
    b2 = reshape(DimShuffle(b_axes + b_free)(b), [b_summed, _product([b_shape[d] for d in b_free])], ndim=2)
    result = dot(a2, b2)
    out_shape = [a_shape[d] for d in a_free] + [b_shape[d] for d in b_free]
    return reshape(result, out_shape, ndim=len(out_shape)) if out_shape else _scalar_of(result)


def _scalar_of(x):
    """The one element of a 1x1 matrix, as a scalar."""
    return reshape(x, np.zeros(0, dtype="int64"), ndim=0)


def batched_tensordot(x, y, axes=2):
    """tensordot of each x[i] with y[i] (the first axis is the batch); `axes`
    as tensordot's, counted in the full operands (the batch axis excluded).
    The result has dimensions (batch, x's free ones, y's free ones)."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.ndim == 0 or y.ndim == 0:
        raise TypeError("batched_tensordot: both operands need a batch axis")
    x_axes, y_axes = _tensordot_axes(x, y, axes, batched=True)
    x_free = [d for d in range(1, x.ndim) if d not in x_axes]
    y_free = [d for d in range(1, y.ndim) if d not in y_axes]
    n_x, n_y, n_sum = len(x_free), len(y_free), len(x_axes)
    xs = DimShuffle([0] + x_free + ["x"] * n_y + x_axes)(x)
    ys = DimShuffle([0] + ["x"] * n_x + y_free + y_axes)(y)
    dtype = dtypes.upcast(x.dtype, y.dtype)
    summed = list(range(1 + n_x + n_y, 1 + n_x + n_y + n_sum))
    product = mul(xs, ys)
    return sum(product, axis=summed, dtype=dtype) if summed else product


def batched_dot(a, b):
    """dot of each a[i] with b[i] (Theano's batched_dot): vectors of a batch
    scale b's rows; 2-d and 3-d operands are batches of vectors and matrices."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0:
        raise TypeError("a must have at least one (batch) axis")
    if b.ndim == 0:
        raise TypeError("b must have at least one (batch) axis")
    if a.ndim == 1:
        return mul(DimShuffle([0] + ["x"] * (b.ndim - 1))(a), b)
    if b.ndim == 1:
        return mul(a, DimShuffle([0] + ["x"] * (a.ndim - 1))(b))
    return batched_tensordot(a, b, [[a.ndim - 1], [builtins.max(1, b.ndim - 2)]])


def shape_padleft(t, n_ones=1):
    """`t` with `n_ones` broadcastable dimensions in front."""
    t = as_tensor_variable(t)
    return DimShuffle(["x"] * n_ones + list(range(t.ndim)))(t)


def shape_padright(t, n_ones=1):
    """`t` with `n_ones` broadcastable dimensions at the end."""
    t = as_tensor_variable(t)
    return DimShuffle(list(range(t.ndim)) + ["x"] * n_ones)(t)


def shape_padaxis(t, axis):
    """`t` with a broadcastable dimension inserted at `axis` (numpy's expand_dims)."""
    t = as_tensor_variable(t)
    ndim = t.ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError(f"axis {axis} is out of bounds [-{ndim}, {ndim})")
    axis = axis % ndim
    pattern = list(range(t.ndim))
    pattern.insert(axis, "x")
    return DimShuffle(pattern)(t)


class Rebroadcast(CompositeOp):
    """Rebroadcast((axis, bool), ...): `x` with those dimensions made
    broadcastable or not (a dimension made broadcastable must have size 1,
    checked when the function runs: a ValueError, as Theano's)."""

    __props__ = ("axis",)

    def __init__(self, *axis):
        self.axis = tuple(sorted(dict((int(a), bool(b)) for a, b in axis).items()))

    def make_node(self, x):
        x = as_tensor_variable(x)
        if self.axis and (builtins.max(a for a, _ in self.axis) >= x.ndim or self.axis[0][0] < 0):
            raise ValueError("Trying to rebroadcast non-existent dimension")
        pattern = list(x.broadcastable)
        for a, b in self.axis:
            pattern[a] = b
        return Apply(self, [x], [TensorType(x.dtype, pattern)()])

    def infer_shape(self, node, input_shapes):
        (shape,) = input_shapes
        made = dict(self.axis)
        return [tuple(1 if made.get(d, False) else s for d, s in enumerate(shape))]

    def build(self, node, x):
        pattern = node.outputs[0].broadcastable
        if pattern == x.broadcastable:
            return [x]
        sizes = [1 if b else Shape_i(d)(x) for d, b in enumerate(pattern)]
        return [reshape(x, sizes, ndim=x.ndim)]

    def scalar_constant_value(self, node, value):
        return value(node.inputs[0])


def _simplified_rebroadcast(r):
    """Theano's apply_rebroadcast_opt: a Rebroadcast that changes nothing is
    its input; flags that change nothing are dropped; a Rebroadcast of a
    Rebroadcast is one of the inner's input (the outer's flags winning)."""
    while r.owner is not None and isinstance(r.owner.op, Rebroadcast):
        x, axis = r.owner.inputs[0], dict(r.owner.op.axis)
        if x.owner is not None and isinstance(x.owner.op, Rebroadcast):
            axis = {**dict(x.owner.op.axis), **axis}
            x = x.owner.inputs[0]
        changing = {a: b for a, b in axis.items() if x.broadcastable[a] != b}
        if not changing:
            return x
        if r.owner.inputs[0] is x and changing == dict(r.owner.op.axis):
            return r
        r = Rebroadcast(*changing.items())(x)
    return r


def _axes(x, axes):
    """`axes` of `x`, a negative one counted from the end; one beyond its
    dimensions is Theano's ValueError."""
    result = []
    for a in axes:
        a = int(a)
        if not -x.ndim <= a < x.ndim:
            raise ValueError(f"Trying to rebroadcast non-existent dimension {a} of {x.type}")
        result.append(a % x.ndim)
    return result


def addbroadcast(x, *axes):
    """`x` with `axes` made broadcastable (Theano's: a Rebroadcast, none
    where they already are); their size must be 1 (checked when the
    function runs)."""
    x = as_tensor_variable(x)
    return _simplified_rebroadcast(Rebroadcast(*[(a, True) for a in _axes(x, axes)])(x))


def unbroadcast(x, *axes):
    """`x` with `axes` no longer broadcastable (a Rebroadcast, none where
    they are not)."""
    x = as_tensor_variable(x)
    return _simplified_rebroadcast(Rebroadcast(*[(a, False) for a in _axes(x, axes)])(x))


def patternbroadcast(x, broadcastable):
    """`x` with the broadcastable pattern `broadcastable` (its first
    entries: Theano's Rebroadcast of each); a dimension made broadcastable
    must have size 1 (checked when the function runs, a ValueError)."""
    x = as_tensor_variable(x)
    broadcastable = tuple(bool(b) for b in broadcastable)
    return _simplified_rebroadcast(Rebroadcast(*enumerate(broadcastable))(x))


class Assert(Op):
    """Assert(msg)(value, *conditions): `value`, once each condition (a
    scalar; nonzero is true) holds when the function runs; one that does
    not is Theano's AssertionError(msg), naming the node (the dialect's
    theano.assert)."""

    __props__ = ("msg",)

    def __init__(self, msg="Theano Assert failed!"):
        self.msg = msg

    def __str__(self):
        return "Assert{msg='" + self.msg + "'}"

    def make_node(self, value, *conds):
        value = as_tensor_variable(value)
        conds = [as_tensor_variable(c) for c in conds]
        for c in conds:
            if c.ndim != 0:
                raise TypeError(f"Assert: the conditions must be scalars, got {c.type}")
        return Apply(self, [value, *conds], [value.type()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def scalar_constant_value(self, node, value):
        """get_scalar_constant_value's rule: the value, where every condition is a true constant."""
        conds = [value(c) for c in node.inputs[1:]]
        if not builtins.all(c.ndim == 0 and c != 0 for c in conds):
            raise NotScalarConstantError(node.outputs[0])
        return value(node.inputs[0])

    def emit(self, emitter, node, inputs):
        value, conds = inputs[0], inputs[1:]
        if not conds:
            return [value]
        return [dialect.assert_(value, list(conds), self.msg)]


#: Theano's default Assert instance.
assert_op = Assert()


def _shape_checked(x, shape):
    """`x` and its sizes as `shape` says: entries of the sequence (or vector
    of known length) `shape`, checked when the function runs."""
    x = as_tensor_variable(x)
    entries = [as_tensor_variable(e) for e in _shape_entries(shape)]
    if len(entries) != x.ndim:
        raise AssertionError(f"specify_shape: {len(entries)} sizes given for {x.ndim} dimensions of {x.type}")
    for d, (entry, b) in enumerate(zip(entries, x.broadcastable)):
        if entry.ndim != 0 or entry.dtype not in dtypes.INTEGERS:
            raise TypeError(f"specify_shape: the shape must be integers, got {entry.type}")
        if b and isinstance(entry, Constant) and int(entry.data) != 1:
            raise AssertionError(
                f"specify_shape: dimension {d} of {x.type} is broadcastable, not {entry.data}"
            )
    return x, entries


def specify_shape(x, shape):
    """`x`, whose shape must be `shape` (a sequence, or a vector of known
    length): checked when the function runs, Theano's AssertionError; the
    value's type unchanged (kernels are specialized for the shapes calls
    bring anyway)."""
    x, entries = _shape_checked(x, shape)
    return Assert("SpecifyShape: the value's shape is not the one specified")(
        x, *[eq(Shape_i(d)(x), e) for d, (e, b) in enumerate(zip(entries, x.broadcastable)) if not b]
    )


def with_sizes(x, shape):
    """`x`, its sizes `shape` where the graph computes them (a join's parts,
    a split's): a size that is not is Theano's ValueError of those ops, a
    shape mismatch, when the function runs."""
    x, entries = _shape_checked(x, shape)
    return alloc(x, *[1 if b else e for e, b in zip(entries, x.broadcastable)])


def _padded_reps(reps, ndim):
    """The `ndim` scalars of the integer vector `reps` padded with leading
    1s (Theano's tile of a symbolic vector of reps). A vector longer than
    `ndim` is an IndexError when the function runs: its length indexes
    0..ndim, a checked read, which also keeps the check in the graph."""
    length = constant(np.arange(ndim + 1, dtype="int64"))[Shape_i(0)(reps)]
    offset = ndim - length
    return [switch(lt(i, offset), 1, reps[maximum(i - offset, 0)]) for i in range(ndim)]


def tile(x, reps, ndim=None):
    """`x` repeated `reps` times along each dimension (numpy's tile; `reps`
    a sequence of ints or integer scalars, or one of them)."""
    x = as_tensor_variable(x)
    if ndim is not None and ndim < x.ndim:
        raise ValueError("ndim should be equal or larger than x.ndim")
    if not isinstance(reps, (list, tuple)):
        reps_tensor = as_tensor_variable(reps)
        if reps_tensor.dtype not in dtypes.DISCRETE:
            raise ValueError("elements of reps must be integer dtype")
        if reps_tensor.ndim == 0:
            reps = [reps]
        elif reps_tensor.ndim == 1:
            if ndim is None:
                raise ValueError("if reps is tensor.vector, you should specify the ndim")
            reps = _padded_reps(reps_tensor, ndim)
        else:
            raise ValueError("the dimension of reps should not exceed 1")
    else:
        if ndim is not None and len(reps) > ndim:
            raise ValueError("len(reps) should be equal or less than ndim")
        for r in reps:
            if not (
                isinstance(r, (int, np.integer))
                and not isinstance(r, bool)
                or isinstance(r, Variable)
                and r.ndim == 0
                and r.dtype in dtypes.DISCRETE
            ):
                raise ValueError("elements of reps must be scalars of integer dtype")
    reps = [int(r) if isinstance(r, (int, np.integer)) else r for r in reps]
    if ndim is None:
        ndim = builtins.max(len(reps), x.ndim)
    reps = [1] * (ndim - len(reps)) + list(reps)
    shape = [1] * (ndim - x.ndim) + _broadcast_shape(x)
    y = alloc(x, *(reps + shape))
    y = DimShuffle([i for pair in zip(range(ndim), range(ndim, 2 * ndim)) for i in pair])(y)
    return reshape(y, [_times(s, r) for s, r in zip(shape, reps)], ndim=ndim)


#: Theano's isnan_ and isinf_: the elementwise ops themselves, for any dtype.
isnan_ = isnan
isinf_ = isinf


def _all_false(a):
    """False where `a` is, of its broadcastable pattern (Theano's alloc sees
    a broadcastable dimension's size as the constant 1)."""
    sizes = [1 if b else a.shape[i] for i, b in enumerate(a.broadcastable)]
    return alloc(np.asarray(False, dtype="bool"), *sizes)


def isnan(a):
    """Where `a` is NaN (Theano's T.isnan): for bool and integer dtypes,
    which hold none, an allocated False of `a`'s shape rather than the
    elementwise op."""
    a = as_tensor_variable(a)
    return _all_false(a) if a.dtype in dtypes.DISCRETE else isnan_(a)


def isinf(a):
    """Where `a` is infinite (Theano's T.isinf): for bool and integer
    dtypes an allocated False of `a`'s shape, as isnan."""
    a = as_tensor_variable(a)
    return _all_false(a) if a.dtype in dtypes.DISCRETE else isinf_(a)
