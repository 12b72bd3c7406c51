"""TensorConstant.signature() (Theano's): equal for constants of the same
type and value, a NaN matching a NaN; TensorType.values_eq_approx's infs."""

import numpy as np
import pytest

import theano_mlir.tensor as T
from theano_mlir.tensor.type import TensorType

VALUES = [
    [np.nan, np.inf, 0, 1],
    [np.nan, np.inf, -np.inf, 1],
    [0, np.inf, -np.inf, 1],
    [0, 3, -np.inf, 1],
    [0, 3, 4, 1],
    [np.nan, 3, 4, 1],
    np.nan,
    np.inf,
    -np.inf,
    0,
    1,
]


@pytest.mark.parametrize("i", range(len(VALUES)))
def test_signature_equal_only_to_same_value(i):
    for j, other in enumerate(VALUES):
        x, y = T.constant(VALUES[i]), T.constant(other)
        assert (x.signature() == y.signature()) == (i == j)
        if i == j:
            assert hash(x.signature()) == hash(y.signature())


def test_signature_differs_by_dtype_and_shape():
    assert T.constant(np.float32(1)).signature() != T.constant(np.float64(1)).signature()
    assert T.constant([1.0, 1.0]).signature() != T.constant([[1.0, 1.0]]).signature()
    assert T.constant(np.arange(3)).signature() == T.constant(np.arange(3)).signature()


def test_values_eq_approx_inf_matches_only_same_sign():
    a = np.asarray([-np.inf, -1, 0, 1, np.inf, np.nan])
    assert TensorType.values_eq_approx(a, a.copy())
    assert not TensorType.values_eq_approx(a, np.asarray([np.inf, -1, 0, 1, np.inf, np.nan]))
    assert not TensorType.values_eq_approx(a, np.asarray([-np.inf, -1, 0, 1, -np.inf, np.nan]))
    assert TensorType.values_eq_approx(a, np.asarray([np.inf, -1, 0, 1, 5, np.nan]), allow_remove_inf=True)
