//===- Arrays.h - numpy arrays in and out of a call -------------*- C++ -*-===//
//
// What a call needs of numpy: the spec an argument or result has (dtype,
// rank), the check that an argument is an array of exactly that kind (C
// contiguous, aligned, native byte order: no conversion needed), and arrays
// made around the buffers a kernel returns, without a copy.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_ARRAYS_H
#define THEANO_MLIR_RUNTIME_ARRAYS_H

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
// In every file of the module: casts of std::vector and std::tuple must
// see the same (stl.h) type casters everywhere.
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace theano_mlir::runtime {

namespace py = pybind11;

/// The largest rank of an argument or result.
constexpr int kMaxRank = 64; // numpy 2's NPY_MAXDIMS

/// The dtype and rank of an argument or result.
struct TensorSpec {
  py::dtype dtype;
  int rank;
  int typeNum; // numpy's type number, for the exactness check of each call
  // Dimensions that must have size 1 (Theano's broadcastable ones: the
  // kernel was compiled with them static)
  std::vector<int> unitDims;
};

TensorSpec specOf(const py::dtype &dtype, int rank);

/// Specs from (dtype name, rank) pairs.
std::vector<TensorSpec>
toSpecs(const std::vector<std::pair<std::string, int>> &specs);

/// Whether `object` is an array a kernel can read as it is: of `spec`'s
/// dtype and rank, C-contiguous, aligned, with size 1 along its unit
/// dimensions. Inline: every argument of every call is checked.
inline bool isExact(PyObject *object, const TensorSpec &spec) {
  auto &api = py::detail::npy_api::get();
  if (!api.PyArray_Check_(object))
    return false;
  const auto *array = py::detail::array_proxy(object);
  constexpr int required = py::detail::npy_api::NPY_ARRAY_C_CONTIGUOUS_ |
                           py::detail::npy_api::NPY_ARRAY_ALIGNED_;
  if (array->nd != spec.rank || (array->flags & required) != required)
    return false;
  for (int d : spec.unitDims)
    if (array->dimensions[d] != 1)
      return false; // the converter says why
  const auto *descr = py::detail::array_descriptor_proxy(array->descr);
  // The common case without a call into numpy: the same type number in
  // native byte order (which '>' is not, on the little-endian hosts we run).
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "little-endian hosts only");
  if (descr->type_num == spec.typeNum && descr->byteorder != '>')
    return true;
  return py::reinterpret_borrow<py::dtype>(array->descr).equal(spec.dtype);
}

/// The owner of memory a kernel malloc'ed: a capsule that frees it.
py::capsule mallocedOwner(void *allocated);

/// An array of `dtype` and `shape` viewing `data`, kept alive by `base`
/// (without a base: fresh memory, for empty results). `strides` (in
/// elements; null for C-contiguous) are the kernel's: a result may be a
/// strided view of a buffer it allocated.
py::array arrayOver(const TensorSpec &spec, const int64_t *shape, void *data,
                    const py::object &base, const int64_t *strides = nullptr);

} // namespace theano_mlir::runtime

#endif
