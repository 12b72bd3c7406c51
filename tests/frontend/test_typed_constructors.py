"""T.lscalar, T.dmatrix, ... are TensorType instances, as in Theano (#21):
types compare equal to them, calling one makes a variable."""

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import TensorType


def test_fixed_dtype_constructors_are_types():
    assert isinstance(T.lscalar, TensorType) and T.lscalar == TensorType("int64", ())
    assert theano.shared(7).type == T.lscalar
    assert theano.shared(np.float32(7)).type == T.fscalar
    assert theano.shared(np.zeros((2, 3))).type == T.dmatrix
    x = T.dmatrix("x")
    assert x.name == "x" and x.type == T.dmatrix and T.drow().broadcastable == (True, False)


def test_plurals_of_types():
    x, y = T.dscalars("xy")
    assert (x.name, y.name) == ("x", "y") and x.type == T.dscalar
    assert len(T.fvectors(3)) == 3 and T.imatrices("m").type == T.imatrix
    a, b = T.scalars("ab", dtype="int32")
    assert a.dtype == "int32"
