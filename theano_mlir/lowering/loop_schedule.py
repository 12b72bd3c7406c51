"""Schedules for the loop nests of a kernel specialized for shapes.

Threads: a `linalg.generic` in an entry function whose outermost loop is
parallel and which touches at least MIN_PARALLEL_ELEMENTS elements (fewer
for a long body, _work) is split
along its first parallel loop long enough (_split_loop) among the threads (`scf.forall`, lowered to an OpenMP
parallel loop); each thread's part stays one loop nest that LLVM
vectorizes. Smaller loop nests stay on one thread: waking the threads costs
microseconds.

Short rows: LLVM vectorizes the innermost loop, which for the rows of a
softmax over ten classes is ten iterations, shorter than one 16-lane
vector: it runs scalar. Such a loop nest (rows that theano-collapse-dimensions
could not merge, because an operand is broadcast along them) is tiled into
blocks of whole rows and vectorized by MLIR as one n-D vector per block.
"""

from mlir import ir
from mlir.dialects import transform
from mlir.dialects.transform import structured, vector

from . import transform_script
from .transform_script import foreach, match, named_sequence, patterns

MIN_PARALLEL_ELEMENTS = 1 << 15
#: Body ops per element that count as one element of work (_work).
BODY_OPS = 8
_TAG = "theano.parallel"

#: Rows shorter than this many elements are vectorized by blocks of rows.
SHORT_ROW = 16
#: About this many elements per block of rows (a few vector registers).
BLOCK_ELEMENTS = 64
#: Loop nests smaller than this are not worth the vector code.
MIN_SHORT_ROW_ELEMENTS = 256
_SHORT_ROWS_TAG = "theano.short_rows"
#: Ops a vectorized body may hold (no index computations, no gathers).
_VECTORIZABLE_DIALECTS = ("arith.", "math.", "linalg.yield")


def _split_among_threads(module: ir.Module, threads: int, loops) -> ir.Module:
    """The schedule that splits each generic tagged _TAG = d along its loop
    d (one of `loops`) into `threads` parts (an scf.forall)."""
    with (
        transform_script.library(module.context) as library,
        named_sequence(library, transform_script.MAIN) as root,
    ):
        for d in sorted(loops):
            tag = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), d)
            with foreach(match(root, "linalg.generic", attributes={_TAG: tag})) as op:
                structured.TileUsingForallOp(op, num_threads=[0] * d + [threads])
    return library


def _split_loop(op, threads: int) -> int:
    """The loop to split among the threads: the first of the outer parallel
    loops with at least `threads` iterations (a convolution's patches start
    with the channels, often one), else the outermost."""
    iterators = [str(i) for i in ir.ArrayAttr(op.attributes["iterator_types"])]
    sizes = _static_loop_sizes(op)
    if sizes is None:
        return 0
    for d, (iterator, size) in enumerate(zip(iterators, sizes)):
        if "parallel" not in iterator:
            break
        if size >= threads:
            return d
    return 0


def _vectorize_blocks_of_rows(module: ir.Module, tiles: dict) -> ir.Module:
    """The schedule that tiles each generic tagged _SHORT_ROWS_TAG = rows
    into blocks of `rows` whole rows (`tiles[rows]`: its tile sizes) and
    vectorizes each block as one n-D vector; then lowers the n-D vector ops
    that LLVM does not take (multi-reductions, broadcasts, transposes)."""
    with (
        transform_script.library(module.context) as library,
        named_sequence(library, transform_script.MAIN) as root,
    ):
        for rows, sizes in sorted(tiles.items()):
            tag = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), rows)
            with foreach(match(root, "linalg.generic", attributes={_SHORT_ROWS_TAG: tag})) as op:
                tiled = structured.TileUsingForOp(op, sizes=sizes)
                structured.VectorizeOp(tiled.tiled_linalg_op)
        with patterns(match(root, "func.func")):
            vector.ApplyLowerMultiReductionPatternsOp(
                lowering_strategy=vector.VectorMultiReductionLowering.InnerReduction
            )
            vector.ApplyTransferPermutationPatternsOp()
            vector.ApplyLowerBroadcastPatternsOp()
            vector.ApplyLowerTransposePatternsOp(lowering_strategy=vector.VectorTransposeLowering.EltWise)
            transform.ApplyCanonicalizationPatternsOp()
    return library


def _static_loop_sizes(op):
    """The loop sizes of a generic whose operands have static shapes (its
    maps are projected permutations), or None."""
    maps = [ir.AffineMapAttr(m).value for m in ir.ArrayAttr(op.attributes["indexing_maps"])]
    sizes = [None] * maps[0].n_dims
    for value, map_ in zip(op.operands, maps):
        if not isinstance(value.type, ir.RankedTensorType):
            return None
        shape = ir.RankedTensorType(value.type)
        if not shape.has_static_shape:
            return None
        for size, expr in zip(shape.shape, map_.results):
            expr = expr.maybe_downcast()
            if not isinstance(expr, ir.AffineDimExpr):
                return None
            sizes[expr.position] = size
    return None if None in sizes else sizes


def _short_row_block(op):
    """Rows per vectorized block of a generic with short rows, or None."""
    iterators = [str(i) for i in ir.ArrayAttr(op.attributes["iterator_types"])]
    if len(iterators) < 2 or "parallel" not in iterators[0]:
        return None
    body = op.regions[0].blocks[0].operations
    if not all(o.operation.name.startswith(_VECTORIZABLE_DIALECTS) for o in body):
        return None
    sizes = _static_loop_sizes(op)
    if sizes is None or sizes[-1] >= SHORT_ROW or 0 in sizes:
        return None
    inner = 1
    for size in sizes[1:]:
        inner *= size
    if inner * sizes[0] < MIN_SHORT_ROW_ELEMENTS or inner > BLOCK_ELEMENTS:
        return None
    # Whole blocks only (no masked remainder): a divisor of the row count.
    rows = max(1, BLOCK_ELEMENTS // inner)
    while sizes[0] % rows:
        rows -= 1
    return rows if rows > 1 else None


def vectorize_short_rows(module: ir.Module) -> bool:
    """Vectorizes the loop nests of `module`'s public functions whose
    innermost loop is short, by blocks of rows, in place. Returns whether
    any was."""
    tiles = {}
    with module.context:
        for op in _entry_generics(module):
            rows = _short_row_block(op)
            if rows is None:
                continue
            loops = len(ir.ArrayAttr(op.attributes["iterator_types"]))
            tiles[rows] = [rows] + [0] * (loops - 1)
            op.attributes[_SHORT_ROWS_TAG] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), rows)
        if not tiles:
            return False
        transform_script.apply(module, _vectorize_blocks_of_rows(module, tiles))
        _clear_tag(module, _SHORT_ROWS_TAG)
    return True


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


def _body_length(op) -> int:
    return len(op.regions[0].blocks[0].operations)


def _work(op) -> int:
    """Elements weighted by the body's length: a body of many ops pays for
    the threads at fewer elements."""
    return _elements(op) * max(1, _body_length(op) // BODY_OPS)


def parallelize_loops(module: ir.Module, threads: int) -> bool:
    """Splits the large loop nests at the top level of `module`'s public
    functions among `threads` threads, in place (loop nests in loops stay on
    one thread: a convolution's copies of patches and a pool gradient's
    windows got slower split). Returns whether any was split."""
    if threads < 2:
        return False
    loops = set()
    with module.context:
        for op in _entry_generics(module):
            iterators = ir.ArrayAttr(op.attributes["iterator_types"])
            if not (len(iterators) and "parallel" in str(iterators[0])):
                continue
            if _work(op) >= MIN_PARALLEL_ELEMENTS:
                d = _split_loop(op, threads)
                op.attributes[_TAG] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), d)
                loops.add(d)
        if not loops:
            return False
        transform_script.apply(module, _split_among_threads(module, threads, loops))
        _clear_tag(module, _TAG)
    return True


def _entry_generics(module: ir.Module):
    """The linalg.generic ops at the top level of the public functions."""
    for func in module.body.operations:
        if func.operation.name != "func.func" or "sym_visibility" in func.attributes:
            continue
        for op in func.regions[0].blocks[0].operations:
            if op.operation.name == "linalg.generic":
                yield op


def _clear_tag(module: ir.Module, tag: str) -> None:
    """Removes the attribute `tag` a schedule matched on, at any depth (a
    tiled op sits inside its loop now)."""

    def clear(op):
        if tag in op.attributes:
            del op.attributes[tag]
        return ir.WalkResult.ADVANCE

    module.operation.walk(clear)
