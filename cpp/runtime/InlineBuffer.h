//===- InlineBuffer.h - the call path's arrays, on the stack ----*- C++ -*-===//
#ifndef THEANO_MLIR_RUNTIME_INLINEBUFFER_H
#define THEANO_MLIR_RUNTIME_INLINEBUFFER_H

#include <array>
#include <cstddef>
#include <vector>

namespace theano_mlir::runtime {

/// `size` elements, on the stack when they fit in N (calls must not malloc
/// what they can avoid: one call is about a microsecond). Elements of
/// trivial types start uninitialized.
template <typename T, size_t N> class InlineBuffer {
public:
  explicit InlineBuffer(size_t size) : size_(size) {
    if (size > N)
      heap_.resize(size);
  }
  T *data() { return size_ > N ? heap_.data() : inline_.data(); }
  T &operator[](size_t i) { return data()[i]; }

private:
  size_t size_;
  std::array<T, N> inline_;
  std::vector<T> heap_;
};

} // namespace theano_mlir::runtime

#endif
