//===- FunctionBase.h - the call path's CPython type ------------*- C++ -*-===//
//
// `FunctionBase`, the base of theano_mlir's Function: a call with exactly
// the explicit arguments, positionally, goes from its tp_call straight to
// the bound Executable (no Python frame on the way); any other call goes to
// the subclass's `_call_slow` (keywords, defaults, profiling).
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_FUNCTIONBASE_H
#define THEANO_MLIR_RUNTIME_FUNCTIONBASE_H

#include <pybind11/pybind11.h>

namespace theano_mlir::runtime {

/// A new heap type `theano_mlir.runtime._runtime.FunctionBase`.
pybind11::object makeFunctionBaseType();

} // namespace theano_mlir::runtime

#endif
