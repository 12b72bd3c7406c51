"""T.jacobian and T.hessian: compared with finite differences and with
closed forms, plus Theano's result formats and errors."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import DisconnectedInputError

RNG = np.random.default_rng(4321)


def numeric_jacobian(f, point, index, eps=1e-6):
    """Central differences of the vector f(*point) in point[index]."""
    point = [np.array(p, dtype=np.float64) for p in point]
    rows = np.asarray(f(*point)).size
    result = np.zeros((rows,) + point[index].shape)
    for position in np.ndindex(point[index].shape):
        shifted = [p.copy() for p in point]
        shifted[index][position] += eps
        above = np.asarray(f(*shifted))
        shifted[index][position] -= 2 * eps
        below = np.asarray(f(*shifted))
        result[(slice(None),) + position] = (above - below) / (2 * eps)
    return result


@pytest.mark.parametrize("dtype,rtol", [("float64", 1e-12), ("float32", 1e-5)])
def test_elementwise_jacobian_is_diagonal(dtype, rtol):
    x = T.vector("x", dtype=dtype)
    J = T.jacobian(T.exp(x) * x, x)
    assert J.dtype == dtype and J.ndim == 2
    v = np.array([0.5, 1.0, -2.0, 3.0], dtype=dtype)
    np.testing.assert_allclose(theano.function([x], J)(v), np.diag(np.exp(v) * (1 + v)), rtol=rtol)


def test_layer_jacobians_match_finite_differences():
    W, x, b = T.dmatrix("W"), T.dvector("x"), T.dvector("b")
    y = T.tanh(T.dot(W, x) + b)
    forward = theano.function([W, x, b], y)
    jacobians = theano.function([W, x, b], T.jacobian(y, [W, x, b]))
    point = [RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=4)]
    got = jacobians(*point)
    for index, jacobian in enumerate(got):
        assert jacobian.shape == (4,) + point[index].shape
        np.testing.assert_allclose(jacobian, numeric_jacobian(forward, point, index), rtol=1e-6, atol=1e-8)


def test_jacobian_of_reductions_and_broadcasting():
    A, s = T.dmatrix("A"), T.dscalar("s")
    y = (A * s).sum(axis=1) + T.max(A, axis=0).sum()
    forward = theano.function([A, s], y)
    jacobians = theano.function([A, s], T.jacobian(y, [A, s]))
    point = [RNG.normal(size=(3, 5)), np.array(1.5)]
    for index, jacobian in enumerate(jacobians(*point)):
        np.testing.assert_allclose(jacobian, numeric_jacobian(forward, point, index), rtol=1e-6, atol=1e-8)


def test_hessian_closed_form():
    x, A = T.dvector("x"), T.dmatrix("A")
    cost = (x**3).sum() + T.dot(x, T.dot(A, x))
    H = T.hessian(cost, x)
    assert H.ndim == 2 and H.dtype == "float64"
    v, a = RNG.normal(size=5), RNG.normal(size=(5, 5))
    np.testing.assert_allclose(theano.function([x, A], H)(v, a), np.diag(6 * v) + a + a.T, rtol=1e-12)


def test_hessian_of_a_logistic_loss_matches_finite_differences():
    w, X, t = T.dvector("w"), T.dmatrix("X"), T.dvector("t")
    p = 1 / (1 + T.exp(-T.dot(X, w)))
    loss = -(t * T.log(p) + (1 - t) * T.log(1 - p)).mean()
    gradient = theano.function([w, X, t], T.grad(loss, w))
    hessian = theano.function([w, X, t], T.hessian(loss, w))
    point = [RNG.normal(size=3), RNG.normal(size=(6, 3)), (RNG.random(6) > 0.5) * 1.0]
    H = hessian(*point)
    np.testing.assert_allclose(H, H.T, rtol=1e-12)
    np.testing.assert_allclose(H, numeric_jacobian(gradient, point, 0), rtol=1e-6, atol=1e-9)


def test_result_formats_follow_wrt():
    x, y = T.dvectors("x", "y")
    e = x * y
    assert isinstance(T.jacobian(e, [x, y]), list)
    assert isinstance(T.jacobian(e, (x, y)), tuple)
    assert T.jacobian(e, x).ndim == 2
    assert isinstance(T.hessian((x * y).sum(), [x, y]), list)
    # A scalar expression: the Jacobian is the gradient.
    g = T.jacobian((x**2).sum(), x)
    assert g.ndim == 1
    np.testing.assert_allclose(theano.function([x], g)([1.0, 2.0]), [2.0, 4.0])


def test_hessian_with_respect_to_several_vectors():
    x, y = T.dvectors("x", "y")
    cost = (x**2 * y).sum()
    Hx, Hy = T.hessian(cost, [x, y])
    xv, yv = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    hx, hy = theano.function([x, y], [Hx, Hy])(xv, yv)
    np.testing.assert_allclose(hx, np.diag(2 * yv))
    np.testing.assert_allclose(hy, np.zeros((2, 2)))  # linear in y: no error


def test_static_and_empty_expressions():
    x = T.dvector("x")
    total = T.exp(x).sum().dimshuffle("x")  # a broadcastable (length 1) vector
    J = T.jacobian(total, x)
    assert J.broadcastable == (True, False)
    v = np.array([0.0, 1.0])
    np.testing.assert_allclose(theano.function([x], J)(v), [np.exp(v)])
    empty = theano.function([x], T.jacobian(T.sin(x), x))(np.zeros(0))
    assert empty.shape == (0, 0)


def test_integers_constants_and_disconnected_inputs():
    x, y = T.dvectors("x", "y")
    i = T.ivector("i")
    Ji = T.jacobian(x * i, i)  # an integer wrt: a float zero Jacobian
    assert Ji.dtype == theano.config.floatX
    np.testing.assert_array_equal(theano.function([x, i], Ji)([1.0, 2.0], [3, 4]), np.zeros((2, 2)))
    h = x * x
    Jc = T.jacobian(h * y + x, x, consider_constant=[h])  # no flow through h
    np.testing.assert_array_equal(theano.function([x, y], Jc)([1.0, 2.0], [3.0, 4.0]), np.eye(2))
    with pytest.raises(DisconnectedInputError):
        T.jacobian(x * 2, y)
    Jy = T.jacobian(x * 2, y, disconnected_inputs="ignore")
    np.testing.assert_array_equal(
        theano.function([x, y], Jy, on_unused_input="ignore")([1.0, 2.0], [0.0, 0.0, 0.0]), np.zeros((2, 3))
    )


def test_errors_are_theanos():
    x, A = T.dvector("x"), T.dmatrix("A")
    with pytest.raises(AssertionError, match="1 dimensional variable as `expression`"):
        T.jacobian(A * 2, A)
    with pytest.raises(AssertionError, match="0 dimensional variable as `cost`"):
        T.hessian(x * 2, x)
    with pytest.raises(AssertionError, match="1 dimensional variable as `wrt`"):
        T.hessian(A.sum(), A)
    # Mismatched shapes at call time: an exception, and the process lives.
    W = T.dmatrix("W")
    f = theano.function([W, x], T.jacobian(T.dot(W, x), x))
    with pytest.raises(ValueError, match="shapes not aligned"):
        f(np.ones((2, 3)), np.ones(4))
    np.testing.assert_allclose(f(np.ones((2, 3)), np.ones(3)), np.ones((2, 3)))
