"""Writes theano105_reference.py: numbers Theano 1.0.5 draws, for the tests
to compare with (run once, under Theano 1.0.5 itself; see DEVELOPERS.md for
its scratch venv):

    THEANO_FLAGS=blas.ldflags= python make_theano105_reference.py > part1
    THEANO_FLAGS=blas.ldflags=,cxx= python make_theano105_reference.py scan > part2

(Theano's Cython scan does not build on Python 3.11: the scan part runs in
Python mode, whose float64 draws are the C code's.) The cases are
mrg_cases.py's, which the tests build too."""

import sys

import numpy as np
import theano
import theano.tensor as T
from theano.sandbox.rng_mrg import MRG_RandomStreams

from mrg_cases import mrg_cases, scan_cases  # this script's folder


def main():
    if sys.argv[1:] == ["scan"]:
        inputs, cases, updates = scan_cases(theano, T, MRG_RandomStreams)
    else:
        (inputs, cases), updates = mrg_cases(theano, T, MRG_RandomStreams), None
    f = theano.function(inputs, [c for _, c in cases], updates=updates)
    arg = np.ones(3) if sys.argv[1:] == ["scan"] else np.zeros((2, 3), dtype="float32")
    calls = [f(arg) for _ in range(2)]
    for k, (name, _) in enumerate(cases):
        values = [np.asarray(c[k]) for c in calls]
        print(f"{name.upper()} = ({values[0].tolist()!r}, {values[1].tolist()!r})")


if __name__ == "__main__":
    main()
