"""Gradients through theano.scan (#22): backpropagation through time as a
reverse scan (the dialect's), checked against finite differences
(verify_grad) and numpy loops: states, outputs that are not states,
non_sequences and shared variables read inside fn, taps, go_backwards,
truncate_gradient, reduce, scan inside scan, the hessian through scan, and
FAST_COMPILE against FAST_RUN."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.scan_module import reduce as scan_reduce, scan

RNG = np.random.default_rng(7)
X, H, W = RNG.standard_normal((5, 3)), RNG.standard_normal(3), RNG.standard_normal((3, 3)) * 0.5


def check(fn, points):
    verify_grad(fn, points, rng=np.random.RandomState(3))


def rnn(x, h, W, **kwargs):
    hs, _ = scan(
        lambda row, prev, W: T.tanh(row + T.dot(W, prev)),
        sequences=x,
        outputs_info=h,
        non_sequences=W,
        **kwargs,
    )
    return hs


def test_rnn_states_wrt_sequence_initial_state_and_weights():
    check(rnn, [X, H, W])


def test_go_backwards():
    check(lambda x, h, W: rnn(x, h, W, go_backwards=True), [X, H, W])


def test_state_and_map_outputs():
    def fn(x, h, W):
        (hs, ys), _ = scan(
            lambda row, prev, W: [T.tanh(row + T.dot(W, prev)), T.sin(prev).sum() * row],
            sequences=x,
            outputs_info=[h, None],
            non_sequences=W,
        )
        return hs.sum() + (ys**2).sum()

    check(fn, [X, H, W])


def test_taps_of_sequences_and_states():
    def fn(x, h, W):
        history = T.stack([h, h * 0.5])
        hs, _ = scan(
            lambda x_m1, x_p1, h_m2, h_m1, W: T.tanh(x_m1 * x_p1 + T.dot(W, h_m1) - 0.3 * h_m2),
            sequences=dict(input=x, taps=[-1, 1]),
            outputs_info=dict(initial=history, taps=[-2, -1]),
            non_sequences=W,
        )
        return hs

    check(fn, [X, H, W])


def test_shared_variable_read_inside_fn_without_non_sequences():
    W_shared = theano.shared(W.copy(), name="W")
    x, h = T.dmatrix("x"), T.dvector("h")
    hs, _ = scan(lambda row, prev: T.tanh(row + T.dot(W_shared, prev)), sequences=x, outputs_info=h)
    cost = (hs[-1] ** 2).sum()
    g = theano.function([x, h], theano.grad(cost, W_shared))(X, H)

    def numpy_cost(Wv):
        prev = H
        for row in X:
            prev = np.tanh(row + Wv @ prev)
        return (prev**2).sum()

    eps, want = 1e-6, np.zeros_like(W)
    for i in np.ndindex(*W.shape):
        step = np.zeros_like(W)
        step[i] = eps
        want[i] = (numpy_cost(W + step) - numpy_cost(W - step)) / (2 * eps)
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-8)


def test_truncate_gradient_against_truncated_bptt_in_numpy():
    x, h, Wv = T.dmatrix("x"), T.dvector("h"), T.dmatrix("W")
    hs = rnn(x, h, Wv, truncate_gradient=2)
    gx, gh, gW = theano.function([x, h, Wv], theano.grad(hs.sum(), [x, h, Wv]))(X, H, W)
    states = [H]
    for row in X:
        states.append(np.tanh(row + W @ states[-1]))
    want_x, want_W, carry = np.zeros_like(X), np.zeros_like(W), np.zeros(3)
    for t in range(len(X) - 1, len(X) - 3, -1):  # the last two steps only
        dz = (carry + 1.0) * (1 - states[t + 1] ** 2)
        want_x[t] = dz
        want_W += np.outer(dz, states[t])
        carry = W.T @ dz
    np.testing.assert_allclose(gx, want_x, rtol=1e-10)
    np.testing.assert_allclose(gW, want_W, rtol=1e-10)
    np.testing.assert_array_equal(gh, np.zeros(3))  # the initial state is past the truncation


def test_reduce_and_integer_states():
    def fn(x, h):
        total, _ = scan_reduce(lambda row, acc: acc * T.cos(row) + row, sequences=x, outputs_info=h)
        return total

    check(fn, [X, H])

    # an integer counter carried beside a float state passes no gradient
    def counted(x, h):
        (hs, counts), _ = scan(
            lambda row, prev, k: [prev * T.cast(k, "float64") * 0.1 + row, k + 1],
            sequences=x,
            outputs_info=[h, T.constant(np.int64(1))],
        )
        return hs

    check(counted, [X, H])


def test_scan_inside_scan():
    def fn(x, h, W):
        def outer_step(row, prev, W):
            inner, _ = scan(lambda g, W: T.tanh(T.dot(W, g)), outputs_info=prev, non_sequences=W, n_steps=2)
            return inner[-1] + row

        hs, _ = scan(outer_step, sequences=x, outputs_info=h, non_sequences=W)
        return hs

    check(fn, [X, H, W])


def test_hessian_through_scan():
    v = T.dvector("v")
    hs, _ = scan(lambda prev, v: T.tanh(prev * v), outputs_info=v, non_sequences=v, n_steps=3)
    hessian = theano.function([v], T.hessian(hs[-1].sum(), v))
    point = np.array([0.3, -0.2, 0.5])

    def cost(u):
        h = u.copy()
        for _ in range(3):
            h = np.tanh(h * u)
        return h.sum()

    eps, want = 1e-4, np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            ei, ej = np.eye(3)[i] * eps, np.eye(3)[j] * eps
            want[i, j] = (
                cost(point + ei + ej) - cost(point + ei - ej) - cost(point - ei + ej) + cost(point - ei - ej)
            ) / (4 * eps**2)
    np.testing.assert_allclose(hessian(point), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("go_backwards", [False, True])
def test_fast_compile_gives_fast_run_values(go_backwards):
    x, h, Wv = T.dmatrix("x"), T.dvector("h"), T.dmatrix("W")
    hs = rnn(x, h, Wv, go_backwards=go_backwards)
    grads = theano.grad((hs[-1] ** 2).sum() + hs.mean(), [x, h, Wv])
    fast = theano.function([x, h, Wv], grads, mode="FAST_RUN")(X, H, W)
    plain = theano.function([x, h, Wv], grads, mode="FAST_COMPILE")(X, H, W)
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_float32_rnn_gradient():
    x, h, Wv = T.fmatrix("x"), T.fvector("h"), T.fmatrix("W")
    hs = rnn(x, h, Wv)
    g = theano.function([x, h, Wv], theano.grad(hs.sum(), Wv))
    got = g(X.astype("float32"), H.astype("float32"), W.astype("float32"))
    assert got.dtype == np.float32
    xd, hd, Wd = T.dmatrix(), T.dvector(), T.dmatrix()
    want = theano.function([xd, hd, Wd], theano.grad(rnn(xd, hd, Wd).sum(), Wd))(X, H, W)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_grad_inside_the_step_through_values_computed_outside():
    # fn takes the gradient of a value computed before the scan (gy, from
    # x) with respect to x: the gradient flows through the ops outside
    x, A = T.dvector("x"), T.dmatrix("A")
    y = 0.5 * T.dot(x * x, T.dot(A, x))
    gy = theano.grad(y, x)
    rows, _ = scan(
        lambda i, gy, x: theano.grad(gy[i] * 0.9, x), sequences=T.arange(gy.shape[0]), non_sequences=[gy, x]
    )
    got = theano.function([x, A], rows)(np.array([1.0, 1.0]), np.array([[1.0, 1.0], [1.0, 0.0]]))
    np.testing.assert_allclose(got, [[3.6, 1.8], [1.8, 0.9]])  # 0.9 times the hessian of y


def test_until_gradient_with_checks_in_the_loop():
    from theano_mlir.scan_module import until

    x, Wv, limit = T.dmatrix("x"), T.dmatrix("W"), T.dscalar("limit")
    hs, _ = scan(
        lambda row, h, W: (T.tanh(T.dot(W, h) + row), until(T.sum(h) > limit)),
        sequences=x,
        outputs_info=T.zeros_like(x[0]),
        non_sequences=Wv,
    )
    f = theano.function([x, Wv, limit], [hs, theano.grad(hs.sum(), Wv)])
    states, grad = f(X, W, 0.5)
    h, want = np.zeros(3), []
    for row in X:
        stop = h.sum() > 0.5
        h = np.tanh(W @ h + row)
        want.append(h)
        if stop:
            break
    np.testing.assert_allclose(states, want, rtol=1e-12)
    with pytest.raises(ValueError, match="shapes not aligned|dimension"):
        f(X, np.ones((3, 4)), 0.5)


@pytest.mark.parametrize("dtype,steps,width", [("float32", 5, 3), ("float64", 5, 3), ("float32", 2, 2)])
def test_specialized_kernels_give_the_general_kernels_values(dtype, steps, width):
    # the first call runs the kernel for any shapes, later ones the kernel
    # specialized to these (static shapes, -O2): small step buffers on the
    # stack once gave the last row of the sequence's gradient wrong there
    x, h, Wv = T.matrix("x", dtype=dtype), T.vector("h", dtype=dtype), T.matrix("W", dtype=dtype)
    f = theano.function([x, h, Wv], theano.grad(rnn(x, h, Wv).sum(), [x, Wv]))
    rng = np.random.default_rng(1)
    args = [rng.standard_normal(s).astype(dtype) for s in ((steps, width), (width,), (width, width))]
    first, second, third = f(*args), f(*args), f(*args)
    tolerance = 1e-5 if dtype == "float32" else 1e-12
    for a, b, c in zip(first, second, third):
        np.testing.assert_allclose(b, a, rtol=tolerance, atol=tolerance)
        np.testing.assert_allclose(c, a, rtol=tolerance, atol=tolerance)


def test_an_initial_state_nothing_reads_is_disconnected():
    # z's new value does not read z: its initial value reaches no stacked
    # output, so grad refuses it as Theano does (connection_pattern)
    x0, y0, z0 = T.dvector("x0"), T.dvector("y0"), T.dvector("z0")
    (x, y, z), _ = scan(lambda a, b, c: (a**2, b, a + 1), outputs_info=[x0, y0, z0], n_steps=3)
    cost = (x + y + z).sum()
    theano.grad(cost, [x0, y0])
    with pytest.raises(ValueError, match="not part of the computational graph"):
        theano.grad(cost, z0)
    with pytest.raises(ValueError):
        theano.grad(x.sum(), y0)
