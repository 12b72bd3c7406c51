"""The runtime: calls compiled kernels. Links and imports no MLIR.

`Kernel(entry, args, arg_names, results, check_messages, convert, single_result)`
wraps a packed entry point (an address) with the shapes of its arguments and
results; calling it fills memref descriptors in C++, runs the kernel and
returns numpy arrays that own the kernel's result buffers.
"""
from ._runtime import Kernel, format_check_message

__all__ = ["Kernel", "format_check_message"]
