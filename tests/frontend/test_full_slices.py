"""Full slices in an index, as Theano keeps them: x[:] and x[...] are
Subtensor nodes (so inc_subtensor / set_subtensor take them), x[1, ...] is
Subtensor{int64, ::, ::}; the rewrites local_useless_slice and
local_useless_subtensor drop them from the compiled graph. A newaxis with
full slices only is the DimShuffle alone."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.elemwise import DimShuffle
from theano_mlir.tensor.subtensor import Subtensor

A = np.arange(24.0).reshape(2, 3, 4)


def _compiled_ops(f):
    return [node.op for node in f.maker.fgraph.toposort()]


@pytest.mark.parametrize(
    "index, compiled",
    [
        (np.index_exp[...], []),
        (np.index_exp[:], []),
        (np.index_exp[:, :, :], []),
        (np.index_exp[1, ...], ["Subtensor{int64}"]),
        (np.index_exp[1, :, :], ["Subtensor{int64}"]),
        (np.index_exp[..., 1], ["Subtensor{::, ::, int64}"]),
        (np.index_exp[::-1, ...], ["Subtensor{::int64}"]),
    ],
)
def test_full_slices_are_subtensors_that_compile_away(index, compiled):
    x = T.dtensor3("x")
    t = x[index]
    assert isinstance(t.owner.op, Subtensor)
    f = theano.function([x], t)
    assert [str(op) for op in _compiled_ops(f)] == compiled
    np.testing.assert_array_equal(f(A), A[index])
    fast_compile = theano.function([x], t, mode="FAST_COMPILE")
    np.testing.assert_array_equal(fast_compile(A), A[index])


def test_trailing_full_slices_stay_in_the_graph_as_theanos():
    x = T.dtensor3("x")
    assert str(x[1, ...].owner.op) == "Subtensor{int64, ::, ::}"
    assert str(x[1].owner.op) == "Subtensor{int64}"


def test_newaxis_with_full_slices_is_the_dimshuffle():
    x = T.dtensor3("x")
    t = x[np.newaxis, ...]
    assert isinstance(t.owner.op, DimShuffle)
    np.testing.assert_array_equal(theano.function([x], t)(A), A[np.newaxis, ...])
    u = x[np.newaxis, 1]
    assert isinstance(u.owner.op, Subtensor)
    np.testing.assert_array_equal(theano.function([x], u)(A), A[np.newaxis, 1])


@pytest.mark.parametrize("write", [T.set_subtensor, T.inc_subtensor])
def test_writes_into_a_full_slice(write):
    a, increment = T.col("a"), T.vector("inc")
    value = np.array([[1.0], [2.0], [3.0]])
    for base in (a[:], a[...]):
        f = theano.function([a, increment], write(base, increment))
        expected = value.copy()
        if write is T.set_subtensor:
            expected[:] = [5.0]
        else:
            expected[:] += [5.0]
        np.testing.assert_array_equal(f(value, [5.0]), expected)
        for wrong in (np.ones(2), np.ones(3), np.ones(0)):
            with pytest.raises(ValueError):
                f(value, wrong)
