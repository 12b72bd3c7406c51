"""The graph: printing as Theano prints, types, toposort, clone, config."""

import subprocess
import sys

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.graph import graph_inputs, toposort


def test_printing_matches_theano():
    x, y = T.dvector("x"), T.dvector("y")
    assert str(x + 1) == "Elemwise{add,no_inplace}.0"
    assert str((x + y).type) == "TensorType(float64, vector)"
    assert str(T.matrix().type) == "TensorType(float64, matrix)"
    assert str(T.row().type) == "TensorType(float64, row)"
    assert str(T.tensor3().type) == "TensorType(float64, 3D)"
    assert str(T.dvector()) == "<TensorType(float64, vector)>"
    assert str(T.constant(2)) == "TensorConstant{2}"
    assert str(T.constant(np.array([1.0, 2.0]))) == "TensorConstant{[1. 2.]}"
    assert str(x.dimshuffle("x", 0)) == "InplaceDimShuffle{x,0}.0"
    assert str(x.sum()) == "Sum{acc_dtype=float64}.0"
    assert str(T.matrix().sum(axis=0)) == "Sum{axis=[0], acc_dtype=float64}.0"
    assert str(T.cast(x, "float32")) == "Elemwise{Cast{float32}}.0"
    assert str(T.dot(x, y)) == "dot.0"
    assert str(x.reshape((2, -1))) == "Reshape{2}.0"
    assert str(x.max()) == "max"
    assert str(x.mean()) == "mean"
    assert str((x + y).owner) == "Elemwise{add,no_inplace}(x, y)"
    assert str(T.matrix("m").T) == "m.T"


def test_constructors_and_types():
    for name, dtype, ndim in [
        ("scalar", "float64", 0),
        ("fvector", "float32", 1),
        ("imatrix", "int32", 2),
        ("lscalar", "int64", 0),
        ("btensor3", "int8", 3),
        ("wrow", "int16", 2),
        ("dcol", "float64", 2),
        ("tensor4", "float64", 4),
    ]:
        v = getattr(T, name)("v")
        assert (v.dtype, v.ndim, v.name) == (dtype, ndim, "v")
    assert T.row().broadcastable == (True, False)
    assert T.col().broadcastable == (False, True)
    assert T.vector(dtype="int16").dtype == "int16"
    v = T.TensorType("uint8", (False, True))("u")
    assert (v.dtype, v.broadcastable) == ("uint8", (False, True))
    with pytest.raises(TypeError):
        T.TensorType("object", ())
    assert T.TensorType("complex64", ()).dtype == "complex64"  # graphs only: the compiler refuses it


def test_broadcasting_at_graph_build_time_matches_theano():
    assert (T.matrix() + T.vector()).broadcastable == (False, False)
    assert (T.row() + T.col()).broadcastable == (False, False)
    assert (T.tensor3() + T.row()).broadcastable == (False, False, False)
    assert (T.row() + T.row()).broadcastable == (True, False)
    with pytest.raises(ValueError, match="non-broadcastable"):
        T.matrix().dimshuffle(0)


def test_toposort_inputs_and_clone():
    x, y = T.dvector("x"), T.dvector("y")
    z = T.exp(x + y) * x
    nodes = toposort([z])
    assert [str(n.op) for n in nodes] == [
        "Elemwise{add,no_inplace}",
        "Elemwise{exp,no_inplace}",
        "Elemwise{mul,no_inplace}",
    ]
    assert graph_inputs([z]) == [x, y]
    w = T.dvector("w")
    (cloned,) = theano.clone([z], replace={y: w})
    assert graph_inputs([cloned]) == [x, w]
    f = theano.function([x, w], cloned)
    np.testing.assert_allclose(f([1.0], [2.0]), np.exp([3.0]) * 1.0)


def test_config_flags_from_the_environment():
    code = (
        "import theano_mlir as theano, theano_mlir.tensor as T; "
        "assert theano.config.floatX == 'float32'; assert T.scalar().dtype == 'float32'"
    )
    env = dict(__import__("os").environ, THEANO_MLIR_FLAGS="floatX=float32")
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    with pytest.raises(ValueError):
        theano.config.floatX = "float128"
    with pytest.raises(AttributeError):
        theano.config.no_such_flag = 1
