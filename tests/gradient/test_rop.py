"""T.Rop (forward mode, the IR's theano.rop expanded by theano-autodiff):
Jacobian-vector products against central differences of directional
derivatives for each op family, in FAST_RUN and FAST_COMPILE; the duality
with Lop; Hessian-vector products; the wrt values' independence; a user
op's R_op; disconnected outputs as Theano reports them."""

import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.graph import Apply, CompositeOp
from theano_mlir.sandbox.rng_mrg import MRG_RandomStreams
from theano_mlir.tensor.differentiation import DisconnectedInputError, DisconnectedType
from theano_mlir.tensor.nnet import bn, conv2d
from theano_mlir.tensor.signal import pool

MODES = ["FAST_RUN", "FAST_COMPILE"]


def _directional(fn, values, tangents, h=1e-6):
    """Central differences of numpy `fn` along the tangents."""
    plus = fn(*[v + h * t for v, t in zip(values, tangents)])
    minus = fn(*[v - h * t for v, t in zip(values, tangents)])
    return (np.asarray(plus) - np.asarray(minus)) / (2 * h)


def _check(build, values, mode, rng, rtol=1e-6):
    """Rop of build(*inputs) along random tangents against the directional
    differences of the same graph compiled without Rop."""
    inputs = [T.TensorType("float64", (False,) * np.ndim(v))() for v in values]
    points = [i.type() for i in inputs]
    output = build(*inputs)
    rop = T.Rop(output, inputs, points)
    f = theano.function(inputs + points, rop, mode=mode)
    forward = theano.function(inputs, output, mode=mode)
    tangents = [rng.randn(*np.shape(v)) for v in values]
    expected = _directional(lambda *a: forward(*a), values, tangents)
    np.testing.assert_allclose(
        f(*values, *tangents), expected, rtol=rtol, atol=1e-6 * max(1, np.abs(expected).max())
    )


def _rnn(x, w):
    h, _ = theano.scan(
        lambda row, prev, w: T.tanh(T.dot(prev, w) + row),
        sequences=x,
        outputs_info=T.zeros_like(x[0]),
        non_sequences=w,
    )
    return h


FAMILIES = {
    "elementwise": (lambda x, y: T.exp(x) * T.tanh(y) + x**2 / (1 + y**2), [(3, 4), (3, 4)]),
    "broadcasting": (lambda x, y: T.log1p(T.sqr(x)) * y.dimshuffle("x", 0), [(3, 4), (4,)]),
    "dot": (lambda w, x: T.dot(x, w) + T.dot(w.T, w).sum(axis=0), [(4, 4), (5, 4)]),
    "reductions": (
        lambda x: T.concatenate([x.sum(axis=0), x.max(axis=1), x.prod(axis=0), x.mean(axis=1)]),
        [(3, 4)],
    ),
    "softmax": (lambda x: T.nnet.softmax(x) * T.nnet.sigmoid(x), [(3, 5)]),
    "indexing": (
        lambda x: T.inc_subtensor(x[1:3], x[:2] ** 2)[::-1] + T.set_subtensor(x[0], x[2] * 3),
        [(4, 3)],
    ),
    "advanced indexing": (lambda x: x[[2, 0, 2]] * x[np.array([1, 1, 0])], [(3, 4)]),
    "shape": (
        lambda x: T.join(0, x.reshape((4, 3)), x.T.flatten().reshape((4, 3))).dimshuffle(1, 0),
        [(3, 4)],
    ),
    "conv2d": (
        lambda x, w: conv2d(x, w, border_mode="half", filter_dilation=(1, 2)),
        [(2, 2, 6, 7), (3, 2, 3, 3)],
    ),
    "pool": (
        lambda x: (
            pool.pool_2d(x, (2, 2), True, mode="max") + pool.pool_2d(x, (2, 2), True, mode="average_exc_pad")
        ),
        [(2, 6, 6)],
    ),
    "batch normalization": (
        lambda x, g: bn.batch_normalization_train(x, g, T.zeros_like(g), axes=(0,))[0],
        [(5, 3), (3,)],
    ),
    "scan": (_rnn, [(4, 3), (3, 3)]),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_rop_against_directional_finite_differences(family, mode):
    build, shapes = FAMILIES[family]
    rng = np.random.RandomState(sum(map(ord, family)))
    values = [rng.uniform(0.2, 1.0, size=s) * rng.choice([-1, 1], size=s) for s in shapes]
    if family == "pool":
        values = [rng.permutation(72).reshape(2, 6, 6) / 10.0]  # no ties in a window
    _check(build, values, mode, rng)


@pytest.mark.parametrize("mode", MODES)
def test_rop_and_lop_are_transposes(mode):
    rng = np.random.RandomState(0)
    x, w, v, u = T.matrix(), T.matrix(), T.matrix(), T.matrix()
    y = T.tanh(T.dot(x, w)) * x.sum()
    rop = T.Rop(y, x, v)
    lop = T.Lop(y, x, u)
    f = theano.function([x, w, v, u], [(rop * u).sum(), (lop * v).sum()], mode=mode)
    a, b = f(rng.randn(3, 4), rng.randn(4, 4), rng.randn(3, 4), rng.randn(3, 4))
    np.testing.assert_allclose(a, b, rtol=1e-10)


@pytest.mark.parametrize("mode", MODES)
def test_hessian_vector_product_is_the_rop_of_the_gradient(mode):
    rng = np.random.RandomState(1)
    x, v = T.vector("x"), T.vector("v")
    w = theano.shared(rng.randn(4, 4), name="w")
    cost = T.nnet.softplus(T.dot(T.tanh(T.dot(w, x)), x)).sum() + (x**4).sum()
    gradient = T.grad(cost, x)
    hv = theano.function([x, v], T.Rop(gradient, x, v), mode=mode)
    g = theano.function([x], gradient, mode=mode)
    xv, vv = rng.randn(4), rng.randn(4)
    expected = _directional(g, [xv], [vv])
    np.testing.assert_allclose(hv(xv, vv), expected, rtol=1e-6, atol=1e-7)
    hessian = theano.function([x], T.hessian(cost, x), mode=mode)(xv)
    np.testing.assert_allclose(hv(xv, vv), hessian @ vv, rtol=1e-9)


def test_wrt_values_are_independent_variables():
    x, v, u = T.vector(), T.vector(), T.vector()
    y = T.exp(x)
    f = theano.function([x, v, u], T.Rop(y * 2 + x, [x, y], [v, u]))
    a, b, c = np.array([0.1, 0.5]), np.array([1.0, 2.0]), np.array([3.0, -1.0])
    np.testing.assert_allclose(f(a, b, c), b + 2 * c)


def test_rop_of_several_outputs_keeps_their_container():
    x, v = T.vector(), T.vector()
    a, b = np.array([0.3, -0.2]), np.array([1.0, 2.0])
    as_list = T.Rop([x**2, T.sin(x)], x, v)
    as_tuple = T.Rop((x**2, T.sin(x)), [x], [v])
    assert isinstance(as_list, list) and isinstance(as_tuple, tuple)
    f = theano.function([x, v], list(as_tuple))
    first, second = f(a, b)
    np.testing.assert_allclose(first, 2 * a * b)
    np.testing.assert_allclose(second, np.cos(a) * b)


def test_integer_parts_and_random_draws_carry_no_tangent():
    x, v = T.vector(), T.vector()
    srng = MRG_RandomStreams(5)
    mask = srng.binomial(size=(3,), p=0.5, dtype="float64")
    f = theano.function([x, v], T.Rop(x * mask + T.cast(x, "int32"), x, v), no_default_updates=True)
    rop = f(np.array([1.5, 2.5, 3.5]), np.array([1.0, 2.0, 3.0]))
    m = theano.function([], mask, no_default_updates=True)()
    np.testing.assert_allclose(rop, m * np.array([1.0, 2.0, 3.0]))


class _Doubled(CompositeOp):
    """2 x, with an R_op that says 5 v (to tell which one was used)."""

    __props__ = ()

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def build(self, node, x):
        return [x * 2]

    def R_op(self, inputs, eval_points):
        return [eval_points[0] * 5]


class _Opaque(_Doubled):
    def R_op(self, inputs, eval_points):
        return [None]


def test_a_users_r_op_is_used_and_the_rest_is_forward_mode():
    x, v = T.vector(), T.vector()
    y = T.exp(_Doubled()(T.sin(x))) + x
    f = theano.function([x, v], T.Rop(y, x, v))
    a, b = np.array([0.2, 0.7]), np.array([1.0, -2.0])
    np.testing.assert_allclose(f(a, b), np.exp(2 * np.sin(a)) * 5 * np.cos(a) * b + b)


def test_disconnected_outputs_as_theano_reports_them():
    x, v = T.vector("x"), T.vector("v")
    for disconnected in (x.shape[0] * 1.0, T.argmax(x), _Opaque()(x) * 2):
        with pytest.raises(DisconnectedInputError):
            T.Rop(disconnected, x, v)
        with pytest.raises(ValueError):  # Theano's check_nondiff_rop catches ValueError
            T.Rop(disconnected, x, v)
    y = _Opaque()(x) + x  # one path is enough
    np.testing.assert_allclose(theano.function([x, v], T.Rop(y, x, v))([1.0, 2.0], [3.0, 4.0]), [3.0, 4.0])
    z = T.argmax(x) * 1.0
    zero = T.Rop(z, x, v, disconnected_outputs="ignore")
    assert theano.function([x], zero, on_unused_input="ignore")([1.0, 2.0]) == 0
    assert T.Rop(z, x, v, disconnected_outputs="ignore", return_disconnected="None") is None
    assert isinstance(
        T.Rop(z, x, v, disconnected_outputs="ignore", return_disconnected="Disconnected").type,
        DisconnectedType,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        T.Rop(z, x, v, disconnected_outputs="warn")
    assert any("Rop method was asked" in str(w.message) for w in caught)
    with pytest.raises(ValueError, match="disconnected_inputs"):
        T.Rop(z, x, v, disconnected_outputs="maybe")


def test_eval_points_of_another_rank_or_count_are_refused():
    x, m = T.vector(), T.matrix()
    with pytest.raises(ValueError, match="mismatched dimensionality"):
        T.Rop(x * 2, x, m)
    with pytest.raises(ValueError, match="same length"):
        T.Rop(x * 2, [x, m], [x])


@pytest.mark.parametrize("mode", MODES)
def test_forward_identities_that_stop_gradients_stop_tangents(mode):
    """zero_grad and disconnected_grad (identities the forward rewrites
    remove, but not under a Rop) give zero and no tangent, as Theano's
    R_ops; grad_clip passes it."""
    from theano_mlir import gradient

    x, v = T.vector(), T.vector()
    a, b = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    y = gradient.zero_grad(x) * 3 + gradient.disconnected_grad(x) + gradient.grad_clip(x, -1, 1) * 2
    f = theano.function([x, v], T.Rop(y, x, v), mode=mode)
    np.testing.assert_allclose(f(a, b), 2 * b)
    with pytest.raises(DisconnectedInputError):
        T.Rop(gradient.disconnected_grad(x), x, v)
