"""MLIR types for Theano dtypes (the table itself is theano_mlir.dtypes)."""

import numpy as np
from mlir import ir

from ..dtypes import DTYPE_TO_ELEMENT, ELEMENT_TO_DTYPE

COMPLEX_UNSUPPORTED = "complex dtypes are not supported by this op in theano_mlir's compiler"


def element_type(dtype):
    """The MLIR element type (in the current context) of a numpy/Theano dtype."""
    return ir.Type.parse(DTYPE_TO_ELEMENT[np.dtype(dtype).name])


def tensor_type(dtype, shape):
    """A ranked tensor type; None in `shape` is a dynamic dimension."""
    dims = [ir.ShapedType.get_dynamic_size() if d is None else d for d in shape]
    return ir.RankedTensorType.get(dims, element_type(dtype))


def dtype_of(mlir_type) -> np.dtype:
    """The numpy dtype of an MLIR tensor/memref type or element type."""
    element = getattr(mlir_type, "element_type", mlir_type)
    return np.dtype(ELEMENT_TO_DTYPE[str(element)])
