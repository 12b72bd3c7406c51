//===- PyBuffer.h - a shared variable's storage, for Python -----*- C++ -*-===//
//
// `theano_mlir.runtime.Buffer`: a Buffer (runtime-owned, aligned, reference
// counted memory) with its numpy dtype. Shared variables keep their values
// in one; executables pass it to their kernels and replace its memory with
// the updates they return.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_PYBUFFER_H
#define THEANO_MLIR_RUNTIME_PYBUFFER_H

#include "Buffer.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
// In every file of the module: casts of std::vector and std::tuple must
// see the same (stl.h) type casters everywhere.
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace theano_mlir::runtime {

namespace py = pybind11;

/// A shared variable's storage, with its dtype.
class PyBuffer {
public:
  explicit PyBuffer(const py::array &value);

  py::dtype dtype() const { return dtype_; }
  std::vector<int64_t> shape() const { return buffer_.shape(); }
  int ndim() const { return static_cast<int>(buffer_.shape().size()); }
  uintptr_t address() const {
    return reinterpret_cast<uintptr_t>(buffer_.data());
  }
  Buffer &buffer() { return buffer_; }

  /// A copy, or with `borrow` a view that keeps the memory it sees alive.
  py::array get_value(bool borrow) const;

  /// Copies `value` in; the caller checked its dtype and rank.
  void set_value(const py::array &value);

private:
  static py::array viewOf(std::shared_ptr<Storage> storage, void *data,
                          const py::dtype &dtype,
                          const std::vector<int64_t> &shape);
  static std::vector<int64_t> shapeOf(const py::array &value);

  py::dtype dtype_;
  Buffer buffer_;
};

} // namespace theano_mlir::runtime

#endif
