"""as_tensor_variable of an Apply node (its default output, Theano's
Op.default_output) and with `ndim` (leading broadcastable dimensions
dropped, or added in front)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.graph import Apply, Op


class TwoOutputs(Op):
    """x + 1 and x * 2; `default_output` picks what calling it returns."""

    def __init__(self, default_output=None):
        self.default_output = default_output

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return Apply(self, [x], [x.type(), x.type()])

    def emit(self, emitter, node, inputs):
        x = node.inputs[0]
        return emitter.emit_graph([x], [x + 1, x * 2], inputs)


@pytest.mark.parametrize("index", [0, 1])
def test_default_output(index):
    x = T.vector()
    node = TwoOutputs(index).make_node(x)
    y = T.as_tensor_variable(node)
    assert y is node.outputs[index]
    assert TwoOutputs(index)(x).owner.op == TwoOutputs(index)
    value = np.arange(3.0)
    expected = [value + 1, value * 2][index]
    np.testing.assert_array_equal(theano.function([x], TwoOutputs(index)(x))(value), expected)
    assert isinstance(TwoOutputs(index)(x, return_list=True), list)


@pytest.mark.parametrize("bad", [-1, 2, [0, 1]])
def test_bad_default_output(bad):
    node = TwoOutputs(bad).make_node(T.vector())
    with pytest.raises(AttributeError):
        T.as_tensor_variable(node)


def test_ambiguous_outputs():
    with pytest.raises(TypeError):
        T.as_tensor_variable(TwoOutputs().make_node(T.vector()))
    one = T.exp(T.vector())
    assert T.as_tensor_variable(one.owner) is one


def test_ndim_strips_leading_broadcastable():
    x = T.TensorType("float64", (True, False))("x")
    y = T.as_tensor_variable(x, ndim=1)
    assert y.ndim == 1 and y.broadcastable == (False,)
    np.testing.assert_array_equal(theano.function([x], y)(np.asarray([[1.0, 2.0]])), [1.0, 2.0])
    with pytest.raises(ValueError):
        T.as_tensor_variable(T.matrix(), ndim=1)
    z = T.as_tensor_variable(T.vector(), ndim=3)
    assert z.broadcastable == (True, True, False)


@pytest.mark.parametrize("floatx", ["float16", "float32", "float64"])
def test_empty_sequence_is_floatx(floatx):
    old = theano.config.floatX
    try:
        theano.config.floatX = floatx
        assert T.as_tensor_variable(()).dtype == floatx
        assert T.as_tensor_variable([]).dtype == floatx
        assert T.as_tensor_variable(np.zeros(0, dtype="int32")).dtype == "int32"
    finally:
        theano.config.floatX = old
