//===- Executable.h - a compiled function, callable from Python -*- C++ -*-===//
//
// `theano_mlir.runtime.Executable`: what the runtime makes of one compiled
// function. It holds the function's general kernel (any shapes), the
// kernels specialized for the shapes of calls (asked for from Python,
// cached here), the specs of arguments and results, the conversion of
// inputs that are not exact arrays, the shared buffers passed after the
// arguments and the updates written back to them.
//
// A call: numpy arrays in, descriptors filled in C++, one call into the
// kernel, numpy arrays out that own the kernel's result buffers (no copy).
// Inputs that are not already arrays of the exact dtype, rank and layout go
// through a Python converter (Theano's casting rules live in the frontend).
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_EXECUTABLE_H
#define THEANO_MLIR_RUNTIME_EXECUTABLE_H

#include "Arrays.h"
#include "Kernel.h"
#include "PyBuffer.h"

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace theano_mlir::runtime {

class Executable {
public:
  Executable(uintptr_t entry,
             const std::vector<std::pair<std::string, int>> &args,
             std::vector<std::string> argNames,
             const std::vector<std::pair<std::string, int>> &results,
             std::vector<std::string> checkMessages, py::object convert,
             bool singleResult, std::vector<PyBuffer *> shared,
             std::vector<int> updates, std::vector<int> inPlace,
             py::object specialize, int maxSpecializations,
             const std::vector<std::vector<int>> &unitDims);

  /// The shapes for which a specialized kernel was asked for, in order.
  py::list specializations() const;

  /// Ends a specialization the `specialize` callback answered "compiling":
  /// `made` is what it would have returned (None: the general kernel keeps
  /// serving these shapes). Runs under the GIL, between calls: a call never
  /// runs a variant that is still compiling.
  void install(const py::tuple &shapes, py::object made);

  /// Asks for the kernel of `shapes` (a tuple per argument, explicit then
  /// shared) as a second call with them would, without a call.
  void request(const py::tuple &shapes);

  size_t explicitCount() const { return argNames_.size(); }

  /// Runs the kernel on `argCount` Python values, the explicit arguments.
  py::object call(PyObject *const *args, size_t argCount);

private:
  /// A kernel for the argument shapes `shapes` (the general one, when it
  /// could not be specialized).
  struct Variant {
    std::vector<int64_t> shapes;
    PackedEntry entry;
    std::vector<std::string> checkMessages;
    py::object owner;       // keeps the specialized code alive
    bool pending = false;   // not yet asked for
    bool compiling = false; // being compiled in the background
  };

  const Variant &variantFor(const int64_t *shapes);
  const Variant &specialize(Variant &variant, bool compile = true);
  void adopt(Variant &variant, py::object made);
  py::tuple shapesOf(const int64_t *shapes) const;
  py::object convertArgument(size_t index, PyObject *arg);
  bool overlapsInPlaceBuffer(PyObject *object) const;
  void freeResults(const char *results) const;
  py::object wrapResults(const char *results) const;
  void *dataOf(const char *descriptor, size_t result) const;

  PackedEntry entry_;
  std::vector<TensorSpec> args_;
  std::vector<std::string> argNames_;
  std::vector<TensorSpec> results_;
  ResultLayout layout_;
  std::vector<std::string> checkMessages_;
  py::object convert_;
  bool singleResult_;
  std::vector<PyBuffer *> shared_;
  std::vector<int> updates_;
  std::vector<int> inPlace_;
  py::object specialize_;
  int maxSpecializations_;
  size_t shapeCount_ = 0;
  Variant general_;
  std::deque<Variant> variants_; // stable addresses: calls hold references
  size_t outputCount_ = 0;
  std::vector<size_t> argOffsets_;
  std::vector<int64_t> descriptors_;
};

} // namespace theano_mlir::runtime

#endif
