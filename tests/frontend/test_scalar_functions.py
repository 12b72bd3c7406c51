"""The rest of Theano's elementwise scalar math: trigonometric and
hyperbolic functions, logarithms and exponentials in other bases, trunc,
deg2rad/rad2deg, and the special functions (gamma, gammaln, psi,
tri_gamma, erfinv, erfcinv, erfcx) against numpy, the math module and
known values, in every float dtype; gradients (verify_grad); dtypes."""

import math

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

FLOATS = ["float16", "float32", "float64"]
TOLERANCE = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-13}
RNG = np.random.default_rng(21)


def _vectorized(fn):
    def apply(x):
        return np.vectorize(fn, otypes=[np.float64])(np.asarray(x, np.float64))

    return apply


def _lgamma(v):
    if v <= 0 and v == math.floor(v):
        return math.inf
    return math.lgamma(v)


def _gamma(v):
    if v == 0:
        return math.copysign(math.inf, v)
    if v < 0 and v == math.floor(v) or v == -math.inf:
        return math.nan
    try:
        return math.gamma(v)
    except OverflowError:
        return math.inf


# name -> (numpy reference, values: any float but those where the function
# is ill-conditioned in float16)
NUMPY = {
    "tan": (np.tan, [-1.2, -0.5, 0.0, 0.3, 1.0]),
    "arcsin": (np.arcsin, [-1.0, -0.5, 0.0, 0.3, 1.0, 2.0, np.nan]),
    "arccos": (np.arccos, [-1.0, -0.5, 0.0, 0.3, 1.0, 2.0]),
    "arctan": (np.arctan, [-np.inf, -3.0, 0.0, 0.3, 1.0, 1e4, np.inf]),
    "sinh": (np.sinh, [-5.0, -0.5, 0.0, 0.3, 1.0, np.inf]),
    "cosh": (np.cosh, [-5.0, -0.5, 0.0, 0.3, 1.0, -np.inf]),
    "arcsinh": (np.arcsinh, [-5.0, -0.5, 0.0, 0.3, 1.0, 1e4]),
    "arccosh": (np.arccosh, [0.5, 1.0, 1.5, 3.0, 1e4, np.inf]),
    "arctanh": (np.arctanh, [-1.0, -0.5, 0.0, 0.3, 0.9, 1.0, 2.0]),
    "log2": (np.log2, [0.0, 0.25, 1.0, 3.0, 1024.0, np.inf, -1.0]),
    "log10": (np.log10, [0.0, 0.001, 1.0, 3.0, 1000.0, np.inf, -1.0]),
    "exp2": (np.exp2, [-np.inf, -10.0, -0.5, 0.0, 1.0, 10.0, 15.0]),
    "deg2rad": (np.deg2rad, [-360.0, -45.0, 0.0, 30.0, 180.0]),
    "rad2deg": (np.rad2deg, [-3.0, -0.5, 0.0, 0.3, 3.0]),
    "trunc": (np.trunc, [-2.5, -0.5, -0.0, 0.0, 0.7, 3.9, np.inf, np.nan]),
    "gammaln": (_vectorized(_lgamma), [-2.5, -1.0, 0.0, 1e-30, 0.5, 1.0, 2.0, 3.5, 20.0, 1e4, np.inf]),
    "gamma": (_vectorized(_gamma), [-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 4.0, 7.5]),
    "erfcx": (_vectorized(lambda v: math.exp(v * v) * math.erfc(v)), [-2.0, -0.5, 0.0, 0.5, 1.0, 3.0, 5.0]),
}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("dtype", FLOATS)
def test_against_numpy_and_math(dtype):
    x = T.vector("x", dtype=dtype)
    names = sorted(NUMPY)
    f = theano.function([x], [getattr(T, name)(x) for name in names])
    values = {name: np.array(NUMPY[name][1], dtype) for name in names}
    # one input per call: each function has its own edges
    for k, name in enumerate(names):
        reference, _ = NUMPY[name]
        got = f(values[name])[k]
        assert got.dtype == dtype, name
        expected = reference(values[name].astype(np.float64)).astype(dtype)
        np.testing.assert_allclose(
            got, expected, rtol=TOLERANCE[dtype], atol=1e-300, equal_nan=True, err_msg=name
        )


def test_gammaln_over_a_wide_range():
    x = T.dvector("x")
    f = theano.function([x], T.gammaln(x))
    value = np.concatenate(
        [np.linspace(-30.3, 30.3, 1001), np.geomspace(1e-300, 1e300, 500), -np.geomspace(1e-200, 1e5, 200)]
    )
    expected = np.array([_lgamma(v) for v in value])
    got = f(value)
    np.testing.assert_allclose(got, expected, rtol=2e-12, atol=5e-15)


def test_arctan2_quadrants_and_signed_zeros():
    y, x = T.dvectors("y", "x")
    f = theano.function([y, x], T.arctan2(y, x))
    ys = np.array([1.0, 1.0, -1.0, -1.0, 0.0, -0.0, 0.0, 0.0, np.inf])
    xs = np.array([1.0, -1.0, -1.0, 1.0, -1.0, -1.0, 0.0, -0.0, np.inf])
    np.testing.assert_array_equal(f(ys, xs), np.arctan2(ys, xs))
    assert T.arctan2(T.ivector(), T.bvector()).dtype == "float64"
    assert T.arctan2(T.fvector(), T.bvector()).dtype == "float32"


GAMMA = 0.57721566490153286061


def _harmonic(n):
    return sum(1.0 / k for k in range(1, n + 1))


@pytest.mark.parametrize("dtype", FLOATS)
def test_psi_and_tri_gamma_known_values(dtype):
    x = T.vector("x", dtype=dtype)
    f = theano.function([x], [T.psi(x), T.tri_gamma(x)])
    value = np.array([1.0, 0.5, 2.0, 10.0, -0.5, 25.0], dtype)
    psi, tri = f(value)
    log2 = math.log(2)
    expected_psi = [
        -GAMMA,
        -GAMMA - 2 * log2,
        1 - GAMMA,
        -GAMMA + _harmonic(9),
        -GAMMA - 2 * log2 + 2,
        -GAMMA + _harmonic(24),
    ]
    pi2 = math.pi**2
    expected_tri = [
        pi2 / 6,
        pi2 / 2,
        pi2 / 6 - 1,
        pi2 / 6 - sum(1 / k**2 for k in range(1, 10)),
        pi2 / 2 + 4,
        pi2 / 6 - sum(1 / k**2 for k in range(1, 25)),
    ]
    np.testing.assert_allclose(
        psi, np.array(expected_psi, dtype), rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype]
    )
    np.testing.assert_allclose(tri, np.array(expected_tri, dtype), rtol=TOLERANCE[dtype])


def test_psi_is_the_derivative_of_gammaln_and_its_recurrence():
    x = T.dvector("x")
    f = theano.function([x], [T.psi(x), T.tri_gamma(x), T.psi(x + 1) - T.psi(x)])
    value = np.concatenate([np.linspace(-20.3, 60.0, 801), np.geomspace(1e-8, 1e8, 50)])
    psi, tri, step = f(value)
    # psi(x + 1) - psi(x) = 1 / x, to psi's rounding
    assert np.all(np.abs(step - 1 / value) <= 1e-13 * np.maximum(1, np.abs(psi)))
    h = 1e-5
    lgamma = np.vectorize(math.lgamma)
    positive = (value > 0.1) & (value < 100)
    numeric = (lgamma(value[positive] + h) - lgamma(value[positive] - h)) / (2 * h)
    np.testing.assert_allclose(psi[positive], numeric, rtol=1e-7, atol=1e-7)
    numeric = (f(value + h)[0] - f(value - h)[0]) / (2 * h)
    np.testing.assert_allclose(tri[positive], numeric[positive], rtol=1e-5)
    edges = f(np.array([0.0, -0.0, -1.0, np.inf, np.nan]))[0]
    np.testing.assert_array_equal(edges, [-np.inf, np.inf, np.nan, np.inf, np.nan])


@pytest.mark.parametrize("dtype", FLOATS)
def test_erfinv_and_erfcinv_invert_erf_and_erfc(dtype):
    x = T.vector("x", dtype=dtype)
    f = theano.function([x], [T.erfinv(x), T.erfcinv(x)])
    finfo = np.finfo(dtype)
    ys = np.concatenate([np.linspace(-0.999, 0.999, 101), [finfo.tiny, 1 - finfo.epsneg, -0.5]]).astype(dtype)
    zs = np.concatenate([np.linspace(0.001, 1.999, 101), [finfo.tiny, float(finfo.epsneg), 1.9]]).astype(
        dtype
    )
    erfinv, _ = f(ys)
    _, erfcinv = f(zs)
    y64, z64 = ys.astype(np.float64), zs.astype(np.float64)
    # the inverse is checked through erf/erfc in float64, in units of the
    # input's rounding: x is right when erf(x) is within a few ulp of y
    back = np.vectorize(math.erf)(erfinv.astype(np.float64))
    density = 2 / math.sqrt(math.pi) * np.exp(-(erfinv.astype(np.float64) ** 2))
    x_error = np.abs(back - y64) / density
    assert np.all(x_error <= 4 * np.spacing(np.abs(erfinv)).astype(np.float64) + 1e-300)
    back = np.vectorize(math.erfc)(erfcinv.astype(np.float64))
    density = 2 / math.sqrt(math.pi) * np.exp(-(erfcinv.astype(np.float64) ** 2))
    x_error = np.abs(back - z64) / density
    assert np.all(x_error <= 4 * np.spacing(np.abs(erfcinv)).astype(np.float64) + 1e-300)
    edges = np.array([-1.0, 1.0, 0.0, -0.0, 2.0, np.nan], dtype)
    np.testing.assert_array_equal(f(edges)[0], np.array([-np.inf, np.inf, 0.0, -0.0, np.nan, np.nan], dtype))
    edges = np.array([0.0, 2.0, 1.0, -0.5, 2.5, np.nan], dtype)
    np.testing.assert_array_equal(
        f(edges)[1], np.array([np.inf, -np.inf, 0.0, np.nan, np.nan, np.nan], dtype)
    )


def test_erfcinv_in_the_far_tail():
    x = T.dvector("x")
    f = theano.function([x], T.erfcinv(x))
    z = np.geomspace(1e-300, 1e-10, 60)
    got = f(z)
    back = np.vectorize(math.erfc)(got)
    np.testing.assert_allclose(back, z, rtol=1e-12)


def test_erfcx_in_the_tail_where_erfc_underflows():
    x = T.dvector("x")
    f = theano.function([x], T.erfcx(x))
    assert abs(f(np.array([26.0]))[0] / (math.exp(26.0**2) * math.erfc(26.0)) - 1) < 1e-13
    value = np.array([30.0, 1e3, 1e10, 1e300, np.inf])
    # erfcx(x) ~ 1 / (x sqrt(pi)) sum_k (-1)^k (2k - 1)!! / (2 x^2)^k
    v = 1 / (2 * value**2)
    series = 1 - v * (1 - 3 * v * (1 - 5 * v * (1 - 7 * v * (1 - 9 * v))))
    np.testing.assert_allclose(f(value), series / (value * math.sqrt(math.pi)), rtol=1e-14)


def test_dtypes_follow_theano():
    for name in sorted(NUMPY) + ["psi", "tri_gamma", "erfinv", "erfcinv", "arctan2"]:
        fn = getattr(T, name)
        args = 2 if name == "arctan2" else 1
        assert fn(*[T.ivector()] * args).dtype == "float64", name
        assert fn(*[T.bvector()] * args).dtype == "float32", name
        assert fn(*[T.fvector()] * args).dtype == "float32", name
    i = T.lvector("i")
    f = theano.function([i], [T.trunc(i), T.log2(i), T.deg2rad(i)])
    trunc, log2, rad = f(np.array([3, 8], "int64"))
    np.testing.assert_array_equal(trunc, [3.0, 8.0])
    np.testing.assert_array_equal(log2, [math.log2(3), 3.0])
    np.testing.assert_allclose(rad, np.deg2rad([3.0, 8.0]))


def _open_unit(*shape):
    return RNG.uniform(-0.9, 0.9, shape)


def _above_one(*shape):
    return RNG.uniform(1.2, 3.0, shape)


def _positive(*shape):
    return RNG.uniform(0.5, 4.0, shape)


def _any(*shape):
    return RNG.standard_normal(shape)


GRADIENTS = {
    "tan": (T.tan, _open_unit),
    "arcsin": (T.arcsin, _open_unit),
    "arccos": (T.arccos, _open_unit),
    "arctan": (T.arctan, _any),
    "sinh": (T.sinh, _any),
    "cosh": (T.cosh, _any),
    "arcsinh": (T.arcsinh, _any),
    "arccosh": (T.arccosh, _above_one),
    "arctanh": (T.arctanh, _open_unit),
    "log2": (T.log2, _positive),
    "log10": (T.log10, _positive),
    "exp2": (T.exp2, _any),
    "deg2rad": (T.deg2rad, _any),
    "rad2deg": (T.rad2deg, _any),
    "gamma": (T.gamma, _positive),
    "gammaln": (T.gammaln, _positive),
    "psi": (T.psi, _positive),
    "erfinv": (T.erfinv, _open_unit),
    "erfcinv": (lambda x: T.erfcinv(x + 1.0), _open_unit),
    "erfcx": (T.erfcx, _any),
}


@pytest.mark.parametrize("name", sorted(GRADIENTS))
def test_gradients(name):
    fn, sample = GRADIENTS[name]
    verify_grad(fn, [sample(2, 3)], rng=RNG)


def test_arctan2_gradient():
    verify_grad(T.arctan2, [_any(2, 3), _positive(2, 3)], rng=RNG)
    verify_grad(T.arctan2, [_any(3), -_positive(3)], rng=RNG)


def test_trunc_and_tri_gamma_pass_no_gradient():
    x = T.dvector("x")
    g = theano.function([x], T.grad(T.trunc(x).sum() + x.sum(), x))
    np.testing.assert_array_equal(g(np.array([0.5, 2.5])), [1.0, 1.0])
