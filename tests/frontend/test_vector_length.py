"""The length of a vector the graph determines (Theano's get_vector_length):
constant slices of x.shape iterate and reshape to it, as numpy's slices."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

SLICES = [
    slice(2, 4),
    slice(2, None),
    slice(1, 4),
    slice(2, 2),
    slice(1, 5),
    slice(1, 10),
    slice(1, 10, 2),
    slice(-1, 4),
    slice(-6, 4),
    slice(1, -2),
    slice(1, -1),
    slice(None, None, -1),
    slice(3, 0, -2),
]


@pytest.mark.parametrize("s", SLICES, ids=str)
def test_shape_slice_length(s):
    x = theano.shared(np.zeros((2, 3, 4, 5)))
    part = x.shape[s]
    expected = (2, 3, 4, 5)[s]
    assert T.get_vector_length(part) == len(expected)
    entries = list(part)
    assert len(entries) == len(expected)
    if entries:
        assert tuple(theano.function([], entries)()) == expected


def test_unpack_symbolic_shape():
    x = T.tensor4("x")
    a, b = x.shape[:2]
    assert a.eval({x: np.zeros((5, 4, 3, 2))}) == 5
    assert b.eval({x: np.zeros((5, 4, 3, 2))}) == 4


def test_reshape_to_shape_slice():
    x, y = T.tensor3("x"), T.vector("y")
    f = theano.function([x, y], y.reshape(x.shape[1:]))
    out = f(np.zeros((2, 3, 4)), np.arange(12.0))
    np.testing.assert_array_equal(out, np.arange(12.0).reshape(3, 4))


def test_unknown_length():
    with pytest.raises(ValueError):
        T.get_vector_length(T.vector())
    with pytest.raises(TypeError):
        list(T.vector())
    i = T.iscalar()
    with pytest.raises(ValueError):
        T.get_vector_length(T.matrix().shape[i:])
    assert T.get_vector_length(T.TensorType("float64", (True,))()) == 1
