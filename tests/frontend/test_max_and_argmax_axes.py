"""max_and_argmax takes Theano's axis forms (None, an int, a list, NoneConst,
an integer constant) and raises ValueError for an axis out of range, as
Theano's check_and_normalize_axes; the gradient of an integer cost
(argmax(x).sum()) is the constant zero that get_scalar_constant_value finds."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


@pytest.mark.parametrize(
    "axis, np_axis",
    [(-1, -1), (0, 0), (None, None), ([1, 0], None), (T.NoneConst.clone(), None), (T.constant(1), 1)],
)
def test_max_and_argmax_axis_forms(axis, np_axis):
    data = np.random.rand(2, 3)
    n = T.as_tensor_variable(data)
    v, i = theano.function([], T.max_and_argmax(n, axis))()
    assert i.dtype == "int64"
    np.testing.assert_array_equal(v, np.max(data, np_axis))
    np.testing.assert_array_equal(i, np.argmax(data, np_axis))


def test_max_and_argmax_axis_errors():
    n = T.dmatrix()
    for axis in (2, -3, [0, 5]):
        with pytest.raises(ValueError):
            T.max_and_argmax(n, axis)
    with pytest.raises(TypeError):
        T.max_and_argmax(n, T.iscalar())


def test_gradient_of_an_integer_cost_is_constant_zero():
    x = T.matrix()
    gx = T.grad(T.argmax(x, axis=0).sum(), x)
    assert T.get_scalar_constant_value(gx) == 0.0
    np.testing.assert_array_equal(
        theano.function([x], gx)(np.random.rand(2, 3).astype(x.dtype)), np.zeros((2, 3))
    )
    with pytest.raises(T.NotScalarConstantError):
        T.get_scalar_constant_value(T.grad(T.max(x, axis=0).sum(), x))
