"""Host calls: values a kernel has the process compute (numpy's random
generators behind theano.tensor.shared_randomstreams), through
`theano.host_call`.

A host function is registered under a key: a string that says what it
computes (the same in every process, so a kernel from the compile cache
names it too); the kernel carries the key's 64-bit hash. It is called
with the operands as numpy arrays and returns the results; the kernel
calls twice (first the operands, getting the results' shapes; then the
buffers it allocated, which the results are copied into), and the results
wait here, per thread, in between.
"""

import ctypes
import functools
import hashlib
import threading

import numpy as np

from . import _runtime

#: key hash -> (function, operand dtypes, result dtypes)
_functions = {}
_pending = threading.local()
#: key prefix -> factory(key) giving (function, operand dtypes, result
#: dtypes): host functions a key describes whole (numpy_random's draws)
FACTORIES = {}


def host_key(key: str) -> int:
    """The signed 64-bit id a kernel names the host function `key` by."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little", signed=True)


def register(key: str) -> int:
    """Makes the host function `key` describes (its prefix names the
    factory) callable from kernels; returns the id they call it by."""
    ident = host_key(key)
    if ident not in _functions:
        function, operand_dtypes, result_dtypes = FACTORIES[key.split(":", 1)[0]](key)
        _functions[ident] = (
            function,
            [np.dtype(d) for d in operand_dtypes],
            [np.dtype(d) for d in result_dtypes],
        )
        _install()
    return ident


@functools.lru_cache(maxsize=None)
def _install():
    # kernels resolve theanoMlirHostCall against this module: make its
    # symbols global (dlopen again, promoting the loaded library)
    ctypes.CDLL(_runtime.__file__, mode=ctypes.RTLD_GLOBAL)
    _runtime.set_host_dispatcher(_dispatch)
    return True


def _buffers(words, at, count, dtypes):
    """`count` buffers described from words[at] on (address, offset, rank,
    sizes, strides), as numpy arrays of `dtypes`; and where they end."""
    arrays = []
    for k in range(count):
        address, offset, rank = (int(w) for w in words[at : at + 3])
        shape = tuple(int(s) for s in words[at + 3 : at + 3 + rank])
        strides = tuple(int(s) for s in words[at + 3 + rank : at + 3 + 2 * rank])
        at += 3 + 2 * rank
        dtype = dtypes[k]
        if 0 in shape:
            arrays.append(np.empty(shape, dtype))
            continue
        span = 1 + sum((n - 1) * s for n, s in zip(shape, strides))
        memory = (ctypes.c_char * (span * dtype.itemsize)).from_address(address + offset * dtype.itemsize)
        arrays.append(np.ndarray(shape, dtype, buffer=memory, strides=[s * dtype.itemsize for s in strides]))
    return arrays, at


def _dispatch(words):
    """What theanoMlirHostCall runs: call 1 computes and writes the
    results' sizes into `words`, call 2 copies the results in."""
    if words[0] == 1:
        ident, n_in, n_out = (int(w) for w in words[1:4])
        entry = _functions.get(ident)
        if entry is None:
            raise RuntimeError(
                "a compiled function calls a host function this process has not registered "
                "(build the graph that uses it first)"
            )
        function, operand_dtypes, result_dtypes = entry
        operands, at = _buffers(words, 4, n_in, operand_dtypes)
        results = [np.asarray(r, dtype=d) for r, d in zip(function(*operands), result_dtypes)]
        for result in results:
            rank = int(words[at])
            if result.ndim != rank:
                raise ValueError(f"the host computed a {result.ndim}-d result where the graph says {rank}-d")
            words[at + 1 : at + 1 + rank] = result.shape
            at += 1 + rank
        _pending.results = results
        return
    results, _pending.results = _pending.results, None
    buffers, _ = _buffers(words, 2, int(words[1]), [r.dtype for r in results])
    for buffer, result in zip(buffers, results):
        np.copyto(buffer, result)
