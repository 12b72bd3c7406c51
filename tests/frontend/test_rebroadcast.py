"""addbroadcast / unbroadcast / patternbroadcast are Theano's Rebroadcast
nodes, simplified as Theano's apply_rebroadcast_opt: none where nothing
changes, consecutive ones fused; a dimension made broadcastable must have
size 1 when the function runs."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


def test_nothing_changed_is_the_input():
    x = T.matrix()
    assert T.unbroadcast(x, 0) is x and T.unbroadcast(x, 0, 1) is x
    assert T.unbroadcast(T.addbroadcast(x, 0), 0) is x
    r = T.row()
    assert T.addbroadcast(r, 0) is r and T.unbroadcast(r, 1) is r
    assert T.patternbroadcast(T.scalar(), ()).ndim == 0


def test_rebroadcast_nodes_and_fusion():
    x = T.matrix()
    y = T.addbroadcast(x, 1, 0)
    assert isinstance(y.owner.op, T.Rebroadcast) and y.owner.inputs[0] is x
    assert y.broadcastable == (True, True)
    b = T.TensorType("float64", (True, True))()
    z = T.unbroadcast(T.unbroadcast(b, 1), 0)
    assert z.owner.inputs[0] is b and z.broadcastable == (False, False)
    assert T.addbroadcast(T.unbroadcast(b, 1), 0).owner.inputs[0] is b
    assert T.addbroadcast(T.unbroadcast(b, 0), 0) is b


def test_bad_axes():
    with pytest.raises(ValueError):
        T.addbroadcast(T.matrix(), 2)
    with pytest.raises(ValueError):
        T.Rebroadcast((2, True))(T.matrix())


def test_values_and_checks():
    x = T.matrix()
    f = theano.function([x], T.addbroadcast(x, 0) + np.ones((2, 3)))
    np.testing.assert_array_equal(f(np.full((1, 3), 2.0)), np.full((2, 3), 3.0))
    with pytest.raises(ValueError):
        f(np.ones((2, 3)))
    g = theano.function([x], theano.grad(T.addbroadcast(x, 0).sum() * 2, x))
    np.testing.assert_array_equal(g(np.ones((1, 3))), np.full((1, 3), 2.0))
    shape = theano.function([x], T.addbroadcast(x, 0).shape)
    assert tuple(shape(np.ones((1, 4)))) == (1, 4)
