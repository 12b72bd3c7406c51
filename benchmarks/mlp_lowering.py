"""What the MLP training step (784-500-10, tanh, softmax + cross-entropy,
SGD updates) compiles into: loop nests, heap and stack allocations, copies
and in-place updates after lowering, per mode; with compile time and step
time side by side with the same step in numpy. Never a test assertion."""

import argparse
import re
import time
import timeit

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile import Mode

from run import mlp_init, mlp_training_function, numpy_mlp_step

LOOP_NESTS = (
    "linalg.generic",
    "linalg.matmul",
    "linalg.fill",
    "linalg.matvec",
    "linalg.vecmat",
    "linalg.dot",
)


def _count(ir, op):
    return len(re.findall(rf"\b{re.escape(op)}\b[ (]", ir))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.batch, 784))
    y = rng.integers(0, 10, args.batch).astype("int32")
    modes = {
        "FAST_RUN": "FAST_RUN",
        "FAST_RUN without fusion, gemm": Mode().excluding("fusion", "gemm"),
        "FAST_COMPILE": "FAST_COMPILE",
    }
    init = mlp_init(rng, "float64")
    reference = [p.copy() for p in init]
    numpy_ms = min(timeit.repeat(lambda: numpy_mlp_step(reference, x, y), number=1, repeat=args.repeat)) * 1e3
    header = (
        f"{'mode':<32}{'loop nests':>11}{'matmuls':>9}{'heap':>6}{'stack':>7}{'copies':>8}{'in place':>10}"
        f"{'compile s':>11}{'step ms':>9}{'/ numpy':>9}"
    )
    print(f"MLP 784-500-10 training step, batch {args.batch}; numpy step {numpy_ms:.2f} ms")
    print(header)
    for label, mode in modes.items():
        start = time.perf_counter()
        f, _ = mlp_training_function(theano, T, init, mode)
        compile_s = time.perf_counter() - start
        stages = f.lowering_stages()
        linalg, buffers = stages["to-linalg"], stages["bufferize"]
        nests = sum(_count(linalg, op) for op in LOOP_NESTS)
        step_ms = min(timeit.repeat(lambda: f(x, y), number=1, repeat=args.repeat)) * 1e3
        print(
            f"{label:<32}{nests:>11}{_count(linalg, 'linalg.matmul'):>9}{_count(buffers, 'memref.alloc'):>6}"
            f"{_count(buffers, 'memref.alloca'):>7}{_count(buffers, 'memref.copy'):>8}"
            f"{len(f._kernel.in_place):>6} of 4{compile_s:>11.2f}{step_ms:>9.2f}{step_ms / numpy_ms:>9.1f}"
        )


if __name__ == "__main__":
    main()
