"""Loading compiled kernels: shared objects given as bytes.

A kernel's code comes from the compiler (just built, or from the compile
cache) or from an exported function. It is written to a file named by its
content in a private directory, loaded, and the file removed: the mapping
outlives it, and two loads of the same code share one library.
"""

import atexit
import ctypes
import functools
import glob
import hashlib
import os
import shutil
import sys
import tempfile
import threading

_lock = threading.Lock()
#: the loaded libraries by the sha256 of their code; never unloaded (ctypes
#: does not dlclose), so a kernel's entry stays valid for the process
_loaded = {}


@functools.lru_cache(maxsize=None)
def openmp_library():
    """libomp.so of the installed cmeel-libomp wheel, or None. Kernels
    that run loops on threads call it (`__kmpc_*`)."""
    for root in sys.path:
        found = glob.glob(os.path.join(root, "cmeel.prefix", "lib", "libomp.so*"))
        if found:
            return sorted(found, key=len)[0]
    return None


@functools.lru_cache(maxsize=None)
def _load_openmp():
    path = openmp_library()
    if path is None:
        raise OSError("this kernel runs on threads and needs libomp (pip install cmeel-libomp)")
    # global: the kernels' undefined __kmpc_* symbols resolve against it
    return ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)


@functools.lru_cache(maxsize=None)
def _scratch_directory():
    directory = tempfile.mkdtemp(prefix="theano_mlir-kernels-")
    atexit.register(shutil.rmtree, directory, True)
    return directory


def load_library(code: bytes, openmp: bool = False) -> ctypes.CDLL:
    """The shared object `code`, loaded (once per process per content)."""
    digest = hashlib.sha256(code).hexdigest()
    with _lock:
        library = _loaded.get(digest)
        if library is not None:
            return library
        if openmp:
            _load_openmp()
        path = os.path.join(_scratch_directory(), digest[:32] + ".so")
        with open(path, "wb") as out:
            out.write(code)
        try:
            library = ctypes.CDLL(path, mode=ctypes.RTLD_LOCAL)
        finally:
            os.unlink(path)
        _loaded[digest] = library
        return library


def entry_address(library: ctypes.CDLL, symbol: str) -> int:
    """The address of `symbol` in `library` (OSError if it has none)."""
    try:
        return ctypes.cast(getattr(library, symbol), ctypes.c_void_p).value
    except AttributeError:
        raise OSError(f"the compiled code has no entry point {symbol}") from None


def load_kernel(meta, code: bytes):
    """(library, entry address) of a kernel's shared object `code`, as its
    metadata describes it (`entry`: the packed entry's symbol; `openmp`)."""
    library = load_library(code, openmp=bool(meta["openmp"]))
    return library, entry_address(library, meta["entry"])
