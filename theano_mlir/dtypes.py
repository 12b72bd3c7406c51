"""Theano's dtypes, pure Python (the runtime uses them without MLIR): their
element types in the `theano` dialect, Theano's promotion rules, and how a
value becomes an array of a given type.

The promotion rules are checked against a table probed from Theano 1.0.5
(tests/frontend).
"""

import numpy as np

from .config import config

#: numpy/Theano dtype name -> MLIR element type spelling.
DTYPE_TO_ELEMENT = {
    "bool": "i1",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "uint8": "ui8",
    "uint16": "ui16",
    "uint32": "ui32",
    "uint64": "ui64",
    "float16": "f16",
    "float32": "f32",
    "float64": "f64",
    "complex64": "complex<f32>",
    "complex128": "complex<f64>",
}
ELEMENT_TO_DTYPE = {element: dtype for dtype, element in DTYPE_TO_ELEMENT.items()}

#: Theano's complex dtypes (the ops that compute with them are numpy's
#: elementwise functions, sums and products, casts and data movement; a
#: node of another op is refused with a TypeError when compiled)
COMPLEX = {"complex64", "complex128"}
#: every dtype a TensorType may have
GRAPH_DTYPES = set(DTYPE_TO_ELEMENT)
#: a complex dtype's real part
COMPLEX_TO_REAL = {"complex64": "float32", "complex128": "float64"}


class ComplexError(NotImplementedError):
    """Raised when a scalar op has no complex implementation (Theano's
    theano.scalar.ComplexError)."""


DISCRETE = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
INTEGERS = DISCRETE - {"bool"}
FLOATS = {"float16", "float32", "float64"}

#: Theano's upgrade_to_float: the float an integer (or bool) becomes.
_UPGRADE_TO_FLOAT = {
    "bool": "float32",
    "int8": "float32",
    "int16": "float32",
    "uint8": "float32",
    "uint16": "float32",
    "int32": "float64",
    "int64": "float64",
    "uint32": "float64",
    "uint64": "float64",
}


def resolve(dtype):
    """A dtype's name, with "floatX" as config.floatX; TypeError for a dtype
    Theano does not have."""
    name = config.floatX if dtype == "floatX" else np.dtype(dtype).name
    if name not in GRAPH_DTYPES:
        raise TypeError(f"Unsupported dtype for TensorType: {name}")
    return name


def upcast(*dtypes):
    """numpy's promotion, but keeping floatX=float32/float16 when no input is
    float64 (Theano's scalar upcast)."""
    result = np.result_type(*[np.dtype(d) for d in dtypes]).name
    if result == "float64" and "float64" not in dtypes and config.floatX in ("float32", "float16"):
        return config.floatX
    return result


def upgrade_to_float(*dtypes):
    return upcast(*[_UPGRADE_TO_FLOAT.get(d, d) for d in dtypes])


def true_div_dtype(*dtypes):
    """Integer / integer is floatX (config.int_division='floatX')."""
    if all(d in DISCRETE for d in dtypes):
        return config.floatX
    return upcast(*dtypes)


class NumpyAutocaster:
    """Theano's autocaster's preferred dtypes (config.cast_policy='custom'):
    a Python number becomes the first of `dtypes` that holds it exactly, or
    the last one. theano.scalar.autocast_float_as changes them for a while."""

    def __init__(self, dtypes):
        self.dtypes = tuple(dtypes)


#: the dtypes a Python float may become (theano.scalar.autocast_float)
autocast_float = NumpyAutocaster(("float16", "float32", "float64"))
#: those of a Python int (theano.scalar.autocast_int)
autocast_int = NumpyAutocaster(("int8", "int16", "int32", "int64"))


def autocast_python_scalar(value):
    """The dtype Theano gives a Python int or float used as a constant: the
    smallest that holds it exactly (floats become floatX when it is float32)."""
    if isinstance(value, bool):
        raise TypeError(
            "Cannot cast True or False as a tensor variable. Please use np.array(True) or "
            "np.array(False) if you need these constants. This error might be caused by using "
            "the == operator on Variables. v == w does not do what you think it does, use "
            "theano.tensor.eq(v, w) instead."
        )
    if isinstance(value, int):
        for dtype in autocast_int.dtypes:
            info = np.iinfo(dtype)
            if info.min <= value <= info.max:
                return dtype
        raise TypeError(f"the integer {value} does not fit in int64")
    if isinstance(value, float):
        if config.floatX in ("float32", "float16") and config.floatX in autocast_float.dtypes:
            return config.floatX
        tried = [d for d in autocast_float.dtypes if config.floatX == "float16" or d != "float16"]
        for dtype in tried:
            with np.errstate(over="ignore"):  # 1e40 becomes inf in float32: not exact
                converted = float(np.asarray(value, dtype=dtype))  # compare in double
            if converted == value or (np.isnan(value) and np.isnan(converted)):
                return dtype
        return tried[-1]
    raise TypeError(f"not a Python scalar: {value!r}")


_NAMED_PATTERNS = {
    (): "scalar",
    (False,): "vector",
    (False, True): "col",
    (True, False): "row",
    (False, False): "matrix",
}


def type_name(dtype, broadcastable):
    """How Theano prints a tensor type, e.g. TensorType(float64, matrix)."""
    pattern = _NAMED_PATTERNS.get(tuple(broadcastable))
    if pattern is None:
        pattern = str(tuple(broadcastable)) if any(broadcastable) else f"{len(broadcastable)}D"
    return f"TensorType({dtype}, {pattern})"


def filter_value(data, dtype, broadcastable, strict=False, allow_downcast=None, label=None):
    """`data` as a C-contiguous ndarray of `dtype` whose broadcastable
    dimensions have size 1, by Theano's rules: arrays may be upcast
    losslessly (or downcast with allow_downcast); Python values are accepted
    when they convert exactly. Errors (TypeError) name the type as `label`."""
    label = label or type_name(dtype, broadcastable)
    if isinstance(data, np.ndarray) and data.dtype.name == dtype:
        array = data
    elif strict:
        raise TypeError(
            f"{label} expected an ndarray of dtype {dtype}, got {type(data).__name__}"
            + (f" of dtype {data.dtype}" if hasattr(data, "dtype") else "")
        )
    elif allow_downcast:
        try:
            array = np.asarray(data, dtype=dtype)
        except OverflowError:  # numpy 2 refuses what Theano's numpy wrapped: cast as C does
            array = np.asarray(data).astype(dtype)
    elif isinstance(data, np.ndarray):
        if data.dtype.name not in GRAPH_DTYPES or upcast(dtype, data.dtype.name) != dtype:
            raise TypeError(
                f"{label} cannot store a value of dtype {data.dtype} without risking loss of "
                f"precision. If you do not mind this loss, you can: 1) explicitly cast your "
                f'data to {dtype}, or 2) set "allow_input_downcast=True" when calling '
                f'"function". Value: "{data!r}"'
            )
        array = data.astype(dtype)
    elif allow_downcast is None and isinstance(data, float) and dtype == config.floatX:
        array = np.asarray(data, dtype=dtype)
    else:
        try:
            original = np.asarray(data)
            array = np.asarray(data, dtype=dtype)
        except ValueError as error:  # not numbers ('adsf'): Theano's numpy ValueError
            raise ValueError(f"{label} cannot store {data!r}: {error}") from None
        except (TypeError, OverflowError) as error:
            raise TypeError(f"{label} cannot store {data!r}: {error}") from None
        same = original.shape == array.shape and np.all(
            (original == array) | (_isnan(original) & _isnan(array))
        )
        if not same:
            raise TypeError(
                f"{label} cannot store accurately value {data}, it would be represented as "
                f"{array}. If you do not mind this precision loss, you can: 1) explicitly "
                f"convert your data to a numpy array of dtype {dtype}, or 2) set "
                f'"allow_input_downcast=True" when calling "function".'
            )
    if array.ndim != len(broadcastable):
        raise TypeError(
            f"Wrong number of dimensions: expected {len(broadcastable)}, got "
            f"{array.ndim} with shape {array.shape}."
        )
    for dim, (size, unit) in enumerate(zip(array.shape, broadcastable)):
        if unit and size != 1:
            raise TypeError(
                f"Non-unit value on shape on a broadcastable dimension: "
                f"dimension {dim} has size {size}, expected 1."
            )
    # Native byte order too: '>f4' is named float32 but is not the kernel's.
    return np.require(array, dtype=dtype, requirements=["C", "A"])


def _isnan(array):
    return np.isnan(array) if array.dtype.kind in "fc" else np.zeros(array.shape, bool)
