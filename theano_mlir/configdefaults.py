"""theano.configdefaults: the machine facts Theano's configuration is built
from. The flags themselves are defined in theano_mlir.config."""

import struct


def local_bitwidth():
    """32 on a 32-bit architecture, 64 on a 64-bit one (the size of a memory
    pointer, size_t in C, not of a long int)."""
    return struct.calcsize("P") * 8


def python_int_bitwidth():
    """The bit width of a Python int's C long (may differ from a pointer's)."""
    return struct.calcsize("l") * 8


__all__ = ["local_bitwidth", "python_int_bitwidth"]
