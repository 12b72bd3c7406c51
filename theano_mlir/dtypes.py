"""Theano dtypes and the `theano` dialect's element types, one table (pure
Python: the runtime and the frontend's types use it without MLIR)."""

#: numpy/Theano dtype name -> MLIR element type spelling.
DTYPE_TO_ELEMENT = {
    "bool": "i1",
    "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "uint8": "ui8", "uint16": "ui16", "uint32": "ui32", "uint64": "ui64",
    "float16": "f16", "float32": "f32", "float64": "f64",
}
ELEMENT_TO_DTYPE = {element: dtype for dtype, element in DTYPE_TO_ELEMENT.items()}
