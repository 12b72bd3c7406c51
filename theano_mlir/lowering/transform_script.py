"""Running a transform-dialect script on a payload module."""
from mlir import ir
from mlir.dialects.transform import interpreter


def apply(module: ir.Module, script: str, entry: str = "__transform_main") -> None:
    """Parses `script` (a module of named sequences) in `module`'s context
    and applies its sequence `entry` to `module`, in place."""
    with module.context:
        transforms = ir.Module.parse(script)
        sequence = next(op for op in transforms.body.operations
                        if ir.StringAttr(op.attributes["sym_name"]).value == entry)
        interpreter.apply_named_sequence(module.operation, sequence, transforms)
