"""theano-simplify and theano-stabilize as a user sees them: each rewritten
expression gives what numpy gives for the original one on ordinary inputs,
and the stable forms stay finite and right at the extremes."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(99)
RTOL = {"float32": 2e-6, "float64": 1e-13}


def positive(dtype, shape=(3, 4)):
    return RNG.uniform(0.5, 2.0, shape).astype(dtype)


def signed(dtype, shape=(3, 4)):
    return RNG.uniform(-2.0, 2.0, shape).astype(dtype)


# (expression builder over matrices x, y, a 0-d s; numpy reference; inputs)
CASES = {
    "mul_div": (lambda x, y, s: x * y / x, lambda x, y, s: x * y / x, positive),
    "exp_log": (lambda x, y, s: T.exp(T.log(x)), lambda x, y, s: np.exp(np.log(x)), positive),
    "log_exp": (lambda x, y, s: T.log(T.exp(x)), lambda x, y, s: np.log(np.exp(x)), signed),
    "pow_2": (lambda x, y, s: x**2, lambda x, y, s: x**2, signed),
    "pow_half": (lambda x, y, s: x**0.5, lambda x, y, s: x**0.5, positive),
    "div_const": (lambda x, y, s: x / 4.0, lambda x, y, s: x / 4.0, signed),
    "div_inexact": (lambda x, y, s: x / 3.0, lambda x, y, s: x / 3.0, signed),
    "sum_scaled": (lambda x, y, s: (x * s).sum(axis=1), lambda x, y, s: (x * s).sum(axis=1), signed),
    "common_factor": (lambda x, y, s: x * y + x * s, lambda x, y, s: x * y + x * s, signed),
    "common_factor_sub": (lambda x, y, s: y * x - x * s, lambda x, y, s: y * x - x * s, signed),
    "dimshuffles": (lambda x, y, s: x.T.dimshuffle(1, "x", 0), lambda x, y, s: x[:, None, :], signed),
    "reshapes": (
        lambda x, y, s: x.reshape((12,)).reshape((4, 3)),
        lambda x, y, s: x.reshape(12).reshape(4, 3),
        signed,
    ),
    "log1p": (lambda x, y, s: T.log(1 + x), lambda x, y, s: np.log(1 + x), positive),
    "log1m": (lambda x, y, s: T.log(1 - x / 4), lambda x, y, s: np.log(1 - x / 4), positive),
    "expm1": (lambda x, y, s: T.exp(x) - 1, lambda x, y, s: np.exp(x) - 1, signed),
    "log_sigmoid": (
        lambda x, y, s: T.log(T.nnet.sigmoid(x)),
        lambda x, y, s: np.log(1 / (1 + np.exp(-x))),
        signed,
    ),
    "log_1m_sigmoid": (
        lambda x, y, s: T.log(1 - T.nnet.sigmoid(x)),
        lambda x, y, s: np.log(1 - 1 / (1 + np.exp(-x))),
        signed,
    ),
    "log_softmax": (
        lambda x, y, s: T.log(T.nnet.softmax(x)),
        lambda x, y, s: np.log(np.exp(x) / np.exp(x).sum(1, keepdims=True)),
        signed,
    ),
    "logsumexp": (
        lambda x, y, s: T.log(T.sum(T.exp(x), axis=1)),
        lambda x, y, s: np.log(np.exp(x).sum(1)),
        signed,
    ),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_rewritten_graph_keeps_its_values(name, dtype):
    build, reference, make = CASES[name]
    x, y = T.matrix("x", dtype=dtype), T.matrix("y", dtype=dtype)
    s = T.scalar("s", dtype=dtype)
    f = theano.function([x, y, s], build(x, y, s), on_unused_input="ignore")
    xv, yv, sv = make(dtype), make(dtype), make(dtype, ())
    expected = reference(xv.astype(np.float64), yv.astype(np.float64), sv.astype(np.float64))
    got = f(xv, yv, sv)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, expected, rtol=RTOL[dtype] * 10, atol=RTOL[dtype])


def test_integer_rewrites_wrap_like_numpy():
    a, x, y = T.ivectors("a", "x", "y")
    f = theano.function([a, x, y], [a * x + a * y, (a * 3).sum(), x**2])
    big = np.array([2**30, 3, -(2**30)], dtype=np.int32)
    small = np.array([5, 7, 9], dtype=np.int32)
    common, total, square = f(big, small, small)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(common, big * small + big * small)
        # int32 products (wrapped), summed in int64 (Theano's accumulator).
        np.testing.assert_array_equal(total, np.sum(big * np.int32(3), dtype=np.int64))
    np.testing.assert_array_equal(square, small**2)


def test_casts_compose_only_when_lossless():
    x = T.dvector("x")
    i = T.bvector("i")
    f = theano.function(
        [x, i], [T.cast(T.cast(x, "float32"), "float64"), T.cast(T.cast(i, "int32"), "float64")]
    )
    value = np.array([0.1, 1e-50, 1e40])
    rounded, widened = f(value, np.array([-128, 5, 127], dtype=np.int8))
    with np.errstate(over="ignore"):  # 1e40 is inf in float32
        np.testing.assert_array_equal(rounded, value.astype(np.float32).astype(np.float64))
    np.testing.assert_array_equal(widened, [-128.0, 5.0, 127.0])


def test_exp_log_keeps_nan_below_zero():
    x = T.dvector("x")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.array([-1.0, 0.0, 2.0, np.inf, np.nan])
        np.testing.assert_array_equal(theano.function([x], T.exp(T.log(x)))(value), np.exp(np.log(value)))


# The acceptance extremes: finite and right, gradients too.


def test_log_of_one_plus_tiny():
    x = T.dscalar("x")
    f = theano.function([x], [T.log(1 + x), T.grad(T.log(1 + x), x)])
    value, gradient = f(1e-20)
    assert value == 1e-20 and gradient == 1.0


def test_log_sigmoid_far_out():
    x = T.dscalar("x")
    y = T.log(T.nnet.sigmoid(x))
    f = theano.function([x], [y, T.grad(y, x), T.log(1 - T.nnet.sigmoid(x))])
    value, gradient, complement = f(-800.0)
    assert value == -800.0 and gradient == 1.0 and complement == 0.0
    assert f(800.0)[2] == -800.0


def test_expm1_of_tiny():
    x = T.dscalar("x")
    assert theano.function([x], T.exp(x) - 1)(1e-10) == np.expm1(1e-10)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softmax_crossentropy_of_extreme_logits(dtype):
    x, t = T.matrix("x", dtype=dtype), T.lvector("t")
    loss = T.nnet.categorical_crossentropy(T.nnet.softmax(x), t).mean()
    f = theano.function([x, t], [loss, T.grad(loss, x)])
    value, gradient = f(np.array([[1000, -1000], [-1000, 1000]], dtype=dtype), np.array([1, 0]))
    assert value == pytest.approx(2000.0)
    np.testing.assert_allclose(gradient, [[0.5, -0.5], [-0.5, 0.5]])
    # Distribution targets go through log(softmax) -> log_softmax.
    p = T.matrix("p", dtype=dtype)
    dist_loss = T.nnet.categorical_crossentropy(T.nnet.softmax(x), p).mean()
    g = theano.function([x, p], [dist_loss, T.grad(dist_loss, x)])
    value, gradient = g(
        np.array([[1000, -1000], [-1000, 1000]], dtype=dtype), np.array([[0, 1], [1, 0]], dtype=dtype)
    )
    assert value == pytest.approx(2000.0)
    assert np.isfinite(gradient).all()


def test_logsumexp_of_large_values():
    x = T.dvector("x")
    y = T.log(T.sum(T.exp(x)))
    f = theano.function([x], [y, T.grad(y, x)])
    value, gradient = f(np.array([1000.0, 1000.0]))
    assert value == pytest.approx(1000 + np.log(2))
    np.testing.assert_allclose(gradient, [0.5, 0.5])
    assert f(np.array([-np.inf, -np.inf]))[0] == -np.inf


def test_binary_crossentropy_of_sigmoid_is_finite():
    o, t = T.dvectors("o", "t")
    loss = T.nnet.binary_crossentropy(T.nnet.sigmoid(o), t).sum()
    f = theano.function([o, t], [loss, T.grad(loss, o)])
    value, gradient = f(np.array([800.0, -800.0, 0.0]), np.array([0.0, 1.0, 1.0]))
    assert value == pytest.approx(1600 + np.log(2))
    np.testing.assert_allclose(gradient, [1.0, -1.0, -0.5])


# Edge cases where a rewrite once changed values or failed to compile:
# FAST_RUN (every rewrite) against FAST_COMPILE (none) and numpy.


def both_modes(inputs, outputs, *values):
    return [theano.function(inputs, outputs, mode=mode)(*values) for mode in ("FAST_RUN", "FAST_COMPILE")]


@pytest.mark.parametrize("scale", [np.inf, np.nan, 2.0])
@pytest.mark.parametrize("value", [np.zeros((3, 0)), np.array([[0.0, 1.0]])])
def test_sum_of_scaled_keeps_non_finite_scales(scale, value):
    # s * sum(x) would be NaN for an empty sum (numpy: 0) and inf for
    # sum([0, 1] * inf) (numpy: NaN).
    x, s = T.dmatrix("x"), T.dscalar("s")
    with np.errstate(invalid="ignore"):
        expected = (value * scale).sum(axis=1)
    for got in both_modes([x, s], (x * s).sum(axis=1), value, scale):
        np.testing.assert_array_equal(got, expected)


def test_logsumexp_of_a_wider_sum_compiles():
    # sum(exp x, dtype='float64') of float32 x: logsumexp keeps its input's
    # element type, so it cannot stand for the float64 log.
    x = T.fmatrix("x")
    value = np.array([[1.0, 2.0], [100.0, 3.0]], dtype=np.float32)
    fast_run, fast_compile = both_modes([x], T.log(T.sum(T.exp(x), axis=1, dtype="float64")), value)
    assert fast_run.dtype == fast_compile.dtype == np.float64
    np.testing.assert_array_equal(fast_run, fast_compile)


def test_adding_zero_keeps_the_sign_of_zero():
    # -0.0 + 0.0 is +0.0, so x + 0 is not x for floats.
    x = T.dvector("x")
    value = np.array([-0.0, 1.0])
    with np.errstate(divide="ignore"):
        expected = 1 / (value + 0)
    for got in both_modes([x], 1 / (x + 0), value):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("n", [0, 3])
def test_elementwise_on_a_static_empty_dimension(n):
    # A static 0 beside a dynamic size must not collapse into one loop
    # (memref.collapse_shape rejected the result).
    m = T.lscalar("m")
    y = T.exp(T.alloc(1.0, 0, m, 2)) + 1
    for got in both_modes([m], [y, y.sum(axis=0)], n):
        assert got[0].shape == (0, n, 2) and got[1].shape == (n, 2)
        np.testing.assert_array_equal(got[1], np.zeros((n, 2)))
