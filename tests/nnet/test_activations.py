"""T.nnet.elu, softsign and hard_sigmoid, and T.inv and T.square: values at
the edges (0, the kinks, inf, NaN), Theano's gradients there, and dtypes."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

EDGES = np.array([-np.inf, -3.0, -2.5, -1.0, -0.0, 0.0, 0.5, 2.5, 3.0, np.inf, np.nan])


def _values_and_grad(build, dtype="float64"):
    x = T.vector("x", dtype=dtype)
    y = build(x)
    return theano.function([x], [y, T.grad(y.sum(), x)])(EDGES.astype(dtype))


@pytest.mark.parametrize("alpha", [1, 0.5, 2.0])
def test_elu_is_theanos_switch(alpha):
    out, grad = _values_and_grad(lambda x: T.nnet.elu(x, alpha))
    with np.errstate(invalid="ignore"):
        expected = np.where(EDGES > 0, EDGES, alpha * np.expm1(EDGES))
        # switch(x > 0, x, alpha expm1(x)) differentiated: alpha exp(x) where not x > 0
        expected_grad = np.where(EDGES > 0, 1.0, alpha * np.exp(EDGES))
    np.testing.assert_allclose(out, expected, rtol=1e-15)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-15)


def test_elu_alpha_by_keyword_and_as_a_variable():
    x, a = T.dvector("x"), T.dscalar("a")
    f = theano.function([x, a], [T.nnet.elu(x, alpha=a), T.grad(T.nnet.elu(x, a).sum(), a)])
    value = np.array([-1.0, 2.0])
    out, grad_alpha = f(value, 3.0)
    np.testing.assert_allclose(out, [3.0 * np.expm1(-1.0), 2.0])
    np.testing.assert_allclose(grad_alpha, np.expm1(-1.0))
    with pytest.raises(TypeError):
        T.nnet.elu(x, beta=1.0)


def test_softsign():
    out, grad = _values_and_grad(T.nnet.softsign)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(out, EDGES / (1 + np.abs(EDGES)), rtol=1e-15)
        np.testing.assert_allclose(grad, 1 / (1 + np.abs(EDGES)) ** 2, rtol=1e-15)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_hard_sigmoid_rounds_as_theano_computes_it(dtype):
    out, grad = _values_and_grad(T.nnet.hard_sigmoid, dtype)
    x = EDGES.astype(dtype)
    t = x * np.asarray(0.2, dtype) + np.asarray(0.5, dtype)
    with np.errstate(invalid="ignore"):
        expected = np.where(t < 0, 0, np.where(t > 1, 1, t)).astype(dtype)
        # clip's gradient is 1 on [0, 1], bounds included: 0.2 at x = +-2.5
        inside = (t >= 0) & (t <= 1)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(grad, (inside * np.asarray(0.2, dtype)).astype(dtype))


def test_inv_and_square():
    x = T.dvector("x")
    f = theano.function([x], [T.inv(x), T.square(x), T.grad(T.inv(x).sum(), x)])
    value = np.array([-2.0, -0.0, 0.0, 0.25, np.inf, np.nan])
    with np.errstate(divide="ignore", invalid="ignore"):
        inv, square, grad = f(value)
        np.testing.assert_array_equal(inv, 1.0 / value)
        np.testing.assert_array_equal(square, value * value)
        np.testing.assert_array_equal(grad, -1.0 / (value * value))
    assert T.square is not T.sqr and str(T.square(x).owner.op) == "Elemwise{sqr,no_inplace}"


@pytest.mark.parametrize("fn", [T.inv, T.nnet.softsign, T.nnet.hard_sigmoid, T.nnet.elu])
def test_dtypes_are_theanos_upgrade_to_float(fn):
    assert fn(T.fvector()).dtype == "float32"
    assert fn(T.dvector()).dtype == "float64"
    assert fn(T.bvector()).dtype == "float32"
    assert fn(T.ivector()).dtype == "float64"
    assert fn(T.vector(dtype="float16")).dtype == "float16"


def test_integer_inputs_compute_in_float():
    x = T.ivector("x")
    f = theano.function([x], [T.inv(x), T.nnet.softsign(x), T.nnet.hard_sigmoid(x), T.nnet.elu(x)])
    value = np.array([-3, -1, 2], dtype="int32")
    inv, softsign, hard, elu = f(value)
    np.testing.assert_allclose(inv, 1.0 / value)
    np.testing.assert_allclose(softsign, value / (1 + np.abs(value)))
    np.testing.assert_allclose(hard, np.clip(value * 0.2 + 0.5, 0, 1))
    np.testing.assert_allclose(elu, np.where(value > 0, value, np.expm1(value)))
