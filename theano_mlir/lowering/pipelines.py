"""The pass pipelines, named in one place.

A pipeline is a list of steps: pipeline text that always runs, or an
`Optimization`, which a mode (FAST_RUN, FAST_COMPILE) or the flags
`optimizer_excluding` / `optimizer_including` leave out or put in by name.
"""

import re
import string
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Optimization:
    """An optional pass: `name` is its pass name, `tags` Theano's names for
    the optimizations it stands for (what Theano programs exclude)."""

    name: str
    text: str
    tags: tuple = ()


SIMPLIFY = Optimization(
    "theano-simplify", "func.func(theano-simplify)", ("canonicalize", "simplify", "local_mul_canonizer")
)
STABILIZE = Optimization("theano-stabilize", "func.func(theano-stabilize)", ("stabilize",))
GEMM = Optimization("theano-gemm", "func.func(theano-gemm)", ("gemm", "blas", "BlasOpt"))
CSE = Optimization("cse", "cse", ("merge",))
FUSION = Optimization(
    "theano-fuse-elementwise",
    "func.func(theano-fuse-elementwise)",
    ("fusion", "elemwise_fusion", "local_elemwise_fusion"),
)
INPLACE = Optimization("theano-update-in-place", "func.func(theano-update-in-place)", ("inplace",))
#: Loops that every operand reads in order become one loop (short rows
#: do not vectorize).
COLLAPSE = Optimization(
    "theano-collapse-dimensions",
    "func.func(theano-collapse-dimensions)",
    ("collapse_dimensions", "local_useless_reshape_collapse"),
)
#: gemm's alpha scales the smaller of the matmul's operands (known once
#: shapes are static).
SCALE_SMALLER = Optimization(
    "theano-scale-smaller-operand",
    "func.func(theano-scale-smaller-operand)",
    ("gemm", "blas", "BlasOpt", "scale_smaller_operand"),
)
#: Large static matmuls go to functions of their own, which the matmul
#: schedule (matmul_schedule.py: tiling, packing, vector micro-kernel,
#: threads) transforms; without it they are plain loop nests.
MATMUL_SCHEDULE = Optimization(
    "theano-outline-matmuls",
    "theano-outline-matmuls{min-flops=4096}",
    ("blas", "blas_opt", "matmul_schedule"),
)
#: Matmuls of unknown shape (in the general kernel) as loops over vector
#: register tiles; without it they are scalar loop nests.
# A deep network's layers repeat a few loop nests: shared functions, so that
# the specialized compile grows with the distinct ones (min-nests: a shallow
# graph is left as it is). Not in the general kernel: on dynamic shapes the
# entry's code is mostly shapes, checks and buffers, and calls returning
# buffers of dynamic size made its calls slower (100 layers: 8 -> 12 ms)
# without compiling faster.
LOOP_NEST_SHARING = Optimization(
    "theano-outline-loop-nests",
    "theano-outline-loop-nests{min-nests=48}",
    ("loop_nest_sharing",),
)
DYNAMIC_MATMUL_TILES = Optimization(
    "theano-vectorize-dynamic-matmuls",
    "theano-vectorize-dynamic-matmuls{rows=$tile_rows vector-bits=$tile_bits}",
    ("blas", "blas_opt", "matmul_schedule"),
)
#: f32 math functions as polynomials (loops calling libm do not vectorize).
APPROXIMATE_MATH = Optimization(
    "theano-approximate-math", "func.func(theano-approximate-math)", ("fast_math", "approximate_math")
)
#: Scalar buffers of static shape (a count, a loss before it is returned)
#: live on the stack instead of the heap. Only scalars: small vectors there
#: (12 bytes, a scan step's row) came back with wrong values from kernels
#: built at -O2 that read them after a loop (tests/gradient/
#: test_scan_gradients.py::test_specialized_kernels_give_the_general_kernels_values).
STACK = Optimization(
    "promote-buffers-to-stack", "func.func(promote-buffers-to-stack{max-alloc-size-in-bytes=8})", ("stack",)
)

#: Optimizations of the `theano` graph. Algebraic simplification and the
#: stable forms come before gradients are expanded (so a gradient is that of
#: the stable form) and again after (gradient graphs simplify too). GEMM forms
#: last: the rewrites before it see plain dots.
OPTIMIZE_THEANO = [
    SIMPLIFY,
    STABILIZE,
    "func.func(theano-autodiff)",
    "canonicalize",
    SIMPLIFY,
    STABILIZE,
    GEMM,
    CSE,
]

#: `theano` dialect to linalg on tensors (target-independent). Elementwise
#: chains fuse into one loop nest each. Shape checks go first, so that a
#: failing call allocates and writes nothing. Updates of shared variables
#: become writes into their buffers where that is safe (bufferization
#: decides whether it really happens in place).
TO_LINALG = [
    # `$threads`: the threads a kernel may use (lowerings that split their
    # own loops, the random draws, make at most that many parts)
    "convert-theano-to-linalg{threads=$threads}",
    "canonicalize",
    CSE,
    FUSION,
    "func.func(theano-hoist-checks)",
    INPLACE,
    COLLAPSE,
    "canonicalize",
]

#: Tensors to buffers. Function arguments and results become contiguous
#: memrefs; results are owned by the caller, which frees them. Updates of
#: shared variables are written into their buffers where bufferization finds
#: that safe (the producer writes there directly: no temporary, no copy);
#: the updates it could not write in place stay results. Every other op
#: writes into the buffer of its destination (`tensor.empty` is replaced by
#: the buffer that the value ends up in where possible).
BUFFERIZE = [
    "eliminate-empty-tensors",
    "one-shot-bufferize{allow-return-allocs-from-loops bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map}",
    # a loop that updated a shared variable in place returns its buffer
    "canonicalize",
    # a matmul function shared by several calls (theano-outline-matmuls)
    # writes into its accumulator argument: its callers use that buffer, so
    # that updates through it stay in place
    "drop-equivalent-buffer-results",
    "canonicalize",  # the casts of an argument around such a call
    "func.func(theano-drop-in-place-results)",
    "canonicalize",  # drops the copy of a buffer onto itself
    DYNAMIC_MATMUL_TILES,
    STACK,
]

#: Deallocation, then checks become an error-status return. Deallocation is
#: placed before checks become branches: upstream's ownership-based
#: deallocation asserts on views returned across those blocks (LLVM 22.1.8).
#: The cost: a call that fails a check not hoisted to the start leaks the
#: temporaries allocated before it (successful calls free everything).
DEALLOCATE = [
    # upstream's buffer-deallocation-pipeline, with theano-split-deallocs
    # before the simplification (whose own split is quadratic)
    "func.func(expand-realloc{emit-deallocs=false})",
    "func.func(canonicalize)",
    "func.func(ownership-based-buffer-deallocation)",
    "func.func(canonicalize)",
    "func.func(theano-split-deallocs)",
    "func.func(buffer-deallocation-simplification)",
    "bufferization-lower-deallocations",
    # the ownership flags of that lowering are i1 buffers: bytes instead
    "theano-widen-bool-buffers",
    "func.func(cse)",
    "func.func(canonicalize)",
    "theano-checks-to-status",
]

#: Buffers to LLVM for the host CPU. Copies between strided views become
#: loops, not calls into MLIR's runner-utils library. Complex functions
#: become real math on the parts. Math on f16 computes in f32; f32 math
#: becomes polynomials; fma, floor, copysign, sqrt and the like become LLVM
#: intrinsics; what is left (f64) goes to libm, log1p
#: and expm1 included (the LLVM lowering computes log(1+x) and exp(x)-1,
#: which lose precision near 0). The dialects left then go to LLVM in one
#: conversion (`convert-to-llvm`), not one pass each: each pass walks the
#: whole kernel, and a graph of many layers is a large one (measured: the
#: to-llvm stage of a 50-layer MLP, 1.0 s -> 0.55 s).
_CPU_LOOPS = [
    # first: it lowers bufferization.clone into a memref.copy, which may be
    # strided (a view returned as a result)
    "convert-bufferization-to-memref",
    "func.func(theano-strided-copies-to-linalg)",
    "convert-vector-to-scf{full-unroll=true}",
    "convert-linalg-to-loops",
    "lower-affine",
]
_CPU_LOOPS_TO_LLVM = [
    "canonicalize",
    # complex arithmetic and functions to real math on the parts (then
    # approximated or sent to libm as other math is)
    "convert-complex-to-standard",
    "math-extend-to-supported-types{target-type=f32}",
    APPROXIMATE_MATH,
    "func.func(theano-math-to-intrinsics)",
    "convert-math-to-funcs",
    "convert-math-to-libm",
    "expand-strided-metadata",
    "lower-affine",
    "theano-scf-to-cf-backward",
    "convert-vector-to-llvm",
    "finalize-memref-to-llvm",  # convert-to-llvm leaves memref.reshape (LLVM 22.1.8)
    "convert-to-llvm",
    # the memref lowering's address arithmetic assumes no negative strides
    "theano-drop-unsigned-wrap",
    "reconcile-unrealized-casts",
]
#: Parallel loops (the parts of random draws) run in order in the general
#: kernel, which uses no threads.
CPU_TO_LLVM = _CPU_LOOPS + ["func.func(scf-forall-to-for)"] + _CPU_LOOPS_TO_LLVM

#: The same for a kernel specialized for shapes, whose scheduled loops may
#: be split among threads: OpenMP on LLVM's libomp.
THREADED_CPU_TO_LLVM = _CPU_LOOPS + ["scf-forall-to-parallel", "convert-scf-to-openmp"] + _CPU_LOOPS_TO_LLVM

#: The stages of compiling for the CPU, in order, by name (what
#: `THEANO_MLIR_FLAGS=dump_ir=DIR` and `debugprint` call them).
CPU_STAGES = [
    ("optimize", OPTIMIZE_THEANO),
    ("to-linalg", TO_LINALG),
    ("bufferize", BUFFERIZE),
    ("deallocate", DEALLOCATE),
    ("to-llvm", CPU_TO_LLVM),
]

#: A kernel for the shapes of one call starts from the general function
#: after "to-linalg": `$shapes` (see theano-specialize-shapes) makes its
#: arguments static and canonicalization propagates them. Then the large
#: matmuls are scheduled (`schedule_matmuls` in matmul_schedule.py, a
#: transform-dialect script run by the Python step `SCHEDULE_STEP`) and
#: inlined back.
SHAPE_SPECIALIZATION = Optimization(
    "theano-specialize-shapes",
    "func.func(theano-specialize-shapes{shapes=$shapes})",
    ("specialize", "shape_specialization"),
)
SPECIALIZE = [
    SHAPE_SPECIALIZATION,
    "canonicalize",
    # reads by index that static shapes made elementwise become inputs
    "func.func(theano-extracts-to-inputs)",
    "canonicalize",
    CSE,
    SCALE_SMALLER,
    COLLAPSE,
    MATMUL_SCHEDULE,
    LOOP_NEST_SHARING,
    "canonicalize",
]
#: The Python step (compiler._schedule): matmul schedules, and threads for large
#: loop nests (loop_schedule.py).
SCHEDULE_STEP = "schedule"
SCHEDULE = [
    SCHEDULE_STEP,
    "inline",
    "symbol-dce",
    "canonicalize",
    "cse",
]

#: The stages after "to-linalg" of a kernel specialized for shapes.
SPECIALIZED_CPU_STAGES = [
    ("specialize", SPECIALIZE),
    ("schedule", SCHEDULE),
    ("bufferize", BUFFERIZE),
    ("deallocate", DEALLOCATE),
    ("to-llvm", THREADED_CPU_TO_LLVM),
]

OPTIMIZATIONS = {
    o.name: o
    for o in (
        SIMPLIFY,
        STABILIZE,
        GEMM,
        CSE,
        FUSION,
        INPLACE,
        COLLAPSE,
        SCALE_SMALLER,
        STACK,
        APPROXIMATE_MATH,
        MATMUL_SCHEDULE,
        LOOP_NEST_SHARING,
        DYNAMIC_MATMUL_TILES,
        SHAPE_SPECIALIZATION,
    )
}

#: The optimizations each mode runs. FAST_COMPILE runs none: the graph is
#: lowered as written, for the quickest compile.
MODES = {
    "FAST_RUN": frozenset(OPTIMIZATIONS),
    "FAST_COMPILE": frozenset(),
}


def _pass_name(text: str) -> str:
    """ "func.func(theano-autodiff)" -> "theano-autodiff", "a{options}" -> "a"."""
    return re.match(r"(?:[\w.]+\()?([\w-]+)", text).group(1)


#: Passes that always run (a program cannot be lowered without them).
_REQUIRED = {
    _pass_name(step)
    for _, steps in CPU_STAGES + SPECIALIZED_CPU_STAGES
    for step in steps
    if isinstance(step, str)
}


def resolve(names) -> frozenset:
    """The pass names that `names` (pass names or Theano's tags) stand for.
    A required pass is an error; a name that matches nothing is ignored with
    a warning, as Theano ignores tags it does not know."""
    found = set()
    for name in names:
        matches = {o.name for o in OPTIMIZATIONS.values() if name == o.name or name in o.tags}
        if not matches and name in _REQUIRED:
            raise ValueError(
                f"the pass {name!r} is required and cannot be left out or named; "
                f"optional ones: {', '.join(sorted(OPTIMIZATIONS))}"
            )
        if not matches:
            warnings.warn(
                f"no optimization is named {name!r}; optional ones: {', '.join(sorted(OPTIMIZATIONS))}",
                stacklevel=3,
            )
        found |= matches
    return frozenset(found)


def select(steps, optimizations=MODES["FAST_RUN"]) -> list:
    """The pipeline text of `steps` with the optimizations not in
    `optimizations` left out."""
    return [
        s if isinstance(s, str) else s.text for s in steps if isinstance(s, str) or s.name in optimizations
    ]


#: The `$name` fields of pipelines that depend on the machine (see
#: compiler.lower_stages), as for one thread of an AVX-512 CPU.
MACHINE_DEFAULTS = dict(threads=1, tile_rows=8, tile_bits=1024)

#: The whole FAST_RUN pipeline for the CPU (as `theano-mlir-opt` runs it),
#: for one thread.
CPU = [
    string.Template(text).substitute(MACHINE_DEFAULTS) for _, steps in CPU_STAGES for text in select(steps)
]


def pipeline_string(passes) -> str:
    """The textual pipeline for PassManager.parse / theano-mlir-opt."""
    return "builtin.module(" + ",".join(passes) + ")"
