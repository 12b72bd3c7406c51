"""Joining and splitting: join, concatenate, stack, horizontal/vertical_stack,
split and roll against numpy, with gradients and Theano's errors."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.tensor.concatenation import Join

RNG = np.random.RandomState(7)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "uint8", "bool"])
def test_concatenate_and_stack_match_numpy(dtype):
    x = T.TensorType(dtype, (False, False))("x")
    y = T.TensorType(dtype, (False, False))("y")
    a = (RNG.rand(2, 3) * 10).astype(dtype)
    b = (RNG.rand(4, 3) * 10).astype(dtype)
    f = theano.function(
        [x, y],
        [T.concatenate([x, y]), T.join(-1, x.T, y.T), T.stack([x, x], axis=2), T.vertical_stack(x, y, x)],
    )
    expected = [
        np.concatenate([a, b]),
        np.concatenate([a.T, b.T], -1),
        np.stack([a, a], 2),
        np.vstack([a, b, a]),
    ]
    for got, want in zip(f(a, b), expected):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_join_upcasts_and_keeps_theanos_broadcastable_pattern():
    x, r = T.fmatrix("x"), T.TensorType("float64", (True, False))("r")
    joined = T.concatenate([x, r])
    assert joined.dtype == "float64"
    assert isinstance(joined.owner.op, Join)
    assert T.concatenate([r, r], axis=1).broadcastable == (True, False)
    assert T.stack([T.dscalar(), T.dscalar()]).broadcastable == (False,)
    a = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(
        theano.function([x, r], joined)(a, np.zeros((1, 3))), np.vstack([a, np.zeros((1, 3))])
    )


def test_scalars_stack_into_a_vector():
    s, t = T.dscalars("s", "t")
    with pytest.warns(DeprecationWarning, match="stack"):
        stacked = T.stack(s, t, s)
    np.testing.assert_array_equal(theano.function([s, t], stacked)(1.0, 2.0), [1.0, 2.0, 1.0])


def test_stack_of_scalars_is_a_make_vector_of_their_upcast():
    a, b = T.iscalar("a"), T.lscalar("b")
    stacked = T.stack([10, a, b, np.int8(3)])
    assert isinstance(stacked.owner.op, T.MakeVector) and stacked.dtype == "int64"
    np.testing.assert_array_equal(theano.function([a, b], stacked)(1, 2), [10, 1, 2, 3])
    f = T.fscalar("f")
    assert T.stack([f, f]).dtype == "float32"


def test_stack_forms_and_axis():
    a, b = T.imatrix("a"), T.imatrix("b")
    v1, v2 = [[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]
    for stacked, axis in (
        (T.stack([a, b], 1), 1),
        (T.stack(tensors=[a, b], axis=-1), -1),
        (T.stack([a, b]), 0),
    ):
        np.testing.assert_array_equal(theano.function([a, b], stacked)(v1, v2), np.stack([v1, v2], axis))
    with pytest.raises(IndexError):
        T.stack([a, b], 4)
    with pytest.raises(Exception, match="empty"):
        T.stack([])


def test_mismatched_shapes_are_value_errors_naming_the_join():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    f = theano.function([x, y], T.concatenate([x, y], axis=1))
    with pytest.raises(ValueError, match="Join"):
        f(np.zeros((2, 3)), np.zeros((3, 3)))


def test_build_time_errors():
    with pytest.raises(TypeError):
        T.concatenate(T.dmatrix("x"), T.dmatrix("y"))
    with pytest.raises(TypeError):
        T.join(0, T.dmatrix("x"), T.dvector("v"))
    with pytest.raises(IndexError):
        T.join(2, T.dmatrix("x"), T.dmatrix("y"))


def test_split_matches_numpy():
    v, sizes = T.dvector("v"), T.lvector("sizes")
    f = theano.function([v, sizes], T.split(v, sizes, 3))
    parts = f(np.arange(6.0), [1, 2, 3])
    for got, want in zip(parts, np.split(np.arange(6.0), [1, 3])):
        np.testing.assert_array_equal(got, want)
    m = T.dmatrix("m")
    a = RNG.randn(3, 5)
    got = theano.function([m], T.split(m, [2, 3], 2, axis=1))(a)
    for g, w in zip(got, np.split(a, [2], axis=1)):
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_roll_matches_numpy(axis):
    x, shift = T.dmatrix("x"), T.lscalar("shift")
    f = theano.function([x, shift], T.roll(x, shift, axis))
    a = RNG.randn(3, 4)
    for s in (-13, -1, 0, 1, 5, 12):
        np.testing.assert_array_equal(f(a, s), np.roll(a, s, axis))
    np.testing.assert_array_equal(f(np.zeros((0, 4)), 3), np.zeros((0, 4)))


def test_join_split_and_roll_gradients():
    a, b = RNG.randn(2, 3), RNG.randn(4, 3)
    verify_grad(lambda x, y: T.concatenate([x, y * 2]) ** 2, [a, b], rng=RNG)
    verify_grad(lambda x, y: T.stack([x, x * y[:2]], axis=1) ** 2, [a, b], rng=RNG)
    verify_grad(lambda x: T.roll(x, 2, 1) * np.arange(12.0).reshape(4, 3), [b], rng=RNG)
    verify_grad(lambda v: T.split(v, [2, 4], 2)[1] ** 3, [RNG.randn(6)], rng=RNG)


def test_theanos_join_op_takes_the_axis_as_its_first_input():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    joined = Join()(1, x, y)
    assert isinstance(joined.owner.op, Join) and joined.owner.inputs[0].data == 1
    a = np.ones((2, 1))
    np.testing.assert_array_equal(theano.function([x, y], joined)(a, 2 * a), [[1, 2], [1, 2]])
    with pytest.raises(TypeError, match="integer scalar"):
        Join()(T.dscalar("axis"), x, y)


def test_hessian_through_stack():
    # the Jacobian's loop over rows holds the join's checks: they go before it
    a, b = T.dvectors("a", "b")
    stacked = T.stack([a, b])
    ha, hb = T.hessian(stacked.T.dot(stacked).sum(), [a, b])
    got = theano.function([a, b], [ha, hb])(RNG.rand(4), RNG.rand(4))
    for h in got:
        np.testing.assert_allclose(h, np.full((4, 4), 2.0))


def test_join_along_an_axis_known_when_the_function_runs():
    ax = T.lscalar("ax")
    x, y = T.dtensor3("x"), T.dtensor3("y")
    joined = T.join(ax, x, y)
    assert joined.broadcastable == (False, False, False)
    f = theano.function([ax, x, y], joined)
    xv = RNG.rand(2, 3, 4)
    for k in (0, 1, 2, -1, -3):
        yv = RNG.rand(*[5 if d == k % 3 else n for d, n in enumerate(xv.shape)])
        np.testing.assert_array_equal(f(k, xv, yv), np.concatenate([xv, yv], k))
    with pytest.raises(ValueError, match="Join"):
        f(0, xv, RNG.rand(2, 5, 4))  # sizes differ outside the axis
    for k in (3, -4):
        with pytest.raises(IndexError, match="Join"):
            f(k, xv, xv)
    a, b = T.dmatrix("a"), T.dmatrix("b")
    g = theano.function([ax, a, b], T.grad((T.join(ax, a, b) ** 2).sum(), b))
    bv = RNG.rand(2, 3)
    np.testing.assert_allclose(g(0, RNG.rand(2, 3), bv), 2 * bv)


def test_join_axis_folded_from_a_constant_expression():
    b = T.TensorType("float64", (True, False))("b")
    joined = T.join(T.cast(T.constant(1), "int32"), b, b)
    assert joined.broadcastable == (True, False)
    bv = RNG.rand(1, 3)
    np.testing.assert_array_equal(theano.function([b], joined)(bv), np.concatenate([bv, bv], 1))


@pytest.mark.parametrize("axis", [0, 1])
def test_split_checks_sizes_when_the_function_runs(axis):
    """Theano's Split: n_splits sizes, none negative, summing to the axis'
    length; each violation a ValueError when the function runs."""
    m, s = T.dmatrix(), T.ivector()
    f = theano.function([m, s], T.split(m, s, 2, axis=axis))
    value = np.arange(24.0).reshape(4, 6)
    n = value.shape[axis]
    for sizes in ([1, n - 1], [0, n], [n, 0]):
        for got, expected in zip(f(value, sizes), np.split(value, [sizes[0]], axis=axis)):
            np.testing.assert_array_equal(got, expected)
    for bad in ([n + 1, -1], [1, 1], [n, 1], [1, 1, n - 2], [n]):
        with pytest.raises(ValueError):
            f(value, bad)
