"""cumsum and cumprod (theano.tensor.extra_ops): along each axis, over the
flattened input (axis=None), in the input's dtype as Theano; gradients."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad
from theano_mlir.tensor import extra_ops

RNG = np.random.default_rng(3)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "uint8"])
def test_values_along_every_axis(dtype):
    x = T.tensor3("x", dtype=dtype)
    outs = []
    for axis in [None, 0, 1, 2, -1]:
        outs += [extra_ops.cumsum(x, axis), extra_ops.cumprod(x, axis)]
    f = theano.function([x], outs)
    value = RNG.integers(1, 4, (2, 3, 4)).astype(dtype)
    got = f(value)
    k = 0
    for axis in [None, 0, 1, 2, -1]:
        for fn in (np.cumsum, np.cumprod):
            expected = fn(value, axis=axis, dtype=dtype)
            assert got[k].dtype == dtype
            np.testing.assert_allclose(got[k], expected, rtol=1e-6)
            k += 1


def test_shapes_dtypes_and_errors():
    x = T.dmatrix("x")
    assert extra_ops.cumsum(x).broadcastable == (False,)
    assert extra_ops.cumsum(x, 1).type == x.type
    assert extra_ops.cumprod(T.bmatrix(), 0).dtype == "int8"
    assert T.cumsum is extra_ops.cumsum and T.cumprod is extra_ops.cumprod
    assert str(extra_ops.cumsum(x, 1).owner.op) == "CumOp{1, add}"
    with pytest.raises(ValueError, match="out of bounds"):
        extra_ops.cumsum(x, 2)
    f = theano.function([x], [extra_ops.cumsum(x, 0), extra_ops.cumprod(x)])
    empty_sum, empty_prod = f(np.zeros((0, 3)))
    assert empty_sum.shape == (0, 3) and empty_prod.shape == (0,)
    s = T.dscalar("s")
    np.testing.assert_array_equal(theano.function([s], extra_ops.cumsum(s))(2.5), [2.5])
    nan = f(np.array([[1.0, np.nan], [2.0, 3.0]]))[0]
    np.testing.assert_array_equal(nan, [[1.0, np.nan], [3.0, np.nan]])


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_gradients(axis):
    value = RNG.uniform(0.5, 2.0, (3, 4))
    verify_grad(lambda v: extra_ops.cumsum(v, axis), [value], rng=RNG)
    verify_grad(lambda v: extra_ops.cumprod(v, axis), [value], rng=RNG)


def test_cumsum_gradient_is_the_reversed_cumsum():
    x = T.dvector("x")
    f = theano.function([x], T.grad((extra_ops.cumsum(x) * np.arange(5.0)).sum(), x))
    np.testing.assert_array_equal(f(np.ones(5)), np.cumsum(np.arange(5.0)[::-1])[::-1])
