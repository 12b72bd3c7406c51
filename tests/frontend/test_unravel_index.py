"""theano.tensor.extra_ops.unravel_index with `ndim`: the number of index
arrays where the length of `dims` is not known when the graph is built."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.extra_ops import UnravelIndex, unravel_index


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("shape", [(3,), (3, 4), (3, 4, 5)])
def test_unravel_index_of_symbolic_dims_with_ndim(shape, order):
    indices = np.arange(int(np.prod(shape)))[::-1].reshape(-1, 1)
    dims = theano.shared(np.array(shape))
    f = theano.function([], unravel_index(indices, dims, order=order, ndim=len(shape)))
    np.testing.assert_equal(f(), np.unravel_index(indices, shape, order=order))
    g = theano.function([], unravel_index(indices, shape, order=order))  # known length: no ndim
    np.testing.assert_equal(g(), np.unravel_index(indices, shape, order=order))


def test_unravel_index_errors():
    with pytest.raises(ValueError, match="ndim"):
        unravel_index(T.ivector(), T.ivector())  # the length of dims is unknown
    with pytest.raises(ValueError):
        unravel_index((3, 4), (3, 3), ndim=5.4)
    with pytest.raises(ValueError):
        UnravelIndex(ndim=0)
    with pytest.raises(TypeError):
        unravel_index(T.fvector(), (3, 4))
