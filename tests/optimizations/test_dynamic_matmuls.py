"""Matmuls in the general kernel (any shapes): theano-vectorize-dynamic-matmuls
makes them calls of a vectorized helper (8-row x two-vector register tiles,
rows one at a time, the columns left over as a plain matmul). The general
kernel runs every call here (no specialization), so each shape below goes
through the tiles and their remainders: rows and columns that do not fill a
tile, K of 0 and 1, empty results."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(11)
TOL = {"float32": dict(rtol=2e-5, atol=2e-5), "float64": dict(rtol=1e-12, atol=1e-12)}
# (M, K, N): full tiles, partial rows/columns, tiny and empty dimensions
SHAPES = [
    (8, 5, 32),
    (16, 40, 64),
    (9, 17, 33),
    (7, 3, 31),
    (1, 1, 1),
    (21, 1, 70),
    (13, 0, 40),
    (0, 4, 35),
    (12, 6, 0),
    (3, 9, 100),
]


def general_kernel_only():
    return theano.config.change_flags(max_specializations=0)


def _operand(shape, transposed, dtype):
    """A value of `shape` as the graph reads it; stored transposed (and
    given to the function as such) when `transposed`."""
    value = RNG.normal(size=shape[::-1] if transposed else shape).astype(dtype)
    return value


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("layout", ["nn", "tn", "nt", "tt"])
def test_dot_any_shape(dtype, layout):
    a, b = T.matrix("a", dtype=dtype), T.matrix("b", dtype=dtype)
    left = a.T if layout[0] == "t" else a
    right = b.T if layout[1] == "t" else b
    with general_kernel_only():
        f = theano.function([a, b], T.dot(left, right))
    for m, k, n in SHAPES:
        va = _operand((m, k), layout[0] == "t", dtype)
        vb = _operand((k, n), layout[1] == "t", dtype)
        expected = (va.T if layout[0] == "t" else va).astype("float64") @ (
            vb.T if layout[1] == "t" else vb
        ).astype("float64")
        result = f(va, vb)
        assert result.shape == (m, n) and result.dtype == dtype
        np.testing.assert_allclose(result, expected, **TOL[dtype], err_msg=f"{layout} {m}x{k}x{n}")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gemm_accumulates_into_c(dtype):
    """c + 0.5 * dot(a, b): the tiles start from C's values (a gemm)."""
    a, b, c = (T.matrix(name, dtype=dtype) for name in "abc")
    with general_kernel_only():
        f = theano.function([a, b, c], c + np.asarray(0.5, dtype) * T.dot(a, b))
    for m, k, n in SHAPES:
        va, vb, vc = (RNG.normal(size=s).astype(dtype) for s in ((m, k), (k, n), (m, n)))
        np.testing.assert_allclose(
            f(va, vb, vc), vc + 0.5 * (va.astype("float64") @ vb), **TOL[dtype], err_msg=f"{m}x{k}x{n}"
        )


def test_nan_and_inf():
    """NaN and inf in the operands are computed as numpy does."""
    a, b = T.matrix("a", dtype="float32"), T.matrix("b", dtype="float32")
    with general_kernel_only():
        f = theano.function([a, b], T.dot(a, b))
    va = RNG.normal(size=(11, 35)).astype("float32")
    vb = RNG.normal(size=(35, 45)).astype("float32")
    va[3, 4], va[5, 7], vb[8, 2] = np.nan, np.inf, -np.inf
    with np.errstate(invalid="ignore"):  # inf - inf
        expected = va.astype("float64") @ vb
    np.testing.assert_allclose(f(va, vb), expected, rtol=2e-5, atol=2e-5)


def test_general_kernel_calls_one_helper_per_layout():
    """Three f32 matmuls of two layouts: two helpers, three calls, no
    matmul left outside them."""
    a, b, c = (T.matrix(name, dtype="float32") for name in "abc")
    f = theano.function([a, b, c], [T.dot(a, b), T.dot(T.dot(a, b), c), T.dot(a, c.T)])
    lowered = f.lowering_stages()["deallocate"]
    main = lowered[lowered.index("func.func @main") :]
    main = main[: main.index("\n  }\n")]
    assert main.count("call @theano_matmul_f32_nn") == 2
    assert main.count("call @theano_matmul_f32_nt") == 1
    assert "linalg.matmul" not in main
    assert lowered.count("func.func private @theano_matmul_") == 2
