"""sort and argsort (theano.tensor.sort): axis -1, any axis, None
(flattened); NaN last and ties stable; int64 positions; sort's gradient."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

RNG = np.random.default_rng(4)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "int64", "uint8"])
def test_sort_and_argsort_along_every_axis(dtype):
    x = T.tensor3("x", dtype=dtype)
    axes = [-1, 0, 1, None]
    f = theano.function([x], [T.sort(x, a) for a in axes] + [T.argsort(x, a) for a in axes])
    value = RNG.integers(0, 5, (3, 4, 5)).astype(dtype)  # ties: argsort must be stable
    got = f(value)
    for k, axis in enumerate(axes):
        np.testing.assert_array_equal(got[k], np.sort(value, axis))
        assert got[k].dtype == dtype
        positions = got[len(axes) + k]
        assert positions.dtype == np.int64
        np.testing.assert_array_equal(positions, np.argsort(value, axis, kind="stable"))


def test_nan_last_and_signed_values():
    x = T.dvector("x")
    f = theano.function([x], [T.sort(x), T.argsort(x)])
    value = np.array([3.0, np.nan, -np.inf, 1.0, np.nan, -2.0, np.inf, 1.0])
    s, p = f(value)
    np.testing.assert_array_equal(s, np.sort(value))
    np.testing.assert_array_equal(p, np.argsort(value, kind="stable"))


def test_lengths_and_types():
    x = T.dmatrix("x")
    f = theano.function([x], [T.sort(x), T.argsort(x, 0)])
    for shape in [(0, 3), (3, 0), (1, 1), (2, 17), (33, 2)]:
        value = RNG.standard_normal(shape)
        s, p = f(value)
        np.testing.assert_array_equal(s, np.sort(value))
        np.testing.assert_array_equal(p, np.argsort(value, 0, kind="stable"))
    assert T.sort(x).type == x.type and T.argsort(x).dtype == "int64"
    assert T.argsort(x, None).broadcastable == (False,)
    assert str(T.sort(x).owner.op) == "SortOp{quicksort, None}"
    b = T.bvector("b")
    np.testing.assert_array_equal(
        theano.function([b], T.sort(b > 0))(np.array([1, -1, 2, 0], "int8")), [False, False, True, True]
    )
    with pytest.raises(ValueError):
        T.sort(x, 2)


def test_large_rows():
    x = T.fvector("x")
    f = theano.function([x], [T.sort(x), T.argsort(x)])
    value = RNG.standard_normal(100_000).astype("float32")
    s, p = f(value)
    np.testing.assert_array_equal(s, np.sort(value))
    np.testing.assert_array_equal(p, np.argsort(value, kind="stable"))


def test_gradient_goes_back_to_each_element():
    x = T.dmatrix("x")
    f = theano.function([x], T.grad((T.sort(x) * np.arange(4.0)).sum(), x))
    value = np.array([[3.0, 1.0, 4.0, 2.0], [0.0, -1.0, 5.0, 2.0]])
    np.testing.assert_array_equal(f(value), np.argsort(np.argsort(value, 1), 1).astype(float))
    for axis in [-1, 0, None]:
        verify_grad(lambda v, a=axis: T.sort(v, a), [RNG.standard_normal((3, 4))], rng=RNG)
