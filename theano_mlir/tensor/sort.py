"""theano.tensor.sort: `sort` and `argsort` (SortOp, ArgSortOp) along an
axis (-1 by default; None sorts the flattened input). Stable, NaN last as
numpy; `kind` and `order` are accepted and ignored, as Theano's C code
does. argsort gives int64 positions. sort's gradient puts the output
gradient back where each element came from."""

import numpy as np

from .. import dtypes
from ..dialect import theano as dialect
from ..graph import Apply, Constant, Op
from .conversion import as_tensor_variable
from .type import TensorType


def _constant_axis(axis, ndim, name):
    if axis is None:
        return None
    if isinstance(axis, Constant):
        axis = axis.data
    elif not isinstance(axis, (int, np.integer, np.ndarray)):
        raise NotImplementedError(f"{name}: the axis must be a constant, got {axis}")
    axis = int(np.asarray(axis))
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name}: axis {axis} is out of bounds for a {ndim}-dimensional input")
    return axis % ndim


class _SortBase(Op):
    __props__ = ("kind", "order")

    def __init__(self, kind="quicksort", order=None):
        self.kind = kind
        self.order = order

    def __str__(self):
        return f"{type(self).__name__}{{{self.kind}, {self.order}}}"

    def output_dtype(self, x):
        raise NotImplementedError

    def make_node(self, input, axis=-1):
        input = as_tensor_variable(input)
        if input.dtype not in dtypes.DISCRETE | dtypes.FLOATS:
            raise TypeError(f"{self}: cannot sort {input.type}")
        if input.ndim == 0:
            raise ValueError(f"{self}: cannot sort a 0-d tensor")
        axis = as_tensor_variable(axis)
        _constant_axis(axis, input.ndim, str(self))
        out = TensorType(self.output_dtype(input), input.broadcastable)()
        return Apply(self, [input, axis], [out])

    def emit(self, emitter, node, inputs):
        value = inputs[0]
        x = node.inputs[0]
        ndim = x.ndim
        axis = _constant_axis(node.inputs[1], ndim, str(self))
        key_dtype = "uint8" if x.dtype == "bool" else x.dtype
        value = emitter.cast(value, key_dtype)
        shape = emitter.shape_of(value)
        order = [d for d in range(ndim) if d != axis] + [axis]
        if axis != ndim - 1:
            value = dialect.dimshuffle(
                emitter.tensor_type(key_dtype, [shape[d] for d in order]), value, order
            )
        moved = [shape[d] for d in order]
        out_dtype = node.outputs[0].dtype
        positions = out_dtype == "int64" and isinstance(self, ArgSortOp)
        result_dtype = "int64" if positions else key_dtype
        result = dialect.sort(emitter.tensor_type(result_dtype, moved), value, positions=positions or None)
        if axis != ndim - 1:
            inverse = [order.index(d) for d in range(ndim)]
            result = dialect.dimshuffle(emitter.tensor_type(result_dtype, shape), result, inverse)
        return [emitter.cast(result, out_dtype)]


class SortOp(_SortBase):
    """The input sorted along an axis."""

    def output_dtype(self, x):
        return x.dtype


class ArgSortOp(_SortBase):
    """The positions that sort the input along an axis (int64)."""

    def output_dtype(self, x):
        return "int64"


def sort(a, axis=-1, kind="quicksort", order=None):
    """`a` sorted along `axis` (None: flattened first)."""
    a = as_tensor_variable(a)
    if axis is None:
        a = a.flatten()
        axis = 0
    return SortOp(kind, order)(a, axis)


def argsort(a, axis=-1, kind="quicksort", order=None):
    """The int64 positions that sort `a` along `axis` (None: flattened first)."""
    a = as_tensor_variable(a)
    if axis is None:
        a = a.flatten()
        axis = 0
    return ArgSortOp(kind, order)(a, axis)
