"""T.repeat with a vector of repeats (one count per element along the axis,
or over the flattened input): numpy's values over dtypes, zeros among the
counts, the length checked, and the gradient (the repeated gradients summed)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(8)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "float32", "float64"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_repeat_vector(dtype, axis):
    x = T.tensor(dtype, (False, False), "x")
    r = T.ivector("r")
    f = theano.function([x, r], [T.repeat(x, r, axis), x.repeat(r, axis), T.extra_ops.repeat(x, r, axis)])
    value = RNG.integers(0, 3, (3, 4)).astype(dtype)
    length = value.size if axis is None else value.shape[axis]
    for counts in (RNG.integers(0, 4, length), np.zeros(length, int), np.r_[np.zeros(length - 1, int), 2]):
        counts = counts.astype("int32")
        for got in f(value, counts):
            expected = np.repeat(value, counts, axis)
            assert got.dtype == dtype and got.shape == expected.shape
            np.testing.assert_array_equal(got, expected)


def test_repeat_vector_length_is_checked():
    x = T.dvector("x")
    r = T.lvector("r")
    f = theano.function([x, r], T.repeat(x, r))
    np.testing.assert_array_equal(f(np.array([1.0, 2.0]), np.array([1, 2])), [1.0, 2.0, 2.0])
    with pytest.raises(ValueError):
        f(np.array([1.0, 2.0]), np.array([1, 2, 3]))
    with pytest.raises(TypeError):
        T.repeat(x, T.dvector())


def test_repeat_vector_gradient():
    rng = np.random.RandomState(1)
    counts = theano.shared(np.array([2, 0, 3], "int64"))
    verify_grad(lambda m: T.repeat(m, counts, axis=1), [rng.rand(2, 3)], rng=rng)
    verify_grad(lambda v: T.repeat(v, counts) ** 2, [rng.rand(3)], rng=rng)
    x = T.dvector("x")
    g = theano.function([x], theano.grad(T.sum(T.repeat(x, counts)), x))
    np.testing.assert_array_equal(g(np.ones(3)), [2.0, 0.0, 3.0])


def test_repeat_op_class():
    """Theano's RepeatOp(axis): T.repeat builds it for a vector of counts
    (not for a scalar count or a broadcastable vector); its broadcastable
    pattern, and its values and gradient with a scalar count."""
    from theano_mlir.tensor.extra_ops import RepeatOp

    x = T.dmatrix("x")
    r = T.lvector("r")
    assert isinstance(T.repeat(x, r, axis=0).owner.op, RepeatOp)
    assert not isinstance(T.repeat(x, 2, axis=0).owner.op, RepeatOp)
    assert RepeatOp(axis=1) == RepeatOp(axis=1) != RepeatOp(axis=0)
    b = T.TensorType("float64", (False, True, False))()
    assert RepeatOp(axis=1)(b, 2).broadcastable == (False, False, False)
    assert RepeatOp(axis=1)(b, 1).broadcastable == (False, True, False)
    assert RepeatOp(axis=0)(b, 2).broadcastable == (False, True, False)
    assert RepeatOp()(b, 2).broadcastable == (False,)
    value = RNG.random((2, 3))
    for axis in (None, 0, 1, -1):
        f = theano.function([x], RepeatOp(axis=axis)(x, 3))
        np.testing.assert_array_equal(f(value), np.repeat(value, 3, axis))
        verify_grad(lambda v, axis=axis: RepeatOp(axis=axis)(v, 3), [value], rng=np.random.RandomState(1))
    with pytest.raises(TypeError):
        RepeatOp()(x, T.vector(dtype="uint64"))
