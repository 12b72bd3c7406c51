"""The deeplearning.net tutorials logistic_sgd.py, mlp.py, convolutional_mlp.py
(LeNet) and dA.py, unchanged, through `python -m theano_mlir.run`
(examples/tutorials/), reduced: a small synthetic dataset and the epochs (and
for LeNet the kernels and batch) the tutorials take as arguments. The error
rate, or dA's cost, must fall, and LeNet's errors and dA's costs must be
Theano 1.0.5's; the full comparison with Theano 1.0.5 is
examples/tutorials/run_tutorials.py (see examples/tutorials/README.md).
The LSTM tutorial's model (lstm.py, unchanged): without dropout, its
predictions, cost and gradients against numpy; with dropout, train_lstm
learns a small local data set (lstm_train.py)."""

import json
import math
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "examples", "tutorials"))

import run_tutorials  # noqa: E402


def test_the_pinned_tutorials_are_upstreams():
    run_tutorials.check_unchanged()


def test_logistic_sgd_and_mlp_learn(tmp_path, monkeypatch, private_compile_cache):
    try:
        run_tutorials.six_path(os.path.join(run_tutorials.ROOT, ".venv", "bin", "python"))
    except Exception as error:  # the tutorials import six; pip needs PyPI
        pytest.skip(f"six is not importable and could not be installed: {error}")
    monkeypatch.setattr(run_tutorials, "CACHE", str(tmp_path))
    monkeypatch.setenv("THEANO_MLIR_FLAGS", f"compiledir={private_compile_cache}")
    results = tmp_path / "results.json"
    argv = ["--systems", "theano_mlir", "--n", "3000,1200,1200", "--logistic-epochs", "4"]
    argv += ["--mlp-epochs", "2", "--json", str(results)]
    assert run_tutorials.main(argv) == 0
    records = {r["tutorial"]: r for r in json.loads(results.read_text())["records"]}
    for tutorial, epochs in (("logistic_sgd", 4), ("mlp", 2)):
        record = records[tutorial]
        assert record["returncode"] == 0, record.get("error")
        curve = record["valid_curve"]
        assert len(curve) == epochs
        assert curve[-1] < curve[0], curve
        assert record["best_valid_error"] < 40.0  # chance is 90%
        assert 0.0 < record["test_error"] < 40.0


def _run_lstm_script(script, args, flags):
    """The last JSON line a tutorial script (run through theano_mlir.run,
    with THEANO_MLIR_FLAGS `flags`) prints; skips where six, which lstm.py
    imports, is missing."""
    try:
        site = run_tutorials.six_path(os.path.join(run_tutorials.ROOT, ".venv", "bin", "python"))
    except Exception as error:  # pip needs PyPI
        pytest.skip(f"six is not importable and could not be installed: {error}")
    env = dict(os.environ, THEANO_MLIR_FLAGS=flags)
    if site:
        env["PYTHONPATH"] = site
    done = subprocess.run(
        [sys.executable, "-m", "theano_mlir.run", os.path.join(run_tutorials.HERE, script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("floatx", ["float64", "float32"])
def test_lstm_model_forward_and_gradients_against_numpy(floatx, private_compile_cache):
    report = _run_lstm_script("lstm_check.py", [], f"compiledir={private_compile_cache},floatX={floatx}")
    tolerance = 1e-5 if floatx == "float32" else 1e-9
    assert report["argmax_equal"]
    assert report["pred"] < tolerance and report["cost"] < tolerance, report
    assert max(report["grads"].values()) < (1e-3 if floatx == "float32" else 1e-6), report


def test_lstm_tutorial_trains_with_dropout(private_compile_cache):
    # train_lstm itself, dropout on (MRG_RandomStreams), on local data
    report = _run_lstm_script("lstm_train.py", ["--epochs", "8"], f"compiledir={private_compile_cache}")
    assert report["train_err"] < 0.2 and report["test_err"] < 0.2, report  # chance is 0.5


SMALL = "3000,1200,1200"
# Theano 1.0.5's numbers for the runs below (float32, C backend; the
# tutorials' seeds fix the initial weights and dA's corruption), on
# synthetic_mnist's data of this version: run_tutorials.py --systems theano
# with the same arguments gives them again.
THEANO_105 = {
    # convolutional_mlp: validation error % per epoch, test error % of the best
    (1, "convolutional_mlp"): {"valid_curve": [37.583333, 24.416667], "test_error": 23.0},
    # dA: mean cost per epoch, without and with 30% corruption
    (1, "dA"): {
        "corruption_0": [120.61022903442382, 100.08707158406575],
        "corruption_30": [134.1032982381185, 111.91281743367513],
    },
}


def _run_driver(tmp_path, monkeypatch, compiledir, argv, modules=("six",)):
    """run_tutorials.main on theano_mlir with a small synthetic dataset in
    tmp_path; its records by tutorial."""
    try:
        run_tutorials.site_path(os.path.join(run_tutorials.ROOT, ".venv", "bin", "python"), modules)
    except Exception as error:  # the tutorials import six (dA.py PIL too); pip needs PyPI
        pytest.skip(f"{', '.join(modules)} not importable and could not be installed: {error}")
    monkeypatch.setattr(run_tutorials, "CACHE", str(tmp_path))
    monkeypatch.setenv("THEANO_MLIR_FLAGS", f"compiledir={compiledir}")
    results = tmp_path / "results.json"
    argv = ["--systems", "theano_mlir", "--n", SMALL, "--json", str(results), *argv]
    assert run_tutorials.main(argv) == 0
    return {r["tutorial"]: r for r in json.loads(results.read_text())["records"]}


def test_lenet_learns(tmp_path, monkeypatch, private_compile_cache):
    # convolutional_mlp.evaluate_lenet5, reduced through the arguments it takes
    argv = ["--tutorials", "convolutional_mlp", "--lenet-epochs", "2", "--lenet-nkerns", "10,20"]
    argv += ["--lenet-batch-size", "300"]
    record = _run_driver(tmp_path, monkeypatch, private_compile_cache, argv)["convolutional_mlp"]
    assert record["returncode"] == 0, record.get("error")
    curve = record["valid_curve"]
    assert len(curve) == 2 and curve[-1] < curve[0], curve
    assert 0.0 < record["test_error"] < 60.0  # chance is 90%
    expected = THEANO_105.get((run_tutorials.synthetic_mnist.VERSION, "convolutional_mlp"))
    if expected:  # one of 1200 images (0.083%) may fall the other way in float32
        assert curve == pytest.approx(expected["valid_curve"], abs=0.25)
        assert record["test_error"] == pytest.approx(expected["test_error"], abs=0.25)


def test_dA_cost_falls(tmp_path, monkeypatch, private_compile_cache):
    # dA.test_dA: trains twice (no corruption, then 30%: MRG_RandomStreams'
    # binomial) and writes its filters with PIL
    argv = ["--tutorials", "dA", "--dA-epochs", "2"]
    record = _run_driver(tmp_path, monkeypatch, private_compile_cache, argv, ("six", "PIL"))["dA"]
    assert record["returncode"] == 0, record.get("error")
    for phase in run_tutorials.DA_PHASES:
        costs = record["costs"][phase]
        assert len(costs) == 2 and all(map(math.isfinite, costs)), costs
        assert costs[1] < costs[0], costs
    assert (tmp_path / "run-theano_mlir-dA" / "dA_plots" / "filters_corruption_30.png").exists()
    expected = THEANO_105.get((run_tutorials.synthetic_mnist.VERSION, "dA"))
    if expected:
        for phase in run_tutorials.DA_PHASES:
            assert record["costs"][phase] == pytest.approx(expected[phase], rel=1e-4)
