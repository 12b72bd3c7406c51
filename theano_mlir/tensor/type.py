"""TensorType: a dtype and a broadcastable pattern, as in Theano.

Its variables are TensorVariables and its constants TensorConstants: the
classes are bound once, by tensor/variable.py (`variable_type`,
`constant_type`), which defines them above the ops their operators call.
"""

import numpy as np

from .. import dtypes


class TensorType:
    """The type of a tensor variable. A broadcastable dimension has size 1."""

    #: the classes of this type's variables and constants (see the module doc)
    variable_type = None
    constant_type = None

    def __init__(self, dtype, broadcastable, name=None):
        self.dtype = dtypes.resolve(dtype)
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        self.name = name

    @property
    def ndim(self):
        return len(self.broadcastable)

    def __call__(self, name=None):
        """A new variable of this type."""
        return self.variable_type(self, name=name)

    def make_constant(self, data, name=None):
        """A constant of this type holding `data` (an ndarray of it)."""
        return self.constant_type(self, data, name=name)

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and other.dtype == self.dtype
            and other.broadcastable == self.broadcastable
        )

    def __hash__(self):
        return hash((self.dtype, self.broadcastable))

    def __str__(self):
        return self.name or dtypes.type_name(self.dtype, self.broadcastable)

    __repr__ = __str__

    def filter(self, data, strict=False, allow_downcast=None):
        """`data` as a C-contiguous ndarray of this type, by Theano's rules:
        arrays may be upcast losslessly (or downcast with allow_downcast);
        Python values are accepted when they convert exactly."""
        return dtypes.filter_value(
            data, self.dtype, self.broadcastable, strict, allow_downcast, label=str(self)
        )

    @staticmethod
    def values_eq(a, b, force_same_dtype=True):
        """Whether two values of this type are equal (Theano's): same shape
        (and dtype, with force_same_dtype), equal elements, NaN equal to NaN."""
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or (force_same_dtype and a.dtype != b.dtype):
            return False
        equal = a == b
        if np.all(equal):
            return True
        if a.dtype.kind in "fc" and b.dtype.kind in "fc":
            return bool(np.all(equal | (np.isnan(a) & np.isnan(b))))
        return False

    @staticmethod
    def values_eq_approx(a, b, allow_remove_inf=False, allow_remove_nan=False, rtol=None, atol=None):
        """Whether two values are close (Theano's): same shape and dtype,
        numpy.allclose with Theano's tolerances for the dtype for continuous
        ones (NaN matching NaN, inf matching an inf of the same sign; with
        allow_remove_inf/nan, a's infs/NaNs match anything), equal otherwise."""
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind not in "fc":
            return bool(np.all(a == b))
        default_atol, default_rtol = _TOLERANCES.get(a.dtype.name, (1e-8, 1e-5))
        atol = default_atol if atol is None else atol
        rtol = default_rtol if rtol is None else rtol
        if np.allclose(a, b, atol=atol, rtol=rtol):
            return True
        a_nan, a_inf = np.isnan(a), np.isinf(a)
        if not (a_nan.any() or (allow_remove_inf and a_inf.any())):
            return False
        with np.errstate(invalid="ignore"):
            close = np.absolute(a - b) <= atol + rtol * np.absolute(b)
        both_nan = a_nan & np.isnan(b)
        # |inf - -inf| <= rtol * inf holds: an inf is close only to itself.
        both_inf = a_inf & np.isinf(b)
        close = np.where(both_inf & close, a == b, close)
        both_inf = both_inf & (a == b)
        if allow_remove_inf:
            both_inf = both_inf | a_inf
        if allow_remove_nan:
            both_nan = both_nan | a_nan
        return bool(np.all(close | both_nan | both_inf))


#: Theano's comparison tolerances (atol, rtol) per dtype (tensor.basic's)
_TOLERANCES = {"float16": (1e-3, 1e-3), "float32": (1e-5, 1e-5), "complex64": (1e-5, 1e-5)}


def values_eq_approx_remove_inf(a, b):
    """values_eq_approx where a's infs match anything (Theano's)."""
    return TensorType.values_eq_approx(a, b, True)


def values_eq_approx_remove_nan(a, b):
    """values_eq_approx where a's NaNs match anything (Theano's)."""
    return TensorType.values_eq_approx(a, b, False, True)


def values_eq_approx_remove_inf_nan(a, b):
    """values_eq_approx where a's infs and NaNs match anything (Theano's)."""
    return TensorType.values_eq_approx(a, b, True, True)


def values_eq_approx_always_true(a, b):
    """Any two values pass (Theano's)."""
    return True
