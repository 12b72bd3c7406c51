"""conv2d, conv3d and their gradient ops against numpy (Theano's abstract
conv: border modes, subsample, dilation, flip, groups), verify_grad."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.nnet import abstract_conv, conv2d, conv3d

from conv_pool_reference import conv

CASES = [
    # border_mode, subsample, dilation, flip, groups
    ("valid", (1, 1), (1, 1), True, 1),
    ("full", (1, 1), (1, 1), True, 1),
    ("half", (2, 1), (1, 1), False, 1),
    (1, (1, 2), (2, 1), True, 1),
    ((2, 1), (2, 2), (1, 2), False, 2),
    ("valid", (3, 2), (1, 1), True, 3),
    ("half", (1, 1), (2, 2), True, 6),  # depthwise
]


@pytest.mark.parametrize("border_mode, subsample, dilation, flip, groups", CASES)
def test_conv2d_matches_numpy_and_its_gradients_finite_differences(
    border_mode, subsample, dilation, flip, groups
):
    rng = np.random.RandomState(0)
    channels, out_channels = 6, (6 if groups > 1 else 4)
    xv = rng.randn(2, channels, 9, 8)
    wv = rng.randn(out_channels, channels // groups, 3, 2)
    x, w = T.dtensor4("x"), T.dtensor4("w")

    def build(a, b):
        return conv2d(
            a,
            b,
            border_mode=border_mode,
            subsample=subsample,
            filter_dilation=dilation,
            filter_flip=flip,
            num_groups=groups,
        )

    got = theano.function([x, w], build(x, w))(xv, wv)
    want = conv(xv, wv, border_mode, subsample, dilation, flip, groups)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)
    theano.gradient.verify_grad(lambda a, b: (build(a, b) ** 2).sum(), [xv, wv], rng=rng)


def test_conv2d_float32_and_shape_inference():
    rng = np.random.RandomState(1)
    x, w = T.ftensor4("x"), T.ftensor4("w")
    y = conv2d(x, w, border_mode="full")
    xv, wv = rng.randn(3, 2, 7, 7).astype("float32"), rng.randn(5, 2, 3, 3).astype("float32")
    got = theano.function([x, w], y)(xv, wv)
    assert got.dtype == "float32" and y.broadcastable == (False, False, False, False)
    np.testing.assert_allclose(got, conv(xv, wv, "full"), rtol=1e-5, atol=1e-5)
    shape = theano.function([x, w], y.shape)(xv, wv)
    np.testing.assert_array_equal(shape, got.shape)


def test_conv3d_matches_numpy():
    rng = np.random.RandomState(2)
    x, w = T.dtensor5("x"), T.dtensor5("w")
    xv, wv = rng.randn(2, 3, 5, 6, 4), rng.randn(2, 3, 2, 3, 2)
    y = conv3d(x, w, border_mode="half", subsample=(1, 2, 1))
    np.testing.assert_allclose(
        theano.function([x, w], y)(xv, wv), conv(xv, wv, "half", (1, 2, 1)), rtol=1e-10
    )
    theano.gradient.verify_grad(lambda a, b: (conv3d(a, b) ** 2).sum(), [xv, wv], rng=rng)


def test_gradient_ops_and_the_transpose():
    rng = np.random.RandomState(3)
    x, w = T.dtensor4("x"), T.dtensor4("w")
    xv, wv = rng.randn(2, 3, 8, 7), rng.randn(4, 3, 3, 3)
    y = conv2d(x, w, border_mode=1, subsample=(2, 2))
    g = T.dtensor4("g")
    gv = rng.randn(*theano.function([x, w], y)(xv, wv).shape)
    grads = theano.function([x, w, g], T.grad(None, [x, w], known_grads={y: g}))(xv, wv, gv)
    by_op = theano.function(
        [x, w, g],
        [
            abstract_conv.conv2d_grad_wrt_inputs(g, w, xv.shape, border_mode=1, subsample=(2, 2)),
            abstract_conv.conv2d_grad_wrt_weights(x, g, wv.shape, border_mode=1, subsample=(2, 2)),
        ],
    )(xv, wv, gv)
    for a, b in zip(grads, by_op):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    # the transpose of a convolution is its input gradient
    transposed = theano.function(
        [g, w], abstract_conv.conv2d_transpose(g, w, xv.shape, border_mode=1, input_dilation=(2, 2))
    )(gv, wv)
    np.testing.assert_allclose(transposed, grads[0], rtol=1e-12)
    # the same for conv3d, with a symbolic shape
    x5, w5, g5 = (T.TensorType("float64", (False,) * 5)(n) for n in "xwg")
    xv5, wv5 = rng.randn(2, 2, 5, 6, 4), rng.randn(3, 2, 2, 3, 2)
    y5 = abstract_conv.conv3d(x5, w5, subsample=(1, 2, 1), filter_dilation=(2, 1, 1))
    gv5 = rng.randn(*theano.function([x5, w5], y5)(xv5, wv5).shape)
    grads5 = theano.function([x5, w5, g5], T.grad(None, [x5, w5], known_grads={y5: g5}))(xv5, wv5, gv5)
    options = dict(subsample=(1, 2, 1), filter_dilation=(2, 1, 1))
    by_op5 = theano.function(
        [x5, w5, g5],
        [
            abstract_conv.conv3d_grad_wrt_inputs(g5, w5, x5.shape, **options),
            abstract_conv.conv3d_grad_wrt_weights(x5, g5, wv5.shape, **options),
        ],
    )(xv5, wv5, gv5)
    for a, b in zip(grads5, by_op5):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    # second order: the gradient of a gradient
    theano.gradient.verify_grad(
        lambda a, b: (T.grad((conv2d(a, b) ** 2).sum(), b) ** 2).sum(), [xv[:1], wv[:2]], rng=rng
    )


def test_shape_errors_name_the_node():
    x, w = T.dtensor4("x"), T.dtensor4("w")
    f = theano.function([x, w], conv2d(x, w))
    with pytest.raises(ValueError, match="channels"):
        f(np.zeros((1, 3, 5, 5)), np.zeros((2, 2, 3, 3)))
    with pytest.raises(ValueError, match="kernel"):
        f(np.zeros((1, 2, 2, 5)), np.zeros((2, 2, 3, 3)))
    with pytest.raises(TypeError):
        conv2d(T.dmatrix(), w)
    with pytest.raises(ValueError):
        conv2d(x, w, border_mode="same")


def test_old_conv2d_and_conv3d2d():
    # theano.tensor.nnet.conv.conv2d: a true convolution, 'valid' or 'full'
    from theano_mlir.tensor.nnet import conv as old_conv, conv3d2d

    rng = np.random.RandomState(4)
    x, w = T.dtensor4("x"), T.dtensor4("w")
    xv, wv = rng.randn(2, 3, 7, 6), rng.randn(4, 3, 3, 2)
    got = theano.function([x, w], old_conv.conv2d(x, w, border_mode="full", subsample=(2, 1)))(xv, wv)
    np.testing.assert_allclose(got, conv(xv, wv, "full", (2, 1)), rtol=1e-10)
    # shape hints: constants of any form (ints, constant tensors), else
    # NotScalarConstantError as Theano's
    as_t = T.as_tensor_variable
    for hint in ((as_t(2), as_t(3), as_t(7), 6), as_t([2, 3, 7, 6])):
        hinted = old_conv.conv2d(x, w, image_shape=hint, filter_shape=(4, 3, 3, 2))
        np.testing.assert_allclose(theano.function([x, w], hinted)(xv, wv), conv(xv, wv, "valid"), rtol=1e-10)
    with pytest.raises(T.NotScalarConstantError):
        old_conv.conv2d(x, w, image_shape=(2, 3, 7, theano.scalar.basic.int32()))
    # conv3d2d (Keras 1): (batch, time, channels, rows, cols), every axis flipped
    s, f = T.TensorType("float64", (False,) * 5)(), T.TensorType("float64", (False,) * 5)()
    sv, fv = rng.randn(2, 5, 3, 6, 7), rng.randn(4, 2, 3, 3, 2)
    got = theano.function([s, f], conv3d2d.conv3d(s, f))(sv, fv)
    want = conv(sv.transpose(0, 2, 1, 3, 4), fv.transpose(0, 2, 1, 3, 4)).transpose(0, 2, 1, 3, 4)
    np.testing.assert_allclose(got, want, rtol=1e-10)
