"""Calls one function of a tutorial module with keyword arguments:

    python call.py logistic_sgd sgd_optimization_mnist n_epochs=5

The module is imported unchanged from examples/tutorials/deeplearning/; the
arguments are the ones the tutorial's function exposes (values are Python
literals). Run it under `python -m theano_mlir.run` for theano_mlir, or with
a Python that has Theano for Theano.
"""

import ast
import importlib
import os
import sys

TUTORIALS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "deeplearning")


def main(argv):
    module_name, function_name, *pairs = argv
    kwargs = {}
    for pair in pairs:
        key, value = pair.split("=", 1)
        kwargs[key] = ast.literal_eval(value)
    sys.path.insert(0, TUTORIALS)
    module = importlib.import_module(module_name)
    getattr(module, function_name)(**kwargs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
