"""ProdWithoutZeros (Theano's): the product of the nonzero elements along
the axes, 0 where all of them are zeros; its gradient is not implemented."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import NullTypeGradError
from theano_mlir.tensor.elemwise import ProdWithoutZeros


def _reference(a, axis):
    nonzero = np.where(a == 0, 1, a).prod(axis=axis)
    return np.where((a == 0).all(axis=axis), 0, nonzero)


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32"])
def test_product_of_the_nonzero_elements(axis, dtype):
    x = T.matrix(dtype=dtype)
    a = np.array([[1, 2, 3, 0], [0, 5, 6, 0], [0, 0, 9, 0]], dtype=dtype)
    f = theano.function([x], ProdWithoutZeros(axis=axis)(x))
    np.testing.assert_allclose(f(a), _reference(a, axis))
    np.testing.assert_allclose(f(np.zeros((2, 3), dtype)), _reference(np.zeros((2, 3), dtype), axis))


def test_gradient_is_not_implemented():
    x = T.dmatrix()
    with pytest.raises(NullTypeGradError, match="not implemented"):
        T.grad(T.sum(ProdWithoutZeros(axis=0)(x)), x)
