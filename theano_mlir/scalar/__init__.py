"""theano.scalar: Theano's scalar types (`float64`, `int32`, `Scalar`,
`all_types`, ...), `as_scalar`/`constant`, the dtype rules (`upcast`,
`autocast_float_as`) and the scalar ops by name (`add`, `mul`, ...). See
basic.py for how they map onto theano_mlir's tensors."""

from . import basic
from .basic import *  # noqa: F403
from .basic import OPS as _OPS
from .basic import (
    ComplexError,
    IntegerDivisionError,
    NumpyAutocaster,
    Scalar,
    all_types,
    as_scalar,
    autocast_float,
    autocast_float_as,
    autocast_int,
    constant,
    get_scalar_type,
    upcast,
)

globals().update(_OPS)
