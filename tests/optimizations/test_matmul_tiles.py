"""Register tiles of the matmul schedule fit the machine's vector registers:
with AVX-512 (32 registers of 16 floats) 8 rows x 2 vectors, with AVX2 (16
registers of 8 floats) BLIS's 6 x 16, leaving registers for the operands.
An 8 x 32 tile on AVX2 spilled: 1024^2 ran at 69 GFLOP/s, 6 x 16 at 177
(numpy 186) on a 2-core AMD EPYC."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.lowering import codegen, matmul_schedule

REGISTERS = {64: 32, 32: 16}


@pytest.mark.parametrize("vector_bytes", [64, 32])
@pytest.mark.parametrize("dtype", ["f32", "f64"])
@pytest.mark.parametrize("shape", [(1024, 1024, 1024), (128, 784, 500), (128, 500, 10), (600, 784, 10)])
def test_accumulators_fit_the_register_file(monkeypatch, vector_bytes, dtype, shape):
    monkeypatch.setattr(codegen, "vector_bytes", lambda: vector_bytes)
    params = matmul_schedule.default_params(*shape, dtype=dtype)
    lanes = vector_bytes // (4 if dtype == "f32" else 8)
    vectors_per_row = -(-params["nr"] // lanes)
    # the accumulators, plus a vector of B per column and one broadcast of A
    assert params["mr"] * vectors_per_row + vectors_per_row + 1 <= REGISTERS[vector_bytes]


def test_this_machines_width_is_read_from_its_features():
    features = codegen.host_target().split(" ")[-1].split(",")
    expected = 64 if "+avx512f" in features else 32 if "+avx" in features else 16
    assert codegen.vector_bytes() == expected


def test_products_with_this_machines_tiles_match_numpy(rng):
    x, y = T.matrix("x", dtype="float32"), T.matrix("y", dtype="float32")
    f = theano.function([x, y], T.dot(x, y))
    for m, k, n in [(128, 784, 500), (37, 61, 29), (128, 500, 10)]:
        a, b = rng.normal(size=(m, k)).astype("float32"), rng.normal(size=(k, n)).astype("float32")
        for _ in range(2):  # the general kernel, then the specialized one
            np.testing.assert_allclose(f(a, b), a @ b, rtol=2e-4, atol=2e-4)
