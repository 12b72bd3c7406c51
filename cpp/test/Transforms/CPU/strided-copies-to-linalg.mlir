// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-strided-copies-to-linalg))' %s | FileCheck %s

// A copy into a row of a matrix (a strided view) becomes linalg.copy;
// one between contiguous buffers stays a memref.copy (a memcpy).
// CHECK-LABEL: func @row_copy
// CHECK: %[[ROW:.*]] = memref.subview
// CHECK: linalg.copy ins(%arg1 : memref<?xf64>) outs(%[[ROW]] : memref<?xf64, strided<[1], offset: ?>>)
// CHECK-NOT: memref.copy %arg1
// CHECK: memref.copy %arg1, %arg2 : memref<?xf64> to memref<?xf64>
func.func @row_copy(%m: memref<?x?xf64>, %v: memref<?xf64>, %w: memref<?xf64>, %i: index, %n: index) {
  %row = memref.subview %m[%i, 0] [1, %n] [1, 1] : memref<?x?xf64> to memref<?xf64, strided<[1], offset: ?>>
  memref.copy %v, %row : memref<?xf64> to memref<?xf64, strided<[1], offset: ?>>
  memref.copy %v, %w : memref<?xf64> to memref<?xf64>
  return
}

// A static view that is contiguous row-major is lowered to a memcpy: left.
// CHECK-LABEL: func @contiguous_view
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous_view(%m: memref<4x3xf32>, %v: memref<3xf32>) {
  %row = memref.subview %m[1, 0] [1, 3] [1, 1] : memref<4x3xf32> to memref<3xf32, strided<[1], offset: 3>>
  memref.copy %v, %row : memref<3xf32> to memref<3xf32, strided<[1], offset: 3>>
  return
}
