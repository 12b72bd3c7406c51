"""TensorConstantSignature: what identifies a TensorConstant's value
(Theano's `TensorConstant.signature()`), NaN-aware: two signatures are
equal when their types, shapes and values are, a NaN matching a NaN in the
same position (numpy's == never matches one)."""

import numpy as np


class TensorConstantSignature(tuple):
    """A pair (type, ndarray), comparable and hashable by value."""

    def __new__(cls, pair):
        tensor_type, data = pair
        return super().__new__(cls, (tensor_type, np.asarray(data)))

    def _nan_mask(self):
        data = self[1]
        if data.dtype.kind not in "fc":
            return np.zeros(data.shape, dtype=bool)
        return np.isnan(data)

    def _finite_sum(self):
        """The sum of the values that are neither NaN nor infinite (0 when
        there are none): a cheap part of the hash."""
        data = self[1]
        if data.dtype.kind not in "fc":
            return data.sum() if data.size else 0
        finite = data[np.isfinite(data)]
        return finite.sum() if finite.size else 0

    def __eq__(self, other):
        if type(self) is not type(other):
            return False
        (t0, d0), (t1, d1) = self, other
        # Shapes compared first: == must not broadcast.
        if t0 != t1 or d0.shape != d1.shape:
            return False
        nan0, nan1 = self._nan_mask(), other._nan_mask()
        if not np.array_equal(nan0, nan1):
            return False
        return bool(np.all((d0 == d1) | nan0))

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        tensor_type, data = self
        return hash((type(self), tensor_type, data.shape, complex(self._finite_sum())))


__all__ = ["TensorConstantSignature"]
