"""Indices and slice bounds given as Python or numpy integers are int64s,
as in Theano: one that int64 cannot hold is Theano's TypeError."""

import numpy as np
import pytest

import theano_mlir as theano


@pytest.mark.parametrize(
    "index",
    [
        lambda n: n[: 2**63],
        lambda n: n[2**63],
        lambda n: n[-(2**63) - 1 :],
        lambda n: n[np.uint64(2**63)],
        lambda n: n[1, : 2**64],
    ],
)
def test_an_index_beyond_int64_is_a_type_error(index):
    n = theano.shared(np.arange(12.0).reshape(4, 3))
    with pytest.raises(TypeError, match="to int64"):
        index(n)


def test_large_indices_within_int64_still_index():
    value = np.arange(12.0).reshape(4, 3)
    n = theano.shared(value)
    np.testing.assert_array_equal(n[2**62 :].eval(), value[2**62 :])
    np.testing.assert_array_equal(n[: 2**63 - 1, np.int64(1)].eval(), value[:, 1])
    np.testing.assert_array_equal(n[np.uint8(3)].eval(), value[3])
