//===- Buffer.cpp - storage of shared variables ---------------------------===//
#include "Buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace theano_mlir::runtime {

std::shared_ptr<Storage> Storage::allocate(size_t bytes) {
  size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  void *block = std::aligned_alloc(kAlignment, rounded ? rounded : kAlignment);
  if (!block)
    throw std::bad_alloc();
  std::memset(block, 0, rounded ? rounded : kAlignment);
  return std::shared_ptr<Storage>(new Storage(block, block));
}

std::shared_ptr<Storage> Storage::adoptMalloced(void *allocated, void *data) {
  return std::shared_ptr<Storage>(new Storage(allocated, data));
}

Storage::~Storage() { std::free(block_); }

Buffer::Buffer(size_t itemSize, std::vector<int64_t> shape)
    : itemSize_(itemSize), shape_(std::move(shape)),
      storage_(Storage::allocate(numElements() * itemSize)) {}

int64_t Buffer::numElements() const {
  int64_t count = 1;
  for (int64_t size : shape_)
    count *= size;
  return count;
}

bool Buffer::overlaps(const void *begin, size_t bytes) const {
  auto *first = static_cast<const char *>(begin);
  auto *data = static_cast<const char *>(storage_->data());
  return first < data + numBytes() && data < first + bytes;
}

/// Copies a strided array into contiguous `destination`, row-major.
static void copyStrided(char *destination, const char *source, size_t itemSize,
                        const std::vector<int64_t> &shape,
                        const std::vector<int64_t> &byteStrides, size_t dim) {
  if (dim == shape.size()) {
    std::memcpy(destination, source, itemSize);
    return;
  }
  int64_t inner = itemSize;
  for (size_t d = dim + 1; d < shape.size(); ++d)
    inner *= shape[d];
  for (int64_t i = 0; i < shape[dim]; ++i)
    copyStrided(destination + i * inner, source + i * byteStrides[dim],
                itemSize, shape, byteStrides, dim + 1);
}

void Buffer::assign(const void *source, const std::vector<int64_t> &shape,
                    const std::vector<int64_t> &byteStrides) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  // New memory always: a borrowed view of the old value keeps that value.
  auto storage = Storage::allocate(count * itemSize_);
  if (count > 0)
    copyStrided(static_cast<char *>(storage->data()),
                static_cast<const char *>(source), itemSize_, shape,
                byteStrides, 0);
  storage_ = std::move(storage);
  shape_ = shape;
}

void Buffer::adopt(std::shared_ptr<Storage> storage,
                   std::vector<int64_t> shape) {
  storage_ = std::move(storage);
  shape_ = std::move(shape);
}

} // namespace theano_mlir::runtime
