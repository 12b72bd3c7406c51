// RUN: theano-mlir-opt --theano-widen-bool-buffers %s | FileCheck %s

// The ownership flags of bufferization-lower-deallocations' helper, i1 in
// memrefs (which LLVM 22's memref lowering aborts on storing), are bytes:
// signatures, calls, allocs, casts, loads (truncated) and stores
// (extended); other buffers are left alone.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: memref<?xi8>, %{{.*}}: memref<?xindex>)
// CHECK: %[[B:.*]] = memref.load %{{.*}} : memref<?xi8>
// CHECK: arith.trunci %[[B]] : i8 to i1
// CHECK: arith.extui %{{.*}} : i1 to i8
// CHECK: memref.store %{{.*}} : memref<?xi8>
func.func private @helper(%flags: memref<?xi1>, %other: memref<?xindex>) {
  %c0 = arith.constant 0 : index
  %f = memref.load %flags[%c0] : memref<?xi1>
  %n = arith.xori %f, %f : i1
  memref.store %n, %flags[%c0] : memref<?xi1>
  return
}

// CHECK-LABEL: func.func @caller
// CHECK: %[[A:.*]] = memref.alloc() : memref<2xi8>
// CHECK: memref.cast %[[A]] : memref<2xi8> to memref<?xi8>
// CHECK: call @helper(%{{.*}}, %{{.*}}) : (memref<?xi8>, memref<?xindex>) -> ()
// CHECK: memref.dealloc %[[A]] : memref<2xi8>
// CHECK: memref.alloc() : memref<4xf32>
func.func @caller(%other: memref<?xindex>, %t: i1) -> memref<4xf32> {
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<2xi1>
  memref.store %t, %a[%c1] : memref<2xi1>
  %d = memref.cast %a : memref<2xi1> to memref<?xi1>
  call @helper(%d, %other) : (memref<?xi1>, memref<?xindex>) -> ()
  memref.dealloc %a : memref<2xi1>
  %r = memref.alloc() : memref<4xf32>
  return %r : memref<4xf32>
}
