"""The runtime: calls compiled kernels and owns shared storage. Links and
imports no MLIR.

`Executable(entry, args, arg_names, results, check_messages, convert,
single_result, shared, updates, ...)` is a compiled function: the packed
entry point (an address) of its general kernel, the kernels specialized for
the shapes of its calls, the specs of its arguments and results; calling it
fills memref descriptors in C++, runs a kernel and returns numpy arrays that
own the kernel's result buffers. `Buffer(array)` is runtime-owned aligned
storage (shared variables). `FunctionBase` is the base of
`theano_mlir.function`'s result: a call with exactly the explicit arguments
runs its bound Executable without a Python frame.
`load(path)` gives back a function that `Function.export(path)` wrote.
"""

from ._runtime import Buffer, Executable, FunctionBase, format_check_message
from .exported import LoadedFunction, load

__all__ = ["Buffer", "Executable", "FunctionBase", "LoadedFunction", "format_check_message", "load"]
