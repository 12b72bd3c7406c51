"""The dialect lives in one in-process library; its builders are generated."""

import subprocess
import sys

import pytest
from mlir import ir

from theano_mlir.dialect import new_context, register_dialect, theano


def test_builders_are_generated_from_ods():
    from theano_mlir.dialect import _theano_ops_gen

    assert "mlir-tblgen" in open(_theano_ops_gen.__file__).read(200)
    assert theano.AddOp.OPERATION_NAME == "theano.add"
    assert theano.DimShuffleOp.OPERATION_NAME == "theano.dimshuffle"


def test_registration_is_idempotent_and_per_context():
    first, second = new_context(), new_context()
    register_dialect(first)
    for context in (first, second):
        with context:
            module = ir.Module.parse(
                "func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {\n"
                "  %0 = theano.exp %x : tensor<?xf32>\n  return %0 : tensor<?xf32>\n}"
            )
            assert "theano.exp" in str(module)


def test_verifier_errors_are_python_exceptions():
    with new_context():
        with pytest.raises(ir.MLIRError, match="operands must have the same rank"):
            ir.Module.parse(
                "func.func @f(%a: tensor<?xf32>, %b: tensor<?x?xf32>) {\n"
                "  %0 = theano.add %a, %b : tensor<?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>\n"
                "  return\n}"
            )


def test_passes_are_registered_for_the_pass_manager():
    from mlir import passmanager

    with new_context():
        passmanager.PassManager.parse("builtin.module(convert-theano-to-linalg,theano-checks-to-status)")


def test_the_runtime_does_not_load_mlir():
    """The runtime and the library paths stay importable where MLIR is absent."""
    code = (
        "import sys, theano_mlir, theano_mlir._lib, theano_mlir.runtime; "
        "assert not any(m == 'mlir' or m.startswith('mlir.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_runtime_refuses_a_null_entry_point():
    """An Executable whose kernel is not loaded (a null entry point) is an
    exception, never a call to 0."""
    from theano_mlir import runtime

    with pytest.raises(ValueError, match="entry point is null"):
        runtime.Executable(0, [], [], [("float64", 0)], [], None, True, [], [], [])
