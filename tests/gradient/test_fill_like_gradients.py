"""The gradient of a cost with respect to itself (Theano's seed,
fill(cost, 1.0)): 1, in floatX for an integer cost, and a graph that reads
the cost, so a function of it takes the cost as a used input."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


@pytest.mark.parametrize("dtype", ["int32", "int64", "int8"])
def test_grad_of_an_integer_scalar_wrt_itself_is_one(dtype):
    x = T.scalar(dtype=dtype)
    g = T.grad(x, x)
    assert g.dtype == theano.config.floatX
    f = theano.function([x], g)  # x is used: no UnusedInputError
    assert f(12) == np.asarray(1.0, dtype=theano.config.floatX)
    assert g.eval({x: np.asarray(-3, dtype=dtype)}) == 1.0


def test_cost_seed_reads_the_cost():
    x = T.iscalar("x")
    g = T.grad(x, [x])[0]
    assert x in theano.gof.graph.inputs([g])
