"""T.arange (int and float, symbolic bounds, Theano's dtype rule, a zero
step a ValueError naming the node), its float gradient, and eye, tri,
tril, triu, identity_like over it; iround and ceil_intdiv."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

INT_CASES = [(0, 10, 3), (10, 0, -3), (5, 1, 1), (-3, 4, 2), (0, 0, 1), (7, 8, 5), (-9, -2, 7)]
FLOAT_CASES = [(0.0, 1.0, 0.3), (1.5, -1.0, -0.5), (0.0, 1.0, 2.0), (2.0, 1.0, 0.5), (-1e3, 1e3, 12.5)]


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64"])
def test_int_bounds_give_int64(dtype):
    a, b, c = T.scalars("a", "b", "c", dtype=dtype)
    r = T.arange(a, b, c)
    assert r.dtype == "int64" and r.broadcastable == (False,)
    f = theano.function([a, b, c], r)
    for start, stop, step in INT_CASES:
        got = f(start, stop, step)
        np.testing.assert_array_equal(got, np.arange(start, stop, step))
        assert got.dtype == np.int64


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_float_bounds(dtype):
    a, b, c = T.scalars("a", "b", "c", dtype=dtype)
    r = T.arange(a, b, c)
    assert r.dtype == dtype
    f = theano.function([a, b, c], r)
    for start, stop, step in FLOAT_CASES:
        start, stop, step = (np.array(v, dtype) for v in (start, stop, step))
        expected = np.arange(start, stop, step, dtype=dtype)
        got = f(start, stop, step)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-3 if dtype == "float16" else 1e-6)


def test_one_bound_is_stop_and_dtypes_follow_theano():
    n = T.lscalar("n")
    f = theano.function([n], T.arange(n))
    np.testing.assert_array_equal(f(4), [0, 1, 2, 3])
    assert f(-2).shape == (0,)
    assert T.arange(5).dtype == "int64"
    assert T.arange(T.fscalar(), 5).dtype == "float32"
    assert T.arange(T.bscalar(), T.fscalar()).dtype == "float32"
    assert T.arange(T.dscalar()).dtype == "float64"
    assert T.arange(T.scalar(dtype="uint8")).dtype == "int64"  # 0 and 1 are int8 constants
    assert T.arange(*T.scalars("a", "b", "c", dtype="uint8")).dtype == "uint64"
    assert T.arange(3, dtype="int32").dtype == "int32"
    np.testing.assert_array_equal(theano.function([], T.arange(1, 7, 2, dtype="float32"))(), [1.0, 3.0, 5.0])
    assert str(T.arange(n).owner.op) == "ARange{dtype='int64'}"
    with pytest.raises(TypeError):
        T.arange(T.lvector())


def test_zero_step_and_infinite_length_are_value_errors():
    a, b, c = T.lscalars("a", "b", "c")
    f = theano.function([a, b, c], T.arange(a, b, c))
    with pytest.raises(ValueError, match=r"ARange.*step is 0"):
        f(0, 3, 0)
    x, y, z = T.dscalars("x", "y", "z")
    g = theano.function([x, y, z], T.arange(x, y, z))
    with pytest.raises(ValueError, match="ARange"):
        g(0.0, 3.0, 0.0)
    with pytest.raises(ValueError, match="not finite"):
        g(0.0, np.inf, 1.0)
    with pytest.raises(ValueError, match="not finite"):
        g(0.0, np.nan, 1.0)


def test_float_gradient_is_theanos():
    x, y, z = T.dscalars("x", "y", "z")
    r = T.arange(x, y, z)
    f = theano.function([x, y, z], T.grad((r * r).sum(), [x, z]))
    values = np.arange(0.5, 3.0, 0.5)
    gx, gz = f(0.5, 3.0, 0.5)
    assert gx == pytest.approx(2 * values.sum())
    assert gz == pytest.approx(2 * (values * np.arange(len(values))).sum())
    verify_grad(lambda s: T.arange(s, 4.0, 0.75) ** 2, [np.array(0.1)], rng=np.random.default_rng(0))


def test_arange_indexes_rows():
    x = T.dmatrix("x")
    f = theano.function([x], T.arange(x.shape[0]) * 2)
    np.testing.assert_array_equal(f(np.zeros((3, 5))), [0, 2, 4])


def test_eye_tri_tril_triu_identity_like():
    n, m, k = T.lscalars("n", "m", "k")
    f = theano.function([n, m, k], [T.eye(n, m, k), T.tri(n, m, k), T.eye(n, dtype="int32")])
    for args in [(3, 3, 0), (3, 5, 1), (4, 2, -1), (0, 3, 0), (3, 4, 7)]:
        eye, tri, eye_n = f(*args)
        np.testing.assert_array_equal(eye, np.eye(*args))
        np.testing.assert_array_equal(tri, np.tri(*args))
        np.testing.assert_array_equal(eye_n, np.eye(args[0], dtype="int32"))
        assert eye_n.dtype == np.int32 and eye.dtype == theano.config.floatX
    x = T.dmatrix("x")
    g = theano.function([x], [T.tril(x), T.triu(x), T.tril(x, -1), T.triu(x, 2), T.identity_like(x)])
    value = np.arange(12.0).reshape(3, 4)
    tril, triu, tril1, triu2, identity = g(value)
    np.testing.assert_array_equal(tril, np.tril(value))
    np.testing.assert_array_equal(triu, np.triu(value))
    np.testing.assert_array_equal(tril1, np.tril(value, -1))
    np.testing.assert_array_equal(triu2, np.triu(value, 2))
    np.testing.assert_array_equal(identity, np.eye(3, 4))
    assert T.tril(T.imatrix()).dtype == "int32"
    verify_grad(lambda v: T.tril(v, 1), [np.random.default_rng(1).standard_normal((3, 4))])


def test_iround_and_ceil_intdiv():
    x = T.dvector("x")
    f = theano.function([x], [T.iround(x), T.iround(x, "half_away_from_zero")])
    value = np.array([-2.5, -0.5, 0.5, 1.5, 2.4])
    even, away = f(value)
    assert even.dtype == away.dtype == np.int64
    np.testing.assert_array_equal(even, [-2, 0, 0, 2, 2])
    np.testing.assert_array_equal(away, [-3, -1, 1, 2, 2])
    a, b = T.ivectors("a", "b")
    g = theano.function([a, b], T.ceil_intdiv(a, b))
    av, bv = np.array([7, -7, 6, 0, 7], "int32"), np.array([2, 2, 3, 5, -2], "int32")
    np.testing.assert_array_equal(g(av, bv), -(-av // bv))
    assert T.ceil_intdiv(T.bvector(), T.lvector()).dtype == "int64"
