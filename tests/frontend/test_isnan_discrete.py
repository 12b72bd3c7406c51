"""T.isnan / T.isinf of bool and integer tensors are an allocated False
(Theano's), the elementwise ops isnan_ / isinf_ compute for any dtype."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.elemwise import Elemwise


@pytest.mark.parametrize("fn_name", ["isnan", "isinf"])
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool"])
def test_isnan_isinf(fn_name, dtype):
    x = T.matrix(dtype=dtype)
    y = getattr(T, fn_name)(x)
    assert y.dtype == "bool"
    assert isinstance(y.owner.op, Elemwise) == (dtype == "float64")
    value = np.asarray([[0, 1, 2], [3, 4, 5]]).astype(dtype)
    if dtype == "float64":
        value[0, 1], value[1, 2] = np.nan, -np.inf
    f = theano.function([x], y)
    expected = getattr(np, fn_name)(value)
    out = f(value)
    assert out.dtype == np.bool_ and out.shape == value.shape
    np.testing.assert_array_equal(out, expected)
    g = theano.function([x], getattr(T, fn_name + "_")(x))
    assert isinstance(getattr(T, fn_name + "_")(x).owner.op, Elemwise)
    np.testing.assert_array_equal(g(value), expected)
