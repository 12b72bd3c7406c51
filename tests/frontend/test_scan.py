"""theano.scan (#22), forward: a loop inside the kernel (theano.scan, an
scf.for), compared with numpy loops: sequences, states, outputs that are not
states, non_sequences and outer variables, n_steps, go_backwards, taps of
sequences and states, shared variables updated inside fn, scan inside scan,
map, reduce, foldl, foldr, and Theano's errors. Gradients:
tests/gradient/test_scan_gradients.py."""

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
    with pytest.raises(ValueError, match="All the tap values must be smaller than 0"):
        scan(lambda a, h: h + a, sequences=x, outputs_info=dict(initial=x, taps=[0]))
    with pytest.raises(ValueError, match="need to provide a initial state"):
        scan(lambda a, h: h + a, sequences=x, outputs_info=dict(taps=[-1]))
    with pytest.raises(ValueError, match="n_steps must be an int"):
        scan(lambda h: h, outputs_info=x, n_steps=T.dscalar())
    assert theano.scan is scan and theano.map is scan_map


@pytest.mark.parametrize("mode", MODES)
def test_taps_of_sequences_and_states_against_a_numpy_loop(mode):
    # x[t-2] * x[t+1] read from a sequence; a Fibonacci-like state reading
    # taps -3 and -1, its initial value holding the three values before
    x, h0 = T.dvector("x"), T.dvector("h0")
    out, _ = scan(
        lambda x_m2, x_p1, h_m3, h_m1: h_m1 + 0.5 * h_m3 + x_m2 * x_p1,
        sequences=dict(input=x, taps=[-2, 1]),
        outputs_info=dict(initial=h0, taps=[-3, -1]),
    )
    f = theano.function([x, h0], out, mode=mode)
    X, H = np.arange(1.0, 8.0), np.array([0.5, -1.0, 2.0])
    hist, want = list(H), []
    for t in range(len(X) - 3):  # steps: elements 2 .. 5 read taps -2 and +1
        value = hist[-1] + 0.5 * hist[-3] + X[t] * X[t + 3]
        hist.append(value)
        want.append(value)
    np.testing.assert_allclose(f(X, H), want, rtol=1e-12)


def test_go_backwards_reads_the_last_n_steps_as_theano():
    # Theano reverses the sequence, then takes n_steps rows: the last ones
    x, k = T.dvector("x"), T.lscalar("k")
    out, _ = scan(lambda a: a * 10, sequences=x, n_steps=k, go_backwards=True)
    np.testing.assert_array_equal(theano.function([x, k], out)(np.arange(5.0), 2), [40.0, 30.0])
    # a negative n_steps runs backwards too
    back, _ = scan(lambda a: a + 1, sequences=x, n_steps=-3)
    np.testing.assert_array_equal(theano.function([x], back)(np.arange(5.0)), [5.0, 4.0, 3.0])


@pytest.mark.parametrize("mode", MODES)
def test_shared_variables_updated_inside_fn(mode):
    total = theano.shared(np.zeros(2), name="total")
    count = theano.shared(np.int64(0), name="count")
    x = T.dmatrix("x")

    def step(row):
        return row * total.sum(), {total: total + row, count: count + 1}

    outs, updates = scan(step, sequences=x)
    assert list(updates) == [total, count]
    f = theano.function([x], outs, updates=updates, mode=mode)
    X = np.arange(6.0).reshape(3, 2)
    running, want = np.zeros(2), []
    for row in X:
        want.append(row * running.sum())
        running = running + row
    np.testing.assert_allclose(f(X), want)
    np.testing.assert_allclose(total.get_value(), X.sum(0))
    assert count.get_value() == 3
    f(X)
    np.testing.assert_allclose(total.get_value(), 2 * X.sum(0))
    assert count.get_value() == 6


def test_scan_inside_scan():
    x, h0, W = T.dmatrix("x"), T.dvector("h0"), T.dmatrix("W")

    def outer_step(row, h, W):
        inner, _ = scan(lambda g, W: T.tanh(T.dot(W, g)), outputs_info=h, non_sequences=W, n_steps=2)
        return inner[-1] + row

    hs, _ = scan(outer_step, sequences=x, outputs_info=h0, non_sequences=W)
    rng = np.random.default_rng(2)
    X, H, Wv = rng.standard_normal((4, 3)), rng.standard_normal(3), rng.standard_normal((3, 3))
    h, want = H, []
    for row in X:
        for _ in range(2):
            h = np.tanh(Wv @ h)
        h = h + row
        want.append(h)
    np.testing.assert_allclose(theano.function([x, h0, W], hs)(X, H, Wv), want, rtol=1e-12)


@pytest.mark.parametrize("mode", MODES)
def test_until_stops_the_loop_and_keeps_the_steps_run(mode):
    from theano_mlir.scan_module import until

    limit = T.dscalar("limit")
    powers, _ = scan(
        lambda p: (p * 2, until(p * 2 > limit)), outputs_info=T.constant(np.float64(1.0)), n_steps=100
    )
    f = theano.function([limit], powers, mode=mode)
    np.testing.assert_array_equal(f(40.0), [2.0, 4.0, 8.0, 16.0, 32.0, 64.0])
    np.testing.assert_array_equal(f(0.5), [2.0])  # the step that meets it is kept
    np.testing.assert_array_equal(f(np.inf), 2.0 ** np.arange(1, 101))  # n_steps is the most


def test_until_with_outputs_that_are_not_states_and_its_gradient():
    from theano_mlir.scan_module import until

    w = T.dscalar("w")
    (ps, ss), _ = scan(
        lambda p, w: ([p * w, T.sin(p)], until(p > 10)),
        outputs_info=[T.constant(np.float64(1.0)), None],
        non_sequences=w,
        n_steps=50,
    )
    f = theano.function([w], [ps, ss, theano.grad(ps.sum() + ss.sum(), w)])

    def cost(wv):
        p, total, ran = 1.0, 0.0, []
        for _ in range(50):
            stop = p > 10
            total += np.sin(p)
            p = p * wv
            total += p
            ran.append(p)
            if stop:
                break
        return total, ran

    got_p, got_s, got_g = f(1.7)
    np.testing.assert_allclose(got_p, cost(1.7)[1], rtol=1e-12)
    assert len(got_s) == len(got_p) == 6
    eps = 1e-6
    np.testing.assert_allclose(got_g, (cost(1.7 + eps)[0] - cost(1.7 - eps)[0]) / (2 * eps), rtol=1e-6)


def test_one_step_builds_no_loop_as_theano():
    # n_steps=1: fn once on the first elements, no type check against
    # outputs_info (int8 0 + int32 is int32, as Theano gives)
    seq = T.ivector("seq")
    out, _ = scan(lambda s, acc: acc + s, sequences=dict(input=seq, taps=[2]), outputs_info=0, n_steps=1)
    assert out.dtype == "int32" and not out.broadcastable[0]
    np.testing.assert_array_equal(theano.function([seq], out)(np.arange(20, dtype="int32")), [2])


def test_inconsistent_broadcast_refuses_the_gradient_with_theanos_type_error():
    x = T.tensor3()
    initial = T.constant(np.zeros((1, 10)))
    y, _ = scan(lambda row, prev: row + prev, sequences=x, outputs_info=[dict(initial=initial)])
    with pytest.raises(TypeError, match="broadcast pattern of the output of scan"):
        theano.grad(y.sum(), x)
    y, _ = scan(
        lambda row, prev: row + prev, sequences=x, outputs_info=[dict(initial=T.unbroadcast(initial, 0, 1))]
    )
    theano.grad(y.sum(), x)


def test_missing_inputs_of_updates_and_strict_mode():
    from theano_mlir.gof.fg import MissingInputError

    c, inc = theano.shared(0.0), T.dscalar("inc")
    with pytest.raises(MissingInputError, match="non_sequences"):
        scan(lambda: (T.zeros(()), {c: c + inc}), n_steps=20)
    w = theano.shared(np.eye(2))
    x0 = T.dvector("x0")
    with pytest.raises(MissingInputError, match="strict"):
        scan(lambda x: T.dot(x, w), outputs_info=[x0], n_steps=3, strict=True)
    out, _ = scan(lambda x, w: T.dot(x, w), outputs_info=[x0], non_sequences=[w], n_steps=3, strict=True)
    np.testing.assert_array_equal(theano.function([x0], out)(np.ones(2)), np.ones((3, 2)))


def test_shapes_of_scan_outputs_need_no_loop():
    # the stacked outputs' shapes come from n_steps and the step graph's
    # shapes (Scan.infer_shape): the function computing them runs no scan
    x = T.dvector("x")
    o1, o2 = scan(lambda a, b: (a + 1, b + a), sequences=x, outputs_info=[None, x[0]], n_steps=20)[0]
    f = theano.function([x], [o1.shape[0], o2.shape[0]])
    assert not any(isinstance(node.op, theano.scan_module.Scan) for node in f.maker.fgraph.toposort())
    assert [int(v) for v in f(np.ones(30))] == [20, 20]


def test_clone_takes_pairs_and_copies_inputs():
    x, y, y2 = T.dvector("x"), T.dvector("y"), T.dvector("y2")
    z = theano.shared(0.25)
    f1 = z * (x + y) ** 2 + 5
    from theano_mlir.graph import graph_inputs

    f2 = theano.clone(f1, replace=[(y, y2)], share_inputs=False)
    inputs = graph_inputs([f2])
    assert not any(v is w for v in inputs for w in (x, y, y2, z))
    f3 = theano.clone(f1, replace=[(y, y2)])
    assert any(v is y2 for v in graph_inputs([f3])) and any(v is x for v in graph_inputs([f3]))


def test_bool_and_unsigned_sequences_states_and_outputs():
    # their storage differs from their type (bool as a byte, uint8 as int8):
    # the loop's boundary casts between the two
    x = T.dvector("x")
    signed, _ = scan(lambda positive, v: T.switch(positive, v, -v), sequences=[x > 0, x])
    flags, _ = scan(lambda v: v > 0, sequences=x)
    seen, _ = scan(
        lambda v, any_big: T.or_(any_big, v > 2), sequences=x, outputs_info=T.zeros((), dtype="bool")
    )
    f = theano.function([x], [signed, flags, seen])
    got = f(np.array([1.0, -2.0, 3.0, 0.5]))
    np.testing.assert_array_equal(got[0], [1.0, 2.0, 3.0, 0.5])
    assert got[1].dtype == np.bool_ and got[1].tolist() == [True, False, True, True]
    assert got[2].dtype == np.bool_ and got[2].tolist() == [False, False, True, True]
    u = T.vector("u", dtype="uint8")
    sums, _ = scan(lambda v, total: total + v, sequences=u, outputs_info=T.zeros((), dtype="uint8"))
    got = theano.function([u], sums)(np.array([1, 2, 250, 10], dtype="uint8"))
    assert got.dtype == np.uint8 and got.tolist() == [1, 3, 253, 7]  # wraps as numpy's uint8


def test_outputs_that_need_no_loop_are_computed_outside_it():
    # elementwise ops of the sequences' elements apply to whole sequences,
    # a value no step input reaches repeats n_steps times: no scan is left
    x, W, h = T.dmatrix("x"), T.dmatrix("W"), T.dvector("h")
    mapped, _ = scan(lambda row, W: T.tanh(row * 2 + W[0]), sequences=x, non_sequences=W)
    repeated, _ = scan(lambda h, W: T.dot(h, W + W), non_sequences=[h, W], n_steps=4)
    f = theano.function([x, W, h], [mapped, repeated])
    assert not any(isinstance(node.op, theano.scan_module.Scan) for node in f.maker.fgraph.toposort())
    rng = np.random.default_rng(3)
    X, Wv, H = rng.standard_normal((5, 3)), rng.standard_normal((3, 3)), rng.standard_normal(3)
    got_mapped, got_repeated = f(X, Wv, H)
    np.testing.assert_allclose(got_mapped, np.tanh(X * 2 + Wv[0]), rtol=1e-12)
    np.testing.assert_allclose(got_repeated, np.tile(H @ (2 * Wv), (4, 1)), rtol=1e-12)
    # with a state beside it, the state keeps its loop
    (states, doubled), _ = scan(
        lambda row, s: [s + row, row * 2], sequences=x, outputs_info=[T.zeros_like(x[0]), None]
    )
    g = theano.function([x], [states, doubled])
    assert sum(isinstance(node.op, theano.scan_module.Scan) for node in g.maker.fgraph.toposort()) == 1
    got_states, got_doubled = g(X)
    np.testing.assert_allclose(got_states, np.cumsum(X, 0), rtol=1e-12)
    np.testing.assert_allclose(got_doubled, X * 2)


def test_given_non_sequences_are_inputs_even_unread():
    # Theano: a function taking an unread non_sequence as input uses it (no
    # UnusedInputError); the compiled graph drops it from the scan node
    x, y, h = T.dvector("x"), T.dvector("y"), T.dvector("h")
    out, _ = scan(lambda a, s, y: s + a, sequences=x, outputs_info=h, non_sequences=[y])
    f = theano.function([x, h, y], out)
    node = next(n for n in f.maker.fgraph.toposort() if isinstance(n.op, theano.scan_module.Scan))
    assert not any(v is y for v in node.inputs)
    np.testing.assert_allclose(f(np.arange(3.0), np.zeros(2), np.ones(2)), [[0, 0], [1, 1], [3, 3]])


def test_scans_of_the_same_steps_run_as_one_loop():
    # ScanMerge: the same n_steps (here the same sequence length), no
    # dependency between them: one loop, each scan's values unchanged
    x, y, h = T.dvector("x"), T.dvector("y"), T.dscalar("h")
    sums, _ = scan(lambda a, s: s + a, sequences=x, outputs_info=h)
    prods, _ = scan(lambda a, p, y: p * a + y.sum(), sequences=x, outputs_info=h, non_sequences=y)
    chained, _ = scan(lambda s, p: p - s, sequences=sums, outputs_info=h)  # reads the first: its own loop
    f = theano.function(
        [x, y, h], [sums, prods, chained] + theano.grad((sums**2).sum() + prods.sum(), [x, h])
    )
    loops = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, theano.scan_module.Scan)]
    assert len(loops) == 2
    X, Y, H = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]), 0.5
    got = f(X, Y, H)
    np.testing.assert_allclose(got[0], H + np.cumsum(X))
    p, want = H, []
    for a in X:
        p = p * a + Y.sum()
        want.append(p)
    np.testing.assert_allclose(got[1], want)
    np.testing.assert_allclose(got[2], H - np.cumsum(H + np.cumsum(X)))
    eps = 1e-6

    def cost(xv, hv):
        s, p, total = hv, hv, 0.0
        for a in xv:
            s, p = s + a, p * a + Y.sum()
            total += s**2 + p
        return total

    numeric = [
        (cost(X + eps * np.eye(3)[i], H) - cost(X - eps * np.eye(3)[i], H)) / (2 * eps) for i in range(3)
    ]
    np.testing.assert_allclose(got[3], numeric, rtol=1e-6)
    np.testing.assert_allclose(got[4], (cost(X, H + eps) - cost(X, H - eps)) / (2 * eps), rtol=1e-6)


def test_state_outputs_are_buffers_holding_the_initial_rows_as_theano():
    # Theano's layout: a sit-sot's node output is its buffer, the initial
    # value then a row per step; scan returns its rows after the first
    x, seq = T.dscalar("x"), T.dvector("seq")
    (out1, out2), _ = scan(lambda a, b, c: (a + b, b + c), sequences=seq, outputs_info=[x, T.zeros_like(x)])
    raw1, raw2 = out1.owner.inputs[0], out2.owner.inputs[0]
    assert raw1.owner is raw2.owner and isinstance(raw1.owner.op, theano.scan_module.Scan)
    f = theano.function([x, seq], [raw1, raw2, out1])
    values = np.arange(4.0)
    first, second = [5.0], [0.0]
    for v in values:
        second.append(first[-1] + second[-1])
        first.append(first[-1] + v)
    got1, got2, got_out1 = f(5.0, values)
    np.testing.assert_allclose(got1, first)
    np.testing.assert_allclose(got2, second)
    np.testing.assert_allclose(got_out1, first[1:])


def test_var_mappings_follow_theanos_input_and_output_order():
    # inputs: n_steps, sequence, mit-sot buffer, sit-sot buffer, shared
    # variable, nit-sot row count, non-sequence; outputs: mit-sot, sit-sot,
    # nit-sot, shared
    counter = theano.shared(0.0, "counter")

    def step(s, m3, m1, prev, k):
        return [s + m3 + m1, prev + k, s * 2], {counter: counter + 1}

    outputs, updates = scan(
        step,
        sequences=T.dvector("s"),
        outputs_info=[dict(initial=T.dvector("m"), taps=[-3, -1]), T.dscalar("p"), None],
        non_sequences=T.dscalar("k"),
    )
    node = outputs[0].owner.inputs[0].owner
    assert updates[counter].owner is node
    mappings = node.op.var_mappings
    assert mappings["outer_inp_from_outer_out"] == {0: 2, 1: 3, 2: 5, 3: 4}
    assert mappings["inner_inp_from_outer_inp"] == {0: [], 1: [0], 2: [1, 2], 3: [3], 4: [4], 5: [], 6: [5]}
    assert mappings["outer_out_from_inner_inp"] == {0: -1, 1: 0, 2: 0, 3: 1, 4: 3, 5: -1}
    assert node.op.info["tap_array"] == [[-3, -1], [-1]]
    # n_steps and the nit-sot row count reach no output
    pattern = node.op.connection_pattern(node)
    assert not any(pattern[0]) and not any(pattern[5])
    assert pattern[2] == [True, False, False, False] and pattern[6] == [False, True, False, False]


def test_a_state_read_only_at_its_last_row_keeps_two_rows():
    # Theano's scan_save_mem: reduce's buffer is its initial row and one more
    x = T.dvector("x")
    total, _ = scan_reduce(lambda v, acc: acc + v, x, T.constant(np.float64(0.0)))
    f = theano.function([x], [total, theano.grad(total, x)])
    (node,) = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, theano.scan_module.Scan)]
    assert node.op.saved_rows == (2,)
    buffer = theano.function([], node.inputs[2])
    values = np.arange(1.0, 8.0)
    assert buffer().shape == (2,)
    got_total, got_grad = f(values)
    np.testing.assert_allclose(got_total, values.sum())
    np.testing.assert_allclose(got_grad, np.ones(7))
    # FAST_COMPILE keeps the whole buffer, with the same values
    g = theano.function([x], total, mode="FAST_COMPILE")
    (node,) = [n for n in g.maker.fgraph.toposort() if isinstance(n.op, theano.scan_module.Scan)]
    assert node.op.saved_rows == (None,)
    np.testing.assert_allclose(g(values), values.sum())


def test_buffers_shorter_than_the_steps_keep_the_last_rows_and_stay_out_of_place():
    # Theano: a buffer of fewer rows than steps holds the last ones; a
    # constant buffer is not filled in place (scan_make_inplace)
    x0, x1 = theano.shared(0.5), theano.shared(1.5)
    outputs, updates = scan(lambda a, b: (a + 1.0, b * 2.0), [], [x0, x1], n_steps=5)
    buffer = outputs[0].owner.inputs[0].owner.inputs[1]
    short = T.constant(np.array([0.5, 0.0, 0.0]))
    outputs = theano.clone(outputs, replace=[(buffer, short)])
    f = theano.function([], [outputs[0].owner.inputs[0], outputs[1]], updates=updates, mode="FAST_RUN")
    (node,) = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, theano.scan_module.Scan)]
    assert 0 not in node.op.destroy_map and 1 in node.op.destroy_map
    last_rows, doubled = f()
    np.testing.assert_allclose(last_rows, [3.5, 4.5, 5.5])  # rows 3..5 of 0.5, 1.5, ..., 5.5
    np.testing.assert_allclose(doubled, 1.5 * 2.0 ** np.arange(1, 6))
