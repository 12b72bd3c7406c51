//===- RuntimeTest.cpp - the runtime core, without Python or MLIR ---------===//
//
// Run by ctest. The kernels here are written by hand to the ABI the pipeline
// produces (packed entry, descriptors, trailing status and values), so the
// descriptor filling and the call path are tested on their own.
//
//===----------------------------------------------------------------------===//
#include "Buffer.h"
#include "Kernel.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace theano_mlir::runtime;

static int failures = 0;
#define EXPECT_EQ(a, b)                                                        \
  do {                                                                         \
    auto va = (a);                                                             \
    auto vb = (b);                                                             \
    if (!(va == vb)) {                                                         \
      std::fprintf(stderr, "%s:%d: %s == %s failed\n", __FILE__, __LINE__, #a, \
                   #b);                                                        \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static void testContiguousDescriptor() {
  float data[6] = {};
  int64_t shape[2] = {2, 3};
  std::vector<char> d(DescriptorLayout::size(2));
  fillContiguousDescriptor(d.data(), data, shape, 2);
  EXPECT_EQ(DescriptorLayout::allocated(d.data()), static_cast<void *>(data));
  EXPECT_EQ(DescriptorLayout::aligned(d.data()), static_cast<void *>(data));
  EXPECT_EQ(DescriptorLayout::offset(d.data()), int64_t(0));
  EXPECT_EQ(DescriptorLayout::sizeAt(d.data(), 0), int64_t(2));
  EXPECT_EQ(DescriptorLayout::sizeAt(d.data(), 1), int64_t(3));
  EXPECT_EQ(DescriptorLayout::strideAt(d.data(), 2, 0), int64_t(3));
  EXPECT_EQ(DescriptorLayout::strideAt(d.data(), 2, 1), int64_t(1));
}

/// A kernel's result may be a strided view of what it allocated (a slice
/// returned as is): the runtime reads it by its strides.
static void testContiguityOfResultStrides() {
  int64_t shape[2] = {2, 3};
  int64_t contiguous[2] = {3, 1}, rowsOfFour[2] = {4, 1};
  EXPECT_EQ(isContiguous(shape, contiguous, 2), true);
  EXPECT_EQ(isContiguous(shape, rowsOfFour, 2), false);
  int64_t column[2] = {3, 1}, anyStride[2] = {7, 1};
  EXPECT_EQ(isContiguous(column, anyStride, 2), false);
  int64_t row[2] = {1, 3}; // the stride of a dimension of size 1 is free
  EXPECT_EQ(isContiguous(row, anyStride, 2), true);
  int64_t empty[2] = {0, 3};
  EXPECT_EQ(isContiguous(empty, rowsOfFour, 2), true);
  EXPECT_EQ(isContiguous(nullptr, nullptr, 0), true);
}

static void testZeroSizeAndRankZero() {
  double data[1] = {};
  int64_t shape[3] = {4, 0, 5};
  std::vector<char> d(DescriptorLayout::size(3));
  fillContiguousDescriptor(d.data(), data, shape, 3);
  EXPECT_EQ(DescriptorLayout::strideAt(d.data(), 3, 0), int64_t(5));
  EXPECT_EQ(DescriptorLayout::strideAt(d.data(), 3, 2), int64_t(1));
  std::vector<char> scalar(DescriptorLayout::size(0));
  EXPECT_EQ(scalar.size(), size_t(24));
  fillContiguousDescriptor(scalar.data(), data, nullptr, 0);
  EXPECT_EQ(DescriptorLayout::aligned(scalar.data()),
            static_cast<void *>(data));
}

static void testResultLayout() {
  ResultLayout layout({1, 0});
  EXPECT_EQ(layout.descriptorOffsets[0], size_t(0));
  EXPECT_EQ(layout.descriptorOffsets[1], size_t(40));
  EXPECT_EQ(layout.statusOffset, size_t(64));
  EXPECT_EQ(layout.valuesOffset, size_t(72));
  EXPECT_EQ(layout.size, size_t(104));
  ResultLayout none({});
  EXPECT_EQ(none.statusOffset, size_t(0));
  EXPECT_EQ(none.valuesOffset, size_t(8));
}

/// f(x: memref<?xf32>) -> (memref<?xf32>, i32, 4 x i64): x + 1, or status 1
/// with the size as value 0 when x is longer than 8.
static void addOneKernel(void **packed) {
  char *results = *static_cast<char **>(packed[0]);
  const char *x = *static_cast<char **>(packed[1]);
  ResultLayout layout({1});
  int64_t n = DescriptorLayout::sizeAt(x, 0);
  int32_t status = 0;
  int64_t values[kCheckValues] = {};
  float *out = static_cast<float *>(std::malloc(sizeof(float) * (n ? n : 1)));
  if (n > 8) {
    status = 1;
    values[0] = n;
  } else {
    auto *in = static_cast<const float *>(DescriptorLayout::aligned(x));
    for (int64_t i = 0; i < n; ++i)
      out[i] = in[i] + 1;
  }
  int64_t shape[1] = {status ? 0 : n};
  fillContiguousDescriptor(results + layout.descriptorOffsets[0], out, shape,
                           1);
  std::memcpy(results + layout.statusOffset, &status, sizeof(status));
  std::memcpy(results + layout.valuesOffset, values, sizeof(values));
}

static void testCallKernel() {
  ResultLayout layout({1});
  float input[3] = {1, 2, 3};
  int64_t shape[1] = {3};
  std::vector<char> descriptor(DescriptorLayout::size(1));
  fillContiguousDescriptor(descriptor.data(), input, shape, 1);
  void *args[1] = {descriptor.data()};
  std::vector<char> results(layout.size);
  int32_t status = callKernel(addOneKernel, layout, results.data(), args, 1);
  EXPECT_EQ(status, 0);
  const char *out = results.data() + layout.descriptorOffsets[0];
  EXPECT_EQ(DescriptorLayout::sizeAt(out, 0), int64_t(3));
  auto *values = static_cast<float *>(DescriptorLayout::aligned(out));
  EXPECT_EQ(values[0], 2.0f);
  EXPECT_EQ(values[2], 4.0f);
  std::free(DescriptorLayout::allocated(out));
}

static void testFailedCheckReportsStatusAndValues() {
  ResultLayout layout({1});
  float input[9] = {};
  int64_t shape[1] = {9};
  std::vector<char> descriptor(DescriptorLayout::size(1));
  fillContiguousDescriptor(descriptor.data(), input, shape, 1);
  void *args[1] = {descriptor.data()};
  std::vector<char> results(layout.size);
  EXPECT_EQ(callKernel(addOneKernel, layout, results.data(), args, 1), 1);
  int64_t values[kCheckValues];
  std::memcpy(values, results.data() + layout.valuesOffset, sizeof(values));
  EXPECT_EQ(values[0], int64_t(9));
  EXPECT_EQ(formatCheckMessage("size {0} > 8 ({1}){", values),
            std::string("size 9 > 8 (0){"));
  // doubled braces are literal: a node name such as Reshape{2}
  EXPECT_EQ(formatCheckMessage("Reshape{{2}}(x): {0} elements", values),
            std::string("Reshape{2}(x): 9 elements"));
  std::free(DescriptorLayout::allocated(results.data()));
}

static void testBufferAlignmentAndZeroFill() {
  Buffer buffer(sizeof(double), {3, 5});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % Storage::kAlignment,
            uintptr_t(0));
  EXPECT_EQ(buffer.numElements(), int64_t(15));
  EXPECT_EQ(buffer.numBytes(), size_t(120));
  EXPECT_EQ(static_cast<double *>(buffer.data())[14], 0.0);
  Buffer empty(sizeof(float), {0, 4});
  EXPECT_EQ(empty.numElements(), int64_t(0));
  EXPECT_EQ(empty.data() != nullptr, true);
  Buffer scalar(sizeof(int64_t), {});
  EXPECT_EQ(scalar.numElements(), int64_t(1));
}

static void testBufferAssignStridedAndResize() {
  // A transposed 2x3 view of a row-major 3x2 array: strides (8, 24) bytes.
  double source[6] = {0, 1, 2, 3, 4, 5}; // [[0,1],[2,3],[4,5]]
  Buffer buffer(sizeof(double), {2, 3});
  buffer.assign(source, {2, 3}, {8, 16});
  auto *data = static_cast<double *>(buffer.data());
  EXPECT_EQ(data[0], 0.0);
  EXPECT_EQ(data[1], 2.0);
  EXPECT_EQ(data[2], 4.0);
  EXPECT_EQ(data[3], 1.0);
  EXPECT_EQ(data[5], 5.0);
  // A view (a reference to the storage) outlives a resize.
  std::shared_ptr<Storage> view = buffer.storage();
  double bigger[4] = {7, 8, 9, 10};
  buffer.assign(bigger, {4}, {8});
  EXPECT_EQ(buffer.shape().size(), size_t(1));
  EXPECT_EQ(static_cast<double *>(buffer.data())[3], 10.0);
  EXPECT_EQ(static_cast<double *>(view->data())[1], 2.0);
  EXPECT_EQ(view.use_count(), long(1));
}

static void testBufferAdoptsKernelMemory() {
  Buffer buffer(sizeof(int32_t), {2});
  auto *memory = static_cast<int32_t *>(std::malloc(3 * sizeof(int32_t) + 8));
  int32_t *data = memory + 2; // aligned data inside the malloc'd block
  data[0] = 11;
  buffer.adopt(Storage::adoptMalloced(memory, data), {1});
  EXPECT_EQ(static_cast<int32_t *>(buffer.data())[0], 11);
  EXPECT_EQ(buffer.shape()[0], int64_t(1));
}

/// f(acc: memref<?xf64>, x: memref<?xf64>) -> (i32, 4 x i64): acc += x in
/// place, no result buffers; status 1 (nothing written) when sizes differ.
static void accumulateKernel(void **packed) {
  char *results = *static_cast<char **>(packed[0]);
  const char *acc = *static_cast<char **>(packed[1]);
  const char *x = *static_cast<char **>(packed[2]);
  ResultLayout layout({});
  int64_t n = DescriptorLayout::sizeAt(acc, 0);
  int32_t status = n == DescriptorLayout::sizeAt(x, 0) ? 0 : 1;
  if (status == 0) {
    auto *out = static_cast<double *>(DescriptorLayout::aligned(acc));
    auto *in = static_cast<const double *>(DescriptorLayout::aligned(x));
    for (int64_t i = 0; i < n; ++i)
      out[i] += in[i];
  }
  int64_t values[kCheckValues] = {};
  std::memcpy(results + layout.statusOffset, &status, sizeof(status));
  std::memcpy(results + layout.valuesOffset, values, sizeof(values));
}

static void testInPlaceUpdateOfABuffer() {
  Buffer acc(sizeof(double), {3});
  void *memory = acc.data();
  double x[3] = {1, 2, 3}, wrong[2] = {};
  ResultLayout layout({});
  std::vector<char> accDescriptor(DescriptorLayout::size(1)),
      xDescriptor(accDescriptor);
  fillContiguousDescriptor(accDescriptor.data(), acc.data(), acc.shape().data(),
                           1);
  int64_t shape[1] = {3};
  fillContiguousDescriptor(xDescriptor.data(), x, shape, 1);
  void *args[2] = {accDescriptor.data(), xDescriptor.data()};
  std::vector<char> results(layout.size);
  for (int call = 0; call < 2; ++call)
    EXPECT_EQ(callKernel(accumulateKernel, layout, results.data(), args, 2), 0);
  EXPECT_EQ(acc.data(), memory); // same memory, new values
  EXPECT_EQ(static_cast<double *>(acc.data())[2], 6.0);
  shape[0] = 2;
  fillContiguousDescriptor(xDescriptor.data(), wrong, shape, 1);
  EXPECT_EQ(callKernel(accumulateKernel, layout, results.data(), args, 2), 1);
  EXPECT_EQ(static_cast<double *>(acc.data())[0], 2.0); // untouched
}

static void testBufferOverlap() {
  Buffer buffer(sizeof(float), {4});
  auto *data = static_cast<char *>(buffer.data());
  EXPECT_EQ(buffer.overlaps(data, 4), true);
  EXPECT_EQ(buffer.overlaps(data + 12, 8), true);  // its last element
  EXPECT_EQ(buffer.overlaps(data + 16, 8), false); // just past the end
  EXPECT_EQ(buffer.overlaps(data - 8, 8), false);  // just before it
  float other[4];
  EXPECT_EQ(buffer.overlaps(other, sizeof(other)), false);
}

int main() {
  testBufferAlignmentAndZeroFill();
  testBufferAssignStridedAndResize();
  testBufferAdoptsKernelMemory();
  testContiguousDescriptor();
  testZeroSizeAndRankZero();
  testContiguityOfResultStrides();
  testResultLayout();
  testCallKernel();
  testFailedCheckReportsStatusAndValues();
  testInPlaceUpdateOfABuffer();
  testBufferOverlap();
  if (failures) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  std::printf("runtime tests passed\n");
  return 0;
}
