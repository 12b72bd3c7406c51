"""The tutorials' negative log-likelihood, log(p)[arange(y.shape[0]), y]:
one pass over the rows (theano.take_per_row), numpy's values and gradient."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.lowering.emit import emit_function


def _nll(p, y):
    return -T.mean(T.log(p)[T.arange(y.shape[0]), y])


def test_the_idiom_takes_one_element_per_row():
    p, y = T.dmatrix("p"), T.ivector("y")
    text = str(emit_function([p, y], [_nll(p, y)]))
    assert "theano.take_per_row" in text
    assert "theano.advanced_subtensor" not in text
    # any other row index is a general gather
    other = T.log(p)[T.arange(p.shape[0]), y]
    assert "theano.advanced_subtensor" in str(emit_function([p, y], [other]))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_values_and_gradient_match_numpy(dtype):
    rng = np.random.RandomState(3)
    p, y = T.matrix("p", dtype=dtype), T.lvector("y")
    cost = _nll(p, y)
    f = theano.function([p, y], [cost, T.grad(cost, p)])
    pv = rng.uniform(0.1, 1.0, size=(7, 4)).astype(dtype)
    yv = rng.randint(0, 4, size=7)
    got, grad = f(pv, yv)
    rows = np.arange(7)
    np.testing.assert_allclose(got, -np.mean(np.log(pv)[rows, yv]), rtol=1e-6)
    expected = np.zeros_like(pv)
    expected[rows, yv] = -1.0 / (7 * pv[rows, yv])
    np.testing.assert_allclose(grad, expected, rtol=1e-5)


def test_fewer_targets_than_rows_read_the_first_rows():
    p, y = T.dmatrix("p"), T.lvector("y")
    f = theano.function([p, y], T.log(p)[T.arange(y.shape[0]), y])
    pv = np.random.RandomState(0).uniform(0.1, 1, size=(5, 3))
    np.testing.assert_allclose(f(pv, [2, 0]), np.log(pv)[[0, 1], [2, 0]])


def test_a_target_out_of_range_is_an_error():
    p, y = T.dmatrix("p"), T.lvector("y")
    f = theano.function([p, y], _nll(p, y))
    with pytest.raises(ValueError, match="out of bounds"):
        f(np.ones((2, 3)), [0, 3])
