"""Theano's ranges and triangles (theano.tensor.basic): `arange` (an ARange
node, lowered to one loop over the index), and `eye`, `tri`, `tril`,
`triu`, `identity_like` built over it; with `iround` and `ceil_intdiv`,
Theano's two integer compositions."""

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Constant, Op
from .conversion import as_tensor_variable
from .elemwise import (
    Cast,
    DimShuffle,
    add,
    ceil,
    eq,
    ge,
    int_div,
    maximum,
    mod,
    mul,
    neq,
    round_half_away_from_zero,
    round_half_to_even,
    sub,
    true_div,
)
from .type import TensorType

# ---------------------------------------------------------------------------
# arange
# ---------------------------------------------------------------------------


#: The integer dtypes that Theano's ARange.infer_shape takes as int64.
_TO_INT64 = ("int8", "int16", "int32", "uint8", "uint16", "uint32")


class ARange(Op):
    """numpy's arange(start, stop, step) of scalars, in `dtype`: length
    max(ceil((stop - start) / step), 0); a zero step is a ValueError at run
    time, naming the node."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dtype

    def __str__(self):
        return f"ARange{{dtype='{self.dtype}'}}"

    def make_node(self, start, stop, step):
        start, stop, step = (as_tensor_variable(v) for v in (start, stop, step))
        for name, value in (("start", start), ("stop", stop), ("step", step)):
            if value.ndim != 0:
                raise TypeError(f"ARange: {name} must be a scalar, got {value.type}")
            if value.dtype not in dtypes.INTEGERS | dtypes.FLOATS:
                raise TypeError(f"ARange: {name} must be a number, got {value.type}")
        return Apply(self, [start, stop, step], [TensorType(self.dtype, (False,))()])

    def infer_shape(self, node, input_shapes):
        """Theano's: max(ceil((stop - start) / step), 0), the division in
        float64 (max(stop - start, 0) for a constant step of 1); integer
        bounds as int64, a float step of an integer arange in its dtype."""
        start, stop = (Cast("int64")(v) if v.dtype in _TO_INT64 else v for v in node.inputs[:2])
        step = node.inputs[2]
        if self.dtype in dtypes.INTEGERS and step.dtype not in dtypes.INTEGERS:
            step = Cast(self.dtype)(step)
        span = sub(stop, start)
        if isinstance(step, Constant) and np.all(np.asarray(step.data) == 1):
            length = span if span.dtype == "int64" else Cast("int64")(span)
        else:
            span = span if span.dtype == "float64" else Cast("float64")(span)
            length = Cast("int64")(ceil(true_div(span, step)))
        return [(maximum(length, 0),)]

    def emit(self, emitter, node, inputs):
        operands = [emitter.cast(value, self.dtype) for value in inputs]
        return [dialect.arange(emitter.tensor_type(self.dtype, [None]), *operands)]


def arange(start, stop=None, step=1, dtype=None):
    """Theano's T.arange: with one bound it is `stop` and start is 0; the
    dtype is the bounds' upcast, int64 for signed integers, uint64 for
    unsigned ones."""
    if stop is None:
        start, stop = 0, start
    start, stop, step = (as_tensor_variable(v) for v in (start, stop, step))
    if dtype is None:
        dtype = dtypes.upcast(start.dtype, stop.dtype, step.dtype)
        if dtype in dtypes.INTEGERS and not dtype.startswith("u"):
            dtype = "int64"
        elif dtype in dtypes.INTEGERS:
            dtype = "uint64"
    return ARange(str(dtype))(start, stop, step)


# ---------------------------------------------------------------------------
# Over arange: eye, tri, tril, triu, identity_like
# ---------------------------------------------------------------------------


def _grid(n, m):
    """Row and column indices (int64) of an n x m grid, broadcastable."""
    rows = DimShuffle([0, "x"])(arange(n))
    cols = DimShuffle(["x", 0])(arange(m))
    return rows, cols


def eye(n, m=None, k=0, dtype=None):
    """A 2-d array with ones on diagonal `k` and zeros elsewhere."""
    if dtype is None:
        dtype = config.floatX
    if m is None:
        m = n
    rows, cols = _grid(n, m)
    return Cast(str(dtype))(eq(sub(cols, rows), k))


def identity_like(x):
    x = as_tensor_variable(x)
    return eye(x.shape[0], x.shape[1], k=0, dtype=x.dtype)


def tri(N, M=None, k=0, dtype=None):
    """Ones at and below diagonal `k` (T[i, j] = 1 for j <= i + k)."""
    if dtype is None:
        dtype = config.floatX
    if M is None:
        M = N
    rows, cols = _grid(N, M)
    return Cast(str(dtype))(ge(add(rows, k), cols))


def tril(m, k=0):
    """`m` with the elements above diagonal `k` zeroed."""
    m = as_tensor_variable(m)
    return mul(m, tri(m.shape[0], m.shape[1], k=k, dtype=m.dtype))


def triu(m, k=0):
    """`m` with the elements below diagonal `k` zeroed."""
    m = as_tensor_variable(m)
    return mul(m, sub(1, tri(m.shape[0], m.shape[1], k=k - 1, dtype=m.dtype)))


# ---------------------------------------------------------------------------
# Integer compositions
# ---------------------------------------------------------------------------


def iround(a, mode=None):
    """cast(round(a, mode), 'int64'), as Theano."""
    rounding = {
        None: round_half_to_even,
        "half_to_even": round_half_to_even,
        "half_away_from_zero": round_half_away_from_zero,
    }
    if mode not in rounding:
        raise Exception(f"round mode {mode} is not implemented.")
    return Cast("int64")(rounding[mode](a))


def ceil_intdiv(a, b):
    """ceil(a / b) for integers, without floats: a // b, plus 1 where a % b
    is not 0 (Theano's)."""
    div = int_div(a, b)
    return add(Cast(div.dtype)(neq(mod(a, b), 0)), div)
