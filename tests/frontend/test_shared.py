"""Shared variables, updates and givens: the seeds, Theano's rules, errors
that leave shared values untouched, and no memory growth per call."""

from collections import OrderedDict

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


def test_seed_updates_counter():
    x_val = theano.shared(0)
    increase = theano.function([], x_val, updates=(x_val, x_val + 1))
    # Outputs are computed from the old value; the shared value counts up.
    assert [int(increase()) for _ in range(3)] == [0, 1, 2]
    assert x_val.get_value() == 3 and x_val.get_value().dtype == np.int64


def test_seed_givens_with_a_shared_value():
    x = T.scalar()
    x_value = theano.shared(7)
    compute = theano.function([], 2 * x, givens=[x, x_value])
    assert compute() == 14


def test_seed_003_minimal_working_example():
    x = theano.tensor.fvector("x")
    W = theano.shared(np.asarray([0.2, 0.7]), "W")
    y = (x * W).sum()
    f = theano.function([x], y)
    np.testing.assert_allclose(f([1.0, 1.0]), 0.9)


def test_seed_002_linear_regression_lowers_the_error_every_call():
    x, t = T.scalar(name="x"), T.scalar(name="t")
    a, b = theano.shared(-1.0, name="a"), theano.shared(0.0, name="b")
    y = a * x + b
    mse = (y - t) ** 2
    grad_a, grad_b = T.grad(mse, [a, b])
    f = theano.function(inputs=[x, t], outputs=mse, updates={a: a - 0.01 * grad_a, b: b - 0.01 * grad_b})
    errors = [float(f(1, 5)) for _ in range(10)]
    assert errors[0] == 36.0
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    # Reference: the same steps in numpy.
    va, vb = -1.0, 0.0
    for _ in range(10):
        err = va * 1 + vb - 5
        va, vb = va - 0.01 * 2 * err, vb - 0.01 * 2 * err
    np.testing.assert_allclose([a.get_value(), b.get_value()], [va, vb])


def test_updates_use_old_values_and_all_forms():
    a, b = theano.shared(1.0, "a"), theano.shared(2.0, "b")
    swap = theano.function([], [a, b], updates=[(a, b), (b, a)])
    np.testing.assert_array_equal(swap(), [1.0, 2.0])
    assert (a.get_value(), b.get_value()) == (2.0, 1.0)
    for updates in (OrderedDict([(a, a * 2)]), {a: a * 2}, [(a, a * 2)], (a, a * 2)):
        before = a.get_value()
        theano.function([], [], updates=updates)()
        assert a.get_value() == before * 2


def test_shared_values_copy_borrow_and_set():
    value = np.arange(4.0)
    s = theano.shared(value, "s")
    value[0] = 100  # the shared variable holds its own copy
    copy = s.get_value()
    view = s.get_value(borrow=True)
    assert copy[0] == 0 and view[0] == 0
    copy[1] = 50
    assert s.get_value()[1] == 1
    step = theano.function([], [], updates=[(s, s + 1)])
    step()
    np.testing.assert_array_equal(s.get_value(), [1, 2, 3, 4])
    # A borrowed view aliases the buffer, which the update wrote in place
    # (Theano's borrow=True contract: later calls may change it).
    np.testing.assert_array_equal(view, [1, 2, 3, 4])
    s.set_value([5.0, 6.0])  # a new length is fine: new memory
    np.testing.assert_array_equal(s.get_value(), [5.0, 6.0])
    np.testing.assert_array_equal(view, [1, 2, 3, 4])  # the old memory, still valid
    step()
    np.testing.assert_array_equal(s.get_value(), [6.0, 7.0])


def test_set_value_follows_the_type_and_leaves_the_value_on_error():
    s = theano.shared(np.zeros(3, np.float32), "s")
    with pytest.raises(TypeError, match="cannot store a value of dtype float64"):
        s.set_value(np.ones(3))
    with pytest.raises(TypeError, match="Wrong number of dimensions: expected 1, got 2"):
        s.set_value(np.ones((1, 3), np.float32))
    np.testing.assert_array_equal(s.get_value(), np.zeros(3, np.float32))
    s.set_value([1.0, 2.0, 3.0])
    assert s.get_value().dtype == np.float32
    # a list is no array: Theano's generic type holds it, as any Python object
    assert theano.shared([1, 2]).type == theano.compile.sharedvalue.generic
    assert theano.shared(-1.0).type == T.TensorType("float64", ())
    r = theano.shared(np.ones((1, 3)), broadcastable=(True, False))
    assert r.broadcastable == (True, False)
    with pytest.raises(TypeError, match="broadcastable"):
        r.set_value(np.ones((2, 3)))


def test_update_errors_are_raised_when_compiling():
    s = theano.shared(np.zeros(2), "s")
    i = theano.shared(0, "i")
    x = T.dvector("x")
    with pytest.raises(TypeError, match="An update must have the same type as the original shared variable"):
        theano.function([], [], updates=[(s, s.astype("float32"))])
    with pytest.raises(TypeError, match="An update must have the same type"):
        theano.function([], [], updates=[(i, i * 0.5)])
    with pytest.raises(ValueError, match="already has an update"):
        theano.function([], [], updates=[(s, s + 1), (s, s + 2)])
    with pytest.raises(TypeError, match="must be a shared variable"):
        theano.function([x], [], updates=[(x, x + 1)])
    np.testing.assert_array_equal(s.get_value(), np.zeros(2))
    assert i.get_value() == 0


def test_a_failing_call_changes_no_shared_value():
    W = theano.shared(np.ones(3), "W")
    count = theano.shared(0, "count")
    x = T.dvector("x")
    f = theano.function([x], (W * x).sum(), updates=[(W, W + x), (count, count + 1)])
    with pytest.raises(ValueError, match="Input dimension mis-match"):
        f(np.ones(4))
    np.testing.assert_array_equal(W.get_value(), np.ones(3))
    assert count.get_value() == 0
    with pytest.raises(TypeError):
        f(np.ones((3, 1)))
    assert count.get_value() == 0
    assert f(np.ones(3)) == 3.0
    np.testing.assert_array_equal(W.get_value(), np.full(3, 2.0))
    assert count.get_value() == 1


def test_givens_forms_and_type_errors():
    x, y = T.dvector("x"), T.dvector("y")
    s = theano.shared(np.array([1.0, 2.0]), "s")
    f = theano.function([y], x * 2, givens={x: y + 1})
    np.testing.assert_array_equal(f([1.0]), [4.0])
    g = theano.function([y], s + x, givens=[(x, y), (s, y * 10)])
    np.testing.assert_array_equal(g([1.0, 2.0]), [11.0, 22.0])
    i = T.ivector("i")
    with pytest.raises(TypeError, match="Cannot convert Type"):
        theano.function([x], i * 2, givens={i: x})  # float into int would lose data


def test_shared_state_is_seen_by_every_function():
    s = theano.shared(1.0, "s")
    read = theano.function([], s * 1)
    bump = theano.function([], [], updates=[(s, s + 10)])
    bump()
    assert read() == 11.0
    s.set_value(3.0)
    assert read() == 3.0


def test_in_defaults_and_out_borrow():
    x, y = T.dscalar("x"), T.dscalar("y")
    f = theano.function([x, theano.In(y, value=10.0)], theano.Out(x + y, borrow=True))
    assert f(1.0) == 11.0 and f(1.0, 2.0) == 3.0 and f(x=1.0, y=5.0) == 6.0


def _resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def test_no_memory_growth_over_many_updating_calls():
    x_val = theano.shared(0)
    increase = theano.function([], x_val, updates=(x_val, x_val + 1))
    for _ in range(1000):
        increase()
    before = _resident_bytes()
    for _ in range(100_000):
        increase()
    growth = _resident_bytes() - before
    assert x_val.get_value() == 101_000
    assert growth < 4 * 1024 * 1024, f"resident memory grew by {growth} bytes"


def test_updates_are_written_into_the_shared_buffers():
    # The counter of seed 000 and an SGD step: the new values land in the
    # memory the shared variables already own (no new buffer per call).
    count = theano.shared(0, "count")
    increase = theano.function([], count, updates=(count, count + 1))
    W = theano.shared(np.ones((3, 4)), "W")
    xs = T.dmatrix("xs")
    residual = T.dot(xs, W)
    step = theano.function([xs], (residual**2).sum(), updates=[(W, W - 0.01 * 2 * T.dot(xs.T, residual))])
    addresses = count.container.address, W.container.address
    X = np.random.default_rng(0).random((5, 3))
    for expected in range(3):
        assert increase() == expected
        W0 = W.get_value()
        np.testing.assert_allclose(step(X), ((X @ W0) ** 2).sum(), rtol=1e-12)
        np.testing.assert_allclose(W.get_value(), W0 - 0.02 * X.T @ (X @ W0), rtol=1e-12)
    assert (count.container.address, W.container.address) == addresses
    assert increase._kernel.in_place == [0] and step._kernel.in_place == [0]


def test_an_input_that_views_a_shared_buffer_reads_the_old_values():
    s = theano.shared(np.arange(4.0), "s")
    v = T.dvector("v")
    f = theano.function([v], v * 2, updates=[(s, s + v)])
    out = f(s.get_value(borrow=True))  # the kernel writes s while reading v
    np.testing.assert_array_equal(out, np.arange(4.0) * 2)
    np.testing.assert_array_equal(s.get_value(), np.arange(4.0) * 2)


def test_an_update_of_another_shape_replaces_the_buffer():
    s = theano.shared(np.zeros(2), "s")
    v = T.dvector("v")
    f = theano.function([v], [], updates=[(s, v * 1)])
    assert f._kernel.in_place == []  # its shape is the input's, not s's
    f(np.arange(5.0))
    np.testing.assert_array_equal(s.get_value(), np.arange(5.0))
    g = theano.function([], s, updates=[(s, s * 2)])
    np.testing.assert_array_equal(g(), np.arange(5.0))
    np.testing.assert_array_equal(s.get_value(), np.arange(5.0) * 2)


def test_set_value_of_text_is_a_value_error():
    # Theano converts with numpy: a string that is no number is numpy's ValueError
    u = theano.shared(np.asarray([1.0, 2.0]), name="u")
    u.set_value([3, 4])
    assert u.get_value().dtype == np.float64 and np.all(u.get_value() == [3, 4])
    with pytest.raises(ValueError, match="adsf"):
        u.set_value("adsf")
    with pytest.raises(TypeError):
        u.set_value([[1.0, 2.0]])  # a number of dimensions is the type's: TypeError
