"""Theano's linkers (theano.gof.PerformLinker, CLinker, OpWiseCLinker,
DualLinker): `linker.accept(FunctionGraph(i, o)).make_function()` compiles
with theano_mlir's one compiler, whichever class; Theano's call checks, the
single output unpacked, and an input an op destroys (an Elemwise's
inplace_pattern) overwritten with its result, as Theano's linkers leave it."""

from copy import copy

import numpy as np
import pytest

import theano_mlir.tensor as T
from theano_mlir import gof
from theano_mlir.tensor.elemwise import Elemwise, SCALAR_OPS

LINKERS = [gof.PerformLinker, gof.CLinker, gof.OpWiseCLinker, gof.DualLinker]


@pytest.mark.parametrize("linker", LINKERS)
def test_make_function(linker):
    x, y = T.dmatrix("x"), T.drow("y")
    f = copy(linker()).accept(gof.FunctionGraph([x, y], [x + y])).make_function()
    xv, yv = np.ones((3, 2)), np.arange(2.0)[None]
    np.testing.assert_array_equal(f(xv, yv), xv + yv)
    g = linker().accept(gof.FunctionGraph([x, y], [x * y, (x + y).shape])).make_function()
    product, shape = g(xv, yv)
    np.testing.assert_array_equal(product, xv * yv)
    assert tuple(shape) == (3, 2)
    with pytest.raises(TypeError, match="takes exactly 2 arguments"):
        f(xv)
    with pytest.raises(TypeError):  # not broadcastable where y's type is
        f(xv, np.ones((2, 2)))


def test_accept_another_graph_gives_another_linker():
    x = T.dvector("x")
    linker = gof.PerformLinker()
    first = linker.accept(gof.FunctionGraph([x], [x * 2]))
    second = linker.accept(gof.FunctionGraph([x], [x * 3]))
    assert first is linker and second is not linker and isinstance(second, gof.PerformLinker)
    assert second.make_function()(np.array([1.0]))[0] == 3.0


def test_destroyed_input_is_overwritten():
    x, y = T.dmatrix("x"), T.drow("y")
    e = Elemwise(SCALAR_OPS["add"], {0: 0})(x, y)
    f = gof.PerformLinker().accept(gof.FunctionGraph([x, y], [e])).make_function()
    xv, yv = np.ones((2, 3)), np.arange(3.0)[None]
    expected = xv + yv
    np.testing.assert_array_equal(f(xv, yv), expected)
    np.testing.assert_array_equal(xv, expected)
