"""theano_mlir.tensor: the drop-in for `theano.tensor` (import as T)."""
from ..frontend.type import TensorType
from ..gradient import Lop, grad, hessian, jacobian
from . import nnet
from .basic import (
    Alloc, AsTensorError, Dot, addbroadcast, alloc, ones, ones_like, zeros, zeros_like, MakeVector, Reshape, Shape, Shape_i, abs_, add, and_, argmax, argmin,
    as_tensor_variable, bitwise_and, bitwise_not, bitwise_or, bitwise_xor, cast, ceil, constant,
    cos, dimshuffle, dot, eq, exp, expm1, flatten, floor, floor_div, ge, gt, int_div, invert, le,
    log, log1p, lt, make_vector, max, maximum, mean, min, minimum, mod, mul, neg, neq, or_, pow,
    prod, reshape, round, sgn, shape, sin, sqr, sqrt, std, sub, sum, switch, tanh, tensor, transpose,
    true_div, var, xor,
)
from .basic import CONSTRUCTORS as _CONSTRUCTORS
from .elemwise import Cast, DimShuffle, Elemwise
from .reduction import Reduce
from .variable import TensorConstant, TensorVariable

globals().update(_CONSTRUCTORS)  # scalar, vector, ..., fvector, dmatrix, ivector, lscalar, ...

__all__ = sorted(
    [name for name in globals() if not name.startswith("_")] + list(_CONSTRUCTORS))
