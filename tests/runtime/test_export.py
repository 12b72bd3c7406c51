"""Exported functions run by the runtime alone: in a process where `mlir`
cannot be imported, they give the results of the original."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.runtime.archive import ArchiveError

#: Runs in a fresh process: `mlir` import blocked, loads EXPORT, runs CALLS.
LOADER = textwrap.dedent("""
    import json, sys
    sys.modules["mlir"] = None  # `import mlir` raises ImportError
    import numpy as np
    from theano_mlir import runtime

    f = runtime.load(sys.argv[1])
    inputs = np.load(sys.argv[2])
    x, y = inputs["x"], inputs["y"]
    out = dict(costs=[float(f(x, y)) for _ in range(3)])
    out["keyword"] = float(f(y=y, x=x))
    out["w"] = f.get_shared_value("w").tolist()
    out["b"] = float(f.get_shared_value("b"))
    try:
        f(x)
    except TypeError as error:
        out["missing"] = str(error)
    try:
        f(x[0], y)
    except TypeError as error:
        out["ndim"] = str(error)
    try:
        f(x, y[:3])
    except ValueError as error:
        out["shape"] = str(error)
    out["w_after_errors"] = f.get_shared_value("w").tolist()
    out["mlir_loaded"] = any(m == "mlir" or m.startswith("mlir.") for m, v in sys.modules.items() if v)
    print(json.dumps(out))
""")


def _training_function():
    x, y = T.matrix("x"), T.vector("y")
    w = theano.shared(np.zeros(4), "w")
    b = theano.shared(0.5, "b")
    prediction = T.tanh(T.dot(x, w) + b)
    cost = ((prediction - y) ** 2).mean()
    gw, gb = T.grad(cost, [w, b])
    return theano.function([x, y], cost, updates=[(w, w - 0.5 * gw), (b, b - 0.5 * gb)]), w, b


def _load_elsewhere(path, x, y, tmp_path):
    inputs = tmp_path / "inputs.npz"
    np.savez(inputs, x=x, y=y)
    done = subprocess.run(
        [sys.executable, "-c", LOADER, str(path), str(inputs)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("calls_before_export", [0, 2])
def test_an_export_runs_without_mlir_as_the_original(tmp_path, calls_before_export):
    """Exported after 0 calls: only the general kernel; after 2: the kernel
    specialized for these shapes too (it then serves every call)."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    f, w, b = _training_function()
    for _ in range(calls_before_export):
        f(x, y)
    assert len(f._kernel.specialized) == (1 if calls_before_export else 0)
    path = tmp_path / "step.theano"
    f.export(path)
    # the original goes on from the same state
    expected = [float(f(x, y)) for _ in range(3)] + [float(f(x, y))]
    loaded = _load_elsewhere(path, x, y, tmp_path)
    assert not loaded["mlir_loaded"]
    np.testing.assert_allclose(loaded["costs"] + [loaded["keyword"]], expected, rtol=1e-12)
    np.testing.assert_allclose(loaded["w"], w.get_value(), rtol=1e-12)
    np.testing.assert_allclose(loaded["b"], b.get_value(), rtol=1e-12)
    assert "Missing required input: y" in loaded["missing"]
    assert '"x"' in loaded["ndim"] and "index 0" in loaded["ndim"]
    assert "shape" in loaded["shape"] or "align" in loaded["shape"] or "dimension" in loaded["shape"]
    assert loaded["w_after_errors"] == loaded["w"]  # a failed call changes no shared value


def test_an_export_keeps_defaults_names_and_a_single_output(tmp_path):
    x = T.vector("x")
    scale = T.scalar("scale")
    f = theano.function([x, theano.In(scale, value=3.0)], [x * scale, x.sum()])
    g = theano.function([x], x * 2)
    f.export(tmp_path / "f")
    g.export(tmp_path / "g")
    from theano_mlir import runtime

    loaded_f, loaded_g = runtime.load(tmp_path / "f"), runtime.load(tmp_path / "g")
    data = np.arange(4.0)
    for got, want in zip(loaded_f(data), f(data)):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(loaded_f(data, scale=0.5)[0], data * 0.5)
    np.testing.assert_array_equal(loaded_g(data), data * 2)  # not a list
    with pytest.raises(TypeError, match="Unknown input or state: nope"):
        loaded_f(data, nope=1)


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "not an archive"])
def test_a_damaged_export_is_an_error(tmp_path, damage):
    x = T.vector("x")
    theano.function([x], x + 1).export(tmp_path / "f")
    data = bytearray((tmp_path / "f").read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "corrupt":
        for at in range(len(data) // 2, len(data) // 2 + 32):
            data[at] ^= 0x5A
    else:
        data = b"hello" * 100
    (tmp_path / "f").write_bytes(bytes(data))
    from theano_mlir import runtime

    with pytest.raises(ArchiveError):
        runtime.load(tmp_path / "f")


def test_a_cache_entry_is_not_an_export(tmp_path):
    from theano_mlir import runtime
    from theano_mlir.runtime import archive

    archive.write(os.path.join(tmp_path, "entry"), dict(entry="x"), {"kernel.so": b""})
    with pytest.raises(ArchiveError, match="not an exported function"):
        runtime.load(tmp_path / "entry")


DRAWS_LOADER = textwrap.dedent("""
    import json, sys
    sys.modules["mlir"] = None
    import numpy as np
    from theano_mlir import runtime

    f = runtime.load(sys.argv[1])
    x = np.zeros((2, 3))
    print(json.dumps([f(x).tolist() for _ in range(2)]))
""")


def test_an_export_draws_numpys_numbers_where_it_is_loaded(tmp_path):
    # shared_randomstreams' draws call numpy from the kernel: the loading
    # process rebuilds those host functions from the export's keys
    from theano_mlir.tensor.shared_randomstreams import RandomStreams

    x = T.dmatrix("x")
    srng = RandomStreams(seed=21)
    f = theano.function([x], x + srng.normal(size=x.shape))
    path = tmp_path / "draws.theano"
    f.export(path)
    expected = [f(np.zeros((2, 3))).tolist() for _ in range(2)]
    done = subprocess.run([sys.executable, "-c", DRAWS_LOADER, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    np.testing.assert_array_equal(json.loads(done.stdout.strip().splitlines()[-1]), expected)
