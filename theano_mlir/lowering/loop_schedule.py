"""Threads for the large loop nests of a kernel specialized for shapes.

A `linalg.generic` in an entry function whose outermost loop is parallel
and which touches at least MIN_PARALLEL_ELEMENTS elements is split along
that loop among the threads (`scf.forall`, lowered to an OpenMP parallel
loop); each thread's part stays one loop nest that LLVM vectorizes. Smaller
loop nests stay on one thread: waking the threads costs microseconds.
"""
from mlir import ir

from . import transform_script

MIN_PARALLEL_ELEMENTS = 1 << 15
_TAG = "theano.parallel"

_SCRIPT = """
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %ops = transform.structured.match ops{["linalg.generic"]} attributes {theano.parallel} in %root
      : (!transform.any_op) -> !transform.any_op
    transform.foreach %ops : !transform.any_op {
    ^bb0(%op: !transform.any_op):
      %tiled, %forall = transform.structured.tile_using_forall %op num_threads [THREADS]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    }
    transform.yield
  }
}
"""


def _elements(op) -> int:
    largest = 1
    for value in list(op.operands) + list(op.results):
        if not isinstance(value.type, ir.RankedTensorType):
            continue
        shape = ir.RankedTensorType(value.type)
        if not shape.has_static_shape:
            return 0
        count = 1
        for size in shape.shape:
            count *= size
        largest = max(largest, count)
    return largest


def parallelize_loops(module: ir.Module, threads: int) -> bool:
    """Splits the large loop nests of `module`'s public functions among
    `threads` threads, in place. Returns whether any was split."""
    if threads < 2:
        return False
    tagged = 0
    with module.context:
        for func in module.body.operations:
            if func.operation.name != "func.func" or "sym_visibility" in func.attributes:
                continue
            for op in func.regions[0].blocks[0].operations:
                if op.operation.name != "linalg.generic":
                    continue
                iterators = ir.ArrayAttr(op.attributes["iterator_types"])
                if (len(iterators) and "parallel" in str(iterators[0])
                        and _elements(op) >= MIN_PARALLEL_ELEMENTS):
                    op.attributes[_TAG] = ir.UnitAttr.get()
                    tagged += 1
        if not tagged:
            return False
        transform_script.apply(module, _SCRIPT.replace("THREADS", str(threads)))
        for func in module.body.operations:
            if func.operation.name == "func.func":
                for op in func.regions[0].blocks[0].operations:
                    if _TAG in op.attributes:
                        del op.attributes[_TAG]
    return True
