//===- Kernel.cpp - calling compiled kernels, without MLIR ----------------===//
#include "Kernel.h"

#include <cstring>

namespace theano_mlir::runtime {

void fillContiguousDescriptor(void *descriptor, void *data,
                              const int64_t *shape, int rank) {
  auto *slots = static_cast<int64_t *>(descriptor);
  std::memcpy(&slots[0], &data, sizeof(void *));
  std::memcpy(&slots[1], &data, sizeof(void *));
  slots[2] = 0;
  int64_t stride = 1;
  for (int i = rank - 1; i >= 0; --i) {
    slots[3 + i] = shape[i];
    slots[3 + rank + i] = stride;
    stride *= shape[i] > 0 ? shape[i] : 1;
  }
}

static size_t alignTo(size_t offset, size_t alignment) {
  return (offset + alignment - 1) / alignment * alignment;
}

ResultLayout::ResultLayout(const std::vector<int> &resultRanks) {
  size_t offset = 0;
  for (int rank : resultRanks) {
    descriptorOffsets.push_back(offset);
    offset += DescriptorLayout::size(rank);
  }
  statusOffset = offset;
  valuesOffset = alignTo(statusOffset + sizeof(int32_t), alignof(int64_t));
  size = valuesOffset + kCheckValues * sizeof(int64_t);
}

int32_t callKernel(PackedEntry entry, const ResultLayout &layout, void *results,
                   void *const *argDescriptors, size_t argCount) {
  constexpr size_t kInline = 16;
  void *inlineArgs[kInline + 1];
  std::vector<void *> heapArgs;
  void **packed = inlineArgs;
  if (argCount > kInline) {
    heapArgs.resize(argCount + 1);
    packed = heapArgs.data();
  }
  // Each packed slot points at a pointer-typed C argument.
  void *resultsPointer = results;
  packed[0] = &resultsPointer;
  for (size_t i = 0; i < argCount; ++i)
    packed[i + 1] = const_cast<void **>(&argDescriptors[i]);
  entry(packed);
  int32_t status;
  std::memcpy(&status, static_cast<char *>(results) + layout.statusOffset,
              sizeof(status));
  return status;
}

std::string formatCheckMessage(const std::string &message,
                               const int64_t *values) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '{' && i + 2 < message.size() && message[i + 2] == '}' &&
        message[i + 1] >= '0' && message[i + 1] < '0' + kCheckValues) {
      out += std::to_string(values[message[i + 1] - '0']);
      i += 2;
      continue;
    }
    // "{{" and "}}" stand for one brace (node names such as Reshape{2})
    if ((message[i] == '{' || message[i] == '}') && i + 1 < message.size() &&
        message[i + 1] == message[i])
      ++i;
    out += message[i];
  }
  return out;
}

bool isContiguous(const int64_t *shape, const int64_t *strides, int rank) {
  int64_t expected = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (shape[d] == 0)
      return true;
    if (shape[d] != 1 && strides[d] != expected)
      return false;
    expected *= shape[d];
  }
  return true;
}

} // namespace theano_mlir::runtime
