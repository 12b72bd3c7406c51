"""Theano's call conventions that its own tests use: reduction axes given as
numpy integers or 0-d arrays (alone or in a list), DimShuffle's pattern
checked against the input's broadcastable pattern when built, and
`op(..., return_list=True)`."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.elemwise import DimShuffle


@pytest.mark.parametrize("method", ["sum", "mean", "max", "min", "argmax", "var", "prod"])
def test_reduction_axes_as_numpy_values(method):
    x = T.dmatrix("x")
    value = np.arange(6.0).reshape(2, 3)
    cases = [(np.array(1), 1), (np.int64(0), 0)]
    if method != "argmax":  # numpy's argmax takes one axis
        cases.append(([np.array(0), np.array(1)], (0, 1)))
    for axis, expected in cases:
        f = theano.function([x], getattr(x, method)(axis))
        np.testing.assert_allclose(f(value), getattr(np, method)(value, axis=expected))


def test_dimshuffle_checks_its_pattern_when_built():
    with pytest.raises(ValueError):  # drops a dimension that is not broadcastable
        DimShuffle([False, True, False], ("x", "x"))
    with pytest.raises(ValueError):  # a dimension twice
        DimShuffle([False, True, False], (0, 1, 2, 0))
    with pytest.raises(ValueError):  # a dimension the input lacks
        DimShuffle([False], (0, 1))
    assert DimShuffle([True, True, False], (1, 2))(T.TensorType("float64", (True, True, False))()).ndim == 2


def test_return_list():
    x = T.dvector("x")
    (out,) = T.extra_ops.Unique()(x, return_list=True)
    assert out.ndim == 1
    assert isinstance(T.exp(x, return_list=True), list)
    assert T.exp(x).ndim == 1


def test_variable_fill_and_searchsorted():
    x, v = T.dvector("x"), T.dmatrix("v")
    sorter = T.ivector("sorter")
    a = np.array([3.0, 1.0, 2.0, 5.0])
    b = np.array([[0.5, 2.0], [4.0, 6.0]])
    order = np.argsort(a).astype("int32")
    f = theano.function([x, v, sorter], [x.fill(7.0), x.searchsorted(v, side="right", sorter=sorter)])
    filled, found = f(a, b, order)
    np.testing.assert_array_equal(filled, np.full(4, 7.0))
    np.testing.assert_array_equal(found, a.searchsorted(b, side="right", sorter=order))
    with pytest.raises(ValueError):  # x not a vector, as Theano's as_tensor(x, ndim=1)
        T.extra_ops.searchsorted(v, x)
    with pytest.raises(ValueError):
        T.extra_ops.searchsorted(x, v, sorter=T.imatrix())
