"""theano_mlir.tensor: the drop-in for `theano.tensor` (import as T)."""

import importlib

from . import variable  # noqa: I001 (first: binds TensorType to its variable classes)
from . import nnet
from .basic import (
    Alloc,
    Dot,
    Reshape,
    ScalarFromTensor,
    Shape,
    Shape_i,
    TensorFromScalar,
    addbroadcast,
    alloc,
    argmax,
    argmin,
    cast,
    dimshuffle,
    divmod,
    dot,
    flatten,
    max,
    mean,
    min,
    ones,
    ones_like,
    prod,
    reshape,
    round,
    scalar_from_tensor,
    shape,
    std,
    sum,
    tensor,
    tensor_from_scalar,
    transpose,
    var,
    zeros,
    zeros_like,
)
from .basic import CONSTRUCTORS as _CONSTRUCTORS
from .basic import (  # Theano's dtype lists
    all_dtypes,
    complex_dtypes,
    continuous_dtypes,
    float_dtypes,
    int_dtypes,
    integer_dtypes,
    uint_dtypes,
)
from .basic import (  # the composites (#21)
    EmptyConstantError,
    NotScalarConstantError,
    all,
    allclose,
    angle,
    any,
    batched_dot,
    batched_tensordot,
    clip,
    fill,
    get_scalar_constant_value,
    imag,
    isclose,
    outer,
    patternbroadcast,
    second,
    shape_padaxis,
    shape_padleft,
    shape_padright,
    specify_shape,
    tensor_copy,
    tensordot,
    tile,
    unbroadcast,
)
from . import extra_ops, sharedvar
from .extra_ops import repeat, squeeze
from .conversion import AsTensorError, MakeVector, as_tensor_variable, constant, make_vector
from .concatenation import Join, concatenate, horizontal_stack, join, roll, split, stack, vertical_stack
from . import subtensor
from .subtensor import (
    AdvancedBooleanIncSubtensor,
    AdvancedBooleanSubtensor,
    AdvancedIncSubtensor,
    AdvancedIncSubtensor1,
    AdvancedSubtensor,
    AdvancedSubtensor1,
    IncSubtensor,
    Nonzero,
    Subtensor,
    advanced_inc_subtensor,
    advanced_inc_subtensor1,
    advanced_set_subtensor,
    advanced_set_subtensor1,
    advanced_subtensor,
    advanced_subtensor1,
    flatnonzero,
    inc_subtensor,
    nonzero,
    nonzero_values,
    set_subtensor,
    take,
)
from .differentiation import Lop, Rop, grad, hessian, jacobian
from .elemwise import EXPORTS as _ELEMWISE_EXPORTS
from .elemwise import CAReduce, Cast, DimShuffle, Elemwise
from .reduction import Reduce
from .ranges import ARange, arange, ceil_intdiv, identity_like, iround, tril, triu
from .sort import argsort, sort
from . import nlinalg
from .diagonal import AllocDiag, ExtractDiag, diag, diagonal, trace
from .opclasses import (  # Theano's op classes and the small functions over them
    AllocEmpty,
    Argmax,
    Choose,
    Eye,
    MaxAndArgmax,
    Mean,
    NoneConst,
    PermuteRowElements,
    Rebroadcast,
    SpecifyShape,
    Split,
    Tile,
    Tri,
    choose,
    default,
    extract_constant,
    eye,
    get_vector_length,
    inverse_permutation,
    cov,
    is_flat,
    max_and_argmax,
    mgrid,
    ogrid,
    permute_row_elements,
    power,
    ptp,
    smallest,
    stacklists,
    swapaxes,
    tri,
)
from .cumulative import CumOp, cumprod, cumsum
from .basic import isinf_, isnan_
from . import blas, blas_c, inplace, opt  # Theano's modules of op classes (see each)
from . import raw_random, shared_randomstreams
from .type import TensorType
from ..graph import Constant, Variable  # Theano's theano.tensor.Constant, .Variable
from .variable import TensorConstant, TensorVariable
from .sharedvar import tensor_constructor as _shared  # Theano's theano.tensor._shared
from .type import TensorType as Tensor  # Theano's alias of TensorType

#: Theano's discrete dtypes: bool and the integers.
discrete_dtypes = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]

#: theano.gradient's names that Theano's theano.tensor has too; theano.gradient
#: compiles functions, so it sits above this package and loads on first use.
_FROM_GRADIENT = ("verify_grad", "numeric_grad")


def __getattr__(name):
    if name == "scal":  # Theano's theano.tensor.scal: the theano.scalar module, which sits above this package
        value = importlib.import_module("theano_mlir.scalar")
        globals()[name] = value
        return value
    if name not in _FROM_GRADIENT:
        raise AttributeError(f"module 'theano_mlir.tensor' has no attribute {name!r}")
    value = getattr(importlib.import_module("theano_mlir.gradient"), name)
    globals()[name] = value
    return value


globals().update(_CONSTRUCTORS)  # scalar, vector, ..., fvector, dmatrix, ivector, lscalar, ...
globals().update(_ELEMWISE_EXPORTS["tensor"])  # add, exp, maximum, switch, ...
from .basic import isinf, isnan  # noqa: E402 (Theano's: False for discrete dtypes, not the elementwise op)

__all__ = sorted(
    {name for name in globals() if not name.startswith("_")} - {"variable", "importlib"}
    | set(_CONSTRUCTORS)
    | set(_ELEMWISE_EXPORTS["tensor"])
    | set(_FROM_GRADIENT)
)
