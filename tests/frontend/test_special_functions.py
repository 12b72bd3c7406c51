"""T.erf, T.erfc, T.isnan and T.isinf: values at the edges, gradients,
dtypes (integers are never NaN or inf, as in Theano)."""

import math

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

EDGES = [-np.inf, -3.0, -0.5, -0.0, 0.0, 0.5, 3.0, 6.0, np.inf, np.nan]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_values_at_the_edges(dtype):
    x = T.vector("x", dtype=dtype)
    f = theano.function([x], [T.erf(x), T.erfc(x), T.isnan(x), T.isinf(x)])
    value = np.array(EDGES, dtype)
    erf, erfc, isnan, isinf = f(value)
    assert erf.dtype == erfc.dtype == dtype and isnan.dtype == isinf.dtype == bool
    tolerance = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-14}[dtype]
    np.testing.assert_allclose(erf, [math.erf(v) for v in value], rtol=tolerance, equal_nan=True)
    # erfc(6) = 2e-17 is 0 in float16
    np.testing.assert_allclose(erfc, [math.erfc(v) for v in value], rtol=tolerance, atol=1e-7, equal_nan=True)
    np.testing.assert_array_equal(isnan, np.isnan(value))
    np.testing.assert_array_equal(isinf, np.isinf(value))


def test_gradients_are_the_gaussian_density():
    x = T.dvector("x")
    f = theano.function([x], T.grad(T.erf(x).sum(), x))
    g_erfc = theano.function([x], T.grad(T.erfc(x).sum(), x))
    value = np.array([-2.0, 0.0, 0.5, 30.0])
    density = 2 / np.sqrt(np.pi) * np.exp(-(value**2))
    np.testing.assert_allclose(f(value), density, rtol=1e-14)
    np.testing.assert_allclose(g_erfc(value), -density, rtol=1e-14)


def test_integers_are_never_nan_or_inf_and_erf_upgrades_to_float():
    i = T.ivector("i")
    isnan, isinf = theano.function([i], [T.isnan(i), T.isinf(i)])(np.array([1, -2], "int32"))
    assert isnan.dtype == isinf.dtype == bool and not isnan.any() and not isinf.any()
    assert T.erf(i).dtype == "float64" and T.erf(T.bvector()).dtype == "float32"
    assert T.isnan(T.dvector()).dtype == "bool"
