"""The deeplearning.net tutorials logistic_sgd.py and mlp.py, unchanged,
through `python -m theano_mlir.run` (examples/tutorials/), reduced: a small
synthetic dataset and the epochs the tutorials take as an argument. The
error rate must fall; the full comparison with Theano 1.0.5 is
examples/tutorials/run_tutorials.py (see examples/tutorials/README.md).
The LSTM tutorial's model (lstm.py, unchanged): without dropout, its
predictions, cost and gradients against numpy; with dropout, train_lstm
learns a small local data set (lstm_train.py)."""

import json
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
