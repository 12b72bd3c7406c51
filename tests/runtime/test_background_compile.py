"""Kernels specialized for the shapes of calls, compiled in the worker
process while the general kernel serves (config.background_compile, the
default outside the test suite): calls never wait, give the same values
before and after the switch, and shared variables are updated once per
call throughout."""

import gc
import os
import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.config import config
from theano_mlir.lowering import background
from theano_mlir.lowering.background import CompileWorkerError


@pytest.fixture(autouse=True)
def in_background():
    with config.change_flags(background_compile=True):
        yield


def _regression_step(rows=20, cols=5):
    x, y = T.matrix("x"), T.vector("y")
    w = theano.shared(np.zeros(cols), "w")
    cost = ((T.dot(x, w) - y) ** 2).mean()
    step = theano.function([x, y], cost, updates=[(w, w - 0.1 * T.grad(cost, w))])
    rng = np.random.default_rng(7)
    return step, w, rng.normal(size=(rows, cols)), rng.normal(size=rows)


def _reference(data, target, steps):
    w, costs = np.zeros(data.shape[1]), []
    for _ in range(steps):
        error = data @ w - target
        costs.append(np.mean(error**2))
        w = w - 0.1 * 2 * data.T @ error / len(target)
    return costs, w


def _specialized(f):
    return dict(f._kernel.call.specializations)


def test_the_second_call_does_not_wait_and_the_kernel_follows():
    step, w, data, target = _regression_step()
    costs = [float(step(data, target)) for _ in range(2)]
    # the second call asked for the kernel and returned with the general one
    assert _specialized(step) == {}
    assert step.wait_for_kernels(timeout=120)
    assert _specialized(step) == {((20, 5), (20,), (5,)): True}
    costs += [float(step(data, target)) for _ in range(3)]
    expected_costs, expected_w = _reference(data, target, 5)
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    np.testing.assert_allclose(w.get_value(), expected_w, rtol=1e-12)


def test_calls_during_the_compile_update_shared_variables_once_each():
    step, w, data, target = _regression_step(64, 9)
    step(data, target)
    step(data, target)  # starts the compile
    calls = 2
    while _specialized(step) == {} and calls < 5000:
        step(data, target)
        calls += 1
    assert step.wait_for_kernels(timeout=120)
    for _ in range(5):
        step(data, target)
    np.testing.assert_allclose(w.get_value(), _reference(data, target, calls + 5)[1], rtol=1e-10)


def test_a_kernel_asked_for_ahead_of_the_calls():
    step, w, data, target = _regression_step(12, 3)
    step.specialize(data, target, wait=True)
    assert _specialized(step) == {((12, 3), (12,), (3,)): True}
    assert float(step(data, target)) == pytest.approx(_reference(data, target, 1)[0][0], rel=1e-12)
    assert step.profile is None and len(step._kernel.specialized) == 1


def test_asking_ahead_checks_the_inputs():
    step, _, data, target = _regression_step()
    with pytest.raises(TypeError, match="Missing required input: y"):
        step.specialize(data)
    with pytest.raises(TypeError, match="Too many"):
        step.specialize(data, target, target)
    with pytest.raises(TypeError):
        step.specialize(data[0], target)  # a vector for a matrix


def test_a_function_dropped_while_its_kernel_compiles():
    step, _, data, target = _regression_step(30, 4)
    step(data, target)
    step(data, target)
    compiled = step._kernel
    finished = list(compiled._compiling.values())
    del step, compiled
    gc.collect()
    background.wait()
    assert all(event.is_set() for event in finished)


def test_a_compile_that_fails_in_the_worker_leaves_the_general_kernel():
    step, w, data, target = _regression_step(6, 2)
    step(data, target)
    step._kernel._linalg = "this is not MLIR"  # what the worker will parse
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        step(data, target)
        assert step.wait_for_kernels(timeout=120)
    assert any("no kernel specialized" in str(w.message) for w in caught)
    assert _specialized(step) == {((6, 2), (6,), (2,)): False}
    step(data, target)
    np.testing.assert_allclose(w.get_value(), _reference(data, target, 3)[1], rtol=1e-12)


def test_the_worker_reports_errors_and_restarts_after_it_ends():
    results = []
    background.submit(
        dict(
            linalg="",
            shapes="",
            optimizations=[],
            opt_level=0,
            label="x",
            name="main",
            flags={"no_such_flag": 1},
        ),
        results.append,
    )
    background.wait()
    assert isinstance(results[0], CompileWorkerError) and "no_such_flag" in str(results[0])
    process = background._worker._process
    process.kill()
    process.wait()
    step, w, data, target = _regression_step(8, 3)
    step(data, target)
    step(data, target)
    assert step.wait_for_kernels(timeout=120)
    assert background._worker._process.pid != process.pid
    assert _specialized(step) == {((8, 3), (8,), (3,)): True}


def test_the_worker_is_a_separate_process():
    step, _, data, target = _regression_step(5, 5)
    step.specialize(data, target, wait=True)
    assert background._worker._process.pid != os.getpid()


def test_a_forked_child_compiles_with_a_worker_of_its_own():
    """multiprocessing's fork: the child has neither the parent's compile
    thread nor its own pipe; its kernels come from a worker of its own."""
    import multiprocessing

    step, _, data, target = _regression_step(9, 4)
    step.specialize(data, target, wait=True)  # the parent's worker is running
    parent_worker = background._worker._process.pid

    def child(out):
        other, _, d, t = _regression_step(11, 2)
        other.specialize(d, t, wait=True)
        out.put((background._worker._process.pid, _specialized(other)))

    context = multiprocessing.get_context("fork")
    out = context.Queue()
    process = context.Process(target=child, args=(out,))
    process.start()
    pid, specialized = out.get(timeout=120)
    process.join(timeout=60)
    assert process.exitcode == 0
    assert pid != parent_worker and specialized == {((11, 2), (11,), (2,)): True}
