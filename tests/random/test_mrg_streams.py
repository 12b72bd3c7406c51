"""MRG_RandomStreams: Theano 1.0.5's numbers for the same seeds and draws,
L'Ecuyer's reference samples, the distributions' moments, the state's
updates (across calls, seed(), no_default_updates, scan) and the errors."""

import importlib.util
import os

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.sandbox import rng_mrg
from theano_mlir.sandbox.rng_mrg import MRG_RandomStreams

HERE = os.path.dirname(__file__)


def _load(name):
    """A module of this folder (tests/random is not a package)."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _load("theano105_reference")
CASES = _load("mrg_cases")


@pytest.mark.parametrize("mode", ["FAST_RUN", "FAST_COMPILE"])
def test_the_numbers_theano_1_0_5_draws(mode):
    inputs, cases = CASES.mrg_cases(theano, T, MRG_RandomStreams)
    f = theano.function(inputs, [c for _, c in cases], mode=mode)
    calls = [f(np.zeros((2, 3), dtype="float32")) for _ in range(2)]
    for k, (name, variable) in enumerate(cases):
        expected = getattr(REFERENCE, name.upper())
        for call, want in zip(calls, expected):
            got = call[k]
            assert got.dtype == variable.dtype
            # the streams are exact; a transformed draw may differ in its last bit
            np.testing.assert_allclose(got, np.asarray(want), rtol=1e-15, atol=0, err_msg=name)


def test_draws_inside_scan_are_theanos():
    inputs, [(_, out)], updates = CASES.scan_cases(theano, T, MRG_RandomStreams)
    assert len(updates) == 2  # the states of both draws, updated by the loop
    f = theano.function(inputs, out, updates=updates)
    for want in REFERENCE.SCAN:
        np.testing.assert_allclose(f(np.ones(3)), want, rtol=1e-15, atol=0)


def _java_samples():
    return np.loadtxt(os.path.join(os.path.dirname(rng_mrg.__file__), "samples_MRG31k3p_12_7_5.txt"))


def test_streams_match_lecuyers_reference_implementation():
    # 12 streams, 7 substreams each drawn in parallel, 5 draws per substream
    samples = []
    current = np.array([12345] * 6, dtype="int32")
    for _ in range(12):
        states = [current.copy()]
        for _ in range(6):
            states.append(rng_mrg.ff_2p72(states[-1]))
        rstate = theano.shared(np.asarray(states))
        new_rstate, sample = rng_mrg.mrg_uniform.new(rstate, ndim=None, dtype="float64", size=(7,))
        rstate.default_update = new_rstate
        f = theano.function([], sample)
        samples.append(np.array([f() for _ in range(5)]).T.flatten())
        current = rng_mrg.ff_2p134(current)
    np.testing.assert_allclose(np.array(samples).flatten(), _java_samples(), rtol=1e-12)


def test_substreams_are_jumps_of_2_to_the_72():
    R = MRG_RandomStreams(seed=(1, 2, 3, 4, 5, 6))
    states = R.get_substream_rstates(37, "float64")
    expected = [np.array([1, 2, 3, 4, 5, 6], dtype="int32")]
    for _ in range(36):
        expected.append(rng_mrg.ff_2p72(expected[-1]))
    np.testing.assert_array_equal(states, np.array(expected))
    np.testing.assert_array_equal(R.rstate, rng_mrg.ff_2p134(np.array([1, 2, 3, 4, 5, 6], dtype="int32")))


def test_kernel_steps_as_the_python_reference():
    rstate = np.array([[12345] * 6, [7, 8, 9, 10, 11, 12]], dtype="int32")
    state = theano.shared(rstate.copy())
    new_state, sample = rng_mrg.mrg_uniform.new(state, ndim=None, dtype="float64", size=(5,))
    f = theano.function([], [sample, new_state])
    got, got_state = f()
    reference = rstate.copy()
    want = [
        rng_mrg.mrg_next_value(reference[i % 2], reference[i % 2], rng_mrg.NORM, 0xFFFFFFFF, 0)
        for i in range(5)
    ]
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(got_state, reference)


def _reference_draws(rstate, count):
    """`count` draws of Theano's C loop (element i from stream i % n) and
    the state after them, by the Python reference."""
    state = rstate.copy()
    draws = [
        rng_mrg.mrg_next_value(state[i % len(state)], state[i % len(state)], rng_mrg.NORM, 0xFFFFFFFF, 0)
        for i in range(count)
    ]
    return np.array(draws), state


def test_draws_split_among_threads_are_the_loops():
    """Draws of a kernel that splits the streams into parts (threads):
    parts of whole vectors of 16 streams and a last part of 4, a partial
    last row, in the general kernel and the one specialized for the size."""
    rstate = np.array(rng_mrg._substream_states(np.array([12345] * 6, dtype="int32"), 100), dtype="int32")
    state = theano.shared(rstate.copy())
    n = T.iscalar("n")
    with theano.config.change_flags(openmp_threads=3):
        new_state, sample = rng_mrg.mrg_uniform.new(state, ndim=1, dtype="float64", size=T.stack([n]))
        f = theano.function([n], sample, updates=[(state, new_state)])
        reference = rstate
        for count in (70001, 70001, 37):  # general kernel, then specialized ones
            want, reference = _reference_draws(reference, count)
            np.testing.assert_array_equal(f(count), want)
            np.testing.assert_array_equal(state.get_value(), reference)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_uniform_moments_and_bounds(dtype):
    R = MRG_RandomStreams(seed=3)
    u = R.uniform(size=(200, 500), low=-1.0, high=3.0, dtype=dtype)
    values = theano.function([], u)()
    assert values.dtype == dtype and values.shape == (200, 500)
    assert values.min() > -1.0 and values.max() < 3.0
    assert abs(values.mean() - 1.0) < 0.02
    assert abs(values.var() - 16.0 / 12) < 0.02


def test_normal_binomial_and_truncated_moments():
    R = MRG_RandomStreams(seed=5)
    n = R.normal(size=(301, 333), avg=2.0, std=3.0)  # an odd count: Box-Muller pairs cut
    b = R.binomial(size=(400, 250), p=0.2, dtype="int8")
    t = R.truncated_normal(size=(100000,), std=1.5, dtype="float64")
    normal, binomial, truncated = theano.function([], [n, b, t])()
    assert normal.shape == (301, 333) and binomial.dtype == "int8"
    assert abs(normal.mean() - 2.0) < 0.03 and abs(normal.std() - 3.0) < 0.03
    assert set(np.unique(binomial)) <= {0, 1} and abs(binomial.mean() - 0.2) < 0.01
    assert np.abs(truncated).max() <= 2 * 1.5 / 0.87962566103423978 + 1e-12
    assert abs(truncated.std() - 1.5) < 0.02


def test_multinomial_and_choice_follow_their_probabilities():
    R = MRG_RandomStreams(seed=9)
    pvals = np.array([[0.1, 0.6, 0.3]] * 2000)
    counts = theano.function([], R.multinomial(pvals=pvals, n=4))()
    assert counts.shape == (2000, 3) and (counts.sum(axis=1) == 4).all()
    np.testing.assert_allclose(counts.mean(axis=0) / 4, [0.1, 0.6, 0.3], atol=0.02)
    picks = theano.function([], R.choice(size=3, replace=False, p=np.array([[0.1, 0.2, 0.3, 0.4]] * 500)))()
    assert picks.shape == (500, 3)
    assert all(len(set(row)) == 3 for row in picks)  # without replacement


def test_each_call_draws_anew_and_seed_restarts():
    R = MRG_RandomStreams(seed=11)
    u = R.uniform(size=(6,))
    f = theano.function([], u)
    first, second = f(), f()
    assert not np.allclose(first, second)
    R.seed(11)
    np.testing.assert_array_equal(f(), first)
    R2 = MRG_RandomStreams(seed=11)
    np.testing.assert_array_equal(theano.function([], R2.uniform(size=(6,)))(), first)


def test_no_default_updates_draws_the_same_numbers():
    R = MRG_RandomStreams(seed=13)
    u = R.uniform(size=(4,))
    f = theano.function([], u, no_default_updates=True)
    np.testing.assert_array_equal(f(), f())
    rstate = R.state_updates[-1][0]
    state = rstate.get_value()
    f()
    np.testing.assert_array_equal(rstate.get_value(), state)


def test_state_survives_specialization_and_transfer():
    R = MRG_RandomStreams(seed=17)
    x = T.dvector("x")
    u = R.uniform(size=x.shape)
    f = theano.function([x], u)
    draws = [f(np.zeros(n)) for n in (5, 5, 5, 3)]  # later calls run a specialized kernel
    R2 = MRG_RandomStreams(seed=17)
    u2 = R2.uniform(size=x.shape)
    g = theano.function([x], u2, mode="FAST_COMPILE")
    for n, want in zip((5, 5, 5, 3), draws):
        np.testing.assert_array_equal(g(np.zeros(n)), want)


def test_dropout_mask_gradient_and_undefined_parameters():
    R = MRG_RandomStreams(seed=19)
    w = theano.shared(np.ones(5))
    mask = R.binomial(size=(5,), p=0.5, dtype="float64")
    cost = T.sum(w * mask)
    g = theano.function([], [mask, T.grad(cost, w)], no_default_updates=True)
    m, grad = g()
    np.testing.assert_array_equal(grad, m)
    p = T.dscalar("p")
    with pytest.raises(theano.gradient.NullTypeGradError):
        T.grad(T.sum(R.uniform(size=(3,), low=p)), p)


def test_bad_sizes_and_seeds():
    R = MRG_RandomStreams(seed=1)
    with pytest.raises(ValueError):
        R.uniform(size=(2, 0))
    with pytest.raises(TypeError):
        R.uniform(size=3)
    with pytest.raises(ValueError):
        MRG_RandomStreams(seed=0)
    with pytest.raises(ValueError):
        MRG_RandomStreams(seed=[0, 0, 0, 1, 1, 1])
    n = T.lscalar("n")
    u = R.uniform(size=(n, 2))
    f = theano.function([n], u)
    rstate = R.state_updates[-1][0]
    state = rstate.get_value()
    with pytest.raises(ValueError, match="size must not be negative"):
        f(-1)
    np.testing.assert_array_equal(rstate.get_value(), state)  # no update on error
    assert f(0).shape == (0, 2)
    with pytest.raises(ValueError, match="2\\*\\*31"):
        f(2**31)
