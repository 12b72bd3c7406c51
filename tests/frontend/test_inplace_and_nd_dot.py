"""Theano's visible inplace semantics (an `*_inplace` op's result written
into the caller's array), dot of operands of more than 2 dimensions
(numpy's dot), and TensorVariable.size."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import inplace


def test_inplace_op_overwrites_callers_array():
    x, y = T.dmatrix(), T.dmatrix()
    f = theano.function([x, y], inplace.add_inplace(x, y), accept_inplace=True)
    a, b = np.ones((2, 3)), np.full((2, 3), 2.0)
    result = f(a, b)
    np.testing.assert_array_equal(result, 3.0)
    np.testing.assert_array_equal(a, 3.0)
    np.testing.assert_array_equal(b, 2.0)


def test_inplace_result_has_the_overwritten_inputs_dtype():
    x, y = T.bmatrix(), T.wmatrix()
    assert inplace.add_inplace(x, y).dtype == "int8"
    f = theano.function([x], inplace.neg_inplace(x))
    a = np.arange(4, dtype="int8").reshape(2, 2)
    out = f(a)
    assert out.dtype == np.int8
    np.testing.assert_array_equal(a, -np.arange(4).reshape(2, 2))


def test_inplace_on_broadcasted_input_is_a_value_error():
    x, y = T.row(), T.matrix()
    with pytest.raises(ValueError):
        inplace.add_inplace(x, y)


def test_out_of_place_and_converted_inputs_are_left_alone():
    x = T.dvector()
    f = theano.function([x], T.exp(x))
    a = np.zeros(3)
    f(a)
    np.testing.assert_array_equal(a, 0.0)
    g = theano.function([x], inplace.exp_inplace(x))
    listed = [0.0, 0.0]
    np.testing.assert_allclose(g(listed), 1.0)
    assert listed == [0.0, 0.0]


@pytest.mark.parametrize(
    "sa, sb",
    [((2, 3, 4), (4,)), ((2, 3, 4), (4, 5)), ((4,), (2, 4, 5)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (6, 4, 5))],
)
def test_dot_of_nd_operands_is_numpys_dot(sa, sb):
    rng = np.random.RandomState(0)
    a, b = rng.rand(*sa), rng.rand(*sb)
    x = T.TensorType("float64", [False] * len(sa))()
    y = T.TensorType("float64", [False] * len(sb))()
    f = theano.function([x, y], T.dot(x, y))
    np.testing.assert_allclose(f(a, b), np.dot(a, b))


def test_size():
    x, v = T.dtensor3(), T.dvector()
    assert x.size.eval({x: np.zeros((2, 3, 4))}) == 24
    assert v.size.eval({v: np.zeros(5)}) == 5
