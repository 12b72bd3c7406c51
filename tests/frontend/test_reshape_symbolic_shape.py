"""reshape with a symbolic shape vector and an explicit ndim (Theano's
x.reshape(shapes, ndim=k)): a vector of another length, or sizes that do
not match, are a ValueError when the function runs; reshape to () with
numpy's empty (float) tuple."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


@pytest.fixture(scope="module")
def reshape2():
    a, shapes = T.matrix("a"), T.ivector("shapes")
    return theano.function([a, shapes], a.reshape(shapes, ndim=2))


@pytest.mark.parametrize("shape", [[2, 6], [-1, 6], [4, -1], [12, 1]])
def test_symbolic_shape(reshape2, shape):
    value = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(reshape2(value, shape), value.reshape(shape))


@pytest.mark.parametrize("shape", [[-1, 5], [7, -1], [7, 5], [-1, -1], [12], [2, 3, 2], []])
def test_bad_symbolic_shape(reshape2, shape):
    with pytest.raises(ValueError):
        reshape2(np.arange(12.0).reshape(3, 4), shape)


def test_symbolic_shape_needs_ndim():
    with pytest.raises(ValueError, match="ndim"):
        T.matrix().reshape(T.ivector())
    with pytest.raises(ValueError):
        T.matrix().reshape((2, 6), ndim=3)


def test_reshape_to_empty_shape():
    out = theano.function([], T.constant([1]).reshape(()))()
    assert out.shape == () and out == 1
    x = T.vector()
    np.testing.assert_array_equal(theano.function([x], x.reshape(()))(np.asarray([5.0])), np.float64(5.0))
