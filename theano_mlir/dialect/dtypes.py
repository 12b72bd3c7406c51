"""Theano dtypes and the `theano` dialect's element types, one table."""
import numpy as np

#: numpy/Theano dtype name -> MLIR element type spelling.
DTYPE_TO_ELEMENT = {
    "bool": "i1",
    "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "uint8": "ui8", "uint16": "ui16", "uint32": "ui32", "uint64": "ui64",
    "float16": "f16", "float32": "f32", "float64": "f64",
}
ELEMENT_TO_DTYPE = {element: dtype for dtype, element in DTYPE_TO_ELEMENT.items()}


def element_type(dtype):
    """The MLIR element type (in the current context) of a numpy/Theano dtype."""
    from mlir import ir

    return ir.Type.parse(DTYPE_TO_ELEMENT[np.dtype(dtype).name])


def tensor_type(dtype, shape):
    """A ranked tensor type; None in `shape` is a dynamic dimension."""
    from mlir import ir

    dims = [ir.ShapedType.get_dynamic_size() if d is None else d for d in shape]
    return ir.RankedTensorType.get(dims, element_type(dtype))


def dtype_of(mlir_type) -> np.dtype:
    """The numpy dtype of an MLIR tensor/memref type or element type."""
    element = getattr(mlir_type, "element_type", mlir_type)
    return np.dtype(ELEMENT_TO_DTYPE[str(element)])
