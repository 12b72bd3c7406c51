"""GEMM: products with their epilogues compute as numpy does, write shared
updates in place, and check shapes before anything is written."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(11)
TOL = {"float32": dict(rtol=2e-5, atol=1e-5), "float64": dict(rtol=1e-12, atol=1e-12)}


def _optimized(f):
    return f.lowering_stages()["optimize"]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gemm_forms_match_numpy(dtype):
    a, b, c = T.matrix("a", dtype=dtype), T.matrix("b", dtype=dtype), T.matrix("c", dtype=dtype)
    row, col = T.vector("row", dtype=dtype), T.col("col", dtype=dtype)
    outputs = [
        T.dot(a, b) + row,  # bias over rows
        col + T.dot(a, b),  # bias over columns
        c - 0.25 * T.dot(a, b),  # an SGD-style update
        T.dot(a, b) - c,  # beta = -1
        T.dot(a, b) * 3.0,  # alpha only
        -(T.dot(a, b) + c) * 0.5,  # scaled and negated
        T.dot(a.T, c.T.T) + row,  # transposed operand
    ]
    f = theano.function([a, b, c, row, col], outputs)
    assert _optimized(f).count("theano.gemm") == len(outputs)
    va, vb = RNG.normal(size=(4, 6)).astype(dtype), RNG.normal(size=(6, 3)).astype(dtype)
    vc, vrow, vcol = (
        RNG.normal(size=(4, 3)).astype(dtype),
        RNG.normal(size=3).astype(dtype),
        RNG.normal(size=(4, 1)).astype(dtype),
    )
    p = va @ vb
    expected = [p + vrow, vcol + p, vc - 0.25 * p, p - vc, p * 3, -(p + vc) * 0.5, va.T @ vc + vrow]
    results = f(va, vb, vc, vrow, vcol)
    for r, e in zip(results, expected):
        assert r.dtype == dtype
        np.testing.assert_allclose(r, e, **TOL[dtype])


def test_runtime_learning_rate_update_is_one_gemm_written_in_place():
    x, g = T.matrix("x"), T.matrix("g")
    w = theano.shared(RNG.normal(size=(5, 3)), "w")
    lr = theano.shared(np.float64(0.1), "lr")
    f = theano.function([x, g], [], updates=[(w, w - lr * T.dot(x.T, g))])
    ir = _optimized(f)
    assert ir.count("theano.gemm") == 1 and "theano.dot" not in ir
    assert [f._shared[i] for i in f._kernel.in_place] == [w]
    vx, vg = RNG.normal(size=(7, 5)), RNG.normal(size=(7, 3))
    before = w.get_value()
    f(vx, vg)
    np.testing.assert_allclose(w.get_value(), before - 0.1 * vx.T @ vg, rtol=1e-12)
    lr.set_value(np.float64(-1.0))
    f(vx, vg)
    np.testing.assert_allclose(w.get_value(), before - 0.1 * vx.T @ vg + vx.T @ vg, rtol=1e-12)


def test_shape_errors_name_the_node_and_leave_shared_values_alone():
    x, g = T.matrix("x"), T.matrix("g")
    b = T.vector("b")
    w = theano.shared(RNG.normal(size=(5, 3)), "w")
    f = theano.function([x, g, b], T.dot(g, w.T) + b, updates=[(w, w - 0.1 * T.dot(x.T, g))])
    before = w.get_value()
    with pytest.raises(
        ValueError,
        match=r"Elemwise\{add,no_inplace\}\(dot.0, InplaceDimShuffle\{x,0\}.0\): "
        r"Input dimension mis-match. \(c.shape\[1\] = 4, dot\(a, b\).shape\[1\] = 5\)",
    ):
        f(np.ones((7, 5)), np.ones((7, 3)), np.ones(4))
    with pytest.raises(ValueError, match="shapes not aligned"):
        f(np.ones((6, 5)), np.ones((7, 3)), np.ones(5))
    with pytest.raises(ValueError, match=r"c.shape\[0\] = 5, dot\(a, b\).shape\[0\] = 4"):
        f(np.ones((7, 4)), np.ones((7, 3)), np.ones(5))
    np.testing.assert_array_equal(w.get_value(), before)
    out = f(np.ones((7, 5)), np.ones((7, 3)), np.ones(5))
    np.testing.assert_allclose(out, np.ones((7, 3)) @ before.T + 1, rtol=1e-12)


def test_nan_and_inf_flow_through_as_in_numpy():
    a, b, r = T.matrix("a"), T.matrix("b"), T.vector("r")
    f = theano.function([a, b, r], T.dot(a, b) * 2.0 + r)
    va = np.array([[1.0, np.nan], [2.0, 3.0]])
    vb = np.array([[1.0, 0.0], [np.inf, 1.0]])
    vr = np.array([-np.inf, 1.0])
    with np.errstate(invalid="ignore"):
        expected = (va @ vb) * 2.0 + vr
    np.testing.assert_array_equal(f(va, vb, vr), expected)


def test_empty_inner_dimension_gives_the_epilogue_alone():
    a, b, c = T.matrix("a"), T.matrix("b"), T.matrix("c")
    f = theano.function([a, b, c], c - 2.0 * T.dot(a, b))
    vc = RNG.normal(size=(3, 2))
    np.testing.assert_array_equal(f(np.zeros((3, 0)), np.zeros((0, 2)), vc), vc)
