"""theano.scan (#22), forward: a loop inside the kernel (theano.scan, an
scf.for), compared with numpy loops: sequences, states, outputs that are not
states, non_sequences and outer variables, n_steps, go_backwards, map,
reduce, foldl, foldr, and Theano's errors."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.scan_module import foldl, foldr, map as scan_map, reduce as scan_reduce, scan

MODES = ["FAST_RUN", "FAST_COMPILE"]


@pytest.mark.parametrize("mode", MODES)
def test_rnn_states_and_outputs_against_a_numpy_loop(mode):
    x, h0, W, b = T.dmatrix("x"), T.dvector("h0"), T.dmatrix("W"), T.dvector("b")
    (hs, norms), updates = scan(
        lambda row, h, W: [T.tanh(T.dot(h, W) + row + b), (h**2).sum()],
        sequences=x,
        outputs_info=[h0, None],
        non_sequences=W,
    )
    assert len(updates) == 0
    f = theano.function([x, h0, W, b], [hs, norms], mode=mode)
    rng = np.random.default_rng(0)
    X, H, Wv, bv = rng.random((6, 4)), rng.random(4), rng.random((4, 4)) * 0.5, rng.random(4)
    got_h, got_n = f(X, H, Wv, bv)
    h, want_h, want_n = H, [], []
    for t in range(6):
        want_n.append((h**2).sum())
        h = np.tanh(h @ Wv + X[t] + bv)
        want_h.append(h)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-12)
    np.testing.assert_allclose(got_n, want_n, rtol=1e-12)


def test_map_reduce_folds_and_go_backwards():
    x = T.dvector("x")
    zero = T.constant(np.float64(0))
    mapped, _ = scan_map(lambda a: a * 2, x)
    total, _ = scan_reduce(lambda a, acc: acc + a, x, zero)
    left, _ = foldl(lambda a, acc: acc * 2 + a, x, zero)
    right, _ = foldr(lambda a, acc: acc * 2 + a, x, zero)
    backwards, _ = scan(lambda a: a, sequences=x, go_backwards=True)
    f = theano.function([x], [mapped, total, left, right, backwards])
    v = np.array([1.0, 2.0, 3.0])
    got = f(v)
    np.testing.assert_array_equal(got[0], v * 2)
    assert got[1] == 6.0 and got[2] == 11.0 and got[3] == 17.0
    np.testing.assert_array_equal(got[4], v[::-1])


def test_n_steps_without_sequences_and_two_sequences():
    a, k = T.dscalar("a"), T.lscalar("k")
    powers, _ = scan(lambda prev, a: prev * a, outputs_info=T.ones_like(a), non_sequences=a, n_steps=k)
    f = theano.function([a, k], powers)
    np.testing.assert_array_equal(f(2.0, 5), [2.0, 4.0, 8.0, 16.0, 32.0])
    x, y = T.dvector("x"), T.dmatrix("y")
    prods, _ = scan(lambda u, row: u * row, sequences=[x, y])  # the shorter sequence's length
    g = theano.function([x, y], prods)
    rows = np.arange(8.0).reshape(4, 2)
    np.testing.assert_array_equal(
        g(np.array([1.0, 2.0, 3.0]), rows), np.array([1.0, 2.0, 3.0])[:, None] * rows[:3]
    )


def test_run_time_errors_name_the_scan():
    x, k = T.dvector("x"), T.lscalar("k")
    plus, _ = scan(lambda u: u + 1, sequences=x, n_steps=k)
    f = theano.function([x, k], plus)
    np.testing.assert_array_equal(f(np.array([1.0, 2.0, 3.0]), 2), [2.0, 3.0])
    with pytest.raises(ValueError, match="sequence 0 has 3 steps, fewer than n_steps = 5"):
        f(np.array([1.0, 2.0, 3.0]), 5)
    with pytest.raises(ValueError, match="n_steps must be nonnegative"):
        f(np.array([1.0]), -1)
    growing, _ = scan(lambda i: T.arange(i + 1).astype("float64"), sequences=T.arange(k))
    g = theano.function([k], growing)
    with pytest.raises(
        ValueError, match="output 0 of the step has 2 in dimension 0 where its first step had 1"
    ):
        g(3)


def test_graph_build_errors_as_theano():
    x = T.dvector("x")
    with pytest.raises(ValueError, match="initial state"):
        scan(lambda a, acc: acc + a, sequences=x, outputs_info=T.constant(np.float32(0)))
    with pytest.raises(ValueError, match="No information about the number of steps"):
        scan(lambda: T.constant(1.0), outputs_info=None)
    with pytest.raises(NotImplementedError, match="taps"):
        scan(lambda a, b: a + b, sequences=dict(input=x, taps=[-1, 0]))
    assert theano.scan is scan and theano.map is scan_map


def test_a_gradient_through_scan_is_not_implemented_yet_not_a_silent_zero():
    x = T.dvector("x")
    states, _ = scan(lambda a, h: h + a, sequences=x, outputs_info=T.zeros_like(x[0]))
    # refused where the gradient is asked for, as Theano's unimplemented
    # gradients are (the compiler refuses one too, naming the node)
    with pytest.raises(NotImplementedError, match="gradients through scan are not implemented yet"):
        theano.grad(states.sum(), x)
    # a gradient that does not flow through the scan is fine
    np.testing.assert_array_equal(theano.function([x], theano.grad((x**2).sum(), x))([1.0, 2.0]), [2.0, 4.0])
