"""T.tile with a symbolic vector of reps and ndim (Theano's: the vector is
padded with leading 1s to ndim entries), against numpy.tile."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(3)


@pytest.mark.parametrize("x_ndim", [1, 2, 3])
@pytest.mark.parametrize("extra", [0, 1])
def test_tile_vector_reps(x_ndim, extra):
    ndim = x_ndim + extra
    x = T.TensorType("float64", (False,) * x_ndim)()
    reps = T.ivector()
    f = theano.function([x, reps], T.tile(x, reps, ndim))
    value = RNG.standard_normal((2, 4, 3)[:x_ndim])
    for n in range(1, ndim + 1):
        r = [2, 3, 1, 2][:n]
        out = f(value, r)
        expected = np.tile(value.reshape((1,) * extra + value.shape), [1] * (ndim - n) + r)
        assert out.shape == expected.shape
        np.testing.assert_array_equal(out, expected)


def test_tile_vector_reps_errors():
    x, reps = T.matrix(), T.ivector()
    with pytest.raises(ValueError, match="ndim"):
        T.tile(x, reps)
    with pytest.raises(ValueError):
        T.tile(x, T.fvector(), 2)
    f = theano.function([x, reps], T.tile(x, reps, 2))
    with pytest.raises(IndexError):
        f(np.ones((2, 2)), [1, 2, 3])
