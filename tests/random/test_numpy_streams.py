"""shared_randomstreams.RandomStreams and raw_random: numpy's own numbers,
drawn by numpy called from the kernel (theano.host_call), the generators
shared variables holding RandomStates."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.tensor import raw_random
from theano_mlir.tensor.shared_randomstreams import RandomStreams


def _numpy_streams(seed, count):
    """The RandomStates RandomStreams(seed) gives its first `count` draws."""
    seeds = np.random.RandomState(seed)
    return [np.random.RandomState(int(seeds.randint(2**30))) for _ in range(count)]


def test_draws_are_numpys():
    srng = RandomStreams(seed=234)
    x = T.dmatrix("x")
    draws = [
        srng.uniform((2, 3), low=-1.0, high=2.0),
        srng.normal((4,)),
        srng.binomial(size=x.shape, p=0.3),
        srng.random_integers((5,), low=-3, high=3),
        srng.choice((3,), a=10, replace=False),
        srng.poisson((4,), lam=3.0),
        srng.permutation((2,), n=5),
        srng.multinomial((2,), n=5, pvals=[0.2, 0.3, 0.5]),
    ]
    f = theano.function([x], draws)
    xv = np.zeros((3, 2))
    calls = [f(xv), f(xv)]
    rngs = _numpy_streams(234, len(draws))
    for call in calls:
        expected = [
            rngs[0].uniform(-1.0, 2.0, size=(2, 3)),
            rngs[1].normal(0.0, 1.0, size=(4,)),
            rngs[2].binomial(1, 0.3, size=(3, 2)),
            np.array([rngs[3].randint(-3, 4) for _ in range(5)]),
            rngs[4].choice(10, (3,), False),
            rngs[5].poisson(3.0, size=(4,)),
            np.array([rngs[6].permutation(5) for _ in range(2)]),
            np.array([rngs[7].multinomial(5, [0.2, 0.3, 0.5]) for _ in range(2)]),
        ]
        for got, want, variable in zip(call, expected, draws):
            assert got.dtype == variable.dtype
            np.testing.assert_array_equal(got, want)


def test_generator_is_a_shared_randomstate():
    srng = RandomStreams(seed=7)
    u = srng.uniform((3,))
    f = theano.function([], u)
    state = u.rng.get_value()
    assert isinstance(state, np.random.RandomState)
    first = f()
    np.testing.assert_array_equal(first, state.uniform(size=(3,)))
    u.rng.set_value(np.random.RandomState(5))
    np.testing.assert_array_equal(f(), np.random.RandomState(5).uniform(size=(3,)))
    srng.seed(7)
    np.testing.assert_array_equal(f(), first)
    shared = theano.shared(np.random.RandomState(3))
    assert isinstance(shared.type, raw_random.RandomStateType)


def test_no_default_updates_and_a_failed_draw_leave_the_generator():
    srng = RandomStreams(seed=11)
    p = T.dscalar("p")
    b = srng.binomial((4,), p=p)
    g = theano.function([p], b, no_default_updates=True)
    np.testing.assert_array_equal(g(0.5), g(0.5))
    f = theano.function([p], b)
    state = b.rng.get_value().get_state()[1].copy()
    with pytest.raises(ValueError, match="p"):  # numpy's own error
        f(1.5)
    np.testing.assert_array_equal(b.rng.get_value().get_state()[1], state)
    f(0.5)
    assert not np.array_equal(b.rng.get_value().get_state()[1], state)


def test_gibbs_steps_in_scan_draw_with_the_states_probabilities():
    # the RBM tutorial's pattern: each step draws with probabilities it computed
    srng = RandomStreams(seed=5)
    w = np.random.RandomState(0).uniform(-1, 1, size=(4, 4))
    v0 = T.dvector("v0")

    def gibbs(v):
        mean = T.nnet.sigmoid(T.dot(v, w))
        return T.cast(srng.binomial(size=mean.shape, n=1, p=mean), "float64"), mean

    (samples, means), updates = theano.scan(gibbs, outputs_info=[v0, None], n_steps=3)
    f = theano.function([v0], [samples, means], updates=updates)
    got_samples, got_means = f(np.ones(4))
    rng = _numpy_streams(5, 1)[0]
    v = np.ones(4)
    for step in range(3):
        mean = 1 / (1 + np.exp(-v.dot(w)))
        np.testing.assert_allclose(got_means[step], mean, rtol=1e-12)
        v = rng.binomial(1, mean, size=(4,)).astype("float64")
        np.testing.assert_array_equal(got_samples[step], v)


def test_gradient_through_a_draw_is_undefined_and_dropout_masks_differentiate():
    srng = RandomStreams(seed=3)
    p = T.dscalar("p")
    with pytest.raises(theano.gradient.NullTypeGradError):
        T.grad(T.sum(srng.binomial((3,), p=p)), p)
    w = theano.shared(np.ones(5))
    mask = T.cast(srng.binomial((5,), p=0.5), "float64")
    f = theano.function([], [mask, T.grad(T.sum(w * mask), w)])
    m, g = f()
    np.testing.assert_array_equal(g, m)


def test_kernel_specializations_keep_calling_numpy():
    srng = RandomStreams(seed=13)
    x = T.dvector("x")
    u = srng.normal(size=x.shape)
    f = theano.function([x], u)
    rng = _numpy_streams(13, 1)[0]
    for n in (3, 3, 3, 6, 6):
        np.testing.assert_array_equal(f(np.zeros(n)), rng.normal(size=(n,)))
