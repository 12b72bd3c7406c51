"""Theano's type rules for updates and givens (#21): a value given as an
update becomes a constant of the shared variable's type where that keeps it
(a TypeError otherwise); an update expression must have the shared
variable's type, broadcastable pattern included; with rebuild_strict=False a
given may have another type, the graph rebuilt on it."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


def test_value_update_takes_the_shared_type():
    x = theano.shared(0)
    theano.function([], [], updates={x: 3})()
    assert x.get_value() == 3 and x.get_value().dtype == np.int64
    v = theano.shared(np.zeros(2, dtype="float32"))
    theano.function([], [], updates={v: np.array([0.5, 2.0])})()
    np.testing.assert_array_equal(v.get_value(), [0.5, 2.0])
    assert v.get_value().dtype == np.float32


@pytest.mark.parametrize("value", [3.5, np.array([1, 2]), 2**70])
def test_value_update_that_would_change_raises(value):
    x = theano.shared(0)
    with pytest.raises(TypeError, match="same type"):
        theano.function([], [], updates={x: value})


def test_update_of_another_broadcastable_pattern_raises():
    output = theano.shared(np.ones((3, 3), dtype="float32"))
    with pytest.raises(TypeError, match="same type"):
        theano.function([], [], updates={output: output.sum().dimshuffle("x", "x")})


def test_givens_of_another_type_with_rebuild_strict_false():
    w = T.imatrix()
    x, y = T.ivectors("x", "y")
    f = theano.function([w, y], x * y, givens=[(x, w)], rebuild_strict=False)
    result = f(np.ones((3, 5), dtype="int32"), np.arange(5, dtype="int32"))
    np.testing.assert_array_equal(result, np.ones((3, 5)) * np.arange(5))
    with pytest.raises(TypeError, match="Cannot convert Type"):
        theano.function([w, y], x * y, givens=[(x, w)])
