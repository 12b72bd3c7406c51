"""Theano's CumOp (theano.tensor.extra_ops): cumulative sums and products
along an axis, or over the flattened input (axis=None), in the input's
dtype."""

import numpy as np

from ..dialect import theano as dialect
from ..graph import Apply, Op
from .conversion import as_tensor_variable
from .elemwise import mul
from .type import TensorType


class CumOp(Op):
    """cumsum (`mode='add'`) or cumprod (`mode='mul'`) along `axis`."""

    __props__ = ("axis", "mode")

    def __init__(self, axis=None, mode="add"):
        if mode not in ("add", "mul"):
            raise ValueError(f'{type(self).__name__}: Unknown mode "{mode}"')
        self.axis = axis
        self.mode = mode

    def __str__(self):
        return f"{type(self).__name__}{{{self.axis}, {self.mode}}}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        if self.axis is None:
            return Apply(self, [x], [TensorType(x.dtype, (False,))()])
        if self.axis >= x.ndim or self.axis < -x.ndim:
            raise ValueError(f"axis(={self.axis}) out of bounds")
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node, input_shapes):
        (shape,) = input_shapes
        if self.axis is None:  # over the flattened input
            return [(mul(*shape) if len(shape) > 1 else shape[0] if shape else 1,)]
        return [shape]

    def emit(self, emitter, node, inputs):
        (value,) = inputs
        dtype = node.outputs[0].dtype
        compute = "int64" if dtype == "bool" else dtype
        value = emitter.cast(value, compute)
        if self.axis is None:
            flat = emitter.constant(np.array([-1], "int64"))
            value = dialect.reshape(emitter.tensor_type(compute, [None]), value, flat)
            axis = 0
        else:
            axis = self.axis % node.inputs[0].ndim
        result = dialect.cumulative(value, axis, product=self.mode == "mul" or None)
        return [emitter.cast(result, dtype)]


def cumsum(x, axis=None):
    """Cumulative sum along `axis` (None: over the flattened input)."""
    return CumOp(axis=axis, mode="add")(x)


def cumprod(x, axis=None):
    """Cumulative product along `axis` (None: over the flattened input)."""
    return CumOp(axis=axis, mode="mul")(x)
