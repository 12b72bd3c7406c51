"""Object code of LLVM-dialect modules: an entry marked `optnone` (what
theano-outline-loop-nests leaves of a deep network) is compiled at -O0 in
an object of its own, its callees optimized in the other; the linked
kernel calls across them."""

import ctypes

from mlir import ir

from theano_mlir.dialect import new_context
from theano_mlir.lowering import codegen
from theano_mlir.runtime.library import load_library

MODULE = """
llvm.mlir.global internal constant @scale(3.0 : f32) : f32
llvm.func @callee(%x: f32) -> f32 attributes {passthrough = ["noinline"]} {
  %p = llvm.mlir.addressof @scale : !llvm.ptr
  %s = llvm.load %p : !llvm.ptr -> f32
  %y = llvm.fmul %x, %s : f32
  llvm.return %y : f32
}
llvm.func @entry(%x: f32) -> f32 attributes {passthrough = ["noinline", "optnone"]} {
  %a = llvm.call @callee(%x) : (f32) -> f32
  %b = llvm.call @callee(%a) : (f32) -> f32
  llvm.return %b : f32
}
"""


def _kernel(text, opt_level):
    with new_context():
        module = ir.Module.parse(text)
        objects = codegen.object_code(module, opt_level)
        library = load_library(codegen.shared_object(module, opt_level))
    entry = library.entry
    entry.argtypes, entry.restype = [ctypes.c_float], ctypes.c_float
    return objects, entry


def test_an_unoptimized_entry_is_an_object_of_its_own():
    objects, entry = _kernel(MODULE, 2)
    assert len(objects) == 2
    assert entry(2.0) == 18.0


def test_one_object_without_optnone_or_at_level_0():
    plain = MODULE.replace(', "optnone"', "")
    assert len(_kernel(plain, 2)[0]) == 1
    objects, entry = _kernel(MODULE, 0)
    assert len(objects) == 1 and entry(1.0) == 9.0
