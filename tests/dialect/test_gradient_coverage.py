"""No silent zero gradient: every `theano` op with float operands implements
GradientOpInterface (a derivative rule) or declares Theano_NonDifferentiable.

The ops are read from TheanoOps.td itself, through TableGen's JSON dump
(llvm-tblgen --dump-json), so an op added without either fails here before
any graph meets it.
"""

import json
import os
import subprocess

import llvm
import mlir
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPS_TD = os.path.join(REPO, "cpp", "include", "theano_mlir", "Dialect", "Theano", "IR", "TheanoOps.td")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    tblgen = os.path.join(list(llvm.__path__)[0], "bin", "llvm-tblgen")
    output = tmp_path_factory.mktemp("tblgen") / "ops.json"
    subprocess.run(
        [
            tblgen,
            "--dump-json",
            "-I",
            os.path.join(list(mlir.__path__)[0], "include"),
            "-I",
            os.path.join(REPO, "cpp", "include"),
            OPS_TD,
            "-o",
            str(output),
        ],
        check=True,
    )
    return json.loads(output.read_text())


def _theano_ops(records):
    return {
        name: records[name]
        for name in records["!instanceof"]["Op"]
        if records[records[name]["opDialect"]["def"]]["name"] == "theano"
    }


def _admits_float(records, constraint):
    """Whether an operand constraint admits a float element type: Variadic
    and Optional by their base type, the others by their summary (which
    MLIR composes from the element types, e.g. "float (f16, f32, f64)")."""
    record = records[constraint]
    while "baseType" in record:
        record = records[record["baseType"]["def"]]
    summary = record["summary"]
    return any(word in summary for word in ("float", "f16", "f32", "f64", "any type"))


def _float_operands(records, op):
    return [
        name
        for (constraint, name) in op["arguments"]["args"]
        if "TypeConstraint" in records[constraint["def"]]["!superclasses"]
        and _admits_float(records, constraint["def"])
    ]


def _declares(records, op):
    traits = [records[t["def"]] for t in op["traits"]]
    # a rule of its own, or one theano-autodiff builds from its regions
    # (ifelse), or refuses by name (scan, for now)
    differentiable = any(
        t.get("cppInterfaceName") == "GradientOpInterface" or t.get("trait") == "RegionDifferentiated"
        for t in traits
    )
    non_differentiable = any(t.get("trait") == "NonDifferentiable" for t in traits)
    return differentiable, non_differentiable


def test_every_op_with_float_operands_has_a_rule_or_declares_none(records):
    ops = _theano_ops(records)
    missing, both = [], []
    for name, op in sorted(ops.items()):
        if not _float_operands(records, op):
            continue
        differentiable, non_differentiable = _declares(records, op)
        if not differentiable and not non_differentiable:
            missing.append(f"theano.{op['opName']} ({name})")
        if differentiable and non_differentiable:
            both.append(f"theano.{op['opName']}")
    assert not missing, (
        "ops whose float operands would silently get a zero gradient: implement "
        "GradientOpInterface (a `derivative` for elementwise ops), declare "
        "Theano_RegionDifferentiated (theano-autodiff differentiates its regions) or declare "
        f"Theano_NonDifferentiable: {', '.join(missing)}"
    )
    assert not both, f"ops both differentiable and declared non-differentiable: {', '.join(both)}"


def test_the_enumeration_sees_the_ops_it_should(records):
    """The check above is only as good as its reading of the records."""
    ops = {op["opName"]: op for op in _theano_ops(records).values()}
    assert len(ops) > 50
    assert _float_operands(records, ops["exp"]) == ["operand"]
    assert _float_operands(records, ops["grad"]) == ["cost", "wrt", "known", "known_grads", "constants"]
    assert _float_operands(records, ops["check"]) == []  # i1 and index
    assert _float_operands(records, ops["one_hot"]) == []  # i64
    assert _declares(records, ops["exp"]) == (True, False)
    assert _declares(records, ops["lt"]) == (False, True)
    assert _declares(records, ops["dot"]) == (True, False)
    assert _declares(records, ops["ifelse"]) == (True, False)
    assert _declares(records, ops["yield"]) == (False, True)
