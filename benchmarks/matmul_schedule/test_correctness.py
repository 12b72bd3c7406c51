#!/usr/bin/env python
"""Correctness sweep: odd / remainder shapes, all three layouts, f32 and f64, 1 and 2 threads.
Each shape class gets its generated schedule (theano_mlir/lowering/matmul_schedule.py) and the same pipeline as bench.py."""
import os, sys, time
import numpy as np
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import payload, pipeline, Kernel
from theano_mlir.lowering.matmul_schedule import gen_library, default_params

OMP = os.path.join(HERE, "venv/lib/python3.11/site-packages/cmeel.prefix/lib/libomp.so")
cases = []
for lay in ("nn", "tn", "nt"):
    for (M, K, N) in [(1, 1, 1), (7, 5, 3), (17, 33, 65), (100, 37, 70), (64, 64, 64), (8, 300, 33),
                      (129, 257, 95), (333, 555, 444), (40, 1030, 47), (600, 20, 520)]:
        cases.append((M, K, N, lay))
argv = sys.argv[1:]
dtypes = ["f32", "f64"]
threads_list = [1, 2]
fails = 0
t0 = time.time()
for dt in dtypes:
    npdt = {"f32": np.float32, "f64": np.float64}[dt]
    for threads in threads_list:
        for (M, K, N, lay) in cases:
            p = default_params(M, K, N, lay, dt, threads)
            if threads > 1:
                p["threads"] = threads
            name = f"t_{M}x{K}x{N}_{lay}_{dt}_t{threads}"
            path = os.path.join(HERE, "scratch", "test_sched.mlir")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write(gen_library([(name, M, K, N, lay, dt, p)]))
            src, ash, bsh = payload(M, K, N, lay, npdt)
            try:
                k = Kernel(src, pipeline(path, name, threads=threads),
                           shared_libs=[OMP] if threads > 1 else [])
                rng = np.random.default_rng(1)
                A = rng.standard_normal(ash).astype(npdt); B = rng.standard_normal(bsh).astype(npdt)
                C = np.full((M, N), np.nan, npdt)
                k.bind(A, B, C); k(); k()          # twice: C must be re-initialised by the kernel
                a = A.T if lay == "tn" else A; b = B.T if lay == "nt" else B
                ref = a.astype(np.float64) @ b.astype(np.float64)
                rtol = 1e-4 if dt == "f32" else 1e-10
                ok = np.allclose(C, ref, rtol=rtol, atol=rtol * np.sqrt(K))
                err = ""
            except Exception as e:
                ok, err = False, str(e).splitlines()[0][:200]
            fails += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {dt} threads={threads} {M}x{K}x{N} {lay} {err}", flush=True)
print(f"{fails} failures, {time.time() - t0:.0f}s")
sys.exit(1 if fails else 0)
