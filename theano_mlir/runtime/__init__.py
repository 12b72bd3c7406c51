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

import numpy as np

from ._runtime import Buffer, Executable, FunctionBase, format_check_message
from .exported import LoadedFunction, load


class BufferStorage:
    """A Buffer's value as Theano's one-element storage list (a shared
    variable's `container.storage`): `storage[0]` is a view of the Buffer's
    current memory (writing into it changes the value); `storage[0] = v`
    copies `v` in (new memory, as set_value: earlier views keep the old value)."""

    __slots__ = ("buffer",)

    def __init__(self, buffer):
        self.buffer = buffer

    def __len__(self):
        return 1

    def _check(self, index):
        if index not in (0, -1):
            raise IndexError("a shared variable's storage holds one value (index 0)")

    def __getitem__(self, index):
        self._check(index)
        return self.buffer.get_value(True)

    def __setitem__(self, index, value):
        self._check(index)
        self.buffer.set_value(np.asarray(value))

    def __iter__(self):
        yield self[0]

    def __repr__(self):
        return f"[{self[0]!r}]"


def _set_buffer_value(buffer, value):
    buffer.set_value(np.asarray(value))


# Theano's Container API on the runtime's Buffer (the C++ class holds the
# memory; these are views of it): `.storage` and `.value`.
Buffer.storage = property(
    BufferStorage, doc="The value as Theano's one-element storage list (BufferStorage)."
)
Buffer.value = property(
    lambda buffer: buffer.get_value(True),
    _set_buffer_value,
    doc="A view of the current value; assigning copies a new value in (as set_value).",
)

__all__ = [
    "Buffer",
    "BufferStorage",
    "Executable",
    "FunctionBase",
    "LoadedFunction",
    "format_check_message",
    "load",
]
