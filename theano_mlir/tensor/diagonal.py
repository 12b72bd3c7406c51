"""Diagonals, as Theano's theano.tensor has them: `diagonal` (ExtractDiag:
any two axes, an offset), `diag` (a vector made a matrix by AllocDiag, a
matrix's diagonal), `trace`; theano.tensor.nlinalg's `extract_diag`,
`alloc_diag` and `trace` build on them.

Both are integer-array indexing with arange indices, so they cost one pass
over the diagonal and take their gradients from the indexing rules:
`diagonal(a)` is a[arange(k) + r0, arange(k) + c0] (the diagonal's
dimension moved last, as numpy's), AllocDiag a set_subtensor of zeros
there.
"""

import builtins

import numpy as np

from ..graph import Apply, CompositeOp
from .basic import Shape_i, sum, zeros
from .conversion import as_tensor_variable
from .elemwise import DimShuffle, add, maximum, minimum
from .ranges import arange
from .subtensor import getitem, set_subtensor
from .type import TensorType


def _offset(offset):
    if isinstance(offset, (int, np.integer)) and not isinstance(offset, bool):
        return int(offset)
    raise NotImplementedError(f"the diagonal's offset must be an int, got {offset!r}")


def _coordinates(length, offset):
    """Rows and columns of the `offset` diagonal's `length` elements."""
    i = arange(length)
    rows = add(i, -offset) if offset < 0 else i
    cols = add(i, offset) if offset > 0 else i
    return rows, cols


class ExtractDiag(CompositeOp):
    """Theano's ExtractDiag: the `offset` diagonal of the planes of axes
    `axis1`, `axis2` (their dimension removed, the diagonal's appended)."""

    __props__ = ("offset", "axis1", "axis2", "view")

    def __init__(self, offset=0, axis1=0, axis2=1, view=False):
        self.offset, self.axis1, self.axis2 = _offset(offset), int(axis1), int(axis2)
        self.view = bool(view)

    def __eq__(self, other):  # view or not, the same values
        return isinstance(other, ExtractDiag) and self._props()[:3] == other._props()[:3]

    def __hash__(self):
        return hash((ExtractDiag, self._props()[:3]))

    def __str__(self):
        return (
            f"ExtractDiag{{offset={self.offset}, axis1={self.axis1}, axis2={self.axis2}, view={self.view}}}"
        )

    def _axes(self, ndim):
        for axis in (self.axis1, self.axis2):
            if not -ndim <= axis < ndim:
                raise ValueError(f"axis {axis} is out of bounds for a {ndim}-dimensional input")
        axis1, axis2 = self.axis1 % ndim, self.axis2 % ndim
        if axis1 == axis2:
            raise ValueError("axis1 and axis2 cannot be the same")
        return axis1, axis2

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.ndim < 2:
            raise ValueError("ExtractDiag needs an input with 2 or more dimensions", x)
        axis1, axis2 = self._axes(x.ndim)
        rest = [b for d, b in enumerate(x.broadcastable) if d not in (axis1, axis2)]
        return Apply(self, [x], [TensorType(x.dtype, tuple(rest) + (False,))()])

    def infer_shape(self, node, input_shapes):
        """The other axes' sizes, then the diagonal's length."""
        (shape,) = input_shapes
        axis1, axis2 = self._axes(len(shape))
        n, m = shape[axis1], shape[axis2]
        if self.offset < 0:
            n = add(n, self.offset)
        elif self.offset > 0:
            m = add(m, -self.offset)
        rest = [s for d, s in enumerate(shape) if d not in (axis1, axis2)]
        return [tuple(rest) + (maximum(minimum(n, m), 0),)]

    def build(self, node, x):
        axis1, axis2 = self._axes(x.ndim)
        rest = [d for d in range(x.ndim) if d not in (axis1, axis2)]
        order = [axis1, axis2] + rest
        if order != list(range(x.ndim)):
            x = DimShuffle(order)(x)
        offset = self.offset
        n, m = Shape_i(0)(x), Shape_i(1)(x)
        if offset < 0:
            n = add(n, offset)
        elif offset > 0:
            m = add(m, -offset)
        rows, cols = _coordinates(maximum(minimum(n, m), 0), offset)
        taken = getitem(x, (rows, cols))
        if x.ndim == 2:
            return [taken]
        return [DimShuffle(list(range(1, x.ndim - 1)) + [0])(taken)]


class AllocDiag(CompositeOp):
    """Theano's AllocDiag: `x` (of 1 or more dimensions) laid on the
    `offset` diagonal of the planes of axes `axis1`, `axis2` of a zero
    tensor of one more dimension, whose two diagonal axes have length
    x.shape[-1] + |offset| (numpy's diagonal(result, offset, axis1, axis2)
    is `x`)."""

    __props__ = ("offset", "axis1", "axis2")

    def __init__(self, offset=0, axis1=0, axis2=1):
        self.offset, self.axis1, self.axis2 = _offset(offset), int(axis1), int(axis2)

    def __str__(self):
        return f"AllocDiag{{offset={self.offset}, axis1={self.axis1}, axis2={self.axis2}}}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.ndim < 1:
            raise ValueError("AllocDiag needs an input with 1 or more dimensions", x.type)
        axis1, axis2 = builtins.min(self.axis1, self.axis2), builtins.max(self.axis1, self.axis2)
        if axis1 == axis2 or axis1 < 0 or axis2 > x.ndim:
            raise ValueError(
                f"AllocDiag: axes {self.axis1}, {self.axis2} for a {x.ndim + 1}-dimensional result"
            )
        return Apply(self, [x], [TensorType(x.dtype, (False,) * (x.ndim + 1))()])

    def infer_shape(self, node, input_shapes):
        """Theano's: x's leading sizes, with x.shape[-1] + |offset| at axis1 and axis2."""
        (x_shape,) = input_shapes
        axis1, axis2 = builtins.min(self.axis1, self.axis2), builtins.max(self.axis1, self.axis2)
        size = add(x_shape[-1], abs(self.offset)) if self.offset else x_shape[-1]
        shape = list(x_shape[:-1])
        shape = shape[:axis1] + [size] + shape[axis1:]
        shape = shape[:axis2] + [size] + shape[axis2:]
        return [tuple(shape)]

    def build(self, node, x):
        axis1, axis2 = builtins.min(self.axis1, self.axis2), builtins.max(self.axis1, self.axis2)
        length = Shape_i(x.ndim - 1)(x)
        size = add(length, abs(self.offset)) if self.offset else length
        rows, cols = _coordinates(length, self.offset)
        leading = [Shape_i(d)(x) for d in range(x.ndim - 1)]
        # The diagonal in the last two axes, then moved to axis1 and axis2.
        planes = zeros(leading + [size, size], dtype=x.dtype)
        result = set_subtensor(getitem(planes, (slice(None),) * (x.ndim - 1) + (rows, cols)), x)
        if x.ndim == 1:
            return [result]
        axes = list(range(x.ndim - 1))
        axes = axes[:axis1] + [x.ndim - 1] + axes[axis1:]
        axes = axes[:axis2] + [x.ndim] + axes[axis2:]
        return [DimShuffle(axes)(result)]


def diagonal(a, offset=0, axis1=0, axis2=1):
    """numpy's diagonal: the `offset` diagonal of the planes of `axis1` and
    `axis2`, appended as the last dimension."""
    return ExtractDiag(offset, axis1, axis2)(a)


def diag(v, k=0):
    """A vector's matrix with it on the k-th diagonal, or the k-th diagonal
    of a matrix (numpy's diag)."""
    v = as_tensor_variable(v)
    if v.ndim == 1:
        return AllocDiag(k)(v)
    if v.ndim >= 2:
        return diagonal(v, offset=k)
    raise ValueError("Input must has v.ndim >= 1.")


def trace(a, offset=0, axis1=0, axis2=1):
    """numpy's trace: the sums along the diagonals."""
    return sum(diagonal(a, offset, axis1, axis2), axis=-1)
