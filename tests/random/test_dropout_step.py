"""A training step with MRG dropout masks (#23): the random state is
advanced before the cost's target indices are checked, so it stays a
result while the weights are updated in place (theano-update-in-place
decides per update). The step gives FAST_COMPILE's values, and a call that
fails the index check changes neither the weights nor the state."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.sandbox.rng_mrg import MRG_RandomStreams

F32 = "float32"


def _train(mode):
    rng = np.random.default_rng(0)
    init = [
        rng.standard_normal((20, 16)).astype(F32) * 0.3,
        np.zeros(16, F32),
        rng.standard_normal((16, 5)).astype(F32) * 0.3,
        np.zeros(5, F32),
    ]
    streams = MRG_RandomStreams(1234)
    x, y = T.matrix("x", dtype=F32), T.ivector("y")
    params = [theano.shared(v.copy()) for v in init]
    w1, b1, w2, b2 = params
    h = T.tanh(T.dot(x * streams.binomial(x.shape, p=0.8, dtype=F32), w1) + b1)
    h = h * streams.binomial(h.shape, p=0.5, dtype=F32)
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w2) + b2), y).mean()
    updates = [(p, p - np.float32(0.1) * g) for p, g in zip(params, T.grad(cost, params))]
    f = theano.function([x, y], cost, updates=updates, mode=mode)
    xd = rng.standard_normal((8, 20)).astype(F32)
    yd = rng.integers(0, 5, 8).astype("int32")
    costs = [float(f(xd, yd)) for _ in range(4)]  # general, then specialized kernels
    shared = params + [update[0] for update in streams.state_updates]
    before = [s.get_value().copy() for s in shared]
    with pytest.raises((IndexError, ValueError)):
        f(xd, np.array([0, 1, 2, 3, 4, 9, 0, 0], "int32"))
    for variable, old in zip(shared, before):
        np.testing.assert_array_equal(variable.get_value(), old)
    return costs, before


def test_dropout_step_updates_in_place_and_fails_without_changes():
    fast_run, fast_compile = _train("FAST_RUN"), _train("FAST_COMPILE")
    np.testing.assert_allclose(fast_run[0], fast_compile[0], rtol=1e-5)
    assert fast_run[0][-1] < fast_run[0][0] + 0.5  # finite and training
    for one, two in zip(fast_run[1], fast_compile[1]):
        np.testing.assert_allclose(one, two, rtol=1e-4, atol=1e-6)
