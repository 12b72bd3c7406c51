"""theano.tensor.opt: the op classes Theano's graph optimizations put in
graphs and code inspects (MakeVector, Shape_i, Assert). theano_mlir
optimizes in its compiler, not on these graphs; the classes are the same
ones theano.tensor builds with."""

import numpy as np

from ..graph import Apply, CompositeOp
from .basic import NotScalarConstantError, Shape_i, as_tensor_variable, cast
from .conversion import MakeVector, constant, make_vector
from .elemwise import EXPORTS

__all__ = ["Assert", "MakeVector", "Shape_i", "assert_op", "make_vector"]


class Assert(CompositeOp):
    """Assert(msg)(value, *conditions): `value`, once each condition (a
    scalar) holds when the function runs. A condition that does not hold
    raises where the value is computed: theano_mlir's checked read out of
    bounds (an IndexError naming the node), where Theano raises
    AssertionError(msg)."""

    __props__ = ("msg",)

    def __init__(self, msg="Theano Assert failed!"):
        self.msg = msg

    def __str__(self):
        return "Assert{msg='" + self.msg + "'}"

    def make_node(self, value, *conds):
        value = as_tensor_variable(value)
        conds = [as_tensor_variable(c) for c in conds]
        for c in conds:
            if c.ndim != 0:
                raise TypeError(f"Assert: the conditions must be scalars, got {c.type}")
        return Apply(self, [value, *conds], [value.type()])

    def scalar_constant_value(self, node, value):
        """get_scalar_constant_value's rule: the value, where every condition is a true constant."""
        conds = [value(c) for c in node.inputs[1:]]
        if not all(c.ndim == 0 and c != 0 for c in conds):
            raise NotScalarConstantError(node.outputs[0])
        return value(node.inputs[0])

    def build(self, node, value, *conds):
        if not conds:
            return [value]
        ok = cast(EXPORTS["tensor"]["neq"](conds[0], 0), "int64")
        for c in conds[1:]:
            ok = EXPORTS["tensor"]["minimum"](ok, cast(EXPORTS["tensor"]["neq"](c, 0), "int64"))
        # index 0 of a one-element vector when the conditions hold, 1 (out of bounds) when not
        probe = constant(np.zeros(1, dtype=value.dtype))[1 - ok]
        return [EXPORTS["tensor"]["add"](value, probe)]


#: Theano's default Assert instance.
assert_op = Assert()
