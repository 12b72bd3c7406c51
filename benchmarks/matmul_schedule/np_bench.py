"""numpy/OpenBLAS baseline. Run with OMP_NUM_THREADS/OPENBLAS_NUM_THREADS set; argv: dtype [wall]"""
import os, sys, time, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from shapes import SHAPES
from harness import time_fn
dt = np.dtype(sys.argv[1] if len(sys.argv) > 1 else "float32")
clock = time.perf_counter if (len(sys.argv) > 2 and sys.argv[2] == "wall") else time.thread_time
res = {}
for name, M, K, N, tr in SHAPES:
    rng = np.random.default_rng(0)
    A = rng.standard_normal((K, M) if tr == "tn" else (M, K)).astype(dt)
    B = rng.standard_normal((N, K) if tr == "nt" else (K, N)).astype(dt)
    C = np.empty((M, N), dt)
    a = A.T if tr == "tn" else A
    b = B.T if tr == "nt" else B
    g, t = time_fn(lambda: np.matmul(a, b, out=C), 2.0 * M * N * K, clock=clock)
    res[name] = g
print(json.dumps(res))
