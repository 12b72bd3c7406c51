"""T.alloc and the constructors built on it (zeros, ones, *_like)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


def test_alloc_broadcasts_a_value_to_a_symbolic_shape():
    v, n = T.dvector("v"), T.lscalar("n")
    f = theano.function([v, n], T.alloc(v, n, 3))
    np.testing.assert_array_equal(f([1.0, 2.0, 3.0], 2), [[1, 2, 3], [1, 2, 3]])
    x = T.fmatrix("x")
    g = theano.function([x], [T.zeros_like(x), T.ones_like(x), T.zeros(x.shape), T.ones((2, 1))])
    zeros, ones, zeros2, fixed = g(np.ones((2, 5), dtype="float32"))
    assert zeros.dtype == np.float32 and zeros.shape == (2, 5) and not zeros.any()
    assert (ones == 1).all() and zeros2.shape == (2, 5) and fixed.shape == (2, 1)
    assert T.ones((2, 1)).broadcastable == (False, True)


def test_alloc_checks_sizes_at_run_time():
    v, n = T.dvector("v"), T.lscalar("n")
    f = theano.function([v, n], T.alloc(v, 2, n))
    with pytest.raises(ValueError, match="dimension 1 is 4, but the value's is 3"):
        f([1.0, 2.0, 3.0], 4)
    with pytest.raises(ValueError, match="negative size"):
        theano.function([n], T.zeros((n,)))(-1)
