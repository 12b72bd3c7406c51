"""Kernels specialized for the shapes of calls: from the second call with
given shapes on, a kernel compiled for them runs (matmuls scheduled, large
loops on threads). Results, errors and shared updates are those of the
general kernel, for any shapes."""

import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(5)
TOL = {"float32": dict(rtol=1e-4, atol=1e-4), "float64": dict(rtol=1e-10, atol=1e-10)}


def _specialized(f):
    """{shapes: whether a specialized kernel serves them}."""
    return dict(f._kernel.call.specializations)


def _call_twice(f, *args):
    """The general kernel's result and the specialized one's; a failed
    specialization (a warning) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return f(*args), f(*args)


# Odd shapes: remainders in every dimension, skinny and tiny ones, K that
# fits one block and K that does not.
SHAPES = [
    (7, 5, 3),
    (17, 33, 65),
    (100, 37, 70),
    (129, 257, 95),
    (40, 1030, 47),
    (600, 20, 520),
    (128, 500, 10),
]


@pytest.mark.parametrize("layout", ["nn", "tn", "nt"])
@pytest.mark.parametrize("m,k,n", SHAPES)
def test_scheduled_matmul_matches_numpy(m, k, n, layout):
    dtype = "float32"
    a, b = T.matrix("a", dtype=dtype), T.matrix("b", dtype=dtype)
    left = a.T if layout == "tn" else a
    right = b.T if layout == "nt" else b
    f = theano.function([a, b], T.dot(left, right))
    va = RNG.normal(size=(k, m) if layout == "tn" else (m, k)).astype(dtype)
    vb = RNG.normal(size=(n, k) if layout == "nt" else (k, n)).astype(dtype)
    expected = (va.T if layout == "tn" else va) @ (vb.T if layout == "nt" else vb)
    general, specialized = _call_twice(f, va, vb)
    assert _specialized(f) == {((va.shape), (vb.shape)): True}
    np.testing.assert_allclose(general, expected, **TOL[dtype])
    np.testing.assert_allclose(specialized, expected, **TOL[dtype])


def test_scheduled_float64_gemm_update_in_place():
    """W -= lr * x.T @ g on a shared W, with the schedule: in place, as numpy."""
    dtype = "float64"
    w0 = RNG.normal(size=(70, 33))
    w = theano.shared(w0.copy(), "W")
    x, g = T.matrix("x", dtype=dtype), T.matrix("g", dtype=dtype)
    step = theano.function([x, g], [], updates=[(w, w - 0.5 * T.dot(x.T, g))])
    assert step._kernel.in_place == [0]
    vx, vg = RNG.normal(size=(50, 70)), RNG.normal(size=(50, 33))
    expected = w0.copy()
    for _ in range(3):
        step(vx, vg)
        expected -= 0.5 * vx.T @ vg
    assert _specialized(step) == {((50, 70), (50, 33), (70, 33)): True}
    np.testing.assert_allclose(w.get_value(), expected, **TOL[dtype])


def test_every_shape_computes_and_the_count_is_bounded():
    x, y = T.matrix("x", dtype="float32"), T.vector("y", dtype="float32")
    f = theano.function([x, y], T.tanh(x + y).sum(axis=1))
    with theano.config.change_flags(max_specializations=2):
        f2 = theano.function([x, y], T.tanh(x + y).sum(axis=1))
    shapes = [(3, 4), (3, 4), (5, 2), (5, 2), (3, 4), (6, 1), (6, 1), (6, 1)]
    for shape in shapes:
        vx, vy = RNG.normal(size=shape).astype("float32"), RNG.normal(size=shape[1]).astype("float32")
        for g in (f, f2):
            np.testing.assert_allclose(g(vx, vy), np.tanh(vx + vy).sum(axis=1), rtol=1e-5, atol=1e-5)
    assert _specialized(f) == {((3, 4), (4,)): True, ((5, 2), (2,)): True, ((6, 1), (1,)): True}
    # The third distinct shapes run the general kernel.
    assert _specialized(f2) == {((3, 4), (4,)): True, ((5, 2), (2,)): True}


def test_a_shape_error_is_reported_by_the_specialized_kernel_too():
    a, b = T.matrix("a", dtype="float32"), T.matrix("b", dtype="float32")
    w = theano.shared(np.ones((3, 3), "float32"), "w")
    f = theano.function([a, b], T.dot(a, b), updates=[(w, w * 2)])
    good = np.ones((3, 3), "float32")
    f(good, good)
    f(good, good)
    before = w.get_value()
    for _ in range(2):  # shapes that fail get no kernel of their own
        with pytest.raises(ValueError, match=r"dot\(a, b\): shapes not aligned.* is 3, .* is 4"):
            f(np.ones((2, 3), "float32"), np.ones((4, 5), "float32"))
    np.testing.assert_array_equal(w.get_value(), before)
    assert _specialized(f) == {((3, 3), (3, 3), (3, 3)): True, ((2, 3), (4, 5), (3, 3)): False}


def test_threads_give_the_same_results():
    x = T.vector("x", dtype="float32")
    a, b = T.matrix("a", dtype="float32"), T.matrix("b", dtype="float32")
    data = RNG.normal(size=200_000).astype("float32")
    va, vb = RNG.normal(size=(300, 200)).astype("float32"), RNG.normal(size=(200, 260)).astype("float32")
    results = []
    for threads in (1, 2):
        with theano.config.change_flags(openmp_threads=threads):
            f = theano.function([x], T.tanh(x) * 2 + T.exp(-(x**2)))
            g = theano.function([a, b], T.nnet.softmax(T.dot(a, b)))
        results.append((_call_twice(f, data)[1], _call_twice(g, va, vb)[1]))
    np.testing.assert_allclose(results[0][0], np.tanh(data) * 2 + np.exp(-(data**2)), rtol=1e-5, atol=1e-6)
    for one, two in zip(*results):
        np.testing.assert_allclose(one, two, rtol=1e-5, atol=1e-6)


def test_specialization_can_be_switched_off():
    x = T.matrix("x", dtype="float32")
    value = np.ones((4, 4), "float32")
    excluded = theano.function([x], x * 2, mode=theano.Mode().excluding("specialize"))
    with theano.config.change_flags(max_specializations=0):
        none = theano.function([x], x * 2)
    fast_compile = theano.function([x], x * 2, mode="FAST_COMPILE")
    for f in (excluded, none, fast_compile):
        for _ in range(3):
            np.testing.assert_array_equal(f(value), value * 2)
        assert _specialized(f) == {}


def test_profile_reports_each_kernel():
    import io

    x = T.matrix("x", dtype="float32")
    f = theano.function([x], T.exp(x).sum(), profile=True)
    value = np.ones((4, 5), "float32")
    for _ in range(3):
        np.testing.assert_allclose(f(value), np.exp(value).sum(), rtol=1e-6)
    out = io.StringIO()
    f.profile.summary(file=out)
    text = out.getvalue()
    assert "Time in 3 calls to Function.__call__" in text
    assert f.profile.kernels["general"][0] == 1
    assert f.profile.kernels["specialized 4x5"][0] == 2
    assert "specialized 4x5" in text and f.profile.kernel_compile_times["specialized 4x5"] > 0
    f.profile.calls = 0  # nothing printed at exit
