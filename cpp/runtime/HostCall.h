//===- HostCall.h - kernels calling back into Python ------------*- C++ -*-===//
//
// A `theano.host_call` in a kernel calls theanoMlirHostCall (exported by
// this module, so that kernels loaded after it resolve the name) with a
// buffer describing its operands or results; the Python dispatcher set by
// set_host_dispatcher does the work. An exception it raises waits here
// until the kernel's failed status reaches Executable::call, which raises it.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_HOSTCALL_H
#define THEANO_MLIR_RUNTIME_HOSTCALL_H

#include <pybind11/pybind11.h>

namespace theano_mlir::runtime {

/// The Python callable kernels call: dispatch(words) with the buffer's
/// int64 words as a writable numpy view; it returns nothing or raises.
void setHostDispatcher(pybind11::object dispatcher);

/// Raises the exception a host call left on this thread, if it left one.
void raisePendingHostError();

} // namespace theano_mlir::runtime

#endif
