"""A kernel may return a strided view of a buffer it allocated (a slice of
an intermediate, returned as is): the runtime reads results and updates by
their strides, not as if they were contiguous."""

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T


def test_gradient_of_chained_set_subtensor_is_a_slice_of_the_weights():
    # grad(a) is w with its last column zeroed, sliced [:, :3]: a view whose
    # rows are 4 apart (it read w[0, 3] = 0 as the second row's first value)
    a, b, w = T.dmatrix("a"), T.dmatrix("b"), T.dmatrix("w")
    r = T.set_subtensor(T.zeros((2, 4))[:, 0:3], a)
    r = T.set_subtensor(r[:, 3:4], b)
    f = theano.function([a, b, w], T.grad((r * w).sum(), a))
    weights = np.arange(1, 9.0).reshape(2, 4)
    np.testing.assert_array_equal(f(np.ones((2, 3)), np.ones((2, 1)), weights), weights[:, :3])


def test_outputs_and_updates_that_are_strided_views():
    x = T.dmatrix("x")
    s = theano.shared(np.zeros((3, 2)))
    f = theano.function([x], [(x * 2)[:, ::2], (x + 1)[1:, 1:3]], updates=[(s, (x * 3)[:, 1:3])])
    value = np.arange(12.0).reshape(3, 4)
    first, second = f(value)
    np.testing.assert_array_equal(first, (value * 2)[:, ::2])
    np.testing.assert_array_equal(second, (value + 1)[1:, 1:3])
    np.testing.assert_array_equal(s.get_value(), (value * 3)[:, 1:3])
    assert s.get_value(borrow=True).flags.c_contiguous


def test_results_of_many_dimensions():
    # up to numpy 2's 64 dimensions (the runtime's limit was 32: a result of
    # 40 dimensions wrote past its shape array)
    x = T.dscalar()
    for ndim in (33, 40, 64):
        assert x.dimshuffle(("x",) * ndim).eval({x: 3.0}).shape == (1,) * ndim
