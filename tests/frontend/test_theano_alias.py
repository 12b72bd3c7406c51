"""The name `theano`: `python -m theano_mlir.run` and theano_mlir.alias."""

import os
import subprocess
import sys
import textwrap

import pytest

from theano_mlir import alias

PROGRAM = """
import sys
import numpy as np
import theano
import theano.tensor as T
from theano.compile.function_module import UnusedInputError
x = T.dvector("x")
f = theano.function([x], T.exp(x).sum())
same = theano.tensor is sys.modules["theano_mlir.tensor"] and theano.tensor.nnet is T.nnet
print(f(np.zeros(3)), sys.argv[1:], same, __name__)
"""


def _run(args, cwd, pythonpath=None):
    # the child's compile cache is the test's, not the user's
    env = dict(os.environ, THEANO_MLIR_FLAGS=f"compiledir={cwd / 'compiledir'}")
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "theano_mlir.run", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_program_written_for_theano_runs_unchanged(tmp_path):
    (tmp_path / "program.py").write_text(textwrap.dedent(PROGRAM))
    result = _run(["program.py", "--epochs", "2"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3.0 ['--epochs', '2'] True __main__"


def test_a_program_imports_the_modules_beside_it(tmp_path):
    # as `python dir/program.py`: dir is first on sys.path, whatever the cwd
    code = tmp_path / "code"
    code.mkdir()
    (code / "helper.py").write_text("import theano\nNAME = theano.__name__\n")
    (code / "program.py").write_text("from helper import NAME\nprint(NAME)\n")
    (tmp_path / "elsewhere").mkdir()
    result = _run([str(code / "program.py")], tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "theano_mlir"


def test_a_module_runs_with_dash_m(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "train.py").write_text(textwrap.dedent(PROGRAM))
    result = _run(["-m", "pkg.train", "x"], tmp_path, pythonpath=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3.0 ['x'] True __main__"


def test_a_missing_theano_module_is_an_import_error_naming_it(tmp_path):
    (tmp_path / "program.py").write_text("import theano.sandbox.cuda\n")
    result = _run(["program.py"], tmp_path)
    assert result.returncode != 0
    # theano.sandbox exists (rng_mrg's names); its cuda does not
    assert "ModuleNotFoundError: No module named 'theano.sandbox.cuda'" in result.stderr


def test_install_and_uninstall_in_process():
    alias.install()
    alias.install()  # twice: one finder
    try:
        assert sum(isinstance(f, alias.TheanoAliasFinder) for f in sys.meta_path) == 1
        import theano.tensor  # noqa: F401 (through the alias)

        assert sys.modules["theano.tensor"] is sys.modules["theano_mlir.tensor"]
        with pytest.raises(ImportError, match="theano.no_such_module"):
            import theano.no_such_module  # noqa: F401
    finally:
        alias.uninstall()
    assert "theano" not in sys.modules
    assert not any(isinstance(f, alias.TheanoAliasFinder) for f in sys.meta_path)
