"""Writes theano105_reference.py: numbers Theano 1.0.5 draws, for the tests
to compare with (run once, under Theano 1.0.5 itself; see DEVELOPERS.md for
its scratch venv):

    THEANO_FLAGS=blas.ldflags= python make_theano105_reference.py > part1
    THEANO_FLAGS=blas.ldflags=,cxx= python make_theano105_reference.py scan > part2

(Theano's Cython scan does not build on Python 3.11: the scan part runs in
Python mode, whose float64 draws are the C code's.) The cases are the
functions below; the tests build the same graphs."""

import sys

import numpy as np
import theano
import theano.tensor as T
from theano.sandbox.rng_mrg import MRG_RandomStreams


def mrg_cases():
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


def scan_cases():
    R = MRG_RandomStreams(seed=42)
    x = T.dvector("x")

    def step(xt, h):
        mask = R.binomial(size=(3,), p=0.5, dtype="float64")
        return h * 0.5 + xt * mask + R.uniform(size=(3,), dtype="float64")

    out, updates = theano.scan(
        step, sequences=[T.tile(x.dimshuffle("x", 0), (4, 1))], outputs_info=[T.zeros((3,))]
    )
    return [x], [("scan", out)], updates


def main():
    if sys.argv[1:] == ["scan"]:
        inputs, cases, updates = scan_cases()
    else:
        (inputs, cases), updates = mrg_cases(), None
    f = theano.function(inputs, [c for _, c in cases], updates=updates)
    arg = np.ones(3) if sys.argv[1:] == ["scan"] else np.zeros((2, 3), dtype="float32")
    calls = [f(arg) for _ in range(2)]
    for k, (name, _) in enumerate(cases):
        values = [np.asarray(c[k]) for c in calls]
        print(f"{name.upper()} = ({values[0].tolist()!r}, {values[1].tolist()!r})")


if __name__ == "__main__":
    main()
