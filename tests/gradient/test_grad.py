"""T.grad: the seeds, Theano's rules and errors, and verify_grad on every
differentiable op of the dialect (finite differences are the reference)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import (
    DisconnectedInputError,
    GradientError,
    Lop,
    disconnected_grad,
    verify_grad,
    zero_grad,
)

RNG = np.random.default_rng(1234)


def test_seed_derivative_of_a_polynomial():
    x = T.dscalar("x")
    f = theano.function([x], T.grad(5 * x**2 + 20, x))
    assert f(7) == 70.0


def test_seed_002_listing_2():
    x = T.vector("x")
    f = theano.function(inputs=[x], outputs=T.grad((x**2).sum(), x))
    np.testing.assert_array_equal(f([1, 2]), [2.0, 4.0])


def test_grad_types_and_second_derivatives():
    v, f = T.dvector("v"), T.fvector("f")
    assert T.grad((f * 2.0).sum(), f).dtype == "float32"
    g = T.grad((v**3).sum(), v)
    assert g.type == v.type
    h = theano.function([v], T.grad(g.sum(), v))
    np.testing.assert_allclose(h([1.0, 2.0]), [6.0, 12.0])
    i = T.ivector("i")
    gi = T.grad((i * v).sum(), i)  # integers get zero float gradients
    assert gi.dtype == theano.config.floatX
    zeros = theano.function([i, v], gi)([1, 2], [3.0, 4.0])
    assert zeros.dtype == theano.config.floatX
    np.testing.assert_array_equal(zeros, [0.0, 0.0])


def test_fan_out_accumulates_and_wrt_lists():
    x, y = T.dscalars("x", "y")
    cost = x * y + x * x + T.sin(x)
    gx, gy = T.grad(cost, [x, y])
    f = theano.function([x, y], [gx, gy])
    out = f(0.5, 3.0)
    np.testing.assert_allclose(out, [3.0 + 1.0 + np.cos(0.5), 0.5])


def test_errors_are_theanos():
    x, y = T.dvector("x"), T.dscalar("y")
    with pytest.raises(TypeError, match="cost must be a scalar"):
        T.grad(x * 2, x)
    with pytest.raises(DisconnectedInputError, match="not part of the computational graph"):
        T.grad(y * 2, x)
    with pytest.raises(TypeError, match="Expected Variable"):
        T.grad(y * 2, 3.0)
    assert isinstance(DisconnectedInputError("m"), ValueError)
    assert T.grad(y * 2, x, disconnected_inputs="ignore", return_disconnected="None") is None
    zeros = T.grad(y * 2, x, disconnected_inputs="ignore")
    np.testing.assert_array_equal(
        theano.function([x, y], zeros, on_unused_input="ignore")([1.0, 2.0], 1.0), [0.0, 0.0]
    )
    with pytest.warns(UserWarning, match="not part of the computational graph"):
        T.grad(y * 2, x, disconnected_inputs="warn")


def test_consider_constant_disconnected_and_zero_grad():
    x = T.dscalar("x")
    h = x * x
    g = theano.function([x], T.grad(h * x, x, consider_constant=[h]))
    assert g(3.0) == 9.0  # d(h x)/dx with h constant
    assert theano.function([x], T.grad(disconnected_grad(h) * x, x))(3.0) == 9.0
    assert theano.function([x], T.grad(zero_grad(x) * 2 + x, x))(3.0) == 1.0
    with pytest.raises(DisconnectedInputError):
        T.grad(disconnected_grad(x) * 2, x)
    assert theano.function([x], T.grad(zero_grad(x) * 2, x))(3.0) == 0.0


def test_known_grads_and_lop():
    x = T.dvector("x")
    h = T.tanh(x)
    seed = T.dvector("seed")
    f = theano.function([x, seed], T.grad(None, x, known_grads={h: seed}))
    xv, sv = np.array([0.1, -0.4]), np.array([1.0, 2.0])
    np.testing.assert_allclose(f(xv, sv), sv * (1 - np.tanh(xv) ** 2))
    np.testing.assert_allclose(
        theano.function([x, seed], Lop(h, x, seed))(xv, sv), sv * (1 - np.tanh(xv) ** 2)
    )
    with pytest.raises(ValueError, match="both be None"):
        T.grad(None, x)


def test_seed_002_listing_3_trains_with_t_grad():
    x, t = T.scalar(name="x"), T.scalar(name="t")
    a, b = theano.shared(-1.0, name="a"), theano.shared(0.0, name="b")
    mse = (a * x + b - t) ** 2
    grad_a, grad_b = T.grad(mse, [a, b])
    f = theano.function([x, t], mse, updates={a: a - 0.01 * grad_a, b: b - 0.01 * grad_b})
    errors = [float(f(1, 5)) for _ in range(10)]
    assert errors[0] == 36.0 and all(e2 < e1 for e1, e2 in zip(errors, errors[1:]))


def test_two_layer_mlp_gradients_match_finite_differences():
    def loss(x, w1, b1, w2, b2, target):
        hidden = T.tanh(T.dot(x, w1) + b1)
        out = T.nnet.sigmoid(T.dot(hidden, w2) + b2)
        return ((out - target) ** 2).mean()

    x = RNG.standard_normal((5, 4))
    w1, b1 = RNG.standard_normal((4, 6)), RNG.standard_normal(6)
    w2, b2 = RNG.standard_normal((6, 3)), RNG.standard_normal(3)
    target = RNG.random((5, 3))
    verify_grad(lambda *args: loss(*args, target), [x, w1, b1, w2, b2], rng=RNG)
    verify_grad(
        lambda *args: loss(*args, target.astype("float32")),
        [a.astype("float32") for a in (x, w1, b1, w2, b2)],
        rng=RNG,
    )


def test_verify_grad_catches_a_wrong_gradient():
    # round has a zero gradient, which finite differences across a step
    # (points placed next to a rounding edge) do not see.
    with pytest.raises(GradientError):
        verify_grad(lambda a: T.round(a * 1000.0), [np.array([0.0005, 1.0005])], rng=RNG, eps=1e-3)


# Every differentiable op, at points away from kinks and ties.
def _positive(*shape):
    return RNG.random(shape) + 0.5


def _any(*shape):
    return RNG.standard_normal(shape)


UNARY = {
    "neg": (T.neg, _any),
    "abs": (abs, _any),
    "sqr": (T.sqr, _any),
    "exp": (T.exp, _any),
    "log": (T.log, _positive),
    "log1p": (T.log1p, _positive),
    "expm1": (T.expm1, _any),
    "sqrt": (T.sqrt, _positive),
    "tanh": (T.tanh, _any),
    "sigmoid": (T.nnet.sigmoid, _any),
    "softplus": (T.nnet.softplus, _any),
    "sin": (T.sin, _any),
    "cos": (T.cos, _any),
    "square": (T.square, _any),
    "inv": (T.inv, _positive),
    "erf": (T.erf, _any),
    "erfc": (T.erfc, _any),
    "softsign": (T.nnet.softsign, _any),
    "hard_sigmoid": (T.nnet.hard_sigmoid, _any),
    "elu": (T.nnet.elu, _any),
    "elu_alpha": (lambda x: T.nnet.elu(x, alpha=0.5), _any),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_unary_ops(name, shape, dtype):
    fn, sample = UNARY[name]
    verify_grad(fn, [sample(*shape).astype(dtype)], rng=RNG)


BINARY = {
    "add": (lambda a, b: a + b, _any),
    "sub": (lambda a, b: a - b, _any),
    "mul": (lambda a, b: a * b, _any),
    "true_div": (lambda a, b: a / b, _positive),
    "pow": (lambda a, b: a**b, _positive),
    "maximum": (T.maximum, _any),
    "minimum": (T.minimum, _any),
    "mod": (lambda a, b: a % (b + 2.0), _positive),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (1, 3)), ((2, 1), (1, 3))])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_binary_ops_with_broadcasting(name, shapes, dtype):
    fn, sample = BINARY[name]
    a, b = (sample(*s).astype(dtype) for s in shapes)

    def broadcast(x, y):  # static broadcastable dims, as Theano would have them
        x = x if shapes[0][0] != 1 else T.addbroadcast(x, 0)
        y = y if shapes[1][0] != 1 else T.addbroadcast(y, 0)
        if len(shapes[0]) == 2 and shapes[0][1] == 1:
            x = T.addbroadcast(x, 1)
        return fn(x, y)

    verify_grad(broadcast, [a, b], rng=RNG)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_structural_ops(dtype):
    # Distinct values 0.25 apart, none near 0: no ties for max/min, no
    # switch condition flipping within a finite-difference step.
    m = ((RNG.permutation(12).reshape(3, 4) - 5.5) / 4).astype(dtype)
    v = ((RNG.permutation(4) - 1.5) / 4).astype(dtype)
    cases = [
        (lambda a: a.sum(axis=0), [m]),
        (lambda a: a.sum(), [m]),
        (lambda a: a.mean(axis=1), [m]),
        (lambda a: a.prod(axis=1), [m]),
        (lambda a: a.max(axis=1), [m]),
        (lambda a: a.min(axis=0), [m]),
        (lambda a: a.T * 2, [m]),
        (lambda a: a.dimshuffle(1, "x", 0), [m]),
        (lambda a: a.reshape((2, 6)), [m]),
        (lambda a: a.flatten(), [m]),
        (lambda a, b: T.dot(a, b), [m, v]),
        (lambda a, b: T.dot(b, a.T), [m, v]),
        (lambda a, b: T.dot(a, a.T) + T.dot(b, b), [m, v]),
        (lambda a, b: T.switch(a > 0, a, b), [m, v]),
        (lambda a: T.cast(a, "float64") * 3, [m]),
        (lambda a: T.alloc(a, 2, 4) * 1.5, [v]),
    ]
    for fn, point in cases:
        verify_grad(fn, point, rng=RNG)
    # A downcast loses steps of float64's usual size: a larger one.
    verify_grad(
        lambda a: T.cast(a, "float32") * 3,
        [m.astype("float64")],
        rng=RNG,
        eps=1e-3,
        abs_tol=1e-2,
        rel_tol=1e-2,
    )


def test_prod_gradient_with_zeros():
    x = T.dvector("x")
    g = theano.function([x], T.grad(T.prod(x), x))
    np.testing.assert_allclose(g([2.0, 3.0, 4.0]), [12.0, 8.0, 6.0])
    np.testing.assert_allclose(g([2.0, 0.0, 4.0]), [0.0, 8.0, 0.0])
    np.testing.assert_allclose(g([0.0, 0.0, 4.0]), [0.0, 0.0, 0.0])


def test_theano_conventions_at_kinks():
    # Reference values from Theano 1.0.5.
    y = T.dvector("y")
    at = [1.0, 2.0, -1.0]
    grad_of = lambda cost: theano.function([y], T.grad(cost, y))  # noqa: E731
    np.testing.assert_array_equal(grad_of(T.maximum(y, 1.0).sum())(at), [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(grad_of(abs(y).sum())([0.0, 2.0, -1.0]), [0.0, 1.0, -1.0])
    np.testing.assert_array_equal(grad_of(T.floor(y).sum())(at), [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(grad_of(T.max(y))([1.5, 2.0, 2.0]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(grad_of((y**2.0).sum())([0.0, 2.0, -1.0]), [0.0, 4.0, -2.0])
