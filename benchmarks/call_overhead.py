"""Call overhead: microseconds per call of f(x) = x + 1 on a 1-element float64
vector, side by side with numpy's x + 1 (and Theano, PyTensor, JAX when
importable). Min over repetitions; never used as a test assertion."""
import argparse
import importlib
import timeit

import numpy as np


def _time(call, number, repeat):
    call()  # warm up (and compile, for JITs)
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e6


def theano_mlir_call():
    import theano_mlir as theano
    import theano_mlir.tensor as T

    x = T.dvector("x")
    f = theano.function([x], x + 1)
    data = np.ones(1)
    return lambda: f(data)


def numpy_call():
    data = np.ones(1)
    return lambda: data + 1


def theano_like_call(module_name):
    theano = importlib.import_module(module_name)
    tensor = importlib.import_module(module_name + ".tensor")
    x = tensor.dvector("x")
    f = theano.function([x], x + 1)
    data = np.ones(1)
    return lambda: f(data)


def jax_call():
    import jax
    import jax.numpy as jnp

    f = jax.jit(lambda v: v + 1)
    data = jnp.ones(1)
    return lambda: f(data).block_until_ready()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    systems = {"theano_mlir": theano_mlir_call, "numpy": numpy_call,
               "theano": lambda: theano_like_call("theano"),
               "pytensor": lambda: theano_like_call("pytensor"), "jax": jax_call}
    results = {}
    for name, make in systems.items():
        try:
            call = make()
        except ImportError:
            continue
        results[name] = _time(call, args.number, args.repeat)
    baseline = results["numpy"]
    print(f"{'system':<12} {'us/call':>9} {'vs numpy':>9}")
    for name, micros in results.items():
        print(f"{name:<12} {micros:9.2f} {micros / baseline:8.2f}x")


if __name__ == "__main__":
    main()
