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

import numpy as np

from .basic import Shape_i, sum, zeros
from .conversion import as_tensor_variable
from .elemwise import DimShuffle, add, maximum, minimum
from .ranges import arange
from .subtensor import getitem, set_subtensor


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


class ExtractDiag:
    """Theano's ExtractDiag: the `offset` diagonal of the planes of axes
    `axis1`, `axis2` (their dimension removed, the diagonal's appended)."""

    __props__ = ("offset", "axis1", "axis2", "view")

    def __init__(self, offset=0, axis1=0, axis2=1, view=False):
        self.offset, self.axis1, self.axis2 = _offset(offset), int(axis1), int(axis2)
        self.view = bool(view)

    def _key(self):
        return (type(self), self.offset, self.axis1, self.axis2)

    def __eq__(self, other):
        return isinstance(other, ExtractDiag) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return (
            f"ExtractDiag{{offset={self.offset}, axis1={self.axis1}, axis2={self.axis2}, view={self.view}}}"
        )

    def __call__(self, x):
        x = as_tensor_variable(x)
        if x.ndim < 2:
            raise ValueError("ExtractDiag needs an input with 2 or more dimensions", x)
        axis1, axis2 = self.axis1, self.axis2
        for axis in (axis1, axis2):
            if not -x.ndim <= axis < x.ndim:
                raise ValueError(f"axis {axis} is out of bounds for a {x.ndim}-dimensional input")
        axis1, axis2 = axis1 % x.ndim, axis2 % x.ndim
        if axis1 == axis2:
            raise ValueError("axis1 and axis2 cannot be the same")
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
            return taken
        return DimShuffle(list(range(1, x.ndim - 1)) + [0])(taken)


class AllocDiag:
    """Theano's AllocDiag: the square matrix with vector `v` on its `offset`
    diagonal and zeros elsewhere."""

    __props__ = ("offset",)

    def __init__(self, offset=0):
        self.offset = _offset(offset)

    def __eq__(self, other):
        return isinstance(other, AllocDiag) and self.offset == other.offset

    def __hash__(self):
        return hash((AllocDiag, self.offset))

    def __str__(self):
        return f"AllocDiag{{offset={self.offset}}}"

    def __call__(self, v):
        v = as_tensor_variable(v)
        if v.ndim != 1:
            raise TypeError("data argument must be a vector", v.type)
        length = Shape_i(0)(v)
        size = add(length, abs(self.offset)) if self.offset else length
        rows, cols = _coordinates(length, self.offset)
        return set_subtensor(getitem(zeros((size, size), dtype=v.dtype), (rows, cols)), v)


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
