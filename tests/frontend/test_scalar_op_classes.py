"""theano.scalar's op classes and output type rules (#21): ScalarOp (a
Python-defined scalar op: Elemwise builds graphs of it and grad uses its
`grad`, compiling it is a NotImplementedError), Add/Mul/... of an
output_types_preference (transfer_type, upcast_out, upgrade_to_float)."""

import numpy as np
import pytest

import theano_mlir as theano
from theano_mlir import scalar, tensor


class _Scaled(scalar.ScalarOp):
    def __init__(self):
        self.output_types_preference = scalar.upgrade_to_float

    def impl(self, n, x):
        return x * n

    def grad(self, inputs, output_grads):
        n, x = inputs
        return [theano.gradient.grad_not_implemented(self, 0, n), output_grads[0] * n]


def test_type_rules():
    assert scalar.upgrade_to_float(scalar.int8)[0] == scalar.float32
    assert scalar.upgrade_to_float(scalar.int32, scalar.float32)[0] == scalar.float64
    assert scalar.upcast_out(scalar.int8, scalar.float32)[0] == scalar.float32
    assert scalar.transfer_type(1, "int16")(scalar.int8, scalar.float32) == [scalar.float32, scalar.int16]


def test_python_scalar_op_in_elemwise_and_grad():
    op = tensor.Elemwise(_Scaled())
    x = tensor.scalar()
    y = op(2, x)
    assert str(op) == "Elemwise{_scaled,no_inplace}" and y.dtype == theano.config.floatX
    g = tensor.grad(y, x)
    assert g.owner is not None
    with pytest.raises(theano.gradient.NullTypeGradError):
        tensor.grad(op(x, 2), x)
    with pytest.raises(NotImplementedError, match="defined in Python"):
        theano.function([x], y)


def test_python_scalar_op_grad_sums_broadcast_dimensions():
    class Double(scalar.ScalarOp):
        output_types_preference = staticmethod(scalar.upcast_out)

        def impl(self, a, b):
            return 2 * a + b

        def grad(self, inputs, output_grads):
            return [output_grads[0] * 2, output_grads[0]]

    m, r = tensor.matrix(), tensor.row()
    y = tensor.Elemwise(Double())(m, r)
    g = tensor.grad(y.sum(), r)  # summed over the broadcast rows, as r
    assert g.broadcastable == r.broadcastable


def test_table_op_classes():
    op = tensor.Elemwise(scalar.Add(scalar.transfer_type(0)), {0: 0})
    m, r = tensor.matrix(), tensor.row()
    f = theano.function([m, r], op(m, r))
    np.testing.assert_allclose(f(np.ones((2, 2)), np.full((1, 2), 2.0)), np.full((2, 2), 3.0))
    assert scalar.Add(scalar.transfer_type(0)) == scalar.Add(scalar.transfer_type(0))
    assert tensor.Elemwise(scalar.Mul())(m, r).dtype == m.dtype
