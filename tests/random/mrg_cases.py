"""The graphs whose draws tests/random/theano105_reference.py holds,
written once against Theano's API: make_theano105_reference.py builds them
with Theano 1.0.5, test_mrg_streams.py with theano_mlir."""

import numpy as np


def mrg_cases(theano, T, MRG_RandomStreams):
    """(inputs, [(name, draw)]) of MRG_RandomStreams(1234)."""
    R = MRG_RandomStreams(seed=1234)
    x = T.matrix("x", dtype="float32")
    return [x], [
        ("uniform_f64", R.uniform(size=(3, 5), dtype="float64")),
        ("uniform_f32", R.uniform(size=(4, 3), dtype="float32")),
        ("uniform_symbolic_f64", R.uniform(size=x.shape, low=-1.0, high=2.0, dtype="float64")),
        ("normal_f64", R.normal(size=(2, 3), avg=1.0, std=2.0, dtype="float64")),
        ("truncated_normal_f64", R.truncated_normal(size=(7,), dtype="float64")),
        ("binomial", R.binomial(size=(4, 3), p=0.3)),
        ("multinomial", R.multinomial(pvals=np.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05]]), n=3)),
        ("choice", R.choice(size=2, replace=False, p=np.array([[0.2, 0.3, 0.5, 0.0], [0.1, 0.2, 0.3, 0.4]]))),
        ("uniform_3_streams", R.uniform(size=(4, 1), dtype="float64", nstreams=3)),
    ]


def scan_cases(theano, T, MRG_RandomStreams):
    """(inputs, [("scan", output)], updates): draws inside a scan step."""
    R = MRG_RandomStreams(seed=42)
    x = T.dvector("x")

    def step(xt, h):
        mask = R.binomial(size=(3,), p=0.5, dtype="float64")
        return h * 0.5 + xt * mask + R.uniform(size=(3,), dtype="float64")

    out, updates = theano.scan(
        step, sequences=[T.tile(x.dimshuffle("x", 0), (4, 1))], outputs_info=[T.zeros((3,))]
    )
    return [x], [("scan", out)], updates
