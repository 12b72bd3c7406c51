"""get_scalar_constant_value digs, as Theano's does, through a scalar
Subtensor of a constant or of a vector whose entries the graph holds
(MakeVector, Join of vectors, Shape), Shape_i of a constant, Assert with
true constant conditions, Rebroadcast and ScalarFromTensor."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import NotScalarConstantError, get_scalar_constant_value
from theano_mlir.tensor.opt import Assert


def test_subtensor_of_a_constant():
    data = np.random.rand(4, 3)
    c = T.constant(data)
    assert get_scalar_constant_value(c[2, 1]) == data[2, 1]
    assert get_scalar_constant_value(c[-1, 0]) == data[-1, 0]
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(c[0])  # a row, not a scalar


def test_subtensor_of_a_make_vector_and_a_join():
    b = T.iscalar("b")
    stacked = T.stack([b, 2, 3])
    assert get_scalar_constant_value(stacked[1]) == 2
    assert get_scalar_constant_value(stacked[-1]) == 3
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(stacked[0])
    i = T.lscalar("i")
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(stacked[i])
    joined = T.concatenate([T.constant(np.array([5, 6])), T.as_tensor_variable([b, 7])])
    assert get_scalar_constant_value(joined[1]) == 6
    assert get_scalar_constant_value(joined[3]) == 7
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(joined[2])


def test_shapes():
    c = T.constant(np.zeros((3, 4)))
    assert get_scalar_constant_value(T.Shape_i(1)(c)) == 4
    assert get_scalar_constant_value(c.shape[0]) == 3
    assert get_scalar_constant_value(T.row().shape[0]) == 1
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(T.row().shape[1])
    d = theano.shared(np.zeros((1, 1)), broadcastable=(True, True))
    assert get_scalar_constant_value(T.ScalarFromTensor()(T.Shape_i(0)(d))) == 1
    assert get_scalar_constant_value(T.Rebroadcast((0, True))(T.constant(np.array([9.0])))) == 9.0


def test_assert_passes_its_value_when_its_conditions_are_true_constants():
    c = T.constant(2)
    assert get_scalar_constant_value(Assert()(c, c > 1)) == 2
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(Assert()(c, c > 2))
    with pytest.raises(NotScalarConstantError):
        get_scalar_constant_value(Assert()(c, c > T.scalar()))
