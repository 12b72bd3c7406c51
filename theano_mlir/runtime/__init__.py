"""The runtime: calls compiled kernels and owns shared storage. Links and
imports no MLIR.

`Kernel(entry, args, arg_names, results, check_messages, convert,
single_result, shared, updates)` wraps a packed entry point (an address) with
the shapes of its arguments and results; calling it fills memref descriptors
in C++, runs the kernel and returns numpy arrays that own the kernel's result
buffers. `Buffer(array)` is runtime-owned aligned storage (shared variables).
`FunctionBase` is the base of `theano_mlir.function`'s result: a call with
exactly the explicit arguments runs its bound Kernel without a Python frame.
`load(path)` gives back a function that `Function.export(path)` wrote.
"""
from ._runtime import Buffer, FunctionBase, Kernel, format_check_message
from .exported import LoadedFunction, load

__all__ = ["Buffer", "FunctionBase", "Kernel", "LoadedFunction", "format_check_message", "load"]
