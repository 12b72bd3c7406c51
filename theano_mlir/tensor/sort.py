"""theano.tensor.sort: `sort` and `argsort` (SortOp, ArgSortOp) along an
axis (-1 by default; None sorts the flattened input). Stable, NaN last as
numpy; `kind` and `order` are accepted and ignored, as Theano's C code
does. argsort gives int64 positions. sort's gradient puts the output
gradient back where each element came from.

TopKOp (topk, argtopk, topk_and_argtopk): the k largest elements along an
axis (the -k smallest for a negative k) and/or their positions, in no
promised order (Theano's sorted=True is not implemented, as in Theano)."""

import numpy as np

from .. import dtypes
from ..dialect import theano as dialect
from ..graph import Apply, CompositeOp, Constant, Op
from .conversion import as_tensor_variable
from .elemwise import Cast, abs_, eq, gt, lt, switch
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
        if isinstance(axis, Constant):
            _constant_axis(axis, input.ndim, str(self))
        elif axis.ndim != 0:
            raise TypeError(f"{self}: the axis must be a scalar, got {axis.type}")
        out = TensorType(self.output_dtype(input), input.broadcastable)()
        return Apply(self, [input, axis], [out])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def emit(self, emitter, node, inputs):
        if not isinstance(node.inputs[1], Constant):
            return self._emit_symbolic_axis(emitter, node, inputs)
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

    def _emit_symbolic_axis(self, emitter, node, inputs):
        """An axis known when the function runs: the sort along each axis,
        the one asked for chosen by switches (a negative axis counts from
        the end)."""
        x, axis = (v.type() for v in node.inputs)
        ndim = x.ndim
        index = Cast("int64")(axis)
        index = switch(lt(index, 0), index + ndim, index)
        result = self(x, ndim - 1)
        for d in reversed(range(ndim - 1)):
            result = switch(eq(index, d), self(x, d), result)
        return emitter.emit_graph([x, axis], [result], inputs)


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


class TopKOp(CompositeOp):
    """The `kth` largest elements of the input along `axis` (the smallest for
    a negative `kth`): their values and/or their positions (`idx_dtype`)."""

    __props__ = ("axis", "sorted", "return_values", "return_indices", "idx_dtype")

    def __init__(self, axis=-1, sorted=True, idx_dtype="int64", return_values=True, return_indices=True):
        if not isinstance(axis, (int, np.integer)):
            raise TypeError(f'"axis" parameter must be integer, got "{type(axis)}"')
        if sorted:
            raise NotImplementedError(
                "The sorted parameter is not yet implemented. Use sorted=False for now."
            )
        if idx_dtype not in dtypes.INTEGERS:
            raise TypeError(f'"idx_dtype" parameter must be an integer dtype, got "{idx_dtype}"')
        if not (return_indices or return_values):
            raise ValueError("Neither return_values nor return_indices is True, this isn't allowed")
        self.axis = int(axis)
        self.sorted = sorted
        self.return_values = return_values
        self.return_indices = return_indices
        self.idx_dtype = idx_dtype

    def __str__(self):
        return f"{type(self).__name__}{{axis={self.axis}, sorted={self.sorted}}}"

    def make_node(self, inp, kth):
        inp = as_tensor_variable(inp)
        ndim = inp.ndim
        if ndim == 0:
            raise ValueError("Cannot take scalar as input")
        if not -ndim <= self.axis < ndim:
            raise IndexError(f'"axis" parameter out of range, expected integer within [{-ndim}, {ndim - 1}]')
        kth = as_tensor_variable(kth)
        if kth.ndim != 0 or kth.dtype not in dtypes.INTEGERS:
            raise TypeError(f"{self}: kth must be an integer scalar, got {kth.type}")
        outs = []
        if self.return_values:
            outs.append(inp.type())
        if self.return_indices:
            outs.append(TensorType(self.idx_dtype, inp.broadcastable)())
        return Apply(self, [inp, kth], outs)

    def infer_shape(self, node, input_shapes):
        """Theano's: the input's shape, |kth| along the axis."""
        shape = list(input_shapes[0])
        shape[self.axis] = abs_(node.inputs[1])
        return [tuple(shape)] * len(node.outputs)

    def build(self, node, x, kth):
        axis = self.axis % x.ndim
        n = x.shape[axis]
        positive = gt(kth, 0)
        start = switch(positive, n - kth, 0)
        stop = switch(positive, n, -kth)
        index = (slice(None),) * axis + (slice(start, stop),)
        outs = []
        if self.return_values:
            outs.append(SortOp()(x, axis)[index])
        if self.return_indices:
            outs.append(Cast(self.idx_dtype)(ArgSortOp()(x, axis)[index]))
        return outs


def topk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """The `kth` largest elements of `x` along `axis` (the smallest for a
    negative `kth`; None: over the flattened `x`), in no promised order."""
    if axis is None:
        x = as_tensor_variable(x).flatten()
        axis = 0
    return TopKOp(axis=axis, sorted=sorted, idx_dtype=idx_dtype, return_indices=False)(x, kth)


def argtopk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """The positions (`idx_dtype`) of topk's elements."""
    if axis is None:
        x = as_tensor_variable(x).flatten()
        axis = 0
    return TopKOp(axis=axis, sorted=sorted, idx_dtype=idx_dtype, return_values=False)(x, kth)


def topk_and_argtopk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """(topk, argtopk) from one op."""
    if axis is None:
        x = as_tensor_variable(x).flatten()
        axis = 0
    return tuple(TopKOp(axis=axis, sorted=sorted, idx_dtype=idx_dtype)(x, kth))
