//===- Arrays.cpp - numpy arrays in and out of a call ---------------------===//
#include "Arrays.h"
#include "Kernel.h"

#include <cstdlib>

namespace theano_mlir::runtime {

TensorSpec specOf(const py::dtype &dtype, int rank) {
  return {dtype, rank,
          py::detail::array_descriptor_proxy(dtype.ptr())->type_num};
}

std::vector<TensorSpec>
toSpecs(const std::vector<std::pair<std::string, int>> &specs) {
  std::vector<TensorSpec> out;
  for (const auto &[dtype, rank] : specs)
    out.push_back(specOf(py::dtype(dtype), rank));
  return out;
}

/// Numpy arrays made around memory a kernel malloc'ed: a capsule frees it.
constexpr const char *kMallocedName = "theano_mlir.malloced";

py::capsule mallocedOwner(void *allocated) {
  return py::reinterpret_steal<py::capsule>(
      PyCapsule_New(allocated, kMallocedName, [](PyObject *capsule) {
        std::free(PyCapsule_GetPointer(capsule, kMallocedName));
      }));
}

py::array arrayOver(const TensorSpec &spec, const int64_t *shape, void *data,
                    const py::object &base, const int64_t *strides) {
  auto &api = py::detail::npy_api::get();
  if (!base || base.is_none())
    data = nullptr;
  Py_ssize_t dims[kMaxRank], byteStrides[kMaxRank];
  bool strided = data && strides && !isContiguous(shape, strides, spec.rank);
  for (int d = 0; d < spec.rank; ++d) {
    dims[d] = shape[d];
    if (strided)
      byteStrides[d] = strides[d] * spec.dtype.itemsize();
  }
  PyObject *descr = spec.dtype.inc_ref().ptr(); // stolen by NewFromDescr
  int flags = data ? py::detail::npy_api::NPY_ARRAY_WRITEABLE_ : 0;
  auto array = py::reinterpret_steal<py::array>(api.PyArray_NewFromDescr_(
      api.PyArray_Type_, descr, spec.rank, dims,
      strided ? byteStrides : nullptr, data, flags, nullptr));
  if (!array)
    throw py::error_already_set();
  if (data && api.PyArray_SetBaseObject_(array.ptr(), base.inc_ref().ptr()) < 0)
    throw py::error_already_set();
  return array;
}

} // namespace theano_mlir::runtime
