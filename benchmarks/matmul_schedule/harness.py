"""Shared helpers: payload generation, pipeline, compile, run, time."""
import ctypes, time, os
import numpy as np
from mlir import ir, passmanager
from mlir.execution_engine import ExecutionEngine
from mlir.runtime import get_ranked_memref_descriptor

import mlir as _mlir_pkg
RUNNER_UTILS = os.path.join(os.path.dirname(_mlir_pkg.__path__[0] if hasattr(_mlir_pkg, "__path__") else ""), "mlir", "lib", "libmlir_c_runner_utils.so")
HERE = os.path.dirname(os.path.abspath(__file__))
NP2MLIR = {np.float32: "f32", np.float64: "f64"}

def payload(M, K, N, layout="nn", dtype=np.float32, fill=True):
    """func @mm(A, B, C) on memrefs; inside on tensors: C = A@B (nn), A^T@B (tn: A is KxM), A@B^T (nt: B is NxK).
    fill=True: C is zero-filled by linalg.fill first; fill=False: C += A@B."""
    t = NP2MLIR[dtype]
    a_shape = (K, M) if layout == "tn" else (M, K)
    b_shape = (N, K) if layout == "nt" else (K, N)
    ty = lambda s: f"tensor<{s[0]}x{s[1]}x{t}>"
    mty = lambda s: f"memref<{s[0]}x{s[1]}x{t}>"
    maps = ""
    if layout != "nn":
        amap = "(d2, d0)" if layout == "tn" else "(d0, d2)"
        bmap = "(d1, d2)" if layout == "nt" else "(d2, d1)"
        maps = (f"indexing_maps = [affine_map<(d0, d1, d2) -> {amap}>, "
                f"affine_map<(d0, d1, d2) -> {bmap}>, affine_map<(d0, d1, d2) -> (d0, d1)>] ")
    c_shape = (M, N)
    if fill:
        init = (f"  %c = tensor.empty() : {ty(c_shape)}\n"
                f"  %zero = arith.constant 0.0 : {t}\n"
                f"  %f = linalg.fill ins(%zero : {t}) outs(%c : {ty(c_shape)}) -> {ty(c_shape)}\n")
    else:
        init = f"  %f = bufferization.to_tensor %C restrict : {mty(c_shape)} to {ty(c_shape)}\n"
    return f"""
func.func @mm(%A: {mty(a_shape)}, %B: {mty(b_shape)}, %C: {mty(c_shape)}) attributes {{llvm.emit_c_interface}} {{
  %a = bufferization.to_tensor %A restrict : {mty(a_shape)} to {ty(a_shape)}
  %b = bufferization.to_tensor %B restrict : {mty(b_shape)} to {ty(b_shape)}
{init}  %r = linalg.matmul {maps}ins(%a, %b : {ty(a_shape)}, {ty(b_shape)}) outs(%f : {ty(c_shape)}) -> {ty(c_shape)}
  bufferization.materialize_in_destination %r in restrict writable %C : ({ty(c_shape)}, {mty(c_shape)}) -> ()
  return
}}
""", a_shape, b_shape

LOWERING = ("canonicalize,cse,"
            "eliminate-empty-tensors,one-shot-bufferize,"
            "buffer-deallocation-pipeline,"
            "canonicalize,cse,canonicalize,"
            "convert-vector-to-scf{full-unroll=true},"
            "convert-linalg-to-loops,"
            "lower-affine,convert-scf-to-cf,"
            "expand-strided-metadata,lower-affine,"
            "convert-vector-to-llvm,convert-ub-to-llvm,"
            "finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
            "convert-func-to-llvm,convert-cf-to-llvm,"
            "reconcile-unrealized-casts")

OMP_LOWERING = ("canonicalize,cse,"
            "eliminate-empty-tensors,one-shot-bufferize,"
            "buffer-deallocation-pipeline,"
            "canonicalize,cse,canonicalize,"
            "convert-vector-to-scf{full-unroll=true},"
            "convert-linalg-to-loops,"
            "lower-affine,"
            "scf-forall-to-parallel,"
            "convert-scf-to-openmp,canonicalize,"
            "convert-scf-to-cf,"
            "expand-strided-metadata,lower-affine,"
            "convert-vector-to-llvm,convert-ub-to-llvm,"
            "finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
            "convert-openmp-to-llvm,"
            "convert-func-to-llvm,convert-cf-to-llvm,"
            "reconcile-unrealized-casts")

def pipeline(schedule_path, entry, threads=1):
    lowering = LOWERING if threads == 1 else OMP_LOWERING
    return (f"builtin.module(transform-preload-library{{transform-library-paths={schedule_path}}},"
            f"transform-interpreter{{entry-point={entry}}},{lowering})")

class Kernel:
    def __init__(self, src, pipe, shared_libs=(), opt_level=3, dump=None):
        self.ctx = ir.Context()
        with self.ctx:
            t0 = time.perf_counter()
            self.module = ir.Module.parse(src)
            # run the pipeline in two parts only to time them separately (same passes, same order)
            inner = pipe[len("builtin.module("):-1]
            cut = inner.index("}", inner.index("transform-interpreter")) + 1
            pm1 = passmanager.PassManager.parse(f"builtin.module({inner[:cut]})")
            pm2 = passmanager.PassManager.parse(f"builtin.module({inner[cut + 1:]})")
            pm1.run(self.module.operation)
            ta = time.perf_counter()
            pm2.run(self.module.operation)
            t1 = time.perf_counter()
            self.t_schedule, self.t_lowering = ta - t0, t1 - ta
            if dump:
                open(dump, "w").write(str(self.module))
            # libmlir_c_runner_utils provides memrefCopy, needed only if a strided memref.copy survives
            # (odd shapes with remainders in several dimensions); the benchmarked shapes don't need it
            self.ee = ExecutionEngine(self.module, opt_level=opt_level, shared_libs=[RUNNER_UTILS] + list(shared_libs))
            self.fn = self.ee.lookup("mm")   # forces LLVM codegen
            t2 = time.perf_counter()
        self.t_passes, self.t_llvm = t1 - t0, t2 - t1

    def bind(self, *arrays):
        self._descs = [ctypes.pointer(ctypes.pointer(get_ranked_memref_descriptor(a))) for a in arrays]
        self._packed = (ctypes.c_void_p * len(self._descs))()
        for i, d in enumerate(self._descs):
            self._packed[i] = ctypes.cast(d, ctypes.c_void_p)
        self._arrays = arrays

    def __call__(self):
        self.fn(self._packed)

def time_fn(fn, flops, min_total=0.6, min_reps=5, clock=None):
    """Best-of timing. clock=time.thread_time (default) measures CPU time of the calling thread, which
    ignores time-slicing by other processes on this shared 2-core VM; use time.perf_counter for multi-thread."""
    clock = clock or time.thread_time
    fn()  # warmup
    t = time.perf_counter(); fn(); one = time.perf_counter() - t
    inner = max(1, int(0.01 / max(one, 1e-7)))     # batch to ~10ms
    best = 1e9; total = 0.0; n = 0
    t_end = time.perf_counter() + 20 * min_total
    while (total < min_total or n < min_reps) and time.perf_counter() < t_end:
        t = clock()
        for _ in range(inner):
            fn()
        dt = clock() - t
        total += dt; n += 1
        if dt > 0:
            best = min(best, dt / inner)
    return flops / best / 1e9, best
