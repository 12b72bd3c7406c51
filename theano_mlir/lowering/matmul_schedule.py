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
"""

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
    """Tile sizes for a shape class (tuned on a 2-core AVX-512 Xeon, L1d 48K, L2 2M)."""
    lanes = 16 if dtype == "f32" else 8
    mr, nr, kr = 8, 2 * lanes, 4
    if threads > 1:     # tile sizes are chosen for the per-thread block
        _, M, N = thread_split(M, N, threads, nr if N > lanes else N)
    if N <= lanes:                 # skinny N (e.g. f32 N=10): one partial vector covers all of N
        nr, mr = N, 16             # (no padding); a taller register tile (16 accumulators)
    if K <= 16:                    # tiny K (e.g. K=10): unroll all of k
        kr = K
    kc_target = 512 if dtype == "f32" else 256
    nc_target = 512
    mc_target = 32
    if M * N * K < 64 ** 3 * 16:   # small problems: single cache block where possible
        kc_target, nc_target, mc_target = 1024, 1024, 64

    def pick(D, target, r):
        """cache tile size: a multiple of r (or D itself). Partial register tiles only ever occur in a
        small remainder block (padded to the register tile), never in a full block."""
        if D <= target:
            if D % r == 0 or D < r:
                return D
            return (D // r) * r            # full register tiles + one remainder block (< r)
        T = _rup(target, r)
        for cand in range(T, r - 1, -r):
            if D % cand == 0 and cand * 2 >= T:
                return cand
        return T
    return dict(MC=pick(M, mc_target, mr), NC=pick(N, nc_target, nr), KC=pick(K, kc_target, kr),
                mr=mr, nr=nr, kr=kr, ach=64, bch=8)


def gen_sequence(name, M, K, N, layout="nn", dtype="f32", MC=64, NC=256, KC=256, mr=8, nr=32, kr=4,
                 ach=64, bch=8, a_kmajor=None, threads=1, pack_a=None, func_name=None,
                 c_filled=True):
    """Text of `transform.named_sequence @name` for C[MxN] (+)= A*B with static shapes.
    layout: nn (A MxK, B KxN), tn (A stored KxM, read transposed), nt (B stored NxK, read transposed).
    a_kmajor: pack A~ as [KC][mr] (k-major) instead of [mr][KC]; default: whatever A's layout gives
    without a transpose.  threads > 1: the outer n loop is an scf.forall (see REPORT.md).
    func_name: schedule only the function of that name (default: every function of the payload).
    c_filled: C starts as a linalg.fill in the payload (fused into the tiles); else C is read."""
    if a_kmajor is None:
        a_kmajor = layout == "tn"
    dt = dtype
    z = f"0.0 : {dt}"
    any = "!transform.any_op"
    # threads: split N (or M) into `threads` equal static parts with an scf.forall (lowered to an
    # OpenMP parallel loop); each thread then runs the single-thread schedule on its part
    split, M, N = thread_split(M, N, threads, nr)
    MC, NC, KC = min(MC, _rup(M, mr)), min(NC, _rup(N, nr)), min(KC, _rup(K, kr))
    a_slice_mk = layout != "tn"            # A operand slice is (m, k) ordered
    b_slice_kn = layout != "nt"            # B operand slice is (k, n) ordered
    a_transpose = a_slice_mk == a_kmajor   # packed A~ layout differs from the slice layout
    b_transpose = not b_slice_kn           # B~ is always [KC][nr]
    single_k = K <= KC
    if pack_a is None:
        # measured: packing A (on top of B) did not pay off for any benchmarked shape on this machine
        # (the micro-kernel only broadcasts A elements); it clearly hurts when NC == nr (no reuse)
        pack_a = False

    out = []
    w = out.append
    w(f"""
  // {name}: C = A*B, per-thread block M={M} N={N} K={K} (threads={threads}, split={split}), layout={layout}, {dt};
  //   cache tile MCxNCxKC={MC}x{NC}x{KC}, register tile mr x nr x kr={mr}x{nr}x{kr}
  transform.named_sequence @{name}(%root: {any} {{transform.readonly}}) {{
    %f = transform.structured.match ops{{["func.func"]}}{f' attributes {{sym_name = "{func_name}"}}' if func_name else ""} in %root : ({any}) -> {any}
    %mm0 = transform.structured.match ops{{["linalg.matmul"]}} in %f : ({any}) -> {any}""")
    if split:
        ts = f"[0, {N}, 0]" if split == "n" else f"[{M}, 0, 0]"
        w(f"""
    // 0. parallel split: scf.forall over {threads} equal parts of {split.upper()}, C init (fill) fused into it
    %mm, %forall = transform.structured.tile_using_forall %mm0 tile_sizes {ts} : ({any}) -> ({any}, {any})""")
        if c_filled:
            w(f"""
    %fill0 = transform.structured.match ops{{["linalg.fill"]}} in %f : ({any}) -> {any}
    %fillf, %forall2 = transform.structured.fuse_into_containing_op %fill0 into %forall : ({any}, {any}) -> ({any}, {any})""")
    else:
        w(f"""
    %mm = transform.merge_handles %mm0 : {any}""")
    w(f"""
    // 1. cache tiling, loop order n (NC) -> k (KC) -> m (MC)""")
    if single_k:
        # K fits one cache block: the C initialisation (linalg.fill) is fused into the tiles, so the
        # micro-kernel starts from zero accumulators instead of reading back a zero-filled C
        w(f"""
    %t1, %ln, %lm = transform.structured.fuse %mm tile_sizes [{MC}, {NC}, 0] interchange [1, 0, 2]
        : ({any}) -> ({any}, {any}, {any})""")
    else:
        w(f"""
    %t1, %ln, %lk, %lm = transform.structured.tile_using_for %mm tile_sizes [{MC}, {NC}, {KC}] interchange = [1, 2, 0]
        : ({any}) -> ({any}, {any}, {any}, {any})
    transform.annotate %lk "__l2_k" : {any}""")
    w(f"""
    transform.annotate %ln "__l2_n" : {any}
    transform.annotate %lm "__l2_m" : {any}""")
    loops = [("n", N, NC)] + ([] if single_k else [("k", K, KC)]) + [("m", M, MC)]
    # peel partial cache tiles (outer loops first; re-match by annotation since peeling clones loops)
    for tag, D, T in loops:
        if D > T and D % T:
            w(f"""
    %l2{tag}_all = transform.structured.match ops{{["scf.for"]}} attributes {{__l2_{tag}}} in %f : ({any}) -> !transform.op<"scf.for">
    transform.foreach %l2{tag}_all : !transform.op<"scf.for"> {{
    ^bb0(%lp: !transform.op<"scf.for">):
      %pm, %pr = transform.loop.peel %lp : (!transform.op<"scf.for">) -> ({any}, {any})
    }}""")
    # promote single-iteration loops + canonicalize: remainder blocks get static shapes
    w(f"""
    %l2_all = transform.structured.match ops{{["scf.for"]}} in %f : ({any}) -> {any}
    transform.loop.promote_if_one_iteration %l2_all : {any}
    transform.apply_patterns to %f {{
      transform.apply_patterns.canonicalization
    }} : {any}""")

    # static block variants
    def sizes(D, T):
        s = [T] if D >= T else [D]
        if D > T and D % T:
            s.append(D % T)
        return s
    variants = []
    for nb in sizes(N, NC):
        for kb in sizes(K, KC):
            for mb in sizes(M, MC):
                variants.append((mb, nb, kb))
    for vi, (mb, nb, kb) in enumerate(variants):
        ta = f"tensor<{mb}x{kb}x{dt}>" if a_slice_mk else f"tensor<{kb}x{mb}x{dt}>"
        tb = f"tensor<{kb}x{nb}x{dt}>" if b_slice_kn else f"tensor<{nb}x{kb}x{dt}>"
        tc = f"tensor<{mb}x{nb}x{dt}>"
        # does the m loop survive around this variant? (only main blocks of a dim with >= 2 full tiles)
        m_loop = mb == MC and M // MC >= 2
        pad_mn = mb % mr != 0 or nb % nr != 0
        pad_k = kb % kr != 0
        mbp, nbp, kbp = _rup(mb, mr), _rup(nb, nr), _rup(kb, kr)
        va, vb = _div(ach, kbp), _div(bch, kbp)
        v = f"v{vi}"
        w(f"""
    // ---- cache block variant {vi}: {mb}x{nb}x{kb} (padded to {mbp}x{nbp}x{kbp}); m loop around it: {m_loop}
    %{v} = transform.structured.match ops{{["linalg.matmul"]}} filter_operand_types = [{ta}, {tb}, {tc}] in %f : ({any}) -> {any}""")
        op = f"%{v}"
        if pad_mn or pad_k:
            dims = "[0, 1, 2]" if pad_mn else "[2]"
            mult = f"[{mr}, {nr}, {kr}]" if pad_mn else f"[{kr}]"
            cb = "linalg.copy" if pad_mn else "none"
            w(f"""
    // 2. remainder block: zero-pad to multiples of the register tile
    %{v}p, %{v}pads, %{v}cb = transform.structured.pad {op} pad_to_multiple_of {mult} {{
      padding_values = [{z}, {z}, {z}], padding_dimensions = {dims}, nofold_flags = [0, 0, 0], copy_back_op = "{cb}"
    }} : ({any}) -> ({any}, {any}, {any})""")
            op = f"%{v}p"
            if single_k:   # pad(fill) -> fill of the padded tensor
                w(f"""
    transform.apply_patterns to %f {{
      transform.apply_patterns.canonicalization
    }} : {any}""")
            # hoist the (pure) B pad out of the m loop, then give the padded blocks their own buffers
            # (fill + linalg.copy), so that tiling/fusion below sees plain tensors
            w(f"""
    %{v}lp = transform.structured.match ops{{["scf.for"]}} in %f : ({any}) -> {any}
    transform.apply_licm to %{v}lp : {any}
    %{v}rp = transform.structured.match ops{{["tensor.pad"]}} in %f : ({any}) -> {any}
    %{v}rbuf, %{v}rnew = transform.structured.bufferize_to_allocation %{v}rp {{memcpy_op = "linalg.copy", alloc_op = "memref.alloc"}} : {any}""")
        nhoist_b = 3 if m_loop else 2
        tile_op = "fuse" if single_k else "tile_using_for"
        ic = "interchange [1, 0, 2]" if single_k else "interchange = [1, 0, 2]"
        w(f"""
    // 3. register tiling: n2 (nr) -> m2 (mr){" (with the C fill fused)" if single_k else ""}
    %{v}t2, %{v}l2n, %{v}l2m = transform.structured.{tile_op} {op} tile_sizes [{mr}, {nr}, 0] {ic}
        : ({any}) -> ({any}, {any}, {any})
    // make slices loop-invariant where possible (hoist_pad needs the pad source defined above the
    // hoisted loops); no canonicalization here: single-iteration register loops must survive
    transform.apply_patterns to %f {{
      transform.apply_patterns.tensor.merge_consecutive_insert_extract_slice
    }} : {any}
    %{v}loops = transform.structured.match ops{{["scf.for"]}} in %f : ({any}) -> {any}
    transform.apply_licm to %{v}loops : {any}
    // 4. packing: nofold (i.e. copying) pads of the micro-panels, hoisted into packed buffers
    %{v}p2, %{v}pad2, %{v}cb2 = transform.structured.pad %{v}t2 {{
      padding_values = [{z}, {z}, {z}], padding_dimensions = [0, 1, 2], nofold_flags = [{1 if pack_a else 0}, 1, 0], copy_back_op = "none"
    }} : ({any}) -> ({any}, {any}, {any})""")
        if pack_a:
            w(f"""
    %{v}padA = transform.get_producer_of_operand %{v}p2[0] : ({any}) -> {any}
    %{v}hA = transform.structured.hoist_pad %{v}padA by 2 loops{", transpose by [1, 0]" if a_transpose else ""} : ({any}) -> {any}""")
        w(f"""
    %{v}padB = transform.get_producer_of_operand %{v}p2[1] : ({any}) -> {any}
    %{v}hB = transform.structured.hoist_pad %{v}padB by {nhoist_b} loops{", transpose by [1, 0]" if b_transpose else ""} : ({any}) -> {any}""")
        # packing copies: chunk + vectorize
        packs = [("B", nr, b_slice_kn, b_transpose)]
        if pack_a:
            packs.insert(0, ("A", mr, not a_slice_mk, a_transpose))
        for X, rows, slice_rows_is_k, transpose in packs:
            h = f"%{v}h{X}"
            if not transpose:
                if slice_rows_is_k:     # slice/packed [KC][rows]
                    tile, vec = f"[{vb}, 0]", f"[{vb}, {rows}]"
                else:                   # slice/packed [rows][KC]
                    tile, vec = f"[0, {va}]", f"[{rows}, {va}]"
                w(f"""
    %{v}{X}pt, %{v}{X}pl = transform.structured.tile_using_for {h} tile_sizes {tile} : ({any}) -> ({any}, {any})
    transform.structured.vectorize %{v}{X}pt vector_sizes {vec} : {any}""")
            else:
                # hoist_pad(transpose) put a linalg.transpose after the pad in the packing loop:
                # tile the transpose in chunks of k, fuse the pad into that loop, vectorize both
                if slice_rows_is_k:     # slice [KC][rows] -> packed [rows][KC]
                    ttile, pvec = f"[0, {va}]", f"[{va}, {rows}]"
                else:                   # slice [rows][KC] -> packed [KC][rows]
                    ttile, pvec = f"[{vb}, 0]", f"[{rows}, {vb}]"
                w(f"""
    transform.foreach {h} : {any} {{
    ^bb0(%hp: {any}):
      %tr = transform.get_consumers_of_result %hp[0] : ({any}) -> {any}
      %trt, %trl = transform.structured.tile_using_for %tr tile_sizes {ttile} : ({any}) -> ({any}, {any})
      %pf, %trl2 = transform.structured.fuse_into_containing_op %hp into %trl : ({any}, {any}) -> ({any}, {any})
      transform.structured.vectorize %pf vector_sizes {pvec} : {any}
      transform.structured.vectorize %trt : {any}
    }}""")
        # fold the vectorized copies into the packed buffers before any canonicalization: otherwise
        # write(read(x)) into a fresh tensor folds back to x and the copy disappears or turns into a
        # strided memref.copy (a call to the memrefCopy runtime helper)
        w(f"""
    transform.apply_patterns to %f {{
      transform.apply_patterns.tensor.fold_tensor_subset_ops_into_vector_transfers
      transform.apply_patterns.vector.lower_masked_transfers
    }} : {any}""")
        # 5. micro-kernel (un-transposes left by hoist_pad(transpose) are fused into the k loop)
        fuse = ""
        if single_k and c_filled:
            fuse += f"""
      %fl = transform.get_producer_of_operand %m[2] : ({any}) -> {any}
      transform.structured.vectorize %fl : {any}"""
        if a_transpose and pack_a:
            fuse += f"""
      %ua = transform.get_producer_of_operand %m[0] : ({any}) -> {any}"""
        if b_transpose:
            fuse += f"""
      %ub = transform.get_producer_of_operand %m[1] : ({any}) -> {any}"""
        fuse += f"""
      %t3, %l3k = transform.structured.tile_using_for %m tile_sizes [0, 0, {kr}] : ({any}) -> ({any}, {any})"""
        if a_transpose and pack_a:
            fuse += f"""
      %uaf, %l3ka = transform.structured.fuse_into_containing_op %ua into %l3k : ({any}, {any}) -> ({any}, {any})
      transform.structured.vectorize %uaf : {any}"""
        if b_transpose:
            fuse += f"""
      %ubf, %l3kb = transform.structured.fuse_into_containing_op %ub into %l3k : ({any}, {any}) -> ({any}, {any})
      transform.structured.vectorize %ubf : {any}"""
        w(f"""
    // 5. micro-kernel: k tiled by kr and vectorized
    transform.foreach %{v}p2 : {any} {{
    ^bb0(%m: {any}):{fuse}
      transform.structured.vectorize %t3 : {any}
    }}""")

    w(f"""
    // ---- all variants: form vector.contract, hoist C accumulators, lower to outer-product FMAs
    transform.apply_patterns to %f {{
      transform.apply_patterns.vector.reduction_to_contract
      transform.apply_patterns.vector.transfer_permutation_patterns
      transform.apply_patterns.canonicalization
    }} : {any}
    transform.apply_cse to %f : {any}
    %loops3 = transform.structured.match ops{{["scf.for"]}} in %f : ({any}) -> {any}
    transform.loop.hoist_loop_invariant_subsets %loops3 : {any}
    transform.apply_patterns to %f {{
      transform.apply_patterns.vector.lower_contraction lowering_strategy = outerproduct
      transform.apply_patterns.vector.lower_outerproduct
      transform.apply_patterns.vector.lower_transpose lowering_strategy = eltwise
      transform.apply_patterns.canonicalization
    }} : {any}
    // remainder pads (step 2) -> fresh buffer + linalg.fill + linalg.copy (no strided memref.copy)
    %rpads = transform.structured.match ops{{["tensor.pad"]}} in %f : ({any}) -> {any}
    %rbuf, %rnew = transform.structured.bufferize_to_allocation %rpads {{memcpy_op = "linalg.copy", alloc_op = "memref.alloc"}} : {any}
    transform.yield
  }}
""")
    return "".join(out)


def gen_library(entries):
    """entries: list of (name, M, K, N, layout, dtype, params-dict)."""
    body = "".join(gen_sequence(n, M, K, N, lay, dt, **p) for (n, M, K, N, lay, dt, p) in entries)
    return "module attributes {transform.with_named_sequence} {" + body + "}\n"


#: A matmul below this many flops runs on one thread: forking costs about
#: as much as the work (REPORT.md: 128x10 @ 10x500 is slower on two).
MIN_PARALLEL_FLOPS = 8_000_000


def schedule_matmuls(module, threads=1) -> bool:
    """Applies the schedule to every function that `theano-outline-matmuls`
    made (attributes `theano.matmul`, `theano.layout`) in `module`, in
    place. Returns whether one of them runs on several threads."""
    from mlir import ir

    from . import transform_script

    entries = []
    for op in module.body.operations:
        if op.operation.name != "func.func" or "theano.matmul" not in op.attributes:
            continue
        M, K, N = ir.DenseI64ArrayAttr(op.attributes["theano.matmul"])
        layout = ir.StringAttr(op.attributes["theano.layout"]).value
        func_type = ir.FunctionType(ir.TypeAttr(op.attributes["function_type"]).value)
        dtype = str(ir.ShapedType(func_type.results[0]).element_type)
        name = ir.StringAttr(op.attributes["sym_name"]).value
        parallel = threads if 2 * M * N * K >= MIN_PARALLEL_FLOPS else 1
        params = default_params(M, K, N, layout, dtype, parallel)
        c_filled = len(func_type.inputs) == 2  # else C is the third argument
        entries.append((f"schedule_{name}", M, K, N, layout, dtype,
                        dict(params, threads=parallel, func_name=name, c_filled=c_filled)))
    if not entries:
        return False
    calls = "".join(f"\n    transform.include @{e[0]} failures(propagate) (%root) : (!transform.any_op) -> ()"
                    for e in entries)
    main = f"""
  transform.named_sequence @__transform_main(%root: !transform.any_op {{transform.readonly}}) {{{calls}
    transform.yield
  }}
"""
    library = gen_library(entries)
    library = library[:library.rindex("}")] + main + "}\n"
    transform_script.apply(module, library)
    return any(e[6]["threads"] > 1 for e in entries)
