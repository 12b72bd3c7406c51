//===- HostCall.cpp - kernels calling back into Python --------------------===//
#include "HostCall.h"

#include <pybind11/numpy.h>

#include <cstdint>

namespace py = pybind11;

namespace {
// Leaked on purpose: never destroyed after the interpreter is.
py::object *dispatcher = nullptr;
// The exception of this thread's last failed host call (owned references).
thread_local PyObject *pendingType = nullptr;
thread_local PyObject *pendingValue = nullptr;
thread_local PyObject *pendingTrace = nullptr;
} // namespace

void theano_mlir::runtime::setHostDispatcher(py::object callable) {
  if (!dispatcher)
    dispatcher = new py::object();
  *dispatcher = std::move(callable);
}

void theano_mlir::runtime::raisePendingHostError() {
  if (!pendingType)
    return;
  PyErr_Restore(pendingType, pendingValue, pendingTrace);
  pendingType = pendingValue = pendingTrace = nullptr;
  throw py::error_already_set();
}

/// What a kernel calls: a memref<?xi64> as MLIR passes it (allocated and
/// aligned pointers, offset, size, stride). 0 on success.
extern "C" __attribute__((visibility("default"))) int32_t
theanoMlirHostCall(int64_t *allocated, int64_t *aligned, int64_t offset,
                   int64_t size, int64_t stride) {
  (void)allocated;
  py::gil_scoped_acquire gil;
  if (!dispatcher || !*dispatcher) {
    PyErr_SetString(PyExc_RuntimeError, "no host dispatcher is set");
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTrace);
    return 1;
  }
  try {
    py::array_t<int64_t> words({size}, {stride * int64_t(sizeof(int64_t))},
                               aligned + offset, py::none());
    (*dispatcher)(words);
    return 0;
  } catch (py::error_already_set &error) {
    error.restore();
    Py_XDECREF(pendingType);
    Py_XDECREF(pendingValue);
    Py_XDECREF(pendingTrace);
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTrace);
    return 1;
  }
}
