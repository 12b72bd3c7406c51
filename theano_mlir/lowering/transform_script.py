"""Transform-dialect schedules: built with MLIR's Python builders
(`mlir.dialects.transform` and its extensions), applied to a payload
module by the transform interpreter.

A schedule is a module of named sequences; the interpreter starts from
`__transform_main`. The builders create one op each; what they leave to
their users is here: a named sequence's signature and terminator, the
bodies of `transform.foreach` and `transform.apply_patterns`, a match by
op name, attributes and operand types.
"""

import contextlib

from mlir import ir
from mlir.dialects import transform
from mlir.dialects.transform import interpreter, structured

#: The sequence the interpreter applies.
MAIN = "__transform_main"


def any_op() -> ir.Type:
    """`!transform.any_op`: a handle to payload ops of any kind."""
    return transform.AnyOpType.get()


@contextlib.contextmanager
def library(context: ir.Context):
    """Yields an empty module for named sequences, with `context` and an
    unknown location current while the caller builds into it."""
    # The parser loads the transform dialect (and with it the extensions
    # that define the structured, loop, tensor and vector transforms) when
    # it meets one; the builders need it loaded beforehand.
    context.dialects["transform"]
    with context, ir.Location.unknown(context):
        module = ir.Module.create()
        module.operation.attributes["transform.with_named_sequence"] = ir.UnitAttr.get()
        yield module


@contextlib.contextmanager
def named_sequence(library: ir.Module, name: str):
    """Appends `transform.named_sequence @name(%root: !transform.any_op
    {transform.readonly})` to `library` and yields %root, building into the
    sequence's body, which it then closes with `transform.yield`."""
    with ir.InsertionPoint(library.body):
        sequence = transform.NamedSequenceOp(
            name, [any_op()], [], arg_attrs=[{"transform.readonly": ir.UnitAttr.get()}]
        )
    with ir.InsertionPoint(sequence.body):
        yield sequence.bodyTarget
        transform.YieldOp()


def include(name: str, root: ir.Value) -> None:
    """Calls the named sequence `name` on `root`; its failures are this
    sequence's."""
    transform.IncludeOp(
        [], ir.FlatSymbolRefAttr.get(name), transform.FailurePropagationMode.Propagate, [root]
    )


@contextlib.contextmanager
def foreach(handle: ir.Value):
    """Builds the body of `transform.foreach` over `handle`: yields the
    handle of one payload op at a time. (A transform that fails on one op
    then fails the sequence, not just that op.)"""
    op = transform.ForeachOp([], [handle])
    with ir.InsertionPoint(op.body):
        yield op.bodyTargets[0]
        transform.YieldOp()


@contextlib.contextmanager
def patterns(target: ir.Value):
    """Builds the pattern list of `transform.apply_patterns to target`: the
    `transform.apply_patterns.*` ops built inside are applied together,
    greedily, to the payload ops under `target`."""
    op = transform.ApplyPatternsOp(target)
    with ir.InsertionPoint(op.patterns):
        yield


def match(
    target: ir.Value, op_name: str, *, attributes=None, operand_types=None, result_type=None
) -> ir.Value:
    """A handle to the ops named `op_name` under `target` that carry
    `attributes` (a dict of attributes) and whose operands have exactly the
    types `operand_types`."""
    return structured.MatchOp(
        result_type or any_op(),
        target,
        ops=[op_name],
        op_attrs=attributes,
        filter_operand_types=operand_types,
    ).result


def apply(module: ir.Module, library: ir.Module, entry: str = MAIN) -> None:
    """Applies the named sequence `entry` of `library` to `module`, in place."""
    sequence = next(
        op for op in library.body.operations if ir.StringAttr(op.attributes["sym_name"]).value == entry
    )
    interpreter.apply_named_sequence(module.operation, sequence, library)
