//===- PythonModule.cpp - theano_mlir.runtime._runtime --------------------===//
//
// The call path of a compiled function: numpy arrays in, descriptors filled
// in C++, one call into the kernel, numpy arrays out that own the kernel's
// result buffers (no copy). Inputs that are not already arrays of the exact
// dtype, rank and layout go through a Python converter (Theano's casting
// rules live in the frontend).
//
//===----------------------------------------------------------------------===//
#include "Kernel.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace py = pybind11;
using namespace theano_mlir::runtime;

namespace {
constexpr int kMaxRank = 32;

struct TensorSpec {
  py::dtype dtype;
  int rank;
};

std::vector<TensorSpec> toSpecs(const std::vector<std::pair<std::string, int>> &specs) {
  std::vector<TensorSpec> out;
  for (const auto &[dtype, rank] : specs)
    out.push_back({py::dtype(dtype), rank});
  return out;
}

class Kernel {
public:
  Kernel(uintptr_t entry, const std::vector<std::pair<std::string, int>> &args,
         std::vector<std::string> argNames,
         const std::vector<std::pair<std::string, int>> &results,
         std::vector<std::string> checkMessages, py::object convert,
         bool singleResult)
      : entry_(reinterpret_cast<PackedEntry>(entry)), args_(toSpecs(args)),
        argNames_(std::move(argNames)), results_(toSpecs(results)),
        layout_(ranks(results_)), checkMessages_(std::move(checkMessages)),
        convert_(std::move(convert)), singleResult_(singleResult) {
    if (argNames_.size() != args_.size())
      throw py::value_error("one name per argument is needed");
    if (singleResult_ && results_.size() != 1)
      throw py::value_error("singleResult needs exactly one result");
    for (const TensorSpec &spec : args_)
      if (spec.rank < 0 || spec.rank > kMaxRank)
        throw py::value_error("ranks must be within [0, " + std::to_string(kMaxRank) + "]");
    size_t offset = 0;
    for (const TensorSpec &spec : args_) {
      argOffsets_.push_back(offset);
      offset += DescriptorLayout::size(spec.rank) / sizeof(int64_t);
    }
    descriptors_.resize(offset);
  }

  py::object call(const py::args &args) {
    size_t count = args.size();
    if (count > args_.size())
      throw py::type_error("Too many parameter passed to theano function: expected " +
                           std::to_string(args_.size()) + ", got " +
                           std::to_string(count));
    if (count < args_.size())
      throw py::type_error("Missing required input: " + argNames_[count]);

    // 1. Arrays of exactly the expected kind; the converter (Python) may run.
    std::vector<py::array> arrays;
    arrays.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      py::handle arg = args[i];
      if (isExact(arg, args_[i]))
        arrays.push_back(py::reinterpret_borrow<py::array>(arg));
      else
        arrays.push_back(convertArgument(i, arg));
    }

    // 2. Descriptors and the call: C++ only.
    std::array<void *, 16> inlinePointers;
    std::vector<void *> heapPointers;
    void **pointers = inlinePointers.data();
    if (count > inlinePointers.size()) {
      heapPointers.resize(count);
      pointers = heapPointers.data();
    }
    for (size_t i = 0; i < count; ++i) {
      int64_t shape[kMaxRank];
      const py::array &array = arrays[i];
      for (int d = 0; d < args_[i].rank; ++d)
        shape[d] = array.shape(d);
      void *descriptor = &descriptors_[argOffsets_[i]];
      fillContiguousDescriptor(descriptor, const_cast<void *>(array.data()),
                               shape, args_[i].rank);
      pointers[i] = descriptor;
    }
    std::array<char, 1024> inlineResults;
    std::vector<char> heapResults;
    char *results = inlineResults.data();
    if (layout_.size > inlineResults.size()) {
      heapResults.resize(layout_.size);
      results = heapResults.data();
    }
    int32_t status = callKernel(entry_, layout_, results, pointers, count);

    // 3. Results own the kernel's buffers; a failed check raises.
    if (status != 0) {
      freeResults(results);
      int64_t values[kCheckValues];
      std::memcpy(values, results + layout_.valuesOffset, sizeof(values));
      if (status < 1 || size_t(status) > checkMessages_.size())
        throw py::value_error("kernel returned an unknown status " +
                              std::to_string(status));
      throw py::value_error(formatCheckMessage(checkMessages_[status - 1], values));
    }
    return wrapResults(results);
  }

private:
  static std::vector<int> ranks(const std::vector<TensorSpec> &specs) {
    std::vector<int> out;
    for (const TensorSpec &spec : specs)
      out.push_back(spec.rank);
    return out;
  }

  static bool isExact(py::handle object, const TensorSpec &spec) {
    if (!py::isinstance<py::array>(object))
      return false;
    auto array = py::reinterpret_borrow<py::array>(object);
    return array.ndim() == spec.rank && array.dtype().equal(spec.dtype) &&
           (array.flags() & py::array::c_style) &&
           (array.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_);
  }

  py::array convertArgument(size_t index, py::handle arg) {
    if (convert_.is_none())
      throw py::type_error("argument " + std::to_string(index) + " (" +
                           argNames_[index] + "): expected a C-contiguous " +
                           std::string(py::str(args_[index].dtype)) +
                           " array of rank " + std::to_string(args_[index].rank));
    py::object converted = convert_(index, arg);
    if (!isExact(converted, args_[index]))
      throw py::type_error("the converter of argument " + std::to_string(index) +
                           " did not return a C-contiguous " +
                           std::string(py::str(args_[index].dtype)) +
                           " array of rank " + std::to_string(args_[index].rank));
    return py::reinterpret_borrow<py::array>(converted);
  }

  /// Frees every distinct result buffer (results may share one).
  void freeResults(const char *results) const {
    std::vector<void *> freed;
    for (size_t r = 0; r < results_.size(); ++r) {
      void *allocated = DescriptorLayout::allocated(results + layout_.descriptorOffsets[r]);
      if (std::find(freed.begin(), freed.end(), allocated) != freed.end())
        continue;
      freed.push_back(allocated);
      std::free(allocated);
    }
  }

  py::object wrapResults(const char *results) const {
    std::vector<std::pair<void *, py::capsule>> owners;
    py::list out(results_.size());
    for (size_t r = 0; r < results_.size(); ++r) {
      const char *descriptor = results + layout_.descriptorOffsets[r];
      const TensorSpec &spec = results_[r];
      void *allocated = DescriptorLayout::allocated(descriptor);
      ssize_t itemSize = spec.dtype.itemsize();
      std::vector<ssize_t> shape(spec.rank), strides(spec.rank);
      for (int d = 0; d < spec.rank; ++d) {
        shape[d] = DescriptorLayout::sizeAt(descriptor, d);
        strides[d] = DescriptorLayout::strideAt(descriptor, spec.rank, d) * itemSize;
      }
      if (!allocated) { // malloc(0) may return null: an empty array owns nothing
        out[r] = py::array(spec.dtype, shape, strides);
        continue;
      }
      py::capsule owner;
      auto found = std::find_if(owners.begin(), owners.end(),
                                [&](const auto &entry) { return entry.first == allocated; });
      if (found != owners.end()) {
        owner = found->second;
      } else {
        owner = py::capsule(allocated, [](void *p) { std::free(p); });
        owners.emplace_back(allocated, owner);
      }
      auto *data = static_cast<char *>(DescriptorLayout::aligned(descriptor)) +
                   DescriptorLayout::offset(descriptor) * itemSize;
      out[r] = py::array(spec.dtype, shape, strides, data, owner);
    }
    if (singleResult_)
      return out[0];
    return std::move(out);
  }

  PackedEntry entry_;
  std::vector<TensorSpec> args_;
  std::vector<std::string> argNames_;
  std::vector<TensorSpec> results_;
  ResultLayout layout_;
  std::vector<std::string> checkMessages_;
  py::object convert_;
  bool singleResult_;
  std::vector<size_t> argOffsets_;
  std::vector<int64_t> descriptors_;
};
} // namespace

PYBIND11_MODULE(_runtime, m) {
  m.doc() = "Calls compiled theano_mlir kernels; links no MLIR.";
  py::class_<Kernel>(m, "Kernel")
      .def(py::init<uintptr_t, const std::vector<std::pair<std::string, int>> &,
                    std::vector<std::string>,
                    const std::vector<std::pair<std::string, int>> &,
                    std::vector<std::string>, py::object, bool>(),
           py::arg("entry"), py::arg("args"), py::arg("arg_names"),
           py::arg("results"), py::arg("check_messages"),
           py::arg("convert") = py::none(), py::arg("single_result") = false,
           "entry: address of the packed entry point; args/results: (dtype, "
           "rank) pairs; check_messages: by status code - 1; convert(index, "
           "value) -> array for inputs that are not exact arrays.")
      .def("__call__", &Kernel::call);
  m.def("format_check_message",
        [](const std::string &message, std::vector<int64_t> values) {
          values.resize(kCheckValues, 0);
          return formatCheckMessage(message, values.data());
        });
}
