"""Loop nests of specialized kernels: collapsed dimensions, rows shorter
than a vector vectorized by blocks (softmax over ten classes), long
innermost reductions, gemm's scale
moved to the smaller operand. Every result is numpy's, for shapes that fill
blocks exactly and shapes that do not."""

import warnings

import re

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T

RNG = np.random.default_rng(11)
TOL = {"float32": dict(rtol=2e-5, atol=1e-6), "float64": dict(rtol=1e-12, atol=1e-14)}


def _general_then_specialized(f, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a failed specialization
        general, specialized = f(*args), f(*args)
    assert any(done for _, done in f._kernel.call.specializations)
    return general, specialized


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("rows,classes", [(600, 10), (7, 10), (129, 3), (64, 15), (2, 2), (1000, 1)])
def test_softmax_with_short_rows(rows, classes, dtype):
    z, b = T.matrix("z", dtype=dtype), T.vector("b", dtype=dtype)
    f = theano.function([z, b], [T.nnet.softmax(z + b), z.max(axis=1), T.exp(z) * 2, z.sum(axis=0)])
    vz = (RNG.normal(size=(rows, classes)) * 10).astype(dtype)
    vb = RNG.normal(size=classes).astype(dtype)
    expected = [_softmax(vz + vb), vz.max(axis=1), np.exp(vz) * 2, vz.sum(axis=0)]
    for results in _general_then_specialized(f, vz, vb):
        for result, exp in zip(results, expected):
            np.testing.assert_allclose(result, exp, **TOL[dtype])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(32, 8, 576), (3, 5, 77), (2, 1, 64), (4, 3, 63)])
def test_long_innermost_reductions(shape, dtype):
    """Sums (f32 ones accumulate in f64, as Theano's), maxima and means
    along a long innermost axis, alone and with others (a convolution's
    bias gradient sums over batch and positions); NaN and inf propagate.
    The kernel specialized for the shape sums in the general kernel's order,
    bit for bit: finite differences across calls (verify_grad) see no
    rounding noise when the kernel changes."""
    x = T.TensorType(dtype, (False,) * 3)("x")
    f = theano.function(
        [x], [x.sum(axis=2), x.sum(axis=(0, 2)), x.max(axis=2), x.min(axis=(1, 2)), x.mean(), x.sum()]
    )
    vx = (RNG.normal(size=shape) * 10).astype(dtype)
    vx.flat[5] = np.inf
    if shape[0] > 2:
        vx[1, 0, shape[2] // 2] = np.nan

    def reference(a):
        wide = a.astype("float64")
        return [
            wide.sum(axis=2),
            wide.sum(axis=(0, 2)),
            a.max(axis=2),
            a.min(axis=(1, 2)),
            wide.mean(),
            wide.sum(),
        ]

    general, specialized = _general_then_specialized(f, vx)
    for result, same, exp in zip(general, specialized, reference(vx)):
        np.testing.assert_array_equal(same, result)
        np.testing.assert_allclose(result, np.asarray(exp).astype(result.dtype), **TOL[dtype])


@pytest.mark.parametrize("shape", [(600, 10), (3, 4, 5), (5, 1, 7), (0, 10)])
def test_elementwise_over_collapsed_dimensions(shape):
    x = T.TensorType("float32", (False,) * len(shape))("x")
    row = T.TensorType("float32", (False,))("row")
    f = theano.function([x, row], [T.tanh(x) * 2 + T.exp(-(x**2)), x + row])
    vx = RNG.normal(size=shape).astype("float32")
    vr = RNG.normal(size=shape[-1]).astype("float32")
    for tanh_exp, plus in _general_then_specialized(f, vx, vr):
        np.testing.assert_allclose(tanh_exp, np.tanh(vx) * 2 + np.exp(-(vx**2)), rtol=2e-6, atol=2e-6)
        np.testing.assert_array_equal(plus, vx + vr)


@pytest.mark.parametrize("batch,features,classes", [(600, 784, 10), (30, 5, 40)])
def test_sgd_step_scales_the_smaller_operand(batch, features, classes):
    """w -= lr * dot(x.T, delta): the kernel scales whichever of x and delta
    is smaller; the updates are numpy's either way."""
    x, y = T.matrix("x", dtype="float32"), T.ivector("y")
    w = theano.shared(RNG.normal(size=(features, classes)).astype("float32") * 0.01)
    b = theano.shared(np.zeros(classes, "float32"))
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(x, w) + b), y).mean()
    gw, gb = T.grad(cost, [w, b])
    lr = np.float32(0.1)
    f = theano.function([x, y], cost, updates=[(w, w - lr * gw), (b, b - lr * gb)])
    vx = RNG.normal(size=(batch, features)).astype("float32")
    vy = RNG.integers(0, classes, batch).astype("int32")
    rw, rb = w.get_value().astype("float64"), b.get_value().astype("float64")
    for _ in range(3):  # the general kernel, then the specialized one twice
        p = _softmax(vx @ rw + rb)
        expected_cost = -np.log(p[np.arange(batch), vy]).mean()
        delta = p.copy()
        delta[np.arange(batch), vy] -= 1
        delta /= batch
        rw, rb = rw - lr * (vx.T @ delta), rb - lr * delta.sum(axis=0)
        np.testing.assert_allclose(f(vx, vy), expected_cost, rtol=1e-4)
        np.testing.assert_allclose(w.get_value(), rw, rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(b.get_value(), rb, rtol=1e-3, atol=1e-5)
    assert any(done for _, done in f._kernel.call.specializations)


@pytest.mark.parametrize("size", [(128, 784), (3, 5), (2, 7681)])
def test_random_rows_split_among_threads_draw_the_same_numbers(size):
    """MRG31k3p draws with the streams in one part and split into parts
    among two threads, general and specialized kernels: the same numbers
    and the same advanced state."""
    from theano_mlir.sandbox.rng_mrg import MRG_RandomStreams

    draws = []
    for threads in (1, 2):
        with theano.config.change_flags(openmp_threads=threads):
            streams = MRG_RandomStreams(42)
            f = theano.function([], streams.uniform(size, dtype="float32"))
            state = streams.state_updates[0][0]
            draws.append([f(), f(), f(), state.get_value().copy()])
    for one, two in zip(*draws):
        np.testing.assert_array_equal(one, two)
    assert not np.array_equal(draws[0][0], draws[0][1])


def test_layers_of_one_shape_share_a_matmul_function():
    """A deep network's products of one shape and layout are one function
    in the specialized kernel (theano-outline-matmuls), called once per
    layer: the training steps give FAST_COMPILE's values, and the updates
    through the shared function stay in place (the specialized kernel is
    used: it writes the same buffers as the general one)."""
    rng = np.random.default_rng(5)
    sizes = [32] * 6
    data = rng.normal(size=(32, sizes[0])).astype("float32")
    labels = rng.integers(0, sizes[-1], 32).astype("int32")
    init = [rng.normal(0, 0.2, (a, b)).astype("float32") for a, b in zip(sizes[:-1], sizes[1:])]

    def step(mode):
        x, y = T.matrix("x", dtype="float32"), T.ivector("y")
        weights = [theano.shared(w.copy()) for w in init]
        h = x
        for w in weights[:-1]:
            h = T.tanh(T.dot(h, w))
        cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, weights[-1])), y).mean()
        updates = [(w, w - np.float32(0.1) * g) for w, g in zip(weights, T.grad(cost, weights))]
        return theano.function([x, y], cost, updates=updates, mode=mode), weights

    f, weights = step("FAST_RUN")
    g, reference = step("FAST_COMPILE")
    _steps_match_fast_compile(f, weights, g, reference, data, labels)


def _steps_match_fast_compile(f, values, g, reference, data, labels):
    """Two calls of `f` (FAST_RUN: the general kernel, then the specialized
    one) and of `g` (FAST_COMPILE), then three more of each give the same
    costs and leave the same shared `values` as `reference`."""
    _general_then_specialized(f, data, labels)
    g(data, labels), g(data, labels)
    for _ in range(3):
        np.testing.assert_allclose(f(data, labels), g(data, labels), rtol=1e-5)
    for v, r in zip(values, reference):
        np.testing.assert_allclose(v.get_value(), r.get_value(), rtol=1e-4, atol=1e-6)


def _distinct_loop_nests(code: bytes) -> int:
    """How many functions theano-outline-loop-nests made (numbered from 0;
    those called once are inlined back and leave gaps in the numbers)."""
    return 1 + max(int(n) for n in re.findall(rb"theano_loops_(\d+)", code))


def _deep_step(layers, mode, rng):
    data = rng.normal(size=(16, 24)).astype("float32")
    labels = rng.integers(0, 24, 16).astype("int32")
    init = [
        (rng.normal(0, 0.3, (24, 24)).astype("float32"), np.full(24, 0.1, "float32")) for _ in range(layers)
    ]
    x, y = T.matrix("x", dtype="float32"), T.ivector("y")
    params = [(theano.shared(w), theano.shared(b)) for w, b in init]
    h = x
    for w, b in params[:-1]:
        h = T.tanh(T.dot(h, w) + b)
    w, b = params[-1]
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w) + b), y).mean()
    flat = [p for pair in params for p in pair]
    updates = [(p, p - np.float32(0.1) * g) for p, g in zip(flat, T.grad(cost, flat))]
    return theano.function([x, y], cost, updates=updates, mode=mode), flat, data, labels


def test_layers_of_one_shape_share_their_loop_nests():
    """The loop nests of a deep network's layers (bias and tanh, their
    gradient, the bias updates) are one function each in the specialized
    kernel (theano-outline-loop-nests): as many at 10 layers as at 16, and
    the steps give FAST_COMPILE's values with the parameters updated
    through them."""
    distinct = []
    for layers in (10, 16):
        f, values, data, labels = _deep_step(layers, "FAST_RUN", np.random.default_rng(6))
        g, reference, _, _ = _deep_step(layers, "FAST_COMPILE", np.random.default_rng(6))
        _steps_match_fast_compile(f, values, g, reference, data, labels)
        ((_, code),) = f._kernel.specialized.values()
        distinct.append(_distinct_loop_nests(code))
    assert distinct[0] == distinct[1] and distinct[0] >= 3, distinct
