"""Theano's dtype rules: upcasting, float upgrades, Python-scalar autocasting.

Checked against a table probed from Theano 1.0.5 (tests/frontend).
"""
import numpy as np

from ..config import config

DISCRETE = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
INTEGERS = DISCRETE - {"bool"}
FLOATS = {"float16", "float32", "float64"}

#: Theano's upgrade_to_float: the float an integer (or bool) becomes.
_UPGRADE_TO_FLOAT = {
    "bool": "float32", "int8": "float32", "int16": "float32", "uint8": "float32", "uint16": "float32",
    "int32": "float64", "int64": "float64", "uint32": "float64", "uint64": "float64",
}


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
        for dtype in ("int8", "int16", "int32", "int64"):
            info = np.iinfo(dtype)
            if info.min <= value <= info.max:
                return dtype
        raise TypeError(f"the integer {value} does not fit in int64")
    if isinstance(value, float):
        if config.floatX in ("float32", "float16"):
            return config.floatX
        for dtype in ("float32", "float64"):
            with np.errstate(over="ignore"):  # 1e40 becomes inf in float32: not exact
                converted = float(np.asarray(value, dtype=dtype))  # compare in double
            if converted == value or (np.isnan(value) and np.isnan(converted)):
                return dtype
        return "float64"
    raise TypeError(f"not a Python scalar: {value!r}")
