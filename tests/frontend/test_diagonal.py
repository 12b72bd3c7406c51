"""Diagonals (T.diag, T.diagonal, T.trace, nlinalg's extract_diag,
alloc_diag, trace; the diagonal and trace methods) against numpy, and
their gradients; sort/argsort methods; theano.gradient's grad_clip,
grad_scale, consider_constant."""

import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir import gradient
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(5)


@pytest.mark.parametrize("dtype", ["int8", "int64", "float32", "float64", "bool"])
def test_diag_forms(dtype):
    x = T.tensor(dtype, (False, False), "x")
    v = T.tensor(dtype, (False,), "v")
    t = T.tensor(dtype, (False, False, False), "t")
    outs = [T.diag(v), T.diag(v, 2), T.diag(v, -1), T.diag(x), T.diag(x, 1), T.diag(x, -2), T.diag(x, 7)]
    outs += [T.diagonal(t, 1, 2, 0), T.diagonal(t, -1, -1, 1), T.diagonal(t), x.diagonal(-1)]
    outs += [T.nlinalg.extract_diag(x), T.nlinalg.alloc_diag(v), T.nlinalg.diag(v)]
    f = theano.function([x, v, t], outs)
    a = RNG.integers(0, 3, (3, 4)).astype(dtype)
    b = RNG.integers(0, 3, (2,)).astype(dtype)
    c = RNG.integers(0, 3, (2, 3, 4)).astype(dtype)
    expected = [
        np.diag(b),
        np.diag(b, 2),
        np.diag(b, -1),
        np.diag(a),
        np.diag(a, 1),
        np.diag(a, -2),
        np.diag(a, 7),
    ]
    expected += [np.diagonal(c, 1, 2, 0), np.diagonal(c, -1, -1, 1), np.diagonal(c), a.diagonal(-1)]
    expected += [np.diag(a), np.diag(b), np.diag(b)]
    for got, e in zip(f(a, b, c), expected):
        assert got.shape == e.shape and got.dtype == e.dtype
        np.testing.assert_array_equal(got, e)


def test_trace():
    x = T.dmatrix("x")
    t = T.dtensor3("t")
    f = theano.function([x, t], [x.trace(), T.trace(x, 1), T.trace(t, -1, 1, 2), T.nlinalg.trace(x)])
    a, c = RNG.random((3, 4)), RNG.random((2, 3, 4))
    for got, e in zip(f(a, c), [np.trace(a), np.trace(a, 1), np.trace(c, -1, 1, 2), np.trace(a)]):
        np.testing.assert_allclose(got, e)


def test_errors_and_names():
    with pytest.raises(ValueError):
        T.diagonal(T.dvector())
    with pytest.raises(ValueError):
        T.diagonal(T.dmatrix(), 0, 1, 1)
    with pytest.raises(ValueError):
        T.AllocDiag()(T.dscalar())
    with pytest.raises(ValueError):
        T.AllocDiag(0, 1, 3)(T.dvector())
    with pytest.raises(ValueError):
        T.diag(T.dscalar())
    assert T.ExtractDiag(1) == T.ExtractDiag(1) and T.AllocDiag(0) != T.AllocDiag(1)


def test_diag_gradients():
    rng = np.random.RandomState(2)
    verify_grad(lambda m: T.diagonal(m, 1), [rng.rand(3, 4)], rng=rng)
    verify_grad(lambda m: T.diagonal(m, -1, 2, 0), [rng.rand(3, 2, 4)], rng=rng)
    verify_grad(lambda w: T.diag(w, -1), [rng.rand(3)], rng=rng)
    verify_grad(lambda m: m.trace(), [rng.rand(3, 3)], rng=rng)


def test_sort_methods():
    x = T.dmatrix("x")
    a = RNG.random((3, 4))
    s, p, s0 = theano.function([x], [x.sort(), x.argsort(axis=0), x.sort(axis=None)])(a)
    np.testing.assert_array_equal(s, np.sort(a))
    np.testing.assert_array_equal(p, np.argsort(a, axis=0))
    np.testing.assert_array_equal(s0, np.sort(a, axis=None))


def test_gradient_filters():
    x = T.dvector("x")
    clipped = gradient.grad_clip(x, -1.0, 1.0)
    scaled = gradient.grad_scale(x, 3.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        constant = gradient.consider_constant(x)
    f = theano.function(
        [x],
        [
            clipped,
            theano.grad(T.sum(clipped * 5.0), x),
            theano.grad(T.sum(clipped * np.array([0.5, -0.25])), x),
            theano.grad(T.sum(scaled**2), x),
            theano.grad(T.sum(x * constant), x),
            theano.grad(T.sum(gradient.zero_grad(x) * x), x),
        ],
    )
    value = np.array([1.0, -2.0])
    got = f(value)
    np.testing.assert_array_equal(got[0], value)
    np.testing.assert_array_equal(got[1], [1.0, 1.0])
    np.testing.assert_array_equal(got[2], [0.5, -0.25])
    np.testing.assert_array_equal(got[3], 6 * value)
    np.testing.assert_array_equal(got[4], value)
    np.testing.assert_array_equal(got[5], value)
    assert str(clipped.owner.op) == "GradClip"
    assert gradient.GradClip(-1, 1) == gradient.GradClip(-1.0, 1.0)
    with pytest.raises(AssertionError):
        gradient.grad_clip(x, 1.0, -1.0)
    assert gradient.disconnected_grad and gradient.zero_grad
    with pytest.warns(UserWarning, match="deprecated"):
        gradient.consider_constant(x)


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize(
    "offset,axis1,axis2",
    [(0, 0, 1), (0, 1, 2), (1, 0, 1), (0, 1, 3), (1, 2, 3), (-1, 0, 1), (-2, 0, 1), (-1, 1, 2)],
)
def test_alloc_diag_axes(ndim, offset, axis1, axis2):
    """AllocDiag(offset, axis1, axis2)(x): numpy's diagonal of the result
    with those arguments is x, zeros elsewhere; its shape is inferred
    without the op; its gradient is the diagonal of the output's."""
    if max(axis1, axis2) > ndim:
        pytest.skip("axes beyond the result's dimensions")
    x = T.TensorType("float64", (False,) * ndim)("x")
    value = RNG.standard_normal((4, 3, 5)[:ndim])
    y = T.AllocDiag(offset, axis1, axis2)(x)
    assert isinstance(y.owner.op, T.AllocDiag) and y.ndim == ndim + 1
    out = theano.function([x], y)(value)
    np.testing.assert_array_equal(np.diagonal(out, offset, axis1, axis2), value)
    assert np.count_nonzero(out) == np.count_nonzero(value)
    f_shape = theano.function([x], y.shape)
    assert tuple(f_shape(value)) == out.shape
    assert not any(isinstance(n.op, T.AllocDiag) for n in f_shape.maker.fgraph.toposort())
    g = theano.function([x], theano.grad((y * np.arange(out.size).reshape(out.shape)).sum(), x))(value)
    np.testing.assert_array_equal(
        g, np.diagonal(np.arange(out.size).reshape(out.shape), offset, axis1, axis2)
    )


def test_extract_diag_is_an_op():
    m = T.dmatrix()
    d = T.diag(m)
    assert isinstance(d.owner.op, T.ExtractDiag)
    value = RNG.standard_normal((3, 5))
    np.testing.assert_array_equal(theano.function([m], d)(value), np.diag(value))
    f_shape = theano.function([m], T.diagonal(m, 2).shape)
    assert tuple(f_shape(value)) == np.diagonal(value, 2).shape
