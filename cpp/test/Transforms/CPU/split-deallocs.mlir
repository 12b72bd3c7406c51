// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-split-deallocs))' %s | FileCheck %s

// Buffers of three distinct allocations (one through a view): one dealloc
// each, the retained buffer's results or-ed.
// CHECK-LABEL: func.func @distinct
// CHECK: %[[R0:.*]] = bufferization.dealloc (%[[A:.*]] : memref<4xf32>) if (%arg0) retain (%arg3 : memref<4xf32>)
// CHECK: %[[R1:.*]] = bufferization.dealloc (%[[B:.*]] : memref<8xf32>) if (%arg1) retain (%arg3 : memref<4xf32>)
// CHECK: %[[O1:.*]] = arith.ori %[[R0]], %[[R1]]
// CHECK: %[[R2:.*]] = bufferization.dealloc (%{{.*}} : memref<f32>) if (%arg2) retain (%arg3 : memref<4xf32>)
// CHECK: %[[O2:.*]] = arith.ori %[[O1]], %[[R2]]
// CHECK: return %[[O2]]
func.func @distinct(%c0: i1, %c1: i1, %c2: i1, %r: memref<4xf32>) -> i1 {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<8xf32>
  %v = memref.subview %b[2] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 2>>
  %base, %offset, %size, %stride = memref.extract_strided_metadata %v : memref<4xf32, strided<[1], offset: 2>> -> memref<f32>, index, index, index
  %c = memref.alloc() : memref<f32>
  %0 = bufferization.dealloc (%a, %b, %c : memref<4xf32>, memref<8xf32>, memref<f32>) if (%c0, %c1, %c2) retain (%r : memref<4xf32>)
  return %0 : i1
}

// Two views of one allocation, or a buffer of unknown origin: left to
// upstream's simplification.
// CHECK-LABEL: func.func @may_alias
// CHECK: bufferization.dealloc (%{{.*}}, %{{.*}} : memref<f32>, memref<8xf32>)
// CHECK: bufferization.dealloc (%{{.*}}, %arg1 : memref<4xf32>, memref<4xf32>)
// CHECK-NOT: bufferization.dealloc
func.func @may_alias(%c: i1, %arg: memref<4xf32>) {
  %b = memref.alloc() : memref<8xf32>
  %base, %offset, %size, %stride = memref.extract_strided_metadata %b : memref<8xf32> -> memref<f32>, index, index, index
  bufferization.dealloc (%base, %b : memref<f32>, memref<8xf32>) if (%c, %c)
  %a = memref.alloc() : memref<4xf32>
  bufferization.dealloc (%a, %arg : memref<4xf32>, memref<4xf32>) if (%c, %c)
  return
}
