"""theano.scalar.basic: Theano's scalar types, dtype rules and scalar ops,
as far as code written for Theano uses them.

Theano computes on scalars with ops of their own; theano_mlir has one kind
of variable, the tensor: a `Scalar` type is a 0-d TensorType (its variables
are 0-d tensor variables, and mix with tensors as Theano's scalars do once
converted). The scalar ops (`add`, `mul`, `maximum`, ...) are the entries of
the one table of elementwise ops (theano_mlir.tensor.elemwise.SCALAR_OPS),
which `theano.tensor.Elemwise` takes as Theano's takes a scalar op.
"""

import numpy as np

from .. import dtypes
from ..tensor.conversion import constant as _tensor_constant
from ..tensor.elemwise import SCALAR_OPS
from ..tensor.type import TensorType

#: Theano's autocasters: the dtypes a Python float (int) constant may get.
autocast_float = dtypes.autocast_float
autocast_int = dtypes.autocast_int
NumpyAutocaster = dtypes.NumpyAutocaster


class autocast_float_as:
    """Within `with autocast_float_as("float32"):`, Python floats used as
    constants get the given dtypes (the first that holds the value exactly)."""

    def __init__(self, *dtypes):
        self.dtypes = dtypes

    def __enter__(self):
        self.old_dtypes = autocast_float.dtypes
        autocast_float.dtypes = self.dtypes

    def __exit__(self, *args):
        autocast_float.dtypes = self.old_dtypes


ComplexError = dtypes.ComplexError


class IntegerDivisionError(Exception):
    """Raised when `/` would be integer division (config.int_division='raise')."""


def upcast(dtype, *dtypes_):
    """The dtype of an operation on `dtype` and `dtypes_` (numpy's promotion,
    keeping float32 where config.floatX is float32 and no input is float64)."""
    return dtypes.upcast(dtype, *dtypes_)


class Scalar(TensorType):
    """The type of a scalar of `dtype`: here a 0-d tensor type (see the module
    doc). `Scalar("int64")()` is a new variable."""

    def __init__(self, dtype):
        super().__init__(dtype, ())

    def __eq__(self, other):
        return isinstance(other, TensorType) and other.dtype == self.dtype and other.broadcastable == ()

    def __hash__(self):
        return super().__hash__()

    def __str__(self):
        return self.name or self.dtype

    __repr__ = __str__


_SCALAR_TYPES = {}


def get_scalar_type(dtype):
    """The Scalar type of `dtype` (one object per dtype)."""
    dtype = dtypes.resolve(dtype)
    if dtype not in _SCALAR_TYPES:
        _SCALAR_TYPES[dtype] = Scalar(dtype)
    return _SCALAR_TYPES[dtype]


bool = get_scalar_type("bool")  # noqa: A001 (Theano's name)
int8 = get_scalar_type("int8")
int16 = get_scalar_type("int16")
int32 = get_scalar_type("int32")
int64 = get_scalar_type("int64")
uint8 = get_scalar_type("uint8")
uint16 = get_scalar_type("uint16")
uint32 = get_scalar_type("uint32")
uint64 = get_scalar_type("uint64")
float16 = get_scalar_type("float16")
float32 = get_scalar_type("float32")
float64 = get_scalar_type("float64")
complex64 = get_scalar_type("complex64")
complex128 = get_scalar_type("complex128")

#: Theano's lists of scalar types (complex ones build graphs; the compiler
#: refuses a graph that computes with them).
int_types = [int8, int16, int32, int64]
uint_types = [uint8, uint16, uint32, uint64]
float_types = [float16, float32, float64]
complex_types = [complex64, complex128]
integer_types = int_types + uint_types
discrete_types = [bool] + integer_types
continuous_types = float_types + complex_types
all_types = discrete_types + continuous_types


def constant(x, name=None, dtype=None):
    """A scalar constant holding `x` (Python numbers get Theano's autocast dtype)."""
    result = _tensor_constant(x, name=name, dtype=dtype)
    if result.ndim != 0:
        raise TypeError(f"a scalar constant needs a scalar value, got {x!r}")
    return result


def as_scalar(x, name=None):
    """`x` as a scalar variable: a 0-d variable passes through, a number
    becomes a constant; anything of another rank is a TypeError."""
    if hasattr(x, "type"):
        if getattr(x.type, "broadcastable", None) != ():
            raise TypeError(f"Cannot convert {x} to a scalar: it has {x.ndim} dimensions")
        return x
    return constant(x, name=name)


def round_half_away_from_zero_vec(a):
    """numpy: `a` rounded to the nearest integer, halves away from zero."""
    a = np.asarray(a)
    return np.where(a >= 0, np.floor(a + 0.5), -np.floor(-a + 0.5)).astype(a.dtype)


def round_half_away_from_zero(a):
    return round_half_away_from_zero_vec(a)


#: the scalar ops, by Theano's names: add, mul, maximum, exp, switch, ...
OPS = dict(SCALAR_OPS)
for _op in SCALAR_OPS.values():
    for _name in _op.names:
        OPS.setdefault(_name, _op)
del _op, _name
globals().update(OPS)

__all__ = sorted(
    name
    for name in globals()
    if not name.startswith("_") and name not in ("np", "dtypes", "SCALAR_OPS", "TensorType")
)
