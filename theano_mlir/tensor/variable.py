"""TensorVariable and TensorConstant, with Theano's operators and methods.

This module sits above the ops its operators build (basic, elemwise), and
binds its classes to TensorType once, at import (tensor/__init__ imports it
first).
"""

import numpy as np

import theano_mlir  # for eval: theano_mlir.function loads the compiler on first use

from ..graph import Constant, Variable
from . import basic, cumulative, diagonal, elemwise, extra_ops, nlinalg, opclasses, sort, subtensor
from .signature import TensorConstantSignature
from .type import TensorType


def _comparison_result(variable):
    """`variable`, marked as a comparison operator's result: its truth value
    is an error (Theano's)."""
    variable._is_nonzero = False
    return variable


class _tensor_py_operators:
    """Operators and methods shared by tensor variables and constants."""

    # Arithmetic ---------------------------------------------------------
    def __add__(self, other):
        return elemwise.add(self, other)

    def __radd__(self, other):
        return elemwise.add(other, self)

    def __sub__(self, other):
        return elemwise.sub(self, other)

    def __rsub__(self, other):
        return elemwise.sub(other, self)

    def __mul__(self, other):
        return elemwise.mul(self, other)

    def __rmul__(self, other):
        return elemwise.mul(other, self)

    def __truediv__(self, other):
        return elemwise.true_div(self, other)

    def __rtruediv__(self, other):
        return elemwise.true_div(other, self)

    def __floordiv__(self, other):
        return elemwise.int_div(self, other)

    def __rfloordiv__(self, other):
        return elemwise.int_div(other, self)

    def __mod__(self, other):
        return elemwise.mod(self, other)

    def __rmod__(self, other):
        return elemwise.mod(other, self)

    def __divmod__(self, other):
        return basic.divmod(self, other)

    def __rdivmod__(self, other):
        return basic.divmod(other, self)

    def __pow__(self, other):
        return elemwise.pow(self, other)

    def __rpow__(self, other):
        return elemwise.pow(other, self)

    def __neg__(self):
        return elemwise.neg(self)

    def __abs__(self):
        return elemwise.abs_(self)

    # Comparisons (== and != stay Python identity, as in Theano) ----------
    # Theano's truth value: a variable is true (`x or default`, `if x:`),
    # except the result of a comparison operator, so that a < b < c (Python's
    # (a < b) and (b < c)) is an error rather than b < c.
    _is_nonzero = True

    def __lt__(self, other):
        return _comparison_result(elemwise.lt(self, other))

    def __le__(self, other):
        return _comparison_result(elemwise.le(self, other))

    def __gt__(self, other):
        return _comparison_result(elemwise.gt(self, other))

    def __ge__(self, other):
        return _comparison_result(elemwise.ge(self, other))

    def __and__(self, other):
        return elemwise.and_(self, other)

    def __rand__(self, other):
        return elemwise.and_(other, self)

    def __or__(self, other):
        return elemwise.or_(self, other)

    def __ror__(self, other):
        return elemwise.or_(other, self)

    def __xor__(self, other):
        return elemwise.xor(self, other)

    def __rxor__(self, other):
        return elemwise.xor(other, self)

    def __invert__(self):
        return elemwise.invert(self)

    __hash__ = object.__hash__

    def __bool__(self):
        if self._is_nonzero:
            return True
        raise TypeError("Variables do not support boolean operations.")

    def __iter__(self):
        # Theano's: a vector whose length the graph determines (x.shape,
        # a constant, make_vector) iterates over its entries
        length = basic.vector_length(self) if self.ndim == 1 else None
        if length is None:
            raise TypeError(
                "TensorType does not support iteration. Maybe you are using builtin.sum instead of "
                "theano.tensor.sum? (Maybe .max?)"
            )
        for i in range(length):
            yield self[i]

    def norm(self, L, axis=None, keepdims=False):
        """The L-norm along `axis` (Theano's: (sum |x|^L)^(1/L); L 0 or inf not implemented)."""
        if L == 0 or np.isinf(L):
            raise NotImplementedError()
        total = basic.sum(elemwise.pow(elemwise.abs_(self), L), axis=axis, keepdims=keepdims)
        return elemwise.pow(total, 1.0 / L)

    def eq(self, other):
        return elemwise.eq(self, other)

    def neq(self, other):
        return elemwise.neq(self, other)

    # Type -----------------------------------------------------------------
    @property
    def dtype(self):
        return self.type.dtype

    @property
    def ndim(self):
        return self.type.ndim

    @property
    def broadcastable(self):
        return self.type.broadcastable

    def astype(self, dtype):
        return basic.cast(self, dtype)

    def copy(self, name=None):
        """A new variable with the same value (Theano's tensor_copy)."""
        result = basic.tensor_copy(self)
        result.name = name
        return result

    def eval(self, inputs_to_values=None):
        """The value of this variable, given `inputs_to_values` ({variable:
        value}) for the inputs it depends on; the compiled function is kept
        for later calls with the same inputs (Theano's Variable.eval). The
        compiler is reached through the package (`theano_mlir.function`,
        loaded on first use), as Theano's eval imports theano.compile."""
        inputs_to_values = inputs_to_values or {}
        cache = self.__dict__.setdefault("_fn_cache", {})
        inputs = tuple(sorted(inputs_to_values, key=id))
        if inputs not in cache:
            cache[inputs] = theano_mlir.function(list(inputs), self)
        return cache[inputs](*[inputs_to_values[v] for v in inputs])

    def __getstate__(self):
        # eval's compiled functions stay behind when a graph is pickled
        state = dict(self.__dict__)
        state.pop("_fn_cache", None)
        return state

    # Shape ----------------------------------------------------------------
    @property
    def shape(self):
        return basic.shape(self)

    @property
    def size(self):
        """The number of elements (Theano's: shape[0] of a vector, else the
        product of the shape)."""
        return self.shape[0] if self.ndim == 1 else basic.prod(self.shape)

    def dimshuffle(self, *pattern):
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = pattern[0]
        return basic.dimshuffle(self, pattern)

    @property
    def T(self):
        return basic.transpose(self)

    def transpose(self, *axes):
        return basic.transpose(
            self, axes[0] if len(axes) == 1 and isinstance(axes[0], (list, tuple)) else axes or None
        )

    def reshape(self, shape, ndim=None):
        return basic.reshape(self, shape, ndim)

    def flatten(self, ndim=1):
        return basic.flatten(self, ndim)

    def ravel(self):
        """The flattened vector (Theano's: flatten)."""
        return basic.flatten(self)

    def swapaxes(self, axis1, axis2):
        """`self` with dimensions `axis1` and `axis2` exchanged (see `theano.tensor.swapaxes`)."""
        return opclasses.swapaxes(self, axis1, axis2)

    def choose(self, choices, out=None, mode="raise"):
        """The element of choices[self] at each position (see `theano.tensor.choose`)."""
        return opclasses.choose(self, choices, out=out, mode=mode)

    def squeeze(self):
        return extra_ops.squeeze(self)

    def repeat(self, repeats, axis=None):
        return extra_ops.repeat(self, repeats, axis)

    def cumsum(self, axis=None):
        return cumulative.cumsum(self, axis)

    def cumprod(self, axis=None):
        return cumulative.cumprod(self, axis)

    def searchsorted(self, v, side="left", sorter=None):
        return extra_ops.searchsorted(self, v, side, sorter)

    def fill(self, value):
        """`value` broadcast to this variable's shape (Theano's fill)."""
        return basic.fill(self, value)

    def zeros_like(self, dtype=None):
        """Zeros of this variable's shape (and dtype, unless given)."""
        return basic.zeros_like(self, dtype)

    def ones_like(self, dtype=None):
        """Ones of this variable's shape (and dtype, unless given)."""
        return basic.ones_like(self, dtype)

    def __getitem__(self, index):
        return subtensor.getitem(self, index)

    def take(self, indices, axis=None, mode="raise"):
        return subtensor.take(self, indices, axis, mode)

    def nonzero(self, return_matrix=False):
        return subtensor.nonzero(self, return_matrix)

    def nonzero_values(self):
        return subtensor.nonzero_values(self)

    def diagonal(self, offset=0, axis1=0, axis2=1):
        return diagonal.diagonal(self, offset, axis1, axis2)

    def trace(self):
        return nlinalg.trace(self)

    def sort(self, axis=-1, kind="quicksort", order=None):
        return sort.sort(self, axis, kind, order)

    def argsort(self, axis=-1, kind="quicksort", order=None):
        return sort.argsort(self, axis, kind, order)

    # Reductions and contractions -------------------------------------------
    def sum(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return basic.sum(self, axis, dtype, keepdims, acc_dtype)

    def prod(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return basic.prod(self, axis, dtype, keepdims, acc_dtype)

    def mean(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return basic.mean(self, axis, dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def var(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return basic.var(self, axis, ddof, keepdims, corrected)

    def std(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return basic.std(self, axis, ddof, keepdims, corrected)

    def max(self, axis=None, keepdims=False):
        return basic.max(self, axis, keepdims)

    def min(self, axis=None, keepdims=False):
        return basic.min(self, axis, keepdims)

    def ptp(self, axis=None):
        """The range (maximum minus minimum) along `axis` (see `theano.tensor.ptp`)."""
        return opclasses.ptp(self, axis)

    def argmax(self, axis=None, keepdims=False):
        return basic.argmax(self, axis, keepdims)

    def argmin(self, axis=None, keepdims=False):
        return basic.argmin(self, axis, keepdims)

    def any(self, axis=None, keepdims=False):
        return basic.any(self, axis, keepdims)

    def all(self, axis=None, keepdims=False):
        return basic.all(self, axis, keepdims)

    # Elementwise ------------------------------------------------------------
    def clip(self, a_min, a_max):
        return basic.clip(self, a_min, a_max)

    def round(self, mode=None):
        return basic.round(self, mode)

    @property
    def real(self):
        return elemwise.real(self)

    @property
    def imag(self):
        return basic.imag(self)

    def conj(self):
        return elemwise.conj(self)

    conjugate = conj

    def dot(self, other):
        return basic.dot(self, other)

    def __matmul__(self, other):
        return basic.dot(self, other)

    def __rmatmul__(self, other):
        return basic.dot(other, self)


# numpy's unary functions as methods (Theano's, for PyMC3): np.exp(x) of a
# variable calls x.exp()
_NUMPY_UNARY = (
    "arccos arccosh arcsin arcsinh arctan arctanh ceil cos cosh deg2rad exp exp2 expm1 floor "
    "log log10 log1p log2 rad2deg sin sinh sqrt tan tanh trunc"
).split()


def _numpy_unary(name):
    def method(self):
        return getattr(elemwise, name)(self)

    method.__name__ = name
    method.__doc__ = f"See `theano.tensor.{name}`."
    return method


for _name in _NUMPY_UNARY:
    setattr(_tensor_py_operators, _name, _numpy_unary(_name))
# numpy 2 computes np.ceil/floor/trunc of objects with math.ceil/floor/trunc
for _name in ("ceil", "floor", "trunc"):
    setattr(_tensor_py_operators, f"__{_name}__", _numpy_unary(_name))


class TensorVariable(_tensor_py_operators, Variable):
    """A symbolic tensor."""


class TensorConstant(_tensor_py_operators, Constant):
    """A tensor whose value is known when the graph is built."""

    def __str__(self):
        if self.name is not None:
            return self.name
        return f"TensorConstant{{{self.data}}}"

    __repr__ = __str__

    def signature(self):
        """What identifies this constant's value (Theano's): equal for
        constants of the same type and value, NaNs included."""
        return TensorConstantSignature((self.type, self.data))


TensorType.variable_type = TensorVariable
TensorType.constant_type = TensorConstant
