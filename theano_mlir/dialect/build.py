"""Building a one-function module from Python with the generated op builders."""

from typing import Callable, Sequence, Tuple

from mlir import ir
from mlir.dialects import func

from .types import tensor_type

#: (dtype, shape) with None for a dynamic dimension, e.g. ("float32", (None, 1)).
TensorSpec = Tuple[str, Sequence]


def build_function(args: Sequence[TensorSpec], body: Callable, name: str = "main") -> ir.Module:
    """A module holding `func.func @name(args) { return body(*arg_values) }`.

    Call inside a context (see `new_context`) with a location. `body` builds
    the ops and returns a Value or a sequence of Values.
    """
    module = ir.Module.create()
    with ir.InsertionPoint(module.body):
        arg_types = [tensor_type(dtype, shape) for dtype, shape in args]

        def wrapper(*values):
            return body(*values)

        wrapper.__name__ = name
        func.FuncOp.from_py_func(*arg_types, name=name)(wrapper)
    return module
