"""JIT-compiling a `theano`-dialect module for the CPU and calling it.

The call path here builds ctypes descriptors per call; the C++ runtime
replaces it (issue: runtime v0). The calling convention is the one the
pipeline produces: contiguous memref arguments; results are caller-owned
memrefs followed by `i32 status` and the values a failed check reports.
"""
import ctypes
import math

import numpy as np
from mlir import ir, passmanager
from mlir.execution_engine import ExecutionEngine
from mlir.runtime import as_ctype, get_ranked_memref_descriptor

from ..dialect.dtypes import dtype_of
from . import pipelines

_CHECK_VALUES = 4
_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]
_libc.free.restype = None


def _descriptor_class(rank, ctype):
    fields = [
        ("allocated", ctypes.c_void_p),
        ("aligned", ctypes.c_void_p),
        ("offset", ctypes.c_int64),
    ]
    if rank:
        fields += [("shape", ctypes.c_int64 * rank), ("strides", ctypes.c_int64 * rank)]
    return type("MemRefDescriptor", (ctypes.Structure,), {"_fields_": fields})


def lower(module: ir.Module, passes=pipelines.CPU) -> None:
    """Runs `passes` on `module` in place."""
    pm = passmanager.PassManager.parse(pipelines.pipeline_string(passes), module.context)
    pm.run(module.operation)


class Kernel:
    """One compiled function: `kernel(*arrays) -> list of numpy arrays`."""

    def __init__(self, module: ir.Module, name: str = "main", opt_level: int = 2):
        func = _find_func(module, name)
        func_type = ir.FunctionType(ir.TypeAttr(func.attributes["function_type"]).value)
        self.name = name
        self.arg_types = [(dtype_of(t), ir.ShapedType(t).rank) for t in func_type.inputs]
        self.result_types = [(dtype_of(t), ir.ShapedType(t).rank) for t in func_type.results]
        func.attributes["llvm.emit_c_interface"] = ir.UnitAttr.get(module.context)
        lower(module)
        messages = module.operation.attributes["theano.check_messages"]
        self.check_messages = [ir.StringAttr(m).value for m in messages]
        self._engine = ExecutionEngine(module, opt_level=opt_level)
        result_fields = [
            (f"r{i}", _descriptor_class(rank, as_ctype(dtype)))
            for i, (dtype, rank) in enumerate(self.result_types)
        ]
        result_fields += [("status", ctypes.c_int32), ("values", ctypes.c_int64 * _CHECK_VALUES)]
        self._result_class = type("Results", (ctypes.Structure,), {"_fields_": result_fields})

    def __call__(self, *args):
        if len(args) != len(self.arg_types):
            raise TypeError(f"{self.name} takes {len(self.arg_types)} arguments, got {len(args)}")
        arrays = []
        for i, (arg, (dtype, rank)) in enumerate(zip(args, self.arg_types)):
            array = np.asarray(arg, dtype=dtype, order="C")
            if array.ndim != rank:
                raise TypeError(f"argument {i}: expected {rank} dimensions, got {array.ndim}")
            arrays.append(array)
        descriptors = [get_ranked_memref_descriptor(a) for a in arrays]
        results = self._result_class()
        self._engine.invoke(
            self.name,
            ctypes.pointer(ctypes.pointer(results)),
            *[ctypes.pointer(ctypes.pointer(d)) for d in descriptors],
        )
        outputs = [
            _take(getattr(results, f"r{i}"), dtype, rank)
            for i, (dtype, rank) in enumerate(self.result_types)
        ]
        if results.status:
            message = self.check_messages[results.status - 1]
            raise ValueError(message.format(*results.values))
        return outputs


def _find_func(module: ir.Module, name: str):
    for op in module.body.operations:
        if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == name:
            return op
    raise KeyError(f"no function @{name} in the module")


def _take(descriptor, dtype, rank) -> np.ndarray:
    """Copies a caller-owned result into numpy and frees it."""
    shape = tuple(descriptor.shape) if rank else ()
    out = np.empty(shape, dtype)
    size = math.prod(shape)
    if size:
        start = descriptor.aligned + descriptor.offset * out.itemsize
        buffer = (ctypes.c_char * (size * out.itemsize)).from_address(start)
        strides = tuple(s * out.itemsize for s in descriptor.strides) if rank else ()
        source = np.lib.stride_tricks.as_strided(
            np.frombuffer(buffer, dtype=dtype), shape=shape, strides=strides
        )
        out[...] = source
    _libc.free(descriptor.allocated)
    return out
