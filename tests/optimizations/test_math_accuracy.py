"""Accuracy of the f32 math functions that FAST_RUN computes as polynomials
(`theano-approximate-math`) instead of libm calls, against numpy in float64
rounded to float32, over the whole float32 range: random bit patterns (so
every exponent, denormals included), inf, -inf, NaN, +-0 and the edges of
the ranges. The bounds, in units in the last place of the float32 result,
are what the README documents."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

#: function -> (theano_mlir, float64 reference, max ulp measured on this sample)
FUNCTIONS = {
    "exp": (T.exp, np.exp, 4.7),
    "log": (T.log, np.log, 1.1),
    "tanh": (T.tanh, np.tanh, 4.1),
    "log1p": (T.log1p, np.log1p, 2.2),
    "expm1": (T.expm1, np.expm1, 4.7),
}
BOUND_MARGIN = 1.0  # ulp of headroom over the measured maximum

EDGES = np.array(
    [
        0.0,
        -0.0,
        np.inf,
        -np.inf,
        np.nan,
        1e-45,
        -1e-45,
        1.1754942e-38,
        1.17549435e-38,
        3.4028235e38,
        -3.4028235e38,
        1.0,
        -1.0,
        0.5,
        88.72,
        88.73,
        89.0,
        -87.33,
        -87.34,
        -103.9,
        -104.0,
        -1e-8,
        1e-8,
        9.0,
        -9.0,
        7.9,
        -1.0 + 1e-7,
        2.0**-24,
    ],
    dtype=np.float32,
)


def _inputs():
    rng = np.random.default_rng(2024)
    bits = rng.integers(0, 2**32, size=1_000_000, dtype=np.uint64).astype(np.uint32)
    dense = rng.uniform(-20, 20, size=200_000).astype(np.float32)  # where most values live
    return np.concatenate([bits.view(np.float32), dense, EDGES])


def _ulp_errors(got, reference):
    with np.errstate(over="ignore"):
        expected = reference.astype(np.float32)
    equal = (got == expected) | (np.isnan(got) & np.isnan(expected))
    spacing = np.spacing(np.abs(expected), dtype=np.float32).astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(got.astype(np.float64) - reference) / np.where(np.isfinite(spacing), spacing, np.inf)
    return np.where(equal, 0.0, np.where(np.isnan(error), np.inf, error))


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_polynomial_math_is_within_its_ulp_bound(name):
    function, reference, measured = FUNCTIONS[name]
    x = T.fvector("x")
    f = theano.function([x], function(x))
    assert f.lowering_stages()["to-llvm"].count("llvm.call @" + name + "f") == 0  # no libm call
    values = _inputs()
    with np.errstate(all="ignore"):
        expected = reference(values.astype(np.float64))
    got = f(values)
    errors = _ulp_errors(got, expected)
    worst = int(np.argmax(errors))
    assert errors[worst] <= measured + BOUND_MARGIN, (
        f"{name}({values[worst]!r}) = {got[worst]!r}, numpy {expected[worst]!r}: {errors[worst]:.3g} ulp"
    )
    # Special values exactly as numpy gives them.
    special = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0], dtype=np.float32)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(f(special), reference(special.astype(np.float64)).astype(np.float32))


def test_libm_is_used_where_no_approximation_is_accurate():
    x = T.fvector("x")
    lowered = theano.function([x], T.sin(x) + T.cos(x)).lowering_stages()["to-llvm"]
    assert "@sinf" in lowered and "@cosf" in lowered
    big = np.array([1e30, -6.9605146e28, 3.0], dtype=np.float32)
    np.testing.assert_allclose(theano.function([x], T.sin(x))(big), np.sin(big), rtol=1e-6)


def test_float64_keeps_libm():
    x = T.dvector("x")
    lowered = theano.function([x], T.exp(x)).lowering_stages()["to-llvm"]
    assert "@exp" in lowered or "llvm.intr.exp" in lowered
