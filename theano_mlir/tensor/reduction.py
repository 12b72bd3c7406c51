"""Reductions: sum, prod, max, min, argmax, argmin over axes."""

import numpy as np

from ..dialect import theano as dialect
from ..graph import Apply, Op
from .conversion import as_tensor_variable
from .type import TensorType


def sum_dtype(dtype):
    """Theano's default result (and accumulator) dtype of sum and prod."""
    if dtype in ("bool", "int8", "int16", "int32", "int64"):
        return "int64"
    if dtype in ("uint8", "uint16", "uint32", "uint64"):
        return "uint64"
    return dtype


class Reduce(Op):
    """`kind` of the input over `axes` (sorted, non-negative), which are removed."""

    _BUILDERS = {
        "sum": dialect.sum,
        "prod": dialect.prod,
        "max": dialect.max,
        "min": dialect.min,
        "argmax": dialect.argmax,
        "argmin": dialect.argmin,
    }

    __props__ = ("kind", "axes", "dtype", "all_axes")

    def __init__(self, kind, axes, dtype=None, all_axes=False):
        self.kind, self.axes, self.dtype = kind, tuple(axes), dtype
        self.all_axes = all_axes  # axis=None: printed without an axis, as Theano does

    def __str__(self):
        name = {
            "sum": "Sum",
            "prod": "Prod",
            "max": "Max",
            "min": "Min",
            "argmax": "Argmax",
            "argmin": "Argmin",
        }[self.kind]
        params = [] if self.all_axes else [f"axis={list(self.axes)}"]
        if self.kind in ("sum", "prod"):
            params.append(f"acc_dtype={self.dtype}")
        return name + ("{" + ", ".join(params) + "}" if params else "")

    def infer_shape(self, node, input_shapes):
        return [tuple(s for d, s in enumerate(input_shapes[0]) if d not in self.axes)]

    def make_node(self, x):
        x = as_tensor_variable(x)
        for axis in self.axes:
            if not 0 <= axis < x.ndim:
                raise ValueError(f"{self}: axis {axis} is out of range for {x.ndim} dimensions")
        if self.kind in ("sum", "prod"):
            dtype = self.dtype
        elif self.kind in ("argmax", "argmin"):
            dtype = "int64"
        else:
            dtype = x.dtype
        broadcastable = [b for d, b in enumerate(x.broadcastable) if d not in self.axes]
        return Apply(self, [x], [TensorType(dtype, broadcastable)()])

    def emit(self, emitter, node, inputs):
        (value,) = inputs
        shape = [s for d, s in enumerate(emitter.shape_of(value)) if d not in self.axes]
        result_type = emitter.tensor_type(node.outputs[0].dtype, shape)
        return [self._BUILDERS[self.kind](result_type, value, list(self.axes))]


def normalize_axes(axis, ndim):
    """Theano's `axis` argument (None, int or list) as sorted non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    # ints, numpy integers and 0-d integer arrays, alone or in a list (or an
    # integer array), as Theano takes them
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    normalized = []
    for a in axes:
        if isinstance(a, np.ndarray) and a.ndim == 0:
            a = a.item()
        if isinstance(a, np.integer):
            a = int(a)
        if not isinstance(a, int):
            raise TypeError(f"axis must be an int or a list of ints, got {a!r}")
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of range for {ndim} dimensions")
        normalized.append(a % ndim if ndim else a)
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"duplicate axis in {axis}")
    return tuple(sorted(normalized))
