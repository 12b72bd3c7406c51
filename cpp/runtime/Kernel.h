//===- Kernel.h - calling compiled kernels, without MLIR --------*- C++ -*-===//
//
// The runtime is handed kernels, never IR: the packed entry point of a
// function compiled ahead of time into a shared object (and loaded), and the
// shapes of its arguments and results. It fills memref descriptors, calls,
// and reads the status that `theano-checks-to-status` added to every entry
// function.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_KERNEL_H
#define THEANO_MLIR_RUNTIME_KERNEL_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace theano_mlir::runtime {

/// Values a failed check can report (kMaxCheckValues in the dialect).
constexpr int kCheckValues = 4;

/// A ranked memref descriptor as MLIR's LLVM lowering lays it out:
/// {void *allocated, void *aligned, int64 offset, int64 sizes[rank],
/// int64 strides[rank]}; sizes and strides count elements.
struct DescriptorLayout {
  static size_t size(int rank) {
    return 3 * sizeof(int64_t) + 2 * sizeof(int64_t) * rank;
  }
  static void *allocated(const void *d) { return field<void *>(d, 0); }
  static void *aligned(const void *d) { return field<void *>(d, 1); }
  static int64_t offset(const void *d) { return field<int64_t>(d, 2); }
  static const int64_t *sizes(const void *d) {
    return reinterpret_cast<const int64_t *>(d) + 3;
  }
  static int64_t sizeAt(const void *d, int i) { return sizes(d)[i]; }
  static int64_t strideAt(const void *d, int rank, int i) {
    return field<int64_t>(d, 3 + rank + i);
  }
  static const int64_t *strides(const void *d, int rank) {
    return reinterpret_cast<const int64_t *>(d) + 3 + rank;
  }

private:
  template <typename T> static T field(const void *d, int slot) {
    return reinterpret_cast<const T *>(d)[slot];
  }
};

/// Whether `strides` (in elements) lay out `shape` C-contiguously; strides
/// of dimensions of size 1 do not matter, nor any of an empty array.
bool isContiguous(const int64_t *shape, const int64_t *strides, int rank);

/// Writes the descriptor of row-major contiguous data (not owned by the
/// kernel: `allocated` and `aligned` both point at it).
void fillContiguousDescriptor(void *descriptor, void *data,
                              const int64_t *shape, int rank);

/// Byte layout of what an entry function returns: its result descriptors in
/// order, then `i32 status`, then kCheckValues `i64` values (natural
/// alignment, as an LLVM struct of those fields).
struct ResultLayout {
  explicit ResultLayout(const std::vector<int> &resultRanks);
  std::vector<size_t> descriptorOffsets;
  size_t statusOffset = 0;
  size_t valuesOffset = 0;
  size_t size = 0;
};

/// The packed entry point: `args[0]` points at the results pointer, then one
/// pointer per argument pointing at that argument's descriptor pointer.
using PackedEntry = void (*)(void **);

/// Calls `entry` with argument descriptors; the results (and status) land in
/// `results`, a buffer of ResultLayout::size bytes. Returns the status.
int32_t callKernel(PackedEntry entry, const ResultLayout &layout, void *results,
                   void *const *argDescriptors, size_t argCount);

/// A check's message with {0}..{3} replaced by the reported values.
std::string formatCheckMessage(const std::string &message,
                               const int64_t *values);

} // namespace theano_mlir::runtime

#endif
