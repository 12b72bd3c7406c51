"""A variable's truth value (Theano's: true, except a comparison operator's
result) and mgrid / ogrid with symbolic slice bounds, against numpy."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T


def test_variables_are_true():
    x = T.vector()
    assert bool(x)
    assert (x or 0) is x
    assert bool(x + 1) and bool(T.lt(x, 1))


@pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_comparison_results_have_no_truth_value(op):
    a, b = T.scalar(), T.scalar()
    with pytest.raises(TypeError, match="boolean"):
        bool(getattr(a, op)(b))
    with pytest.raises(TypeError):
        a < b < 3  # Python: (a < b) and (b < 3)


def test_mgrid_ogrid_symbolic_bounds():
    i, j, k = T.dscalars("i", "j", "k")
    p, m, n = T.iscalars("p", "m", "n")
    ff = theano.function([i, j, k], T.mgrid[i:1:0.1, 1:j:1.0, 10:100:k])
    fi = theano.function([p, m, n], T.mgrid[p:2:1, 1:m:1, 10:100:n])
    for expected, got in zip(
        (np.mgrid[0:1:0.1, 1:10:1.0, 10:100:10.0], np.mgrid[0:2:1, 1:10:1, 10:100:10]),
        (ff(0, 10, 10.0), fi(0, 10, 10)),
    ):
        for e, g in zip(expected, got):
            np.testing.assert_allclose(g, e)
    fo = theano.function([p, m, n], T.ogrid[p:2:1, 1:m:1, 10:100:n])
    for e, g in zip(np.ogrid[0:2:1, 1:10:1, 10:100:10], fo(0, 10, 10)):
        assert g.shape == e.shape
        np.testing.assert_array_equal(g, e)
