import numpy as np
import pytest
from mlir import ir

from theano_mlir.config import config
from theano_mlir.dialect import build_function, new_context
from theano_mlir.lowering import CompiledFunction


@pytest.fixture(scope="session", autouse=True)
def private_compile_cache(tmp_path_factory):
    """The session's compile cache: its own directory, not the user's.
    Specialized kernels compile during the call that asks for them, so that
    tests calling twice compare the general kernel with the specialized one
    (tests/runtime/test_background_compile.py turns the background on)."""
    flags = dict(compiledir=str(tmp_path_factory.mktemp("compiledir")), background_compile=False)
    with config.change_flags(**flags):
        yield config.compiledir


#: Tolerances by dtype: compiled math may differ from numpy by a few ulp.
TOLERANCES = {
    np.dtype("float16"): dict(rtol=2e-3, atol=1e-3),
    np.dtype("float32"): dict(rtol=2e-6, atol=1e-6),
    np.dtype("float64"): dict(rtol=1e-13, atol=1e-14),
}


def compile_function(args, body, **options):
    """`body` over tensors `args` [(dtype, shape with None), ...], compiled."""
    with new_context(), ir.Location.unknown():
        return CompiledFunction(build_function(args, body), **options)


def assert_matches(actual, expected):
    """Same dtype, shape and values (exact for ints/bools, tolerant for floats)."""
    expected = np.asarray(expected)
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(actual, expected, equal_nan=True, **TOLERANCES[expected.dtype])
    else:
        np.testing.assert_array_equal(actual, expected)


def random_array(rng, dtype, shape, low=-5, high=5):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind == "u":
        return rng.integers(0, min(high, np.iinfo(dtype).max) + 1, size=shape).astype(dtype)
    if dtype.kind == "i":
        return rng.integers(low, high + 1, size=shape).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
