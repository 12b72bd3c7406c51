"""Gradients that are a value filled in a variable's shape (Theano's
fill(x, value)): the gradient of a cost with respect to itself is 1 (in
floatX for an integer cost), that of a disconnected input zeros; both are
graphs that read the variable, so a function of it takes it as a used
input, and get_scalar_constant_value folds them."""

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
    assert T.get_scalar_constant_value(g) == 1.0


def test_the_seed_reads_the_cost():
    x = T.iscalar("x")
    g = T.grad(x, [x])[0]
    assert x in theano.gof.graph.inputs([g])


@pytest.mark.parametrize("make", [T.dscalar, T.fscalar, T.iscalar, T.dvector, T.fmatrix])
def test_disconnected_gradient_is_zeros_of_the_input(make):
    a, b = T.dscalar("a"), make("b")
    g = T.grad(1 + a, b, disconnected_inputs="ignore")
    dtype = b.dtype if b.dtype.startswith("float") else theano.config.floatX
    assert g.dtype == dtype and g.broadcastable == b.broadcastable
    f = theano.function([b], g)  # computed from b alone: a is not needed
    shape = {0: (), 1: (6,), 2: (2, 3)}[b.ndim]
    value = np.full(shape, 5, dtype=b.dtype)
    out = f(value)
    np.testing.assert_array_equal(out, np.zeros_like(value, dtype=dtype))
    assert out.dtype == dtype


def test_jacobian_of_a_scalar_wrt_a_disconnected_scalar():
    s1, s2 = T.scalar(), T.scalar()
    j = theano.gradient.jacobian(1 + s1, s2, disconnected_inputs="ignore")
    assert theano.function([s2], j)(np.asarray(1.0, dtype=s2.dtype)) == 0.0
    v1, v2 = T.vector(), T.vector()
    jv = theano.gradient.jacobian(1 + v1, v2, disconnected_inputs="ignore")
    val = np.arange(4.0).astype(v1.dtype)
    np.testing.assert_array_equal(theano.function([v1, v2], jv)(val, val), np.zeros((4, 4)))
