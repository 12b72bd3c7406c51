"""Boolean constants of any shape compile (MLIR reads i1 elements
bit-packed), compared with numpy."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


@pytest.mark.parametrize(
    "data",
    [
        np.array([True, False, True, True]),
        np.array([[True, False], [False, False]]),
        np.ones((3, 5), bool),
        np.array([False] * 9 + [True]),
        np.random.rand(4, 7) > 0.5,
    ],
)
def test_bool_constant_values(data):
    n = T.as_tensor_variable(data)
    arg, low, same = theano.function([], [T.argmin(n), T.min(n), T.eq(n, np.array(True))])()
    assert arg == np.argmin(data) and low == data.min()
    np.testing.assert_array_equal(same, data)
