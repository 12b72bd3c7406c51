"""Threads for parallel kernels: OpenMP on LLVM's libomp (the `cmeel-libomp`
wheel), which `convert-scf-to-openmp` code calls (`__kmpc_*`)."""

import os

from ..config import config
from ..runtime.library import openmp_library as library_path


def thread_count() -> int:
    """config.openmp_threads, else OMP_NUM_THREADS, else every core this
    process may run on."""
    if config.openmp_threads:
        return config.openmp_threads
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        return max(1, len(os.sched_getaffinity(0)))


def usable_threads() -> int:
    """thread_count(), or 1 where libomp is not installed."""
    return thread_count() if library_path() else 1
