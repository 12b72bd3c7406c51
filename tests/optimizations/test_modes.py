"""Modes and named optimizations: FAST_RUN (every optimization) and
FAST_COMPILE (none) compute the same values; leaving a pass out changes the
IR as it should; IR dumps and debugprint show what was compiled."""

import os

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile import FAST_COMPILE, Mode, get_mode

RNG = np.random.default_rng(7)


def _mlp_step():
    """One SGD step of a small tanh MLP with softmax cross-entropy (the same
    values each time)."""
    rng = np.random.default_rng(3)
    x, y = T.matrix("x"), T.ivector("y")
    w1 = theano.shared(rng.normal(0, 0.3, (6, 5)), "w1")
    b1 = theano.shared(rng.normal(0, 0.1, 5), "b1")
    w2 = theano.shared(rng.normal(0, 0.3, (5, 3)), "w2")
    b2 = theano.shared(rng.normal(0, 0.1, 3), "b2")
    h = T.tanh(T.dot(x, w1) + b1)
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w2) + b2), y).mean()
    params = [w1, b1, w2, b2]
    updates = [(p, p - 0.5 * g) for p, g in zip(params, T.grad(cost, params))]
    args = [rng.normal(size=(8, 6)), rng.integers(0, 3, 8).astype("int32")]
    return [x, y], [cost], updates, args, params


def _case(build, *values):
    def make():
        inputs, outputs = build()
        return inputs, outputs, [], list(values), []

    return make


m, n, v = RNG.normal(size=(4, 5)), RNG.normal(size=(5, 3)), RNG.normal(size=5)
pos = RNG.uniform(0.5, 2.0, size=(4, 5))
ints = RNG.integers(-9, 9, size=(4, 5)).astype("int32")
labels = RNG.integers(0, 5, 4).astype("int64")

#: One case per op family: (inputs, outputs, updates, argument values, shared).
FAMILIES = {
    "float elementwise chain": _case(
        lambda: (lambda a, b: ([a, b], [T.exp(a * 0.5) - T.tanh(a + b) / (1 + b**2)]))(
            T.matrix("a"), T.vector("b")
        ),
        m,
        v,
    ),
    "int elementwise": _case(
        lambda: (lambda i: ([i], [i // 3 + i % 4 * 2 - abs(i), T.switch(i > 0, i, -i)]))(T.imatrix("i")), ints
    ),
    "comparisons and casts": _case(
        lambda: (lambda a: ([a], [T.cast(a > 0.1, "float64") * a, T.eq(T.round(a), 0)]))(T.matrix("a")), m
    ),
    "reductions": _case(
        lambda: (
            lambda a: (
                [a],
                [
                    a.sum(axis=0),
                    a.max(axis=1),
                    a.mean(),
                    T.prod(a, axis=1),
                    T.argmax(a, axis=1),
                    (a * a).sum(axis=1),
                ],
            )
        )(T.matrix("a")),
        m,
    ),
    "contractions": _case(
        lambda: (
            lambda a, b, c: (
                [a, b, c],
                [T.dot(a, b), T.dot(a, c), T.dot(c, c), T.dot(c, b), T.dot(a, b) * 2.0],
            )
        )(T.matrix("a"), T.matrix("b"), T.vector("c")),
        m,
        n,
        v,
    ),
    "gemm forms": _case(
        lambda: (
            lambda a, b, c, r: (
                [a, b, c, r],
                [T.dot(a, b) + r, c - 0.3 * T.dot(a, b), T.dot(a, b) - c, -(2.0 * (T.dot(a, b) + c))],
            )
        )(T.matrix("a"), T.matrix("b"), T.matrix("c"), T.vector("r")),
        m,
        n,
        RNG.normal(size=(4, 3)),
        RNG.normal(size=3),
    ),
    "transposes": _case(
        lambda: (lambda a, b: ([a, b], [T.dot(a.T, a), T.dot(b.T, a.T), a.T * 2]))(
            T.matrix("a"), T.matrix("b")
        ),
        m,
        n,
    ),
    "data movement": _case(
        lambda: (
            lambda a: (
                [a],
                [a.dimshuffle(1, "x", 0), a.reshape((2, 10)), T.flatten(a), T.zeros_like(a) + a.shape[0]],
            )
        )(T.matrix("a")),
        m,
    ),
    "nnet": _case(
        lambda: (
            lambda a, t: (
                [a, t],
                [
                    T.nnet.softmax(a),
                    T.nnet.logsoftmax(a),
                    T.nnet.categorical_crossentropy(T.nnet.softmax(a), t),
                    T.nnet.sigmoid(a),
                    T.nnet.relu(a),
                    T.nnet.softplus(a),
                ],
            )
        )(T.matrix("a"), T.lvector("t")),
        m,
        labels,
    ),
    "stable rewrites": _case(
        lambda: (lambda p: ([p], [T.log(1 + p), T.exp(p) - 1, T.log(T.nnet.sigmoid(p))]))(T.matrix("p")), pos
    ),
    "gradients": _case(
        lambda: (lambda a: ([a], T.grad((T.tanh(a) ** 2).sum() + T.nnet.softmax(a).max(), [a])))(
            T.matrix("a")
        ),
        m,
    ),
    "jacobian": _case(
        lambda: (lambda c: ([c], [T.jacobian(T.tanh(c) * c.sum(), c), T.hessian((c**3).sum(), c)]))(
            T.vector("c")
        ),
        v,
    ),
    "sgd updates": _mlp_step,
}


def _run(case, mode):
    inputs, outputs, updates, values, shared = case()
    initial = [p.get_value() for p in shared]
    f = theano.function(inputs, outputs, updates=updates, mode=mode)
    results = [np.asarray(r) for r in f(*values)] + [p.get_value() for p in shared]
    for p, value in zip(shared, initial):
        p.set_value(value)
    return results


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_fast_run_and_fast_compile_agree(family):
    fast_run = _run(FAMILIES[family], "FAST_RUN")
    fast_compile = _run(FAMILIES[family], "FAST_COMPILE")
    assert len(fast_run) == len(fast_compile)
    for a, b in zip(fast_run, fast_compile):
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
        else:
            np.testing.assert_array_equal(a, b)


def test_sgd_step_matches_numpy_in_both_modes():
    for mode in ("FAST_RUN", "FAST_COMPILE"):
        inputs, outputs, updates, (x, y), params = _mlp_step()
        w1, b1, w2, b2 = [p.get_value() for p in params]
        f = theano.function(inputs, outputs, updates=updates, mode=mode)
        cost = f(x, y)[0]
        h = np.tanh(x @ w1 + b1)
        z = h @ w2 + b2
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        np.testing.assert_allclose(cost, -np.log(p[np.arange(8), y]).mean(), rtol=1e-12)
        dz = p.copy()
        dz[np.arange(8), y] -= 1
        dz /= 8
        dh = dz @ w2.T * (1 - h**2)
        expected = [w1 - 0.5 * x.T @ dh, b1 - 0.5 * dh.sum(0), w2 - 0.5 * h.T @ dz, b2 - 0.5 * dz.sum(0)]
        for param, value in zip(params, expected):
            np.testing.assert_allclose(param.get_value(), value, rtol=1e-10, atol=1e-12)


def _stage(f, stage):
    return f.lowering_stages()[stage]


def test_fast_compile_runs_no_optimization():
    a, b = T.matrix("a"), T.matrix("b")
    out = T.dot(a, b) + 1.0
    assert "theano.gemm" in _stage(theano.function([a, b], out), "optimize")
    ir = _stage(theano.function([a, b], out, mode="FAST_COMPILE"), "optimize")
    assert "theano.gemm" not in ir and "theano.dot" in ir and "theano.add" in ir


def _generic_count(f):
    return _stage(f, "to-linalg").count("linalg.generic")


def test_excluding_a_pass_changes_the_ir():
    a, b, c = T.matrix("a"), T.matrix("b"), T.vector("c")
    chain = T.exp(a * 2 + c) - T.tanh(a) * a
    fused = _generic_count(theano.function([a, c], chain))
    unfused = _generic_count(theano.function([a, c], chain, mode=Mode().excluding("fusion")))
    assert fused == 1 and unfused >= 5
    # By pass name, and through the flag (as THEANO_MLIR_FLAGS would set it).
    gemm = T.dot(a, b) + c
    assert "theano.gemm" not in _stage(
        theano.function([a, b, c], gemm, mode=Mode().excluding("theano-gemm")), "optimize"
    )
    with theano.config.change_flags(optimizer_excluding="gemm:fusion"):
        f = theano.function([a, b, c], gemm)
        assert "theano.gemm" not in _stage(f, "optimize")
        assert get_mode().optimizations.isdisjoint({"theano-gemm", "theano-fuse-elementwise"})
    # Including one optimization into FAST_COMPILE.
    f = theano.function([a, c], chain, mode=FAST_COMPILE.including("fusion"))
    assert _generic_count(f) == 1


def test_excluding_in_place_updates_keeps_the_values():
    s = theano.shared(np.arange(4.0), "s")
    x = T.vector("x")
    f = theano.function([x], [], updates=[(s, s * x + 1)], mode=Mode().excluding("inplace"))
    f(np.full(4, 2.0))
    np.testing.assert_array_equal(s.get_value(), np.arange(4.0) * 2 + 1)
    assert "theano-update-in-place" not in f.mode.optimizations


def test_mode_errors():
    x = T.vector("x")
    with pytest.raises(ValueError, match="unknown mode 'FAST'"):
        theano.function([x], x, mode="FAST")
    with pytest.raises(TypeError, match="mode must be a Mode"):
        theano.function([x], x, mode=3)
    with pytest.raises(ValueError, match="'theano-autodiff' is required"):
        Mode().excluding("theano-autodiff")
    with pytest.warns(UserWarning, match="no optimization is named 'local_nothing'"):
        Mode().excluding("local_nothing")
    with pytest.raises(ValueError, match="config.mode must be one of"):
        theano.config.mode = "SLOW_RUN"
    with pytest.raises(ValueError, match="must be a boolean"):
        theano.config.print_ir_after_all = "sometimes"


def test_print_ir_after_all(capfd):
    x = T.vector("x")
    with theano.config.change_flags(print_ir_after_all=True):
        theano.function([x], T.exp(x) + 1)
    err = capfd.readouterr().err
    for pass_name in (
        "theano-simplify",
        "theano-fuse-elementwise",
        "convert-theano-to-linalg",
        "convert-to-llvm",
    ):
        assert "IR Dump After" in err and f"({pass_name})" in err, pass_name


def test_dump_ir_writes_a_file_per_pass(tmp_path):
    x = T.vector("x")
    with theano.config.change_flags(dump_ir=str(tmp_path)):
        theano.function([x], T.exp(x) + 1, name="dumped")
    (function_dir,) = [d for d in tmp_path.iterdir() if d.name.endswith("dumped")]
    stages = sorted(d.name for d in function_dir.iterdir())
    assert stages == sorted(["optimize", "to-linalg", "bufferize", "deallocate", "to-llvm"])
    files = [os.path.join(root, name) for root, _, names in os.walk(function_dir) for name in names]
    names = " ".join(files)
    assert "theano-fuse-elementwise" in names and "convert-to-llvm" in names
    fused = next(p for p in files if "theano-fuse-elementwise" in p)
    assert open(fused).read().count("linalg.generic") == 1


def test_debugprint_of_a_function_shows_theano_and_lowered_ir():
    x, w, b = T.matrix("x"), T.matrix("w"), T.vector("b")
    f = theano.function([x, w, b], T.tanh(T.dot(x, w) + b), name="layer")
    text = theano.printing.debugprint(f, file="str")
    optimized, lowered = text.split("// lowered IR")
    assert "optimized theano IR of layer" in optimized and "theano.gemm" in optimized
    assert "theano.add" not in optimized
    assert "linalg.matmul" in lowered and "memref.alloc" in lowered and "theano.gemm" not in lowered


def test_debugprint_of_variables_is_theanos_layout():
    x, y = T.vector("x"), T.vector("y")
    z = T.exp(x) + x * y
    text = theano.printing.debugprint(z, file="str")
    assert text.splitlines() == [
        "Elemwise{add,no_inplace} [id A] ''",
        " |Elemwise{exp,no_inplace} [id B] ''",
        " | |x [id C]",
        " |Elemwise{mul,no_inplace} [id D] ''",
        "   |x [id C]",
        "   |y [id E]",
    ]
    with pytest.raises(TypeError, match="debugprint cannot print int"):
        theano.printing.debugprint(3)
