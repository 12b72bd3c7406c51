"""theano.tensor.nnet: softmax, logsoftmax, the cross-entropies, relu,
against numpy and finite differences, with Theano's errors."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(2024)
TOL = {"float32": 1e-5, "float64": 1e-12}


def np_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softmax_and_logsoftmax_match_numpy(dtype):
    x = T.matrix("x", dtype=dtype)
    f = theano.function([x], [T.nnet.softmax(x), T.nnet.logsoftmax(x), T.nnet.log_softmax(x)])
    value = RNG.normal(size=(4, 5)).astype(dtype) * 3
    sm, lsm, lsm2 = f(value)
    assert sm.dtype == dtype and lsm.dtype == dtype
    np.testing.assert_allclose(sm, np_softmax(value.astype(np.float64)), rtol=TOL[dtype] * 10)
    np.testing.assert_allclose(
        lsm, np.log(np_softmax(value.astype(np.float64))), rtol=TOL[dtype] * 10, atol=TOL[dtype]
    )
    np.testing.assert_array_equal(lsm, lsm2)


def test_softmax_of_a_vector_is_one_row_with_theanos_warning():
    v = T.dvector("v")
    with pytest.warns(UserWarning, match="DEPRECATION"):
        sm = T.nnet.softmax(v)
    assert sm.ndim == 2
    np.testing.assert_allclose(
        theano.function([v], sm)([1.0, 2.0, 3.0]), np_softmax(np.array([[1.0, 2.0, 3.0]]))
    )


def test_softmax_errors():
    with pytest.raises(ValueError, match="1-d or 2-d tensor of floats"):
        T.nnet.softmax(T.tensor3("x"))
    with pytest.raises(ValueError, match="1-d or 2-d tensor of floats"):
        T.nnet.softmax(T.imatrix("x"))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_categorical_crossentropy_integer_and_distribution_targets(dtype):
    x = T.matrix("x", dtype=dtype)
    t = T.lvector("t")
    p = T.matrix("p", dtype=dtype)
    sm = T.nnet.softmax(x)
    f = theano.function(
        [x, t, p], [T.nnet.categorical_crossentropy(sm, t), T.nnet.categorical_crossentropy(sm, p)]
    )
    value = RNG.normal(size=(3, 4)).astype(dtype)
    targets = np.array([0, 3, 1])
    dist = RNG.random((3, 4)).astype(dtype)
    one_hot_ce, dist_ce = f(value, targets, dist)
    reference = np_softmax(value.astype(np.float64))
    np.testing.assert_allclose(one_hot_ce, -np.log(reference[np.arange(3), targets]), rtol=TOL[dtype] * 10)
    np.testing.assert_allclose(dist_ce, -(dist * np.log(reference)).sum(axis=1), rtol=TOL[dtype] * 10)


def test_crossentropy_targets_are_checked():
    x, t = T.dmatrix("x"), T.lvector("t")
    f = theano.function([x, t], T.nnet.categorical_crossentropy(T.nnet.softmax(x), t))
    value = np.zeros((2, 3))
    for bad, message in (
        ([0, 3], "out of bounds for 3 columns"),
        ([-1, 0], "negative"),
        ([0, 1, 2], "2 rows but 3 indices"),
    ):
        with pytest.raises(ValueError, match=message):
            f(value, np.array(bad))
    np.testing.assert_allclose(f(value, np.array([2, 0])), np.log([3.0, 3.0]))
    with pytest.raises(TypeError, match="integer vector required"):
        T.nnet.crossentropy_categorical_1hot(x, T.dvector("d"))
    with pytest.raises(TypeError, match="rank mismatch"):
        T.nnet.categorical_crossentropy(x, T.dscalar("s"))


def test_binary_crossentropy_matches_numpy():
    o, t = T.dvectors("o", "t")
    f = theano.function([o, t], T.nnet.binary_crossentropy(o, t))
    out, target = RNG.uniform(0.05, 0.95, 6), RNG.random(6)
    np.testing.assert_allclose(
        f(out, target), -(target * np.log(out) + (1 - target) * np.log(1 - out)), rtol=1e-12
    )


@pytest.mark.parametrize("alpha", [0, 0.1, 2.0])
def test_relu_values_and_theanos_gradient(alpha):
    x = T.dvector("x")
    y = T.nnet.relu(x, alpha)
    f = theano.function([x], [y, T.grad(y.sum(), x)])
    value = np.array([-np.inf, -2.0, -0.0, 0.0, 3.0, np.inf, np.nan])
    out, grad = f(value)
    with np.errstate(invalid="ignore"):
        expected = np.where(value > 0, value, alpha * value)
    if alpha == 0:
        expected = np.maximum(value, 0)
    np.testing.assert_array_equal(out, expected)
    # Theano's 0.5 (1 + a) + 0.5 (1 - a) sgn(x): (1 + a)/2 at 0, NaN at NaN.
    np.testing.assert_array_equal(
        grad, [alpha, alpha, 0.5 * (1 + alpha), 0.5 * (1 + alpha), 1.0, 1.0, np.nan]
    )


def test_relu_dtypes():
    assert T.nnet.relu(T.fvector()).dtype == "float32"
    assert T.nnet.relu(T.dvector(), 0.5).dtype == "float64"
    assert T.nnet.relu(T.ivector()).dtype == "float64"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_verify_grad_of_the_nnet_ops(dtype):
    rng = np.random.default_rng(7)
    point = rng.normal(size=(3, 4)).astype(dtype)
    targets = np.array([1, 0, 3])
    verify_grad(T.nnet.softmax, [point], rng=rng)
    verify_grad(T.nnet.logsoftmax, [point], rng=rng)
    verify_grad(
        lambda x: T.nnet.categorical_crossentropy(x, targets),
        [rng.uniform(0.1, 1.0, (3, 4)).astype(dtype)],
        rng=rng,
    )
    verify_grad(lambda x: T.nnet.categorical_crossentropy(T.nnet.softmax(x), targets), [point], rng=rng)
    verify_grad(lambda x: T.nnet.relu(x, 0.3), [point + np.sign(point)], rng=rng)
    verify_grad(lambda x, a: T.nnet.relu(x, a), [point + np.sign(point), np.asarray(0.2, dtype)], rng=rng)
    verify_grad(lambda x: T.log(T.sum(T.exp(x), axis=1)), [point], rng=rng)
    verify_grad(lambda o: T.nnet.binary_crossentropy(T.nnet.sigmoid(o), 0.3), [point], rng=rng)


def test_softmax_crossentropy_training_step():
    """A softmax regression step, as in the seeds: gradients flow through the
    fused form and the loss goes down."""
    X, y = T.dmatrix("X"), T.lvector("y")
    W = theano.shared(np.zeros((4, 3)), "W")
    b = theano.shared(np.zeros(3), "b")
    loss = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(X, W) + b), y).mean()
    gW, gb = T.grad(loss, [W, b])
    step = theano.function([X, y], loss, updates=[(W, W - 0.5 * gW), (b, b - 0.5 * gb)])
    data = RNG.normal(size=(30, 4))
    labels = np.argmax(data[:, :3], axis=1)
    losses = [float(step(data, labels)) for _ in range(30)]
    assert losses[0] == pytest.approx(np.log(3))
    assert losses[-1] < 0.5 * losses[0]


def test_softmax_with_bias_family_against_numpy():
    from theano_mlir.tensor import nnet as N

    x, b, y = T.dmatrix(), T.dvector(), T.lvector()
    rng = np.random.RandomState(0)
    xv, bv, yv = rng.randn(4, 5), rng.randn(5), np.array([0, 3, 4, 1])
    nll, sm, am = N.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)
    got_nll, got_sm, got_am = theano.function([x, b, y], [nll, sm, am])(xv, bv, yv)
    z = xv + bv
    e = np.exp(z - z.max(1, keepdims=True))
    want_sm = e / e.sum(1, keepdims=True)
    np.testing.assert_allclose(got_sm, want_sm, rtol=1e-12)
    np.testing.assert_allclose(got_nll, -np.log(want_sm[np.arange(4), yv]), rtol=1e-12)
    np.testing.assert_array_equal(got_am, z.argmax(1))
    dx = N.crossentropy_softmax_1hot_with_bias_dx(T.ones_like(nll), sm, y)
    dx_value, grad_value = theano.function([x, b, y], [dx, T.grad(nll.sum(), x)])(xv, bv, yv)
    np.testing.assert_allclose(dx_value, grad_value, rtol=1e-10)
    np.testing.assert_allclose(
        theano.function([x], N.prepend_scalar_to_each_row(2.0, x))(xv), np.hstack([np.full((4, 1), 2.0), xv])
    )


def test_ultra_fast_sigmoid_selu_and_sigmoid_binary_crossentropy():
    from theano_mlir.tensor import nnet as N

    x, t = T.dmatrix(), T.dmatrix()
    xv = np.random.RandomState(1).randn(6, 7) * 4
    tv = (np.random.RandomState(2).rand(6, 7) > 0.5).astype("float64")
    sig = 1 / (1 + np.exp(-xv))
    fast = theano.function([x], N.ultra_fast_sigmoid(x))(xv)
    assert np.abs(fast - sig).max() < 0.03
    # Theano's gradient of ultra_fast_sigmoid: y (1 - y) of its value
    g = theano.function([x], T.grad(N.ultra_fast_sigmoid(x).sum(), x))(xv)
    np.testing.assert_allclose(g, fast * (1 - fast), rtol=1e-12)
    bce = theano.function([x, t], N.sigmoid_binary_crossentropy(x, t))(xv, tv)
    np.testing.assert_allclose(bce, -(tv * np.log(sig) + (1 - tv) * np.log(1 - sig)), rtol=1e-9)
    gb = theano.function([x, t], T.grad(N.sigmoid_binary_crossentropy(x, t).sum(), x))(xv, tv)
    np.testing.assert_allclose(gb, sig - tv, rtol=1e-9, atol=1e-12)
    selu = theano.function([x], N.selu(x))(xv)
    scale, alpha = 1.0507009873554805, 1.6732632423543772
    np.testing.assert_allclose(selu, scale * np.where(xv > 0, xv, alpha * np.expm1(xv)), rtol=1e-12)


def test_confusion_matrix():
    from theano_mlir.tensor import nnet as N

    a, p = T.lvector(), T.lvector()
    matrix, order = theano.function([a, p], N.confusion_matrix(a, p))(
        np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1])
    )
    np.testing.assert_array_equal(order, [0, 1, 2])
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 0, 1], [0, 1, 1]])


def test_sparse_block_dot_and_h_softmax_against_numpy():
    from theano_mlir.tensor.nnet import h_softmax
    from theano_mlir.tensor.nnet.blocksparse import sparse_block_dot

    rng = np.random.RandomState(5)
    W, h = rng.randn(3, 4, 5, 6), rng.randn(2, 2, 5)
    b, i_idx, o_idx = rng.randn(4, 6), np.array([[0, 2], [1, 1]]), np.array([[3, 0, 1], [2, 2, 0]])
    tw, th, tb = T.tensor4(), T.tensor3(), T.matrix()
    ti, to = T.imatrix(), T.imatrix()
    out = sparse_block_dot(tw, th, ti, tb, to)
    f = theano.function([tw, th, ti, tb, to], out)
    expected = np.zeros((2, 3, 6))
    for k in range(2):
        for j in range(3):
            expected[k, j] = b[o_idx[k, j]] + sum(h[k, i] @ W[i_idx[k, i], o_idx[k, j]] for i in range(2))
    np.testing.assert_allclose(f(W, h, i_idx.astype("int32"), b, o_idx.astype("int32")), expected, rtol=1e-12)

    batch, dim, n_classes, per_class, n_outputs = 4, 3, 3, 3, 8
    x, target = T.matrix(), T.ivector()
    W1, b1 = theano.shared(rng.randn(dim, n_classes)), theano.shared(rng.randn(n_classes))
    W2, b2 = (
        theano.shared(rng.randn(n_classes, dim, per_class)),
        theano.shared(rng.randn(n_classes, per_class)),
    )
    every = h_softmax(x, batch, n_outputs, n_classes, per_class, W1, b1, W2, b2)
    chosen = h_softmax(x, batch, n_outputs, n_classes, per_class, W1, b1, W2, b2, target)
    cost = -T.log(chosen).mean()
    g = theano.function([x, target], [every, chosen, T.grad(cost, W2)])
    xv, tv = rng.randn(batch, dim), np.array([0, 7, 4, 5], "int32")

    def softmax(z):
        e = np.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    classes = softmax(xv @ W1.get_value() + b1.get_value())
    inner = softmax(np.einsum("bd,cdo->bco", xv, W2.get_value()) + b2.get_value())
    probs = (classes[:, :, None] * inner).reshape(batch, -1)[:, :n_outputs]
    all_v, chosen_v, grad_w2 = g(xv, tv)
    np.testing.assert_allclose(all_v, probs, rtol=1e-10)
    np.testing.assert_allclose(chosen_v, probs[np.arange(batch), tv], rtol=1e-10)
    # the dropped ninth output: the rest of each row's probability
    np.testing.assert_allclose(
        all_v.sum(axis=1), 1 - (classes[:, :, None] * inner).reshape(batch, -1)[:, n_outputs]
    )
    assert grad_w2.shape == W2.get_value().shape and np.isfinite(grad_w2).all()
    theano.gradient.verify_grad(
        lambda a: h_softmax(
            a, batch, n_outputs, n_classes, per_class, W1, b1, W2, b2, target=tv.astype("int64")
        ),
        [xv],
        rng=rng,
    )
