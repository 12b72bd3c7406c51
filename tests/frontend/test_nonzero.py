"""nonzero, flatnonzero, nonzero_values and boolean-mask indexing (x[mask],
x[mask, :], set/inc_subtensor through a mask): numpy's results, int64
coordinates, the mask's shape checked (IndexError), gradients."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(21)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int64", "float16", "float32", "float64"])
@pytest.mark.parametrize("shape", [(0,), (7,), (3, 4), (2, 0, 3), (2, 3, 4)])
def test_nonzero_forms(dtype, shape):
    x = T.tensor(dtype, (False,) * len(shape), "x")
    f = theano.function(
        [x],
        list(T.nonzero(x)) + [T.nonzero(x, return_matrix=True), T.flatnonzero(x), T.nonzero_values(x)],
    )
    value = (RNG.integers(-1, 2, shape) * RNG.integers(1, 4, shape)).astype(dtype)
    got = f(value)
    expected = np.nonzero(value)
    for k in range(len(shape)):
        assert got[k].dtype == np.int64
        np.testing.assert_array_equal(got[k], expected[k])
    matrix = got[len(shape)]
    assert matrix.dtype == np.int64 and matrix.shape == (len(shape), expected[0].size)
    np.testing.assert_array_equal(matrix, np.array(expected).reshape(len(shape), -1))
    np.testing.assert_array_equal(got[-2], np.flatnonzero(value))
    np.testing.assert_array_equal(got[-1], value.flatten()[np.flatnonzero(value)])
    assert got[-1].dtype == dtype


def test_nan_is_nonzero_and_methods():
    x = T.dvector("x")
    value = np.array([0.0, np.nan, -0.0, 2.0, np.inf])
    a, b = theano.function([x], [x.nonzero()[0], x.nonzero_values()])(value)
    np.testing.assert_array_equal(a, [1, 3, 4])
    np.testing.assert_array_equal(b, [np.nan, 2.0, np.inf])
    assert x.nonzero(return_matrix=True).broadcastable == (False, False)
    assert str(T.nonzero(x, True).owner.op) == "Nonzero"
    with pytest.raises(ValueError):
        T.nonzero(T.dscalar())
    with pytest.raises(ValueError):
        T.flatnonzero(T.dscalar())


def test_mask_indexing():
    x = T.dtensor3("x")
    m = T.bmatrix("m")
    v = T.dvector("v")
    f = theano.function([x, m, v], [x[x > 0.5], x[m > 0], x[v > 0, :]])
    xv = RNG.random((2, 3, 4))
    mv = RNG.integers(0, 2, (2, 3)).astype("int8")
    vv = np.array([1.0, -1.0])
    got = f(xv, mv, vv)
    for g, e in zip(got, [xv[xv > 0.5], xv[mv > 0], xv[vv > 0, :]]):
        np.testing.assert_array_equal(g, e)


def test_mask_indexing_positions():
    x = T.dtensor3("x")
    v = T.dvector("v")
    w = T.dvector("w")
    m = T.bmatrix("m")
    f = theano.function([x, v, w, m], [x[:, v > 0], x[..., w > 0], x[1, m > 0], x[None, v[:2] > 0]])
    xv = RNG.random((2, 3, 4))
    vv, wv = np.array([1.0, -1.0, 2.0]), np.array([0.0, 1.0, 1.0, -3.0])
    mv = RNG.integers(0, 2, (3, 4)).astype("int8")
    got = f(xv, vv, wv, mv)
    for g, e in zip(got, [xv[:, vv > 0], xv[..., wv > 0], xv[1, mv > 0], xv[None, vv[:2] > 0]]):
        np.testing.assert_array_equal(g, e)


def test_mask_shape_mismatch_is_an_index_error():
    x = T.dmatrix("x")
    v = T.dvector("v")
    f = theano.function([x, v], x[v > 0])
    np.testing.assert_array_equal(f(np.eye(2), np.array([1.0, -1.0])), [[1.0, 0.0]])
    for bad in (np.ones(3), np.ones(1)):
        with pytest.raises(IndexError, match="boolean index did not match"):
            f(np.eye(2), bad)
    g = theano.function([x, v], x[:, v > 0])
    with pytest.raises(IndexError):
        g(np.eye(2), np.ones(3))


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64"])
def test_set_and_inc_through_a_mask(dtype):
    x = T.tensor(dtype, (False, False), "x")
    m = x > 1
    f = theano.function(
        [x],
        [T.set_subtensor(x[m], 0), T.inc_subtensor(x[m], 10), T.set_subtensor(x[m[:, 0], :], -1)],
    )
    value = RNG.integers(0, 4, (4, 3)).astype(dtype)
    got = f(value)
    e0, e1, e2 = value.copy(), value.copy(), value.copy()
    e0[value > 1] = 0
    e1[value > 1] += 10
    e2[(value > 1)[:, 0], :] = -1
    for g, e in zip(got, [e0, e1, e2]):
        np.testing.assert_array_equal(g, e)
        assert g.dtype == dtype


def test_gradients_through_a_mask():
    rng = np.random.RandomState(3)
    mask = np.array([[True, False, True], [False, False, True]])
    m = theano.shared(mask)
    verify_grad(lambda a: a[m] ** 2, [rng.rand(2, 3)], rng=rng)
    verify_grad(lambda a: T.nonzero_values(a) * 3, [rng.rand(2, 3) + 0.5], rng=rng)
    verify_grad(lambda a, b: T.set_subtensor(a[m], b), [rng.rand(2, 3), rng.rand(3)], rng=rng)
    x = T.dmatrix("x")
    g = theano.function([x], theano.grad(T.sum(x[x > 0.5] ** 2), x))
    value = np.array([[0.2, 0.7], [1.0, -1.0]])
    np.testing.assert_allclose(g(value), np.where(value > 0.5, 2 * value, 0))
