//===- Passes.td - passes of the CPU pipeline --------------*- tablegen -*-===//
//
// Passes over what `convert-theano-to-linalg` produces, on the way to a
// kernel's shared object: linalg on tensors (fusion, checks, in-place
// updates, shapes, matmuls), then buffers (in-place results, matmuls of
// unknown shape, deallocation, the status that checks return), then what
// goes to LLVM (strided copies, math, scf). Passes over `theano` ops are in
// theano_mlir/Dialect/Theano/Transforms/Passes.td.
// Pass names keep the `theano-` prefix the pipelines use.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_TRANSFORMS_CPU_PASSES_TD
#define THEANO_MLIR_TRANSFORMS_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Linalg on tensors (the general kernel, then a kernel specialized for shapes).
//===----------------------------------------------------------------------===//

def TheanoFuseElementwise : Pass<"theano-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse elementwise linalg.generic ops into their consumers";
  let description = [{
    On linalg on tensors: an elementwise `linalg.generic` is fused into the
    `linalg.generic` that consumes it (elementwise, or a reduction), so a
    chain of elementwise ops with broadcasts becomes one loop nest and a
    reduction reads its operands through the chain instead of through a
    temporary. A producer used more than once is fused (recomputed) only
    when its body is cheap (no `math` op, no division), so that it is not
    computed twice for nothing. Matmuls and other named ops are left as they
    are; their elementwise inputs stay separate loop nests.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def TheanoHoistChecks : Pass<"theano-hoist-checks", "func::FuncOp"> {
  let summary = "Move shape checks to the start of the function";
  let description = [{
    On linalg on tensors, before bufferization. A `theano.check` whose
    condition and values are computed from argument shapes and scalars alone
    (no tensor is computed for it) moves, with those computations, before the
    first other op of the function body. A call that fails such a check then
    returns before it allocates or writes anything. Checks nested in loops
    (a Jacobian's rows) move out the same way unless they need the loop's
    induction variable. Checks that depend on computed tensors stay where
    they are.
  }];
}

def TheanoUpdateInPlace : Pass<"theano-update-in-place", "func::FuncOp"> {
  let summary = "Write updates of shared variables into their buffers";
  let description = [{
    On linalg on tensors, after `theano-hoist-checks` and before
    `eliminate-empty-tensors` and one-shot bufferization. A public function
    with the attribute `theano.update_args` (an i64 array) returns, as its
    last results, new values for those arguments. An update is written in
    place where every check of the function precedes every op that could
    write its argument's memory (the ops whose destinations lead into the
    update's value, or may be the argument), so that a failing call changes
    nothing, and where the new value's shape provably equals the argument's;
    an update computed before some check (a random state advanced before
    the indices of a cost are checked) stays a result, and the others are
    still written in place. Such a result becomes a
    `bufferization.materialize_in_destination`
    into the argument, which is marked writable; an output that returns
    such an argument unchanged gets a copy taken before any write.
    Bufferization decides whether the write can really happen in place;
    `theano-drop-in-place-results` then removes the results it wrote there.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
  ];
}

def TheanoCollapseDimensions
    : Pass<"theano-collapse-dimensions", "func::FuncOp"> {
  let summary = "Collapse loops that every operand reads in order into one";
  let description = [{
    On linalg on tensors. In a `linalg.generic`, neighbouring loops of one
    iterator type that every indexing map reads in order (an elementwise op
    on 600x10 tensors: both loops; `x + b` broadcasting `b` along rows: the
    two loops of a 3-d tensor that `b` spans) become one loop; operands are
    read through `tensor.collapse_shape` and results given their shape back
    by `tensor.expand_shape`, both free on contiguous buffers. Short inner
    loops otherwise do not vectorize: a row of ten elements is shorter than
    one 16-lane vector.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TheanoSpecializeShapes : Pass<"theano-specialize-shapes", "func::FuncOp"> {
  let summary = "Give a public function's tensor arguments static shapes";
  let description = [{
    On linalg on tensors, for kernels compiled for the shapes a call saw.
    `shapes` lists one shape per argument of each public function, in
    order, separated by `;` (dimensions by `x`, empty for a 0-d tensor):
    `128x784;784x500;;500`. Each dynamic argument is read through a
    `tensor.cast` to its static type; canonicalization then propagates the
    shapes (sizes fold to constants, checks that now hold disappear, loop
    nests get static bounds). The function's signature does not change,
    so a specialized kernel is called exactly like the general one, and
    `bufferization.materialize_in_destination` keeps writing into the
    argument itself. A shape of the wrong rank, or one that contradicts a
    static dimension, is an error.
  }];
  let options = [
    Option<"shapes", "shapes", "std::string", /*default=*/"\"\"",
           "argument shapes: dims joined by 'x', arguments by ';'">,
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def TheanoExtractsToInputs
    : Pass<"theano-extracts-to-inputs", "func::FuncOp"> {
  let summary = "Read as inputs the tensors a linalg.generic extracts at its "
                "loop indices";
  let description = [{
    On linalg on tensors. A `linalg.generic` that reads a tensor defined
    outside it with `tensor.extract` at its own loop indices (`linalg.index`
    of loops of static range, or 0 along a dimension of static size 1)
    reads it as an input with the matching indexing map instead (a slice of
    static sizes of it, where its own are not those): the elementwise form,
    which canonicalization folds (a generic that yields its input is that
    input) and vectorization and fusion handle. The lowering of
    inc_subtensor reads its value so where a dimension of it may be 1 at run
    time; in a kernel specialized for shapes the choice folds to the loop
    index.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TheanoScaleSmallerOperand
    : Pass<"theano-scale-smaller-operand", "func::FuncOp"> {
  let summary = "Scale the matmul operand with fewer elements";
  let description = [{
    On linalg on tensors of static shape. A `linalg.matmul` operand that is
    an elementwise `x * s` (a `linalg.generic` used only there, `s` a scalar
    from outside) is `x` itself when the other operand has fewer elements;
    the other operand is scaled by `s` instead (the product is the same).
    `theano.gemm`'s alpha is applied to its first operand when the lowering
    cannot know the shapes.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TheanoOutlineMatmuls : Pass<"theano-outline-matmuls", "ModuleOp"> {
  let summary = "Move each large static matmul into a function of its own";
  let description = [{
    On linalg on tensors of static shape (see `theano-specialize-shapes`).
    Every f32/f64 `linalg.matmul` (plain, or reading an operand transposed
    through its indexing maps) with at least `min-flops` floating-point
    operations becomes a call to a private function
    `@theano_matmul_<n>(A, B[, C]) -> C` that holds only it. Its zero
    accumulator (`linalg.fill` of `tensor.empty`, used only here) moves
    along, so that a schedule can fuse the fill into its tiles. The
    function carries `theano.matmul = [M, K, N]` and `theano.layout` ("nn",
    "tn": A stored KxM, "nt": B stored NxK), which is what a
    transform-dialect schedule needs to pick its tile sizes; scoped to one
    function, the schedule cannot touch other ops. With `share`, matmuls of
    the same types, attributes and accumulator call one function (marked
    `no_inline` once it has several callers), unless one accumulates into
    a view of its own operand.
  }];
  let options = [
    Option<"minFlops", "min-flops", "int64_t", /*default=*/"0",
           "leave smaller matmuls where they are">,
    Option<"share", "share", "bool", /*default=*/"true",
           "one function for matmuls of the same types and accumulator">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def TheanoOutlineLoopNests : Pass<"theano-outline-loop-nests", "ModuleOp"> {
  let summary = "One function per kind of static loop nest, shared by its uses";
  let description = [{
    On linalg on tensors, after `theano-outline-matmuls`: in an entry (a
    public function) with at least `min-nests` of them, each linalg op
    other than a fill or a matmul with at least `min-iterations` iterations
    (or dynamic sizes) whose body only computes (no check, no call) moves
    into a private function
    `@theano_loops_<n>` that holds only it, and loop nests that are the
    same (the same op, attributes, body, constants and types) call one
    function, marked `no_inline` once it has several callers. A deep
    network's layers repeat a few loop nests; each is then scheduled,
    vectorized and compiled by LLVM once, instead of once per layer (the
    entry of a 100-layer MLP was 450 KB of code). A destination that is
    `tensor.empty` or a `linalg.fill` of one (possibly through casts and
    reshapes) is made again inside the function (its dynamic sizes are
    arguments); one that views an input
    of the same op (an update written in place) leaves the op where it is,
    as a call would make bufferization copy it. Values the body reads from
    above are arguments, constants are cloned. An entry left with at least
    `unoptimized-entry-calls` calls of outlined functions (matmuls too) gets
    LLVM's `optnone`, its callees `noinline`: it only passes buffers along,
    and LLVM's optimizer spent seconds on it (superlinearly in its length).
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", /*default=*/"64",
           "leave loop nests with fewer iterations where they are">,
    Option<"minNests", "min-nests", "int64_t", /*default=*/"0",
           "leave an entry with fewer such loop nests as it is">,
    Option<"unoptimizedEntryCalls", "unoptimized-entry-calls", "int64_t",
           /*default=*/"64",
           "an entry with this many calls of outlined functions is not "
           "optimized by LLVM (its callees, kept out of line, are)">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Buffers: after one-shot bufferization, around deallocation.
//===----------------------------------------------------------------------===//

def TheanoDropInPlaceResults
    : Pass<"theano-drop-in-place-results", "func::FuncOp"> {
  let summary = "Drop update results that bufferization wrote in place";
  let description = [{
    Right after one-shot bufferization: an update result (see
    `theano-update-in-place`) that returns its own argument's buffer was
    written in place, so it is removed from the results and from
    `theano.update_args`; an update that could not be written in place stays
    a result, a new buffer for the caller.
  }];
}

def TheanoVectorizeDynamicMatmuls
    : Pass<"theano-vectorize-dynamic-matmuls", "::mlir::ModuleOp"> {
  let summary = "Register-tiled vector loops for matmuls of unknown shape";
  let description = [{
    After bufferization, for the kernel that takes any shapes (before
    deallocation, which frees the buffer it may allocate). A floating-point
    `linalg.matmul` on buffers with a dynamic dimension would become a
    scalar loop nest (about 1 GFLOP/s); it becomes a call of a private
    helper function, one per element type and operand layout
    (`@theano_matmul_f32_nt`: A read as is, B transposed), made once per
    module, so that a graph of many matmuls compiles as fast as one. The
    helper loops over tiles of `rows` rows and `vector-bits` bits of columns
    of C, whose accumulators stay in vector registers over k (a broadcast of
    A's element, a vector of B's row, an FMA per row). Rows that do not fill
    a tile are done one at a time with the same vectors; the columns that do
    not fill one stay a `linalg.matmul` on the views of what is left. A B
    read transposed (its rows are C's columns) is first copied transposed
    into a new buffer, so that its rows are vectors. Matmuls of static shape
    (kernels specialized for shapes have their own schedule), of other
    element types, or on views whose rows are not contiguous are left as
    they are.
  }];
  let options = [
    Option<"rows", "rows", "int64_t", /*default=*/"8",
           "Rows of C in a register tile">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"1024",
           "Bits of each row of C in a register tile">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def TheanoSplitDeallocs : Pass<"theano-split-deallocs", "func::FuncOp"> {
  let summary = "One bufferization.dealloc per distinct allocation";
  let description = [{
    Between `ownership-based-buffer-deallocation` and
    `buffer-deallocation-simplification`. A `bufferization.dealloc` whose
    buffers are all views of pairwise distinct allocations (the temporaries
    of a function, freed at its end) becomes one dealloc per buffer, the
    results for the retained buffers or-ed together: the split that
    upstream's simplification makes after asking its alias analysis about
    every pair of buffers, quadratic in their number (10 s for a
    1000-layer MLP), made here in one pass over them.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def TheanoWidenBoolBuffers : Pass<"theano-widen-bool-buffers", "ModuleOp"> {
  let summary = "Memrefs of i1 become memrefs of i8";
  let description = [{
    After the deallocation is lowered: its run-time ownership tracking (a
    helper function and its callers) keeps i1 flags in memrefs, which the
    memref lowering of LLVM 22 aborts on (a store narrower than a byte).
    Those buffers hold bytes instead; loads truncate, stores extend.
    Function signatures, calls, branches and scf ops follow.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TheanoChecksToStatus : Pass<"theano-checks-to-status", "ModuleOp"> {
  let summary = "Turn `theano.check` into an error-status return";
  let description = [{
    Runs after bufferization, on functions whose checks sit in the function
    body. Every public function gets the results `i32 status` and four `i64`
    values after its own: 0 on success; on a failed check, the check's code
    (its 1-based position in the module attribute `theano.check_messages`)
    and the values the message refers to as {0}..{3}. The function returns
    at once, with empty buffers for its other results, so nothing after a
    failed check runs and nothing aborts the process.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::ub::UBDialect",
  ];
}

//===----------------------------------------------------------------------===//
// On the way to LLVM.
//===----------------------------------------------------------------------===//

def TheanoStridedCopiesToLinalg
    : Pass<"theano-strided-copies-to-linalg", "func::FuncOp"> {
  let summary = "Turn copies between strided views into linalg.copy";
  let description = [{
    After bufferization. A `memref.copy` whose source or target is not
    contiguous (a row of a Jacobian, a view) would become a call to the
    `memrefCopy` helper of MLIR's runner utilities, a library that compiled
    kernels must not need; it becomes a `linalg.copy`, lowered to loops
    with the rest. Copies between contiguous buffers stay (a `memcpy`).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def TheanoMathToIntrinsics : Pass<"theano-math-to-intrinsics", "func::FuncOp"> {
  let summary = "The math ops LLVM has as intrinsics, as those";
  let description = [{
    fma, floor, ceil, abs, copysign, the roundings and sqrt (which the
    approximations of `theano-approximate-math` and the complex functions of
    `convert-complex-to-standard` use) become LLVM intrinsics, before
    `convert-math-to-libm` makes calls of what is left: as intrinsics they
    vectorize, and math.copysign, which `convert-math-to-libm` refuses
    (LLVM 22), is lowered. The other math ops stay.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TheanoApproximateMath : Pass<"theano-approximate-math", "func::FuncOp"> {
  let summary = "Polynomial approximations of f32 math functions";
  let description = [{
    Replaces `math` ops on f32 (and vectors of f32) by upstream's polynomial
    approximations, built from arith ops: loops that call them vectorize,
    where a libm call per element would not. By default exp, exp2, expm1,
    log, log2, log1p and tanh (`ops` names others upstream covers: erf,
    sin, cos, atan, ...; sin and cos are left out because upstream reduces
    no large arguments). Denormal arguments of log and denormal results of
    exp are scaled into the normal range and back. f64 keeps libm. Their accuracy
    against numpy is measured in `tests/optimizations/test_math_accuracy.py`.
    (`theano-math-to-intrinsics`, which always runs next, makes the fma and
    floor they use LLVM intrinsics.)
  }];
  let options = [
    ListOption<"ops", "ops", "std::string",
               "math ops to approximate, by name (default: math.exp, "
               "math.exp2, math.expm1, math.log, math.log2, math.log1p, "
               "math.tanh)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def TheanoScfToCfBackward : Pass<"theano-scf-to-cf-backward"> {
  let summary = "convert-scf-to-cf, converting the last loop first";
  let description = [{
    The patterns and target of upstream's `convert-scf-to-cf`, applied to
    the outermost `scf` ops from the last to the first. Lowering a loop
    splits its block, moving every op after it into the new block; upstream
    converts in program order, so in one large function each loop moves the
    rest of the function (compile time quadratic in the graph's size: 10x
    for 4x the layers). Backward, each split moves only the ops up to the
    loop converted before it.
  }];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect",
                           "::mlir::arith::ArithDialect"];
}

def TheanoDropUnsignedWrap : Pass<"theano-drop-unsigned-wrap"> {
  let summary = "Drop the nuw flags the memref lowering puts on addresses";
  let description = [{
    After `finalize-memref-to-llvm`. LLVM 22.1's lowering of `memref.load`
    and `memref.store` marks every index product `index * stride` and every
    partial sum `nuw`, which is false for a negative stride: a reversed
    view (`x[::-1]`, a stride of -n) makes the product wrap as an unsigned
    number, LLVM takes the address as poison and may drop the access
    (upstream fixed this after 22.1, llvm-project #204309). The flags are
    dropped from `llvm.mul`, `llvm.add` and `llvm.getelementptr`; `nsw` and
    `inbounds` stay, which hold for any stride.
  }];
}

#endif
