"""Machine code for a lowered module, as a shared object.

The runtime is handed shared objects, not code inside an in-process JIT: an
object can be cached on disk and loaded where MLIR is not installed. The
object file comes from our C++ library (translation to LLVM IR, LLVM's
optimizer and code generator for the host, position-independent); the system
linker `ld` makes a shared object of it.
"""

import ctypes
import functools
import os
import shutil
import subprocess
import tempfile

from mlir import ir

from ..dialect.registration import _library, capi_pointer


class CodegenError(RuntimeError):
    """LLVM could not compile a module, or no linker could link it."""


@functools.lru_cache(maxsize=None)
def _native():
    library = _library()
    library.theanoMlirHostTarget.argtypes = []
    library.theanoMlirHostTarget.restype = ctypes.c_void_p
    library.theanoMlirEmitObject.argtypes = [
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.POINTER(ctypes.c_void_p),
    ]
    library.theanoMlirEmitObject.restype = ctypes.c_int
    library.theanoMlirFree.argtypes = [ctypes.c_void_p]
    library.theanoMlirFree.restype = None
    return library


def _take_bytes(pointer, size=None) -> bytes:
    """The bytes at a malloc'ed `pointer` (a C string without `size`), freed."""
    try:
        return ctypes.string_at(pointer) if size is None else ctypes.string_at(pointer, size)
    finally:
        _native().theanoMlirFree(pointer)


@functools.lru_cache(maxsize=None)
def host_target() -> str:
    """ "<triple> <cpu> <features>" of this machine: the code is compiled for it."""
    return _take_bytes(_native().theanoMlirHostTarget()).decode()


@functools.lru_cache(maxsize=None)
def vector_bytes() -> int:
    """The width of this machine's vector registers, in bytes: schedules
    pick register tiles that fit its register file."""
    features = set(host_target().split(" ")[-1].split(","))
    if "+avx512f" in features:
        return 64
    if "+avx" in features:
        return 32
    return 16


def dynamic_matmul_tile() -> dict:
    """The register tile of theano-vectorize-dynamic-matmuls' helpers: rows
    of two vectors, 8 with 32 registers (AVX-512), 6 with 16 (AVX2); as
    the pipelines' `$tile_rows` and `$tile_bits`."""
    wide = vector_bytes() >= 64
    return dict(tile_rows=8 if wide else 6, tile_bits=2 * 8 * vector_bytes())


def object_code(module: ir.Module, opt_level: int = 2) -> list:
    """Relocatable PIC objects (ELF) of `module`, lowered to the LLVM
    dialect, to be linked together: one, or two where functions marked
    `optnone` (an entry of thousands of calls) are compiled at -O0."""
    data, sizes, error = (ctypes.c_void_p * 2)(), (ctypes.c_size_t * 2)(), ctypes.c_void_p()
    failed = _native().theanoMlirEmitObject(
        capi_pointer(module, "Module"), opt_level, data, sizes, ctypes.byref(error)
    )
    if failed:
        raise CodegenError(_take_bytes(error.value).decode())
    return [_take_bytes(data[i], sizes[i]) for i in range(2) if data[i]]


@functools.lru_cache(maxsize=None)
def linker():
    """The system linker, or None."""
    return shutil.which("ld")


@functools.lru_cache(maxsize=None)
def builtins_archive() -> list:
    """[libgcc.a] where a C compiler names it, else []: the kernels' calls
    of compiler builtins that LLVM emits on some CPUs (`__truncdfhf2`, a
    float64 -> float16 conversion, without AVX512-FP16) are linked in, so
    that a kernel loads anywhere, exported ones too."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return []
    done = subprocess.run([compiler, "-print-libgcc-file-name"], capture_output=True, text=True)
    path = done.stdout.strip()
    return [path] if done.returncode == 0 and os.path.isfile(path) else []


def shared_object(module: ir.Module, opt_level: int = 2) -> bytes:
    """A shared object of `module` (lowered to the LLVM dialect). Symbols it
    does not define (libc's, libomp's) are resolved when it is loaded."""
    objects = object_code(module, opt_level)
    ld = linker()
    if ld is None:
        raise CodegenError("no linker: install binutils (ld) to compile functions")
    with tempfile.TemporaryDirectory(prefix="theano_mlir-") as directory:
        target = os.path.join(directory, "k.so")
        sources = [os.path.join(directory, f"k{index}.o") for index in range(len(objects))]
        for source, obj in zip(sources, objects):
            with open(source, "wb") as out:
                out.write(obj)
        # -Bsymbolic: the kernel's calls to its own functions (`main`, ...)
        # bind to them, not to the same names in the process (python's main).
        # -z noexecstack: LLVM's objects carry no .note.GNU-stack, and newer
        # glibc refuses to dlopen a library that asks for an executable stack.
        done = subprocess.run(
            [ld, "-shared", "-Bsymbolic", "-z", "noexecstack", "-o", target, *sources, *builtins_archive()],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise CodegenError(f"linking a compiled function failed: {done.stderr.strip()}")
        with open(target, "rb") as built:
            return built.read()
