"""theano.tensor.extra_ops: squeeze, repeat, to_one_hot (and, with their
dialect ops, cumsum and cumprod), as Theano 1.0 has them."""

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Op
from .basic import Shape_i, alloc, cast, flatten, reshape, specify_shape, zeros
from .basic import sum as tensor_sum
from .conversion import as_tensor_variable
from .cumulative import CumOp, cumprod, cumsum
from .elemwise import DimShuffle, add, mul
from .subtensor import getitem, inc_subtensor
from .type import TensorType


def squeeze(x):
    """`x` without its broadcastable dimensions."""
    x = as_tensor_variable(x)
    return DimShuffle([d for d in range(x.ndim) if not x.broadcastable[d]])(x)


def repeat(x, repeats, axis=None):
    """Each element of `x` repeated `repeats` times along `axis` (numpy's
    repeat; by default over the flattened `x`). `repeats` is an integer or
    an integer scalar, or a vector of one count per element along `axis`
    (its length checked when the function runs, a ValueError)."""
    x = as_tensor_variable(x)
    repeats = as_tensor_variable(repeats)
    if repeats.ndim > 1:
        raise ValueError("The dimension of repeats should not exceed 1.")
    if repeats.dtype not in dtypes.INTEGERS:
        raise TypeError("repeats.dtype must be an integer.")
    if x.dtype == "uint64":
        raise TypeError("theano.tensor.repeat don't support dtype uint64")
    if repeats.ndim == 1 and repeats.broadcastable[0]:
        repeats = DimShuffle([])(repeats)  # its one element, as a scalar
    if axis is None:
        axis = 0
        x = flatten(x)
    else:
        if axis >= x.ndim:
            raise ValueError("Axis should not exceed x.ndim-1.")
        if axis < 0:
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


def _repeat_each(x, repeats, axis):
    """x's elements along `axis`, element i repeats[i] times: a gather at
    the positions cumsum(marks), marks holding a 1 where each element's run
    ends (runs of 0 add nothing); its gradient sums the repeated
    gradients."""
    repeats = specify_shape(cast(repeats, "int64"), [Shape_i(axis)(x)])
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


__all__ = ["CumOp", "OneHot", "cumprod", "cumsum", "repeat", "squeeze", "to_one_hot"]
