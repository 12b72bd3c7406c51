"""Theano's Dot op (tensor.basic._dot) takes vectors and matrices only: any
other rank is Theano's TypeError (theano.tensor.dot handles the others)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor.basic import _dot


def test_dot_op_ranks():
    ranked = [T.scalar(), T.vector(), T.matrix(), T.tensor3()]
    for i, a in enumerate(ranked):
        for j, b in enumerate(ranked):
            if i in (1, 2) and j in (1, 2):
                assert _dot(a, b).ndim == (i == 2) + (j == 2)
            else:
                with pytest.raises(TypeError, match="ndim of 1 or 2"):
                    _dot(a, b)
    x, y = T.dmatrix(), T.dvector()
    xv, yv = np.random.rand(3, 4), np.random.rand(4)
    np.testing.assert_allclose(theano.function([x, y], _dot(x, y))(xv, yv), xv.dot(yv))
    assert T.dot(T.tensor3(), T.matrix()).ndim == 3
