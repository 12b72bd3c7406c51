"""The persistent compile cache: hits across processes, damaged entries,
directories it must not use, processes compiling at once."""

import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.config import config
from theano_mlir.lowering.cache import CompileCache
from theano_mlir.runtime.archive import Archive

#: A training step whose kernels (general and specialized) go to the cache;
#: prints the cost of three steps, the final weights' sum and whether the
#: general kernel came from the cache.
SCRIPT = textwrap.dedent("""
    import json
    import numpy as np
    import theano_mlir as theano
    import theano_mlir.tensor as T

    rng = np.random.default_rng(0)
    x, y = T.matrix("x"), T.vector("y")
    w = theano.shared(np.zeros(5), "w")
    cost = ((T.dot(x, w) - y) ** 2).mean()
    step = theano.function([x, y], cost, updates=[(w, w - 0.1 * T.grad(cost, w))])
    data, target = rng.normal(size=(20, 5)), rng.normal(size=20)
    costs = [float(step(data, target)) for _ in range(3)]
    step.wait_for_kernels()  # the specialized one compiles in the background
    print(json.dumps(dict(costs=costs, w=float(w.get_value().sum()),
                          cached=step._kernel.from_cache)))
""")


def _run(directory, script=SCRIPT):
    env = dict(os.environ, THEANO_MLIR_FLAGS=f"compiledir={directory}")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def _reference():
    rng = np.random.default_rng(0)
    data, target = rng.normal(size=(20, 5)), rng.normal(size=20)
    w, costs = np.zeros(5), []
    for _ in range(3):
        error = data @ w - target
        costs.append(np.mean(error**2))
        w = w - 0.1 * 2 * data.T @ error / len(target)
    return costs, w.sum()


def _entries(directory):
    return sorted(f for f in os.listdir(directory) if f.endswith(".kernel"))


def _check(result):
    costs, w = _reference()
    np.testing.assert_allclose(result["costs"], costs, rtol=1e-12)
    np.testing.assert_allclose(result["w"], w, rtol=1e-12)


def test_a_second_process_loads_what_the_first_compiled(tmp_path):
    first, _ = _run(tmp_path)
    _check(first)
    assert not first["cached"]
    entries = _entries(tmp_path)
    assert len(entries) == 2  # the general kernel and the one specialized for (20, 5)
    second, _ = _run(tmp_path)
    _check(second)
    assert second["cached"] and _entries(tmp_path) == entries


def test_the_directory_is_created_private(tmp_path):
    directory = tmp_path / "a" / "cache"
    _run(directory)
    assert (os.stat(directory).st_mode & 0o777) == 0o700
    assert all((os.stat(directory / e).st_mode & 0o777) == 0o600 for e in _entries(directory))


@pytest.mark.parametrize("damage", ["corrupt", "truncate", "empty", "garbage"])
def test_a_damaged_entry_is_removed_and_rebuilt(tmp_path, damage):
    _run(tmp_path)
    for entry in _entries(tmp_path):
        path = tmp_path / entry
        data = bytearray(path.read_bytes())
        if damage == "corrupt":  # flip bytes inside the shared object
            for at in range(len(data) // 3, len(data) // 3 + 64):
                data[at] ^= 0xFF
        elif damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "empty":
            data = b""
        else:
            data = b"\x7fELF" + bytes(range(256)) * 40
        path.write_bytes(bytes(data))
    result, stderr = _run(tmp_path)
    _check(result)
    assert not result["cached"] and "removed a damaged compile cache entry" in stderr
    again, _ = _run(tmp_path)  # rebuilt: whole entries again
    _check(again)
    assert again["cached"]


def test_a_directory_owned_by_another_user_is_not_used(tmp_path, monkeypatch):
    directory = tmp_path / "theirs"
    directory.mkdir(mode=0o700)
    if os.geteuid() == 0:
        os.chown(directory, 4242, 4242)
    else:  # only root can give a directory away: pretend to be someone else
        monkeypatch.setattr(os, "geteuid", lambda: os.stat(directory).st_uid + 1)
    with config.change_flags(compiledir=str(directory)):
        x = T.vector()
        with pytest.warns(RuntimeWarning, match="owned by another user"):
            f = theano.function([x], x * 2)
        np.testing.assert_array_equal(f(np.arange(3.0)), [0, 2, 4])
    assert os.listdir(directory) == []


def test_a_read_only_directory_compiles_without_the_cache(tmp_path):
    directory = tmp_path / "read-only"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        with config.change_flags(compiledir=str(directory)):
            x = T.vector()
            with pytest.warns(RuntimeWarning, match="not writable"):
                f = theano.function([x], x + 1)
            np.testing.assert_array_equal(f(np.arange(3.0)), [1, 2, 3])
            assert os.listdir(directory) == []
    finally:
        directory.chmod(0o700)


def test_the_cache_can_be_turned_off(tmp_path):
    env_script = "import theano_mlir; theano_mlir.config.compile_cache = False\n" + SCRIPT
    result, _ = _run(tmp_path, env_script)
    _check(result)
    assert not result["cached"] and _entries(tmp_path) == []


def test_two_processes_compiling_the_same_function_at_once(tmp_path):
    env = dict(os.environ, THEANO_MLIR_FLAGS=f"compiledir={tmp_path}")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "damaged" not in err
        _check(json.loads(out.strip().splitlines()[-1]))
    assert len(_entries(tmp_path)) == 2
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".partial")]
    third, _ = _run(tmp_path)
    _check(third)
    assert third["cached"]


#: Waits for the file argv[1] (so that the processes compile at the same
#: moment), then compiles one function (no kernel specialized: one entry).
RACE_SCRIPT = textwrap.dedent("""
    import json, os, sys, time
    import numpy as np
    import theano_mlir as theano
    import theano_mlir.tensor as T

    x = T.matrix("x")
    while not os.path.exists(sys.argv[1]):
        time.sleep(0.005)
    f = theano.function([x], T.tanh(x) * 2 + T.exp(-x ** 2))
    print(json.dumps(dict(value=float(f(np.ones((3, 4))).sum()), cached=f._kernel.from_cache)))
""")


def test_processes_compiling_the_same_function_at_once_leave_one_entry(tmp_path):
    directory, go = tmp_path / "cache", tmp_path / "go"
    env = dict(os.environ, THEANO_MLIR_FLAGS=f"compiledir={directory}")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", RACE_SCRIPT, str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    go.touch()
    expected = float((np.tanh(np.ones((3, 4))) * 2 + np.exp(-1.0)).sum())
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "damaged" not in err and "lock" not in err
        np.testing.assert_allclose(json.loads(out.strip().splitlines()[-1])["value"], expected)
    (entry,) = _entries(directory)
    assert sorted(os.listdir(directory)) == [".lock", entry]  # no partial writes left
    archive = Archive(str(directory / entry))
    assert archive.member("kernel.so") and archive.meta["entry"]
    done = subprocess.run(
        [sys.executable, "-c", RACE_SCRIPT, str(go)], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1])["cached"]


def test_an_entry_is_written_once_and_removed_only_as_it_was_read(tmp_path):
    """The first writer's entry stays; a process removes the entry it found
    damaged, not one that another process has written since."""
    key = "0" * 64
    path = tmp_path / (key + ".kernel")
    mine, theirs = CompileCache(tmp_path), CompileCache(tmp_path)
    theirs.store(key, {"entry": "first"}, {"kernel.so": b"first"})
    mine.store(key, {"entry": "second"}, {"kernel.so": b"second"})
    assert mine.load(key).meta["entry"] == "first"
    # `mine` finds the entry it read unusable; meanwhile it was replaced
    path.unlink()
    theirs.store(key, {"entry": "newer"}, {"kernel.so": b"newer code"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mine.discard(key, "its library does not load")
    assert mine.load(key).meta["entry"] == "newer"
    with pytest.warns(RuntimeWarning, match="removed a damaged compile cache entry"):
        mine.discard(key, "its library does not load")
    assert not path.exists()


def test_check_messages_are_part_of_the_key(tmp_path):
    """Two graphs that differ only in the names their errors use."""
    messages = []
    with config.change_flags(compiledir=str(tmp_path)):
        for name in ("left", "other"):
            a, b = T.matrix(name), T.matrix("b")
            f = theano.function([a, b], T.dot(a, b))
            with pytest.raises(ValueError) as error:
                f(np.ones((2, 3)), np.ones((4, 2)))
            messages.append(str(error.value))
    assert "left" in messages[0] and "other" in messages[1]
