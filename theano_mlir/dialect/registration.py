"""Loading the in-process C++ library and registering the dialect and passes.

The library links libMLIRPythonCAPI.so, the one copy of MLIR in this process;
`mlir.ir` is imported first so that the loader reuses that copy.
"""

import ctypes
import functools

from mlir import ir

from .._lib import CAPI_LIBRARY


@functools.lru_cache(maxsize=None)
def _library() -> ctypes.CDLL:
    library = ctypes.CDLL(CAPI_LIBRARY)
    library.theanoMlirRegisterDialect.argtypes = [ctypes.c_void_p]
    library.theanoMlirRegisterDialect.restype = None
    library.theanoMlirRegisterPasses.argtypes = []
    library.theanoMlirRegisterPasses.restype = None
    library.theanoMlirRegisterPasses()
    return library


def capi_pointer(obj, kind: str) -> int:
    """The C API handle of an `mlir.ir` object of class `kind` ("Context"
    gives an MlirContext, "Module" an MlirModule), for our library's C
    entry points."""
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return get_pointer(obj._CAPIPtr, f"mlir.ir.{kind}._CAPIPtr".encode())


def register_dialect(context: ir.Context) -> None:
    """Makes the `theano` dialect and the project's passes usable in `context`."""
    _library().theanoMlirRegisterDialect(capi_pointer(context, "Context"))


def new_context() -> ir.Context:
    """A context with the `theano` dialect (and upstream's) registered.
    Dialects are loaded when first used (by the parser, by the passes that
    depend on them), not all at creation: loading the ~70 upstream dialects
    took 11 ms of the 30 ms a cached function takes to build."""
    context = ir.Context(load_on_create_dialects=[])
    register_dialect(context)
    return context
