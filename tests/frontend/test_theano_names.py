"""Theano's module layout and top-level names that real programs import:
theano.gof (Variable, Apply, graph.inputs), theano.Variable,
theano.tensor.Variable, theano.dot, theano.change_flags."""

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir import gof
from theano_mlir.gof import graph


def test_gof_holds_the_graph_classes():
    x = T.dvector("x")
    assert isinstance(x, gof.Variable) and isinstance(x, theano.Variable) and isinstance(x, T.Variable)
    assert isinstance((x + 1).owner, gof.Apply)
    assert theano.gof is gof


def test_graph_inputs_are_the_ownerless_variables_depth_first_as_theano():
    x, y = T.dvectors("x", "y")
    two = T.constant(2.0)
    z = x * two + y
    assert graph.inputs([z]) == [x, two, y]
    hidden = x * two
    assert graph.inputs([hidden + y], blockers=[hidden]) == [y]
    assert graph.ancestors([hidden])[0] is hidden


def test_dot_and_change_flags_at_the_top():
    a, b = T.dmatrices("a", "b")
    f = theano.function([a, b], theano.dot(a, b))
    value = np.arange(4.0).reshape(2, 2)
    np.testing.assert_array_equal(f(value, value), value @ value)
    with theano.change_flags(floatX="float32"):
        assert T.vector().dtype == "float32"
    assert T.vector().dtype == "float64"
