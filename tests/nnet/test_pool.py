"""pool_2d, pool_3d and their gradients against numpy (Theano's perform:
ignore_border, strides, padding, the four modes), verify_grad."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.signal import pool

from conv_pool_reference import pool as reference_pool

CASES = [
    ((2, 2), True, None, (0, 0), "max"),
    ((3, 2), False, (2, 1), (0, 0), "max"),
    ((3, 3), True, (2, 2), (1, 1), "average_inc_pad"),
    ((3, 3), True, (2, 2), (1, 2), "average_exc_pad"),
    ((2, 3), False, (1, 2), (0, 0), "sum"),
    ((2, 2), False, (3, 3), (0, 0), "average_exc_pad"),
    ((1, 1), True, (1, 1), (0, 0), "max"),
]


@pytest.mark.parametrize("ws, ignore_border, stride, pad, mode", CASES)
def test_pool_2d_matches_numpy_and_its_gradient_finite_differences(ws, ignore_border, stride, pad, mode):
    rng = np.random.RandomState(0)
    xv = rng.randn(2, 3, 7, 6)
    x = T.dtensor4("x")

    def build(a):
        return pool.pool_2d(a, ws=ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)

    got = theano.function([x], build(x))(xv)
    want = reference_pool(xv, ws, ignore_border, stride, pad, mode)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12)
    theano.gradient.verify_grad(lambda a: (build(a) ** 2).sum(), [xv], rng=rng)


def test_max_gradient_goes_to_every_tied_maximum():
    x = T.dmatrix("x")
    grad = T.grad(pool.pool_2d(x, ws=(2, 2), ignore_border=True).sum(), x)
    got = theano.function([x], grad)(np.array([[1.0, 1.0], [0.0, 1.0]]))
    np.testing.assert_array_equal(got, [[1.0, 1.0], [0.0, 1.0]])  # Theano's rule at ties


def test_pool_3d_and_same_size():
    rng = np.random.RandomState(1)
    x5 = T.dtensor5("x")
    xv = rng.randn(1, 2, 5, 4, 6)
    got = theano.function([x5], pool.pool_3d(x5, ws=(2, 2, 3), ignore_border=False, mode="average_exc_pad"))(
        xv
    )
    np.testing.assert_allclose(got, reference_pool(xv, (2, 2, 3), False, mode="average_exc_pad"), rtol=1e-12)
    x = T.dtensor4("x")
    xv = rng.randn(1, 1, 4, 4)
    same = theano.function([x], pool.max_pool_2d_same_size(x, (2, 2)))(xv)
    pooled = reference_pool(xv, (2, 2), True)
    assert same.shape == xv.shape
    assert np.count_nonzero(same) == pooled.size
    np.testing.assert_array_equal(np.sort(same[same != 0]), np.sort(pooled.ravel()))


def test_pool_float32_leading_dimensions_and_errors():
    x = T.ftensor3("x")
    xv = np.random.RandomState(2).randn(4, 5, 6).astype("float32")
    got = theano.function([x], pool.pool_2d(x, ws=(2, 3), ignore_border=True, mode="sum"))(xv)
    assert got.dtype == "float32"
    np.testing.assert_allclose(got, reference_pool(xv, (2, 3), True, mode="sum"), rtol=1e-5)
    with pytest.raises(NotImplementedError):
        pool.pool_2d(x, ws=(2, 2), ignore_border=False, pad=(1, 1))
    with pytest.raises(ValueError):
        pool.pool_2d(x, ws=(2, 2), ignore_border=True, mode="median")
    with pytest.warns(UserWarning):
        pool.pool_2d(x, ws=(2, 2))


@pytest.mark.parametrize(
    "ws, stride, pad, ignore_border",
    [((2, 2), None, (0, 0), True), ((3, 2), (2, 1), (1, 0), True), ((2, 3), None, (0, 0), False)],
)
def test_max_pool_grad_grad_is_the_transpose_of_the_max_pool_grad(ws, stride, pad, ignore_border):
    """DownsampleFactorMaxGradGrad (x, maxout, gx): each window's gx where x
    is its maximum; <MaxPoolGrad(gz), gx> == <gz, GradGrad(gx)>, and both
    second derivatives of a max pool against finite differences."""
    rng = np.random.RandomState(7)
    xv = rng.permutation(2 * 3 * 7 * 8).reshape(2, 3, 7, 8).astype("float64") / 10  # no ties
    x, gz, gx = T.tensor4("x"), T.tensor4("gz"), T.tensor4("gx")
    maxout = pool.Pool(ignore_border, ndim=2)(x, ws, stride, pad)
    grad = pool.MaxPoolGrad(ignore_border)(x, maxout, gz, ws, stride, pad)
    gradgrad = pool.DownsampleFactorMaxGradGrad(ignore_border)(x, maxout, gx, ws, stride, pad)
    f = theano.function([x, gz, gx], [maxout, grad, gradgrad])
    y = reference_pool(xv, ws, ignore_border, stride, pad)
    gzv, gxv = rng.randn(*y.shape), rng.randn(*xv.shape)
    yv, grad_v, gradgrad_v = f(xv, gzv, gxv)
    np.testing.assert_allclose(yv, y)
    np.testing.assert_allclose(np.sum(grad_v * gxv), np.sum(gzv * gradgrad_v), rtol=1e-10)
    # the window maxima's positions, from numpy: gradgrad picks gx there
    expected = np.zeros(y.shape)
    n_out = y.shape[-2:]
    stride_ = stride or ws
    for i, j in np.ndindex(*n_out):
        r0, c0 = i * stride_[0] - pad[0], j * stride_[1] - pad[1]
        rows = slice(max(r0, 0), min(r0 + ws[0], xv.shape[2]))
        cols = slice(max(c0, 0), min(c0 + ws[1], xv.shape[3]))
        window, values = xv[:, :, rows, cols], gxv[:, :, rows, cols]
        flat = window.reshape(2, 3, -1).argmax(-1)
        expected[:, :, i, j] = np.take_along_axis(values.reshape(2, 3, -1), flat[..., None], -1)[..., 0]
    np.testing.assert_allclose(gradgrad_v, expected)
    # second derivatives: the Hessian-vector product of a max pool's cost
    theano.gradient.verify_grad(
        lambda a: T.grad((pool.pool_2d(a, ws, ignore_border, stride, pad) ** 3).sum(), a).sum() * 1.0,
        [xv],
        rng=rng,
    )


@pytest.mark.parametrize("mode", ["sum", "average_inc_pad", "average_exc_pad"])
def test_second_derivative_of_sum_and_average_pools(mode):
    rng = np.random.RandomState(3)
    xv = rng.randn(2, 5, 6)
    theano.gradient.verify_grad(
        lambda a: (
            T.grad((pool.pool_2d(a, (2, 3), True, (1, 2), (1, 0), mode=mode) ** 3).sum(), a) ** 2
        ).sum(),
        [xv],
        rng=rng,
    )


def test_pools_with_no_output_positions_compile_for_their_shapes():
    """A window larger than the input (ignore_border): pooled dimensions of
    size 0, static in the kernel specialized for the shapes (the window
    reduction's reads used to start below 0 there, refused by the
    verifier); the gradient is zeros, the R-operator empty."""
    x = T.tensor3()
    average = pool.pool_2d(x, (2, 2), True, mode="average_inc_pad")
    maximum = pool.pool_2d(x, (2, 2), True)
    f = theano.function([x], [average, T.grad(average.sum() + (x**2).sum(), x), T.Rop(maximum, x, x)])
    xv = np.arange(5.0).reshape(5, 1, 1)
    for _ in range(3):  # the general kernel, then the specialized one
        y, g, r = f(xv)
        assert y.shape == (5, 0, 0) and r.shape == (5, 0, 0)
        np.testing.assert_allclose(g, 2 * xv)
