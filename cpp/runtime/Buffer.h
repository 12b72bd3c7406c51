//===- Buffer.h - storage of shared variables -------------------*- C++ -*-===//
//
// A contiguous, 64-byte-aligned array owned by the runtime. Its memory is
// reference-counted: a zero-copy view handed to Python keeps the memory it
// sees alive even after the buffer is given new memory (by set_value or an
// update), so no view ever dangles.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_RUNTIME_BUFFER_H
#define THEANO_MLIR_RUNTIME_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace theano_mlir::runtime {

/// A block of memory and how to free it.
class Storage {
public:
  static constexpr size_t kAlignment = 64;
  /// Fresh aligned memory (at least one alignment unit, even for 0 bytes).
  static std::shared_ptr<Storage> allocate(size_t bytes);
  /// Takes ownership of memory a kernel allocated with malloc: `data` lies
  /// inside the block that starts at `allocated`.
  static std::shared_ptr<Storage> adoptMalloced(void *allocated, void *data);

  Storage(const Storage &) = delete;
  Storage &operator=(const Storage &) = delete;
  ~Storage();
  void *data() const { return data_; }

private:
  Storage(void *block, void *data) : block_(block), data_(data) {}
  void *block_;
  void *data_;
};

class Buffer {
public:
  /// A buffer of `shape` with elements of `itemSize` bytes, zero-filled.
  Buffer(size_t itemSize, std::vector<int64_t> shape);

  size_t itemSize() const { return itemSize_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  int64_t numElements() const;
  size_t numBytes() const { return numElements() * itemSize_; }
  void *data() const { return storage_->data(); }
  const std::shared_ptr<Storage> &storage() const { return storage_; }
  /// Whether `bytes` bytes at `begin` share memory with the buffer's data.
  bool overlaps(const void *begin, size_t bytes) const;

  /// Copies `shape`-shaped data with `byteStrides` in, taking new memory when
  /// the size changes (views of the old memory keep it).
  void assign(const void *source, const std::vector<int64_t> &shape,
              const std::vector<int64_t> &byteStrides);
  /// Makes `storage` (contiguous data of `shape`) the buffer's memory.
  void adopt(std::shared_ptr<Storage> storage, std::vector<int64_t> shape);

private:
  size_t itemSize_;
  std::vector<int64_t> shape_;
  std::shared_ptr<Storage> storage_;
};

} // namespace theano_mlir::runtime

#endif
