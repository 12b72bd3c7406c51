"""theano.tensor.extra_ops' op classes written as graphs (#21), against numpy."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import extra_ops as E


def test_searchsorted_diff_contiguous():
    x, v = T.dvector(), T.dmatrix()
    a = np.sort(np.random.rand(7))
    b = np.random.rand(3, 4)
    b[0, 0] = a[2]
    s = T.lvector()
    perm = np.random.permutation(7)
    f = theano.function(
        [x, v, s],
        [
            E.searchsorted(x, v),
            E.searchsorted(x, v, side="right"),
            E.searchsorted(x, v, sorter=s),
            E.diff(v),
            E.diff(v, n=2, axis=0),
            E.cpu_contiguous(v),
        ],
    )
    r = f(a, b, np.argsort(a[perm]))
    np.testing.assert_array_equal(r[0], np.searchsorted(a, b))
    np.testing.assert_array_equal(r[1], np.searchsorted(a, b, side="right"))
    np.testing.assert_array_equal(r[2], np.searchsorted(a[perm], b, sorter=np.argsort(a[perm])))
    np.testing.assert_allclose(r[3], np.diff(b))
    np.testing.assert_allclose(r[4], np.diff(b, n=2, axis=0))
    np.testing.assert_array_equal(r[5], b)
    assert isinstance(E.diff(v).owner.op, E.DiffOp)


@pytest.mark.parametrize("m", [0, 1, 2, 5, 8])
def test_bartlett(m):
    M = T.lscalar()
    np.testing.assert_allclose(theano.function([M], E.bartlett(M))(m), np.bartlett(m))


def test_fill_diagonal_and_offset():
    a, val, off = T.dmatrix(), T.dscalar(), T.lscalar()
    t3 = T.dtensor3()
    f = theano.function(
        [a, val, off, t3],
        [E.fill_diagonal(a, val), E.fill_diagonal_offset(a, val, off), E.fill_diagonal(t3, val)],
    )
    for shape, o in [((3, 5), 2), ((5, 3), -1), ((4, 4), 0), ((3, 5), -4)]:
        m = np.random.rand(*shape)
        c = np.random.rand(3, 3, 3)
        r = f(m, 7.0, o, c)
        e = m.copy()
        np.fill_diagonal(e, 7.0)
        np.testing.assert_allclose(r[0], e)
        e = m.copy()
        n = max(min(shape[0] - max(-o, 0), shape[1] - max(o, 0)), 0)
        e[np.arange(n) + max(-o, 0), np.arange(n) + max(o, 0)] = 7.0
        np.testing.assert_allclose(r[1], e)
        np.fill_diagonal(c, 7.0)
        np.testing.assert_allclose(r[2], c)


def test_bincount_unique_compress():
    x = T.lvector()
    w = T.dvector()
    a = np.array([3, 1, 1, 0, 5, 3, 3])
    wv = np.random.rand(7)
    f = theano.function(
        [x, w],
        [
            E.bincount(x),
            E.bincount(x, w, minlength=9),
            *E.Unique(True, True, True)(x),
            E.compress(T.gt(x, 1), w),
        ],
    )
    r = f(a, wv)
    np.testing.assert_array_equal(r[0], np.bincount(a))
    np.testing.assert_allclose(r[1], np.bincount(a, wv, minlength=9))
    for got, want in zip(r[2:6], np.unique(a, True, True, True)):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(r[6], np.compress(a > 1, wv))


def test_ravel_unravel():
    i, j = T.lvector(), T.lvector()
    dims = T.lvector()
    f = theano.function(
        [i, j, dims],
        [
            *E.unravel_index(i, (4, 3)),
            E.ravel_multi_index((i, j), dims),
            E.ravel_multi_index((i, j), dims, mode="wrap", order="F"),
            E.ravel_multi_index((i, j), dims, mode="clip"),
        ],
    )
    a, b, d = np.array([0, 5, 11]), np.array([3, 1, 2]), np.array([4, 3])
    r = f(a, b, d)
    for got, want in zip(r[:2], np.unravel_index(a, (4, 3))):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(r[2], a * 3 + b)  # numpy's 'raise' would raise for b=3
    np.testing.assert_array_equal(r[3], np.ravel_multi_index((a, b), (4, 3), mode="wrap", order="F"))
    np.testing.assert_array_equal(r[4], np.ravel_multi_index((a, b), (4, 3), mode="clip"))
    with pytest.raises(ValueError, match="length of the provided dimension list"):
        E.unravel_index(i, dims)
