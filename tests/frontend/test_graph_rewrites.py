"""The graph rewrites before emission (theano_mlir.compile.rewrites): what
f.maker.fgraph shows after compiling, as Theano's optimizer leaves it, and
values equal to FAST_COMPILE's (and numpy's)."""

import time

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir import gradient
from theano_mlir.compile import FAST_COMPILE, Mode, get_mode
from theano_mlir.compile.rewrites import rewrite_graph
from theano_mlir.tensor.basic import Shape, Shape_i
from theano_mlir.tensor.conversion import MakeVector
from theano_mlir.tensor.differentiation import GradClip, GradScale, StopGradient

RNG = np.random.default_rng(11)
FAST_RUN = Mode(optimizer="fast_run")


def _ops(f):
    return [type(node.op) for node in f.maker.fgraph.toposort()]


def _same_values(inputs, outputs, *args):
    """The FAST_RUN function (rewritten) and FAST_COMPILE's agree; returns the first."""
    fast = theano.function(inputs, outputs, mode=FAST_RUN)
    slow = theano.function(inputs, outputs, mode=FAST_COMPILE)
    got, want = fast(*args), slow(*args)
    for g, w in zip(got if isinstance(got, list) else [got], want if isinstance(want, list) else [want]):
        np.testing.assert_array_equal(g, w)
    return fast


@pytest.mark.parametrize(
    "wrap",
    [gradient.zero_grad, gradient.disconnected_grad, lambda x: gradient.grad_clip(x, -1, 1)],
    ids=["zero_grad", "disconnected_grad", "grad_clip"],
)
def test_forward_identities_removed(wrap):
    x = T.matrix("x")
    value = RNG.normal(size=(3, 4))
    f = _same_values([x], x * wrap(x), value)
    assert not any(issubclass(op, (StopGradient, GradClip, GradScale)) for op in _ops(f))
    np.testing.assert_allclose(f(value), value * value)


def test_identities_a_gradient_reads_stay():
    """grad_scale under a gradient taken when compiling keeps its effect."""
    x = T.scalar("x")
    g = T.grad(gradient.grad_scale(x, 2) ** 2, x)
    f = _same_values([x], [g, gradient.grad_scale(x, 2) * 3], np.float64(2.0))
    assert f(2.0)[0] == pytest.approx(8.0)
    assert GradScale in _ops(f)


def test_shape_of_an_op_is_computed_without_it():
    x = T.matrix("x")
    value = RNG.normal(size=(3, 5))
    f = _same_values([x], T.sort(x, axis=0).shape, value)
    assert set(_ops(f)) == {Shape_i, MakeVector}
    np.testing.assert_array_equal(f(value), [3, 5])


def test_fast_compile_keeps_shape():
    x = T.matrix("x")
    f = theano.function([x], T.sort(x).shape, mode=FAST_COMPILE)
    assert Shape in _ops(f)


@pytest.mark.parametrize("name", ["local_shape_to_shape_i", "ShapeOpt", "canonicalize"])
def test_excluding_the_shape_rewrites(name):
    x = T.matrix("x")
    mode = FAST_RUN.excluding(name)
    assert "local_shape_to_shape_i" not in mode.rewrites
    f = theano.function([x], T.sort(x).shape, mode=mode)
    assert Shape in _ops(f)
    np.testing.assert_array_equal(f(np.zeros((2, 7))), [2, 7])


def test_including_canonicalize_in_fast_compile():
    mode = FAST_COMPILE.including("canonicalize")
    assert "local_shape_to_shape_i" in mode.rewrites
    x = T.matrix("x")
    f = theano.function([x], T.sort(x).shape, mode=mode)
    assert Shape not in _ops(f)


def test_shared_shape_entries_merge():
    x = T.matrix("x")
    y = x.reshape((x.shape[1], x.shape[0]))
    f = _same_values([x], y.shape, np.zeros((2, 3)))
    assert _ops(f).count(Shape_i) == 2
    np.testing.assert_array_equal(f(np.zeros((2, 3))), [3, 2])


@pytest.mark.parametrize("start", [None, -8, -5, -1, 0, 1, 5, 8])
def test_slice_lengths(start):
    """Each slice's length, with constant and symbolic bounds, is numpy's."""
    data = np.arange(5.0)
    v = theano.shared(data)
    b, e, s = T.iscalars("b", "e", "s")
    f = _same_values([b, e, s], v[b:e:s].shape, np.int32(1), np.int32(4), np.int32(2))
    assert not any(op.__name__ == "Subtensor" for op in _ops(f))
    for stop in [None, -8, -5, -1, 0, 1, 5, 8]:
        for step in [None, -3, -1, 2, 5]:
            g = theano.function([], v[start:stop:step].shape, mode=FAST_RUN)
            assert tuple(g()) == data[start:stop:step].shape
            if start is not None and stop is not None and step is not None:
                assert tuple(f(start, stop, step)) == data[start:stop:step].shape


@pytest.mark.parametrize(
    "build, args",
    [
        (lambda x: x.reshape([-1]), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: x.reshape([5, -1, 3]), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: T.cumsum(x), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: T.extra_ops.diff(x, n=2, axis=1), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: T.concatenate([x, x * 2], axis=1), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: x.sum(axis=1).dimshuffle(1, "x", 0), [RNG.normal(size=(3, 4, 5))]),
        (lambda x: x[1:, ::-2][[0, 1, 0]], [RNG.normal(size=(3, 4, 5))]),
        (lambda x: T.extra_ops.repeat(x, 3, axis=1), [RNG.normal(size=(3, 4, 5))]),
    ],
)
def test_inferred_shapes_are_the_values(build, args):
    x = T.tensor3("x")
    out = build(x)
    f = _same_values([x], out.shape, *args)
    values = theano.function([x], out, mode=FAST_COMPILE)(*args)
    np.testing.assert_array_equal(f(*args), values.shape)
    assert type(out.owner.op) not in _ops(f)


@pytest.mark.parametrize("bounds", [(0, 5, 1), (2, 11, 4), (-5, 1, 1), (10, 2, -2), (10, 2, 2), (3, -4, -3)])
def test_arange_length(bounds):
    start, stop, step = T.iscalars("start", "stop", "step")
    f = _same_values([start, stop, step], T.arange(start, stop, step).shape, *map(np.int32, bounds))
    assert f(*bounds)[0] == len(np.arange(*bounds))


def test_rewrite_time_is_linear():
    """Rewriting a deep graph takes time proportional to its size."""

    def timed(layers):
        x = T.matrix("x")
        h = x
        for i in range(layers):
            h = T.tanh(T.dot(h, theano.shared(np.eye(3), f"w{i}")) + 1)
        out = [h, h.shape]
        mode = get_mode(FAST_RUN)

        start = time.perf_counter()
        rewrite_graph([x], out, mode.rewrites)
        return time.perf_counter() - start

    small, large = timed(50), timed(400)
    assert large < 8 * small * 4  # 8x the graph: far from quadratic


@pytest.mark.parametrize(
    "a_shape, c_shape", [((5, 4), (7, 4)), ((1, 4), (7, 4)), ((4,), (3, 1)), ((5, 1), (4,))]
)
def test_choose_shape(a_shape, c_shape):
    a = T.tensor(dtype="int32", broadcastable=[n == 1 for n in a_shape])
    c = T.tensor(dtype="float32", broadcastable=[n == 1 for n in c_shape])
    av = (RNG.random(a_shape) * c_shape[0]).astype("int32")
    cv = RNG.random(c_shape).astype("float32")
    out = T.choose(a, c)
    f = _same_values([a, c], out.shape, av, cv)
    assert type(out.owner.op) not in _ops(f)
    np.testing.assert_array_equal(f(av, cv), np.choose(av, cv).shape)
