"""The pass pipelines, named in one place."""

#: `theano` dialect to linalg on tensors (target-independent). Algebraic
#: simplification and the stable forms come before gradients are expanded
#: (so a gradient is that of the stable form) and again after (gradient
#: graphs simplify too). Shape checks go first, so that a failing call
#: allocates and writes nothing.
THEANO_REWRITES = "func.func(theano-simplify,theano-stabilize)"
TO_LINALG = [
    THEANO_REWRITES,
    "func.func(theano-autodiff)",
    "canonicalize",
    THEANO_REWRITES,
    "cse",
    "convert-theano-to-linalg",
    "canonicalize",
    "cse",
    "func.func(theano-hoist-checks)",
]

#: Tensors to buffers. Function arguments and results become contiguous
#: memrefs; results are owned by the caller, which frees them. Updates of
#: shared variables are written into their buffers where bufferization finds
#: that safe (the producer writes there directly: no temporary, no copy);
#: the updates it could not write in place stay results.
BUFFERIZE = [
    "func.func(theano-update-in-place)",
    "eliminate-empty-tensors",
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map}",
    "func.func(theano-drop-in-place-results)",
    "canonicalize",  # drops the copy of a buffer onto itself
]

#: Deallocation, then checks become an error-status return. Deallocation is
#: placed before checks become branches: upstream's ownership-based
#: deallocation asserts on views returned across those blocks (LLVM 22.1.8).
#: The cost: a call that fails a check not hoisted to the start leaks the
#: temporaries allocated before it (successful calls free everything).
DEALLOCATE = [
    "buffer-deallocation-pipeline",
    "theano-checks-to-status",
]

#: Buffers to LLVM for the host CPU. Copies between strided views become
#: loops, not calls into MLIR's runner-utils library. Math on f16 computes in f32. log1p and
#: expm1 go to libm (the LLVM lowering computes log(1+x) and exp(x)-1, which
#: lose precision near 0), which has f32 and f64 functions only.
CPU_TO_LLVM = [
    "func.func(theano-strided-copies-to-linalg)",
    "convert-linalg-to-loops",
    "math-extend-to-supported-types{target-type=f32}",
    "convert-math-to-funcs",
    "convert-math-to-libm",
    "convert-bufferization-to-memref",
    "expand-strided-metadata",
    "lower-affine",
    "convert-scf-to-cf",
    "finalize-memref-to-llvm",
    "convert-math-to-llvm",
    "convert-arith-to-llvm",
    "convert-index-to-llvm",
    "convert-ub-to-llvm",
    "convert-cf-to-llvm",
    "convert-func-to-llvm",
    "reconcile-unrealized-casts",
]

CPU = TO_LINALG + BUFFERIZE + DEALLOCATE + CPU_TO_LLVM


def pipeline_string(passes) -> str:
    """The textual pipeline for PassManager.parse / theano-mlir-opt."""
    return "builtin.module(" + ",".join(passes) + ")"
