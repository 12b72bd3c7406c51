"""Transform-dialect schedules (one named sequence per static shape class) for linalg.matmul.

Measured in benchmarks/matmul_schedule/REPORT.md (within ~10% of OpenBLAS).

BLIS-like schedule, all on tensors (bufferization happens after the interpreter):
  1. cache tiling   n (NC) -> k (KC) -> m (MC)                      tile_using_for + interchange
     partial cache tiles: the loop is peeled (loop.peel), single-iteration loops are promoted and the
     IR canonicalized, so that every cache block ("variant") has a static shape.
  2. remainders     a block whose extents are not multiples of the register tile is padded
                    (structured.pad pad_to_multiple_of [mr, nr, kr], zero padding; C is copied back
                    with linalg.copy); full blocks are untouched.
  3. register tiling n2 (nr) -> m2 (mr)                              tile_using_for
  4. packing        nofold pads of the A (mr x KC) and B (KC x nr) micro-panels, hoisted (hoist_pad):
                    A~[MC/mr] x (mr x KC or KC x mr) per (n,k,m) block, B~[NC/nr] x (KC x nr) per (n,k)
                    block; the packing copies are tiled into small chunks and vectorized.
  5. micro-kernel   k tiled by kr; vectorize -> vector.contract (mr x kr x nr); C accumulators hoisted
                    out of the k loop (hoist_loop_invariant_subsets); contract lowered to outer
                    products -> broadcast + FMA on vector<nr> (nr/16 zmm per row for f32).

Peeling produces up to 8 static block variants (main/remainder in n, k, m); each variant is matched
by its exact operand types (structured.match filter_operand_types) and scheduled separately, because
the number of loops to hoist the B pack across depends on whether the m loop survived.

The schedules are built with MLIR's transform builders (transform_script.py has the scaffolding);
`gen_library` prints them, for benchmarks/matmul_schedule's harness.
"""

from dataclasses import dataclass

from mlir import ir
from mlir.dialects import transform
from mlir.dialects.transform import loop, structured, tensor, vector

from ..dialect import new_context
from . import codegen, transform_script
from .transform_script import any_op, foreach, match, named_sequence, patterns


def _cdiv(a, b):
    return -(-a // b)


def _rup(a, b):
    return _cdiv(a, b) * b


def _div(c, n):
    """chunk size: a divisor of n that is <= c, preferring multiples of 16, then 8, then 4"""
    c = max(1, min(c, n))
    for align in (16, 8, 4, 1):
        for d in range(c, 0, -1):
            if n % d == 0 and d % align == 0:
                return d
    return 1


def thread_split(M, N, threads, nr):
    """(split dim, per-thread M, per-thread N): split N into equal parts if possible, else M."""
    if threads > 1:
        if N % threads == 0 and N // threads >= 2 * nr:
            return "n", M, N // threads
        if M % threads == 0:
            return "m", M // threads, N
        if N % threads == 0:
            return "n", M, N // threads
    return None, M, N


def default_params(M, K, N, layout="nn", dtype="f32", threads=1):
    """Tile sizes for a shape class (tuned on a 2-core AVX-512 Xeon, L1d 48K, L2 2M). The
    register tile holds mr x nr accumulators in registers: 8 x 2 vectors of 32 registers with
    AVX-512, 6 x 2 of 16 with AVX2 (BLIS's 6x16 for f32)."""
    lanes = codegen.vector_bytes() // (4 if dtype == "f32" else 8)
    mr, nr, kr = (8 if codegen.vector_bytes() >= 64 else 6), 2 * lanes, 4
    if threads > 1:  # tile sizes are chosen for the per-thread block
        _, M, N = thread_split(M, N, threads, nr if N > lanes else N)
    if N <= lanes:  # skinny N (e.g. f32 N=10): one partial vector covers all of N
        nr, mr = N, 2 * mr  # (no padding); a taller register tile (16 or 12 accumulators)
    if K <= 16:  # tiny K (e.g. K=10): unroll all of k
        kr = K
    kc_target = 512 if dtype == "f32" else 256
    nc_target = 512
    mc_target = 32
    if M * N * K < 64**3 * 16:  # small problems: single cache block where possible
        kc_target, nc_target, mc_target = 1024, 1024, 64
    return {
        "MC": _cache_tile(M, mc_target, mr),
        "NC": _cache_tile(N, nc_target, nr),
        "KC": _cache_tile(K, kc_target, kr),
        "mr": mr,
        "nr": nr,
        "kr": kr,
        "ach": 64,
        "bch": 8,
    }


def _cache_tile(D, target, r):
    """Cache tile size near `target` for a dimension of size D: a multiple of the register tile r
    (or D itself), so that partial register tiles only ever occur in one small remainder block
    (padded to the register tile), never in a full block."""
    if D <= target:
        if D % r == 0 or D < r:
            return D
        return (D // r) * r  # full register tiles + one remainder block (< r)
    T = _rup(target, r)
    for cand in range(T, r - 1, -r):
        if D % cand == 0 and cand * 2 >= T:
            return cand
    return T


@dataclass(frozen=True)
class _Plan:
    """One shape class's schedule parameters and what follows from them. M and N are the
    per-thread block's."""

    M: int
    K: int
    N: int
    layout: str
    dtype: str
    MC: int
    NC: int
    KC: int
    mr: int
    nr: int
    kr: int
    ach: int  # chunk (in k) of a packing copy of A
    bch: int  # chunk (in k) of a packing copy of B
    split: str | None  # "n" or "m": the dimension shared among threads
    pack_a: bool
    a_transpose: bool  # the packed A~ layout differs from A's slice layout
    func_name: str
    c_filled: bool

    @property
    def a_slice_mk(self):
        """The A operand's slice is (m, k) ordered."""
        return self.layout != "tn"

    @property
    def b_slice_kn(self):
        """The B operand's slice is (k, n) ordered."""
        return self.layout != "nt"

    @property
    def b_transpose(self):
        """B~ is always [KC][nr]: packing a (n, k) slice transposes it."""
        return not self.b_slice_kn

    @property
    def single_k(self):
        """K fits one cache block: the C initialisation (linalg.fill) is fused into the tiles, so
        the micro-kernel starts from zero accumulators instead of reading back a zero-filled C."""
        return self.K <= self.KC

    def zero(self):
        """The padding value."""
        return ir.FloatAttr.get(ir.Type.parse(self.dtype), 0.0)

    def tensor(self, *shape):
        """The type of an operand block of `shape`."""
        return ir.RankedTensorType.get(list(shape), ir.Type.parse(self.dtype))


def _plan(
    M,
    K,
    N,
    layout="nn",
    dtype="f32",
    MC=64,
    NC=256,
    KC=256,
    mr=8,
    nr=32,
    kr=4,
    ach=64,
    bch=8,
    a_kmajor=None,
    threads=1,
    pack_a=None,
    func_name=None,
    c_filled=True,
):
    """The _Plan of gen_sequence's arguments (see there)."""
    if a_kmajor is None:
        a_kmajor = layout == "tn"
    # threads: split N (or M) into `threads` equal static parts with an scf.forall (lowered to an
    # OpenMP parallel loop); each thread then runs the single-thread schedule on its part
    split, M, N = thread_split(M, N, threads, nr)
    MC, NC, KC = min(MC, _rup(M, mr)), min(NC, _rup(N, nr)), min(KC, _rup(K, kr))
    if pack_a is None:
        # measured: packing A (on top of B) did not pay off for "nn" shapes (the micro-kernel only
        # broadcasts A elements; it clearly hurts when NC == nr, no reuse); for "tn" (A stored KxM,
        # the weight gradients x.T @ delta) it did, on a 2-core AVX2 EPYC: 784x128x500 96 -> 160
        # GFLOP/s, 1024^3 84 -> 151, 784x600x10 51 -> 60 (2 threads)
        pack_a = layout == "tn"
    return _Plan(
        M=M,
        K=K,
        N=N,
        layout=layout,
        dtype=dtype,
        MC=MC,
        NC=NC,
        KC=KC,
        mr=mr,
        nr=nr,
        kr=kr,
        ach=ach,
        bch=bch,
        split=split,
        pack_a=pack_a,
        a_transpose=(layout != "tn") == a_kmajor,
        func_name=func_name,
        c_filled=c_filled,
    )


def gen_sequence(library, name, M, K, N, layout="nn", dtype="f32", **params):
    """Appends `transform.named_sequence @name` for C[MxN] (+)= A*B with static shapes to
    `library` (a module built by transform_script.library).
    layout: nn (A MxK, B KxN), tn (A stored KxM, read transposed), nt (B stored NxK, read transposed).
    params: the tile sizes of default_params, and
    a_kmajor: pack A~ as [KC][mr] (k-major) instead of [mr][KC]; default: whatever A's layout gives
    without a transpose.  threads > 1: the outer n loop is an scf.forall (see REPORT.md).
    func_name: schedule only the function of that name (default: every function of the payload).
    c_filled: C starts as a linalg.fill in the payload (fused into the tiles); else C is read."""
    plan = _plan(M, K, N, layout, dtype, **params)
    with named_sequence(library, name) as root:
        f = _match_function(root, plan.func_name)
        matmul = _split_among_threads(plan, f, match(f, "linalg.matmul"))
        _tile_for_caches(plan, matmul)
        _peel_partial_blocks(plan, f)
        _promote_single_iterations(f)
        for block in _block_variants(plan):
            _schedule_block(plan, f, *block)
        _lower_micro_kernels(f)
        _bufferize(match(f, "tensor.pad"))


def _match_function(root, func_name):
    """The payload function to schedule (every function where func_name is None)."""
    attributes = {"sym_name": ir.StringAttr.get(func_name)} if func_name else None
    return match(root, "func.func", attributes=attributes)


def _split_among_threads(plan, f, matmul):
    """0. parallel split: an scf.forall over `threads` equal parts of N (or M), with the C init
    (fill) fused into it. Returns the handle of the matmul each thread computes."""
    if not plan.split:
        return matmul
    sizes = [0, plan.N, 0] if plan.split == "n" else [plan.M, 0, 0]
    tiled = structured.TileUsingForallOp(matmul, tile_sizes=sizes)
    if plan.c_filled:
        structured.FuseIntoContainingOp(match(f, "linalg.fill"), tiled.forall_op)
    return tiled.tiled_op


def _tile_for_caches(plan, matmul):
    """1. cache tiling, loop order n (NC) -> k (KC) -> m (MC). The loops are annotated, as
    __l2_n, __l2_k and __l2_m: peeling clones loops, and the clones are found by annotation."""
    if plan.single_k:
        tiled = structured.FuseOp(matmul, tile_sizes=[plan.MC, plan.NC, 0], tile_interchange=[1, 0, 2])
        n_loop, m_loop = tiled.loops
    else:
        tiled = structured.TileUsingForOp(matmul, sizes=[plan.MC, plan.NC, plan.KC], interchange=[1, 2, 0])
        n_loop, k_loop, m_loop = tiled.loops
        transform.AnnotateOp(k_loop, "__l2_k")
    transform.AnnotateOp(n_loop, "__l2_n")
    transform.AnnotateOp(m_loop, "__l2_m")


def _peel_partial_blocks(plan, f):
    """Peels the loops whose last cache tile is partial (outer loops first), so that the
    partial tile is a loop of its own with static sizes."""
    for tag, D, T in _cache_loops(plan):
        if D > T and D % T:
            for_op = transform.OperationType.get("scf.for")
            loops = match(f, "scf.for", attributes={f"__l2_{tag}": ir.UnitAttr.get()}, result_type=for_op)
            with foreach(loops) as one_loop:
                loop.LoopPeelOp(any_op(), any_op(), one_loop)


def _cache_loops(plan):
    """(tag, size, cache tile) of each cache loop, outermost first."""
    return (
        [("n", plan.N, plan.NC)]
        + ([] if plan.single_k else [("k", plan.K, plan.KC)])
        + [("m", plan.M, plan.MC)]
    )


def _promote_single_iterations(f):
    """Single-iteration loops promoted and the IR canonicalized: remainder blocks get static
    shapes."""
    loop.LoopPromoteIfOneIterationOp(match(f, "scf.for"))
    _canonicalize(f)


def _block_variants(plan):
    """The (m, n, k) sizes of the static cache blocks that tiling and peeling leave."""

    def sizes(D, T):
        s = [T] if D >= T else [D]
        if D > T and D % T:
            s.append(D % T)
        return s

    return [
        (mb, nb, kb)
        for nb in sizes(plan.N, plan.NC)
        for kb in sizes(plan.K, plan.KC)
        for mb in sizes(plan.M, plan.MC)
    ]


def _schedule_block(plan, f, mb, nb, kb):
    """Steps 2 to 5 for the cache blocks of sizes mb x nb x kb, matched by their operand types."""
    a = plan.tensor(mb, kb) if plan.a_slice_mk else plan.tensor(kb, mb)
    b = plan.tensor(kb, nb) if plan.b_slice_kn else plan.tensor(nb, kb)
    block = match(f, "linalg.matmul", operand_types=[a, b, plan.tensor(mb, nb)])
    if mb % plan.mr or nb % plan.nr or kb % plan.kr:
        block = _pad_remainder_block(plan, f, block, pad_mn=bool(mb % plan.mr or nb % plan.nr))
    register_tiles = _tile_for_registers(plan, f, block)
    # does the m loop survive around this block? (only main blocks of a dim with >= 2 full tiles)
    m_loop = mb == plan.MC and plan.M // plan.MC >= 2
    kbp = _rup(kb, plan.kr)
    padded = _pack_panels(
        plan,
        register_tiles,
        hoist_b=3 if m_loop else 2,
        a_chunk=_div(plan.ach, kbp),
        b_chunk=_div(plan.bch, kbp),
    )
    _fold_packing_copies(f)
    with foreach(padded) as micro_kernel:
        _vectorize_micro_kernel(plan, micro_kernel)


def _pad_remainder_block(plan, f, block, pad_mn):
    """2. remainder block: zero-padded to multiples of the register tile (only in k where m and n
    are whole tiles; C then needs no copy back). The (pure) B pad is hoisted out of the m loop,
    then the padded blocks get their own buffers (fill + linalg.copy), so that tiling and fusion
    below see plain tensors. Returns the handle of the padded matmul."""
    zero = plan.zero()
    padded = structured.PadOp(
        block,
        pad_to_multiple_of=[plan.mr, plan.nr, plan.kr] if pad_mn else [plan.kr],
        padding_values=[zero, zero, zero],
        padding_dimensions=[0, 1, 2] if pad_mn else [2],
        nofold_flags=[0, 0, 0],
        copy_back_op="linalg.copy" if pad_mn else "none",
    )
    if plan.single_k:  # pad(fill) -> fill of the padded tensor
        _canonicalize(f)
    transform.ApplyLoopInvariantCodeMotionOp(match(f, "scf.for"))
    _bufferize(match(f, "tensor.pad"))
    return padded.padded


def _tile_for_registers(plan, f, block):
    """3. register tiling: n2 (nr) -> m2 (mr), with the C fill fused where K is one block; then
    slices are made loop-invariant where possible (hoist_pad needs the pad source defined above
    the hoisted loops). No canonicalization here: single-iteration register loops must survive.
    Returns the handle of the register tiles."""
    sizes, interchange = [plan.mr, plan.nr, 0], [1, 0, 2]
    if plan.single_k:
        tiled = structured.FuseOp(block, tile_sizes=sizes, tile_interchange=interchange).transformed
    else:
        tiled = structured.TileUsingForOp(block, sizes=sizes, interchange=interchange).tiled_linalg_op
    with patterns(f):
        tensor.ApplyMergeConsecutiveInsertExtractSlicePatternsOp()
    transform.ApplyLoopInvariantCodeMotionOp(match(f, "scf.for"))
    return tiled


def _pack_panels(plan, tiles, hoist_b, a_chunk, b_chunk):
    """4. packing: nofold (i.e. copying) pads of the micro-panels, hoisted into packed buffers:
    B's across `hoist_b` loops, A's (with pack_a) across 2; then the packing copies are chunked
    and vectorized. Returns the handle of the padded register tiles."""
    zero = plan.zero()
    padded = structured.PadOp(
        tiles,
        padding_values=[zero, zero, zero],
        padding_dimensions=[0, 1, 2],
        nofold_flags=[int(plan.pack_a), 1, 0],
        copy_back_op="none",
    ).padded
    packs = []
    if plan.pack_a:
        hoisted = _hoist_pad(padded, 0, 2, plan.a_transpose)
        packs.append((hoisted, plan.mr, not plan.a_slice_mk, plan.a_transpose))
    hoisted = _hoist_pad(padded, 1, hoist_b, plan.b_transpose)
    packs.append((hoisted, plan.nr, plan.b_slice_kn, plan.b_transpose))
    for hoisted, rows, slice_rows_is_k, transpose in packs:
        if transpose:
            _vectorize_transposing_pack(hoisted, rows, slice_rows_is_k, a_chunk, b_chunk)
        else:
            _vectorize_pack(hoisted, rows, slice_rows_is_k, a_chunk, b_chunk)
    return padded


def _hoist_pad(padded, operand, loops, transpose):
    """The pad of operand `operand` of `padded`, hoisted across `loops` loops into a packed
    buffer (transposed with `transpose`)."""
    pad = transform.GetProducerOfOperand(any_op(), padded, operand).result
    return structured.HoistPadOp(any_op(), pad, loops, transpose=[1, 0] if transpose else None).result


def _vectorize_pack(hoisted, rows, slice_rows_is_k, a_chunk, b_chunk):
    """The packing copy into a panel of the slice's layout, in chunks along k, vectorized."""
    if slice_rows_is_k:  # slice/packed [KC][rows]
        sizes, vector_sizes = [b_chunk, 0], [b_chunk, rows]
    else:  # slice/packed [rows][KC]
        sizes, vector_sizes = [0, a_chunk], [rows, a_chunk]
    tiled = structured.TileUsingForOp(hoisted, sizes=sizes).tiled_linalg_op
    structured.VectorizeOp(tiled, vector_sizes)


def _vectorize_transposing_pack(hoisted, rows, slice_rows_is_k, a_chunk, b_chunk):
    """hoist_pad(transpose) put a linalg.transpose after the pad in the packing loop: the transpose
    is tiled in chunks of k, the pad fused into that loop, both vectorized."""
    if slice_rows_is_k:  # slice [KC][rows] -> packed [rows][KC]
        sizes, vector_sizes = [0, a_chunk], [a_chunk, rows]
    else:  # slice [rows][KC] -> packed [KC][rows]
        sizes, vector_sizes = [b_chunk, 0], [rows, b_chunk]
    with foreach(hoisted) as pad:
        transposed = transform.GetConsumersOfResult(any_op(), pad, 0).result
        tiled = structured.TileUsingForOp(transposed, sizes=sizes)
        fused = structured.FuseIntoContainingOp(pad, tiled.loops[0])
        structured.VectorizeOp(fused.fused_op, vector_sizes)
        structured.VectorizeOp(tiled.tiled_linalg_op)


def _fold_packing_copies(f):
    """Folds the vectorized copies into the packed buffers before any canonicalization: otherwise
    write(read(x)) into a fresh tensor folds back to x and the copy disappears or turns into a
    strided memref.copy (a call to the memrefCopy runtime helper)."""
    with patterns(f):
        tensor.ApplyFoldTensorSubsetOpsIntoVectorTransfersPatternsOp()
        vector.ApplyLowerMaskedTransfersPatternsOp()


def _vectorize_micro_kernel(plan, micro_kernel):
    """5. micro-kernel: k tiled by kr and vectorized. The fused C fill is vectorized too, and the
    un-transposes left by hoist_pad(transpose) are fused into the k loop (where they cancel)."""
    if plan.single_k and plan.c_filled:
        structured.VectorizeOp(_producer(micro_kernel, 2))
    untranspose_a = _producer(micro_kernel, 0) if plan.a_transpose and plan.pack_a else None
    untranspose_b = _producer(micro_kernel, 1) if plan.b_transpose else None
    tiled = structured.TileUsingForOp(micro_kernel, sizes=[0, 0, plan.kr])
    k_loop = tiled.loops[0]
    for untranspose in (untranspose_a, untranspose_b):
        if untranspose is not None:
            structured.VectorizeOp(structured.FuseIntoContainingOp(untranspose, k_loop).fused_op)
    structured.VectorizeOp(tiled.tiled_linalg_op)


def _producer(op, operand):
    """The op that defines operand `operand` of `op`."""
    return transform.GetProducerOfOperand(any_op(), op, operand).result


def _lower_micro_kernels(f):
    """All blocks: vector.contract formed, C accumulators hoisted out of the k loop, contracts
    lowered to outer products (broadcast + FMA)."""
    with patterns(f):
        vector.ApplyVectorReductionToContractPatternsOp()
        vector.ApplyTransferPermutationPatternsOp()
        transform.ApplyCanonicalizationPatternsOp()
    transform.ApplyCommonSubexpressionEliminationOp(f)
    loop.HoistLoopInvariantSubsetsOp(match(f, "scf.for"))
    with patterns(f):
        vector.ApplyLowerContractionPatternsOp(lowering_strategy=vector.VectorContractLowering.OuterProduct)
        vector.ApplyLowerOuterProductPatternsOp()
        vector.ApplyLowerTransposePatternsOp(lowering_strategy=vector.VectorTransposeLowering.EltWise)
        transform.ApplyCanonicalizationPatternsOp()


def _canonicalize(f):
    """Canonicalization patterns on all of `f`."""
    with patterns(f):
        transform.ApplyCanonicalizationPatternsOp()


def _bufferize(pads):
    """The remainder pads (step 2) -> a fresh buffer + linalg.fill + linalg.copy (no strided
    memref.copy)."""
    structured.BufferizeToAllocationOp(pads, memcpy_op="linalg.copy", alloc_op="memref.alloc")


def _add_sequences(library, entries):
    """One named sequence per entry (name, M, K, N, layout, dtype, params-dict) in `library`."""
    for name, M, K, N, layout, dtype, params in entries:
        gen_sequence(library, name, M, K, N, layout, dtype, **params)


def gen_library(entries) -> str:
    """The text of a module of named sequences, one per entry (name, M, K, N, layout, dtype,
    params-dict), for the transform interpreter's entry-point option."""
    with transform_script.library(new_context()) as library:
        _add_sequences(library, entries)
    return str(library)


#: A matmul below this many flops runs on one thread: forking costs about
#: as much as the work (REPORT.md: 128x10 @ 10x500 is slower on two).
MIN_PARALLEL_FLOPS = 8_000_000


def schedule_matmuls(module, threads=1) -> bool:
    """Applies the schedule to every function that `theano-outline-matmuls`
    made (attributes `theano.matmul`, `theano.layout`) in `module`, in
    place. Returns whether one of them runs on several threads."""
    entries = [
        _entry(op, threads)
        for op in module.body.operations
        if op.operation.name == "func.func" and "theano.matmul" in op.attributes
    ]
    if not entries:
        return False
    with transform_script.library(module.context) as library:
        _add_sequences(library, entries)
        with named_sequence(library, transform_script.MAIN) as root:
            for name, *_ in entries:
                transform_script.include(name, root)
    transform_script.apply(module, library)
    return any(e[6]["threads"] > 1 for e in entries)


def _entry(func, threads):
    """The library entry of an outlined matmul function: its shapes and layout from its
    attributes, its tile sizes, and one thread where the work is too small to share."""
    M, K, N = ir.DenseI64ArrayAttr(func.attributes["theano.matmul"])
    layout = ir.StringAttr(func.attributes["theano.layout"]).value
    func_type = ir.FunctionType(ir.TypeAttr(func.attributes["function_type"]).value)
    dtype = str(ir.ShapedType(func_type.results[0]).element_type)
    name = ir.StringAttr(func.attributes["sym_name"]).value
    parallel = threads if 2 * M * N * K >= MIN_PARALLEL_FLOPS else 1
    params = default_params(M, K, N, layout, dtype, parallel)
    c_filled = len(func_type.inputs) == 2  # else C is the third argument
    return (
        f"schedule_{name}",
        M,
        K,
        N,
        layout,
        dtype,
        dict(params, threads=parallel, func_name=name, c_filled=c_filled),
    )
