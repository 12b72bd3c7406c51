"""Theano's Bessel functions (j0, j1, jv, i0, i1, iv) and chi2sf against a
table of scipy.special / scipy.stats values computed once (scipy is not
needed here), in every float dtype; gradients (verify_grad); dtypes."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gradient import verify_grad

FLOATS = ["float16", "float32", "float64"]
# relative and absolute (J is near zero at its zeros) tolerances
TOLERANCE = {"float16": (3e-3, 2e-3), "float32": (3e-6, 2e-6), "float64": (1e-11, 1e-11)}
RNG = np.random.default_rng(21)

# scipy 1.17: scipy.special.j0, j1, i0, i1, jv, iv; scipy.stats.chi2.sf
UNARY_X = [
    -10.0,
    -7.5,
    -2.0,
    -0.3,
    0.0,
    1e-05,
    0.5,
    1.0,
    2.404825557695773,
    3.0,
    7.25,
    9.9,
    13.9,
    14.1,
    20.0,
    29.5,
    30.5,
    45.0,
]
J0 = [
    -0.24593576445134832,
    0.2663396578803784,
    0.22389077914123562,
    0.9776262465382961,
    1.0,
    0.9999999999750001,
    0.938469807240813,
    0.7651976865579665,
    -9.586882554916807e-17,
    -0.2600519549019335,
    0.29199692419177903,
    -0.24034110553476037,
    0.18357985545786953,
    0.1569528770326011,
    0.16702466434058322,
    -0.13314785829839826,
    -0.019389754517762273,
    0.11581867067325627,
]
J1 = [
    -0.04347274616886141,
    -0.13524842757970554,
    -0.5767248077568734,
    -0.148318816273104,
    0.0,
    4.9999999999375e-06,
    0.24226845767487387,
    0.44005058574493355,
    0.5191474972894666,
    0.33905895852593654,
    0.0685817006531318,
    0.06836983228369202,
    0.11652489036905626,
    0.14878435129739373,
    0.0668331241758502,
    -0.06430437809919252,
    -0.14349430015097098,
    0.02834885437642464,
]
I0 = [
    2815.716628466254,
    268.1613115151893,
    2.279585302336067,
    1.0226268793515974,
    1.0,
    1.0000000000249996,
    1.0634833707413234,
    1.2660658777520082,
    3.060370774996475,
    4.880792585865024,
    212.55834116279757,
    2560.963353256044,
    117531.3984552062,
    142511.7805196682,
    43558282.559553534,
    478144163888.0398,
    1278062138712.5664,
    2.0834140751773143e18,
]
I1 = [
    -2670.988303701255,
    -249.58436542268802,
    -1.5906368546373295,
    -0.15169384000359282,
    0.0,
    5.000000000062499e-06,
    0.25789430539089636,
    0.5651591039924851,
    2.308238743376771,
    3.9533702174026093,
    197.30156586563817,
    2427.9583129509456,
    113221.41207279281,
    137361.38071316376,
    42454973.385127775,
    469968885416.2772,
    1256932623308.4714,
    2.060133462081577e18,
]
BINARY_VX = [
    (0.0, 1.0),
    (1.0, 2.5),
    (2.0, -3.0),
    (-3.0, 4.0),
    (-2.0, 0.0),
    (0.5, 0.25),
    (-0.5, 2.0),
    (2.7, 8.0),
    (-3.3, 5.5),
    (4.9, 9.5),
    (1.5, 16.0),
    (3.0, 25.0),
    (-4.0, -6.0),
    (0.5, 35.0),
    (2.5, 0.0),
    (-1.5, 3.0),
]
JV = [
    0.7651976865579666,
    0.4970941024642741,
    0.4860912605858912,
    -0.43017147387562193,
    0.0,
    0.3947995987413706,
    -0.2347857104062486,
    -0.27951355039658327,
    -0.0454885860162236,
    -0.18329353956585612,
    0.18743615328645602,
    0.10834308106150892,
    0.35764159478096064,
    -0.057747757589458854,
    0.0,
    0.08700809072083532,
]
IV = [
    1.2660658777520084,
    2.5167162452887006,
    2.2452124409299516,
    3.337275778420344,
    0.0,
    0.4031109348997593,
    2.1225916201776385,
    263.90199773028104,
    14.862582655121079,
    476.4224260519488,
    830869.9675665522,
    4806356106.506536,
    16.636554417800696,
    106950522408567.56,
    0.0,
    3.0689036507871,
]
CHI2_XK = [
    (0.0, 1.0),
    (0.5, 1.0),
    (1.0, 1.0),
    (3.0, 2.0),
    (9.0, 1.0),
    (2.0, 5.0),
    (7.5, 3.0),
    (20.0, 10.0),
    (1.0, 30.0),
    (100.0, 80.0),
    (-1.0, 2.0),
    (60.0, 4.0),
]
CHI2SF = [
    1.0,
    0.47950012218695337,
    0.31731050786291115,
    0.22313016014842982,
    0.0026997960632601883,
    0.8491450360846096,
    0.0575584519726364,
    0.029252688076961124,
    1.0,
    0.064570368921133,
    1.0,
    2.9008631203404573e-12,
]


@pytest.mark.parametrize("dtype", FLOATS)
def test_j0_j1_i0_i1_against_scipy(dtype):
    x = T.vector("x", dtype=dtype)
    f = theano.function([x], [T.j0(x), T.j1(x), T.i0(x), T.i1(x)])
    value = np.array(UNARY_X, dtype)
    # float16 is compared where its inputs and results are exact enough:
    # inputs it holds exactly, results below its overflow
    exact = (
        value.astype(np.float64) == np.array(UNARY_X) if dtype == "float16" else np.full(len(UNARY_X), True)
    )
    rtol, atol = TOLERANCE[dtype]
    for got, expected, name in zip(f(value), [J0, J1, I0, I1], ["j0", "j1", "i0", "i1"]):
        assert got.dtype == dtype, name
        expected = np.array(expected)
        keep = exact & (np.abs(expected) < np.finfo(dtype).max / 2)
        np.testing.assert_allclose(got[keep], expected[keep], rtol=rtol, atol=atol, err_msg=name)


def test_edges():
    x = T.dvector("x")
    f = theano.function([x], [T.j0(x), T.j1(x), T.i0(x), T.i1(x)])
    j0, j1, i0, i1 = f(np.array([np.inf, -np.inf, np.nan]))
    np.testing.assert_array_equal(j0, [0.0, 0.0, np.nan])
    np.testing.assert_array_equal(j1, [0.0, 0.0, np.nan])
    np.testing.assert_array_equal(i0, [np.inf, np.inf, np.nan])
    np.testing.assert_array_equal(i1, [np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_jv_iv_against_scipy(dtype):
    v, x = T.fvectors("v", "x") if dtype == "float32" else T.dvectors("v", "x")
    f = theano.function([v, x], [T.jv(v, x), T.iv(v, x)])
    orders = np.array([p[0] for p in BINARY_VX], dtype)
    args = np.array([p[1] for p in BINARY_VX], dtype)
    jv, iv = f(orders, args)
    rtol, atol = TOLERANCE[dtype]
    assert jv.dtype == iv.dtype == dtype
    np.testing.assert_allclose(jv, JV, rtol=rtol, atol=atol)
    np.testing.assert_allclose(iv, IV, rtol=rtol, atol=atol)
    # a non-integer order of a negative x is NaN (scipy)
    assert np.isnan(f(np.array([0.5, -1.5], dtype), np.array([-2.0, -1.0], dtype))).all()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_chi2sf_against_scipy(dtype):
    x, k = T.fvectors("x", "k") if dtype == "float32" else T.dvectors("x", "k")
    out = T.chi2sf(x, k)
    assert out.dtype == "float64"
    f = theano.function([x, k], out)
    got = f(np.array([p[0] for p in CHI2_XK], dtype), np.array([p[1] for p in CHI2_XK], dtype))
    np.testing.assert_allclose(got, CHI2SF, rtol=1e-10, atol=1e-300)


def test_dtypes_follow_theano():
    for fn in [T.j0, T.j1, T.i0, T.i1]:
        assert fn(T.ivector()).dtype == "float64"
        assert fn(T.bvector()).dtype == "float32"
        assert fn(T.fvector()).dtype == "float32"
    for fn in [T.jv, T.iv]:
        assert fn(T.ivector(), T.ivector()).dtype == "float64"
        assert fn(T.fvector(), T.bvector()).dtype == "float32"
    assert T.chi2sf(T.fvector(), T.fscalar()).dtype == "float64"
    assert T.chi2sf(T.bvector(), T.bscalar()).dtype == "float64"


@pytest.mark.parametrize("name", ["j0", "j1", "i0", "i1"])
def test_gradients(name):
    verify_grad(getattr(T, name), [RNG.uniform(-5, 5, (2, 3))], rng=RNG)


@pytest.mark.parametrize("name", ["jv", "iv"])
def test_order_gradients_wrt_x(name):
    order = RNG.uniform(1, 5, (2, 3))
    verify_grad(lambda x: getattr(T, name)(order, x), [RNG.uniform(0.5, 10, (2, 3))], rng=RNG)
