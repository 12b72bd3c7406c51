// RUN: theano-mlir-opt --pass-pipeline='builtin.module(theano-vectorize-dynamic-matmuls)' %s | FileCheck %s
// RUN: theano-mlir-opt --pass-pipeline='builtin.module(theano-vectorize-dynamic-matmuls{rows=4 vector-bits=512})' %s | FileCheck %s --check-prefix=SMALL

// Matmuls of unknown shape become calls of one helper per element type and
// layout; two f32 nn matmuls share theirs.
// CHECK-LABEL: func.func @two_nn
// CHECK: %[[A:.*]] = memref.cast %arg0 : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[B:.*]] = memref.cast %arg1 : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[C:.*]] = memref.cast %arg2 : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: call @theano_matmul_f32_nn(%[[A]], %[[B]], %[[C]])
// CHECK: call @theano_matmul_f32_nn(
// CHECK-NOT: linalg.matmul
// CHECK: return
func.func @two_nn(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>, %d: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%c, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%d : memref<?x?xf32>)
  return
}

// A transposed B (rows of B are columns of C) may have any strides.
// CHECK-LABEL: func.func @nt_f64
// CHECK: call @theano_matmul_f64_nt({{.*}}) : (memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, 1], offset: ?>>) -> ()
func.func @nt_f64(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  return
}

// A read transposed: its elements are loaded as [k][m].
// CHECK-LABEL: func.func @tn_partly_static
// CHECK: call @theano_matmul_f32_tn
func.func @tn_partly_static(%a: memref<?x8xf32>, %b: memref<?x?xf32>, %c: memref<8x?xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : memref<?x8xf32>, memref<?x?xf32>) outs(%c : memref<8x?xf32>)
  return
}

// Left alone: static shapes (the specialized kernel's schedule handles
// them), integers, tensors, and a C whose rows are not contiguous.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-4: linalg.matmul
// CHECK-NOT: call
func.func @left_alone(%s: memref<4x4xf32>, %i: memref<?x?xi32>, %t: tensor<?x?xf32>,
                      %v: memref<?x?xf32, strided<[?, ?]>>, %a: memref<?x?xf32>) -> tensor<?x?xf32> {
  linalg.matmul ins(%s, %s : memref<4x4xf32>, memref<4x4xf32>) outs(%s : memref<4x4xf32>)
  linalg.matmul ins(%i, %i : memref<?x?xi32>, memref<?x?xi32>) outs(%i : memref<?x?xi32>)
  %r = linalg.matmul ins(%t, %t : tensor<?x?xf32>, tensor<?x?xf32>) outs(%t : tensor<?x?xf32>) -> tensor<?x?xf32>
  linalg.matmul ins(%a, %a : memref<?x?xf32>, memref<?x?xf32>) outs(%v : memref<?x?xf32, strided<[?, ?]>>)
  return %r : tensor<?x?xf32>
}

// The first f64 nn matmul reads one buffer as A and B (dot(x, x)): the
// helper made from it still multiplies its own A by the view of its own B in
// the columns left over (it gave every later call B's view as A too).
// CHECK-LABEL: func.func @square_then_product
// CHECK: call @theano_matmul_f64_nn
// CHECK: call @theano_matmul_f64_nn
func.func @square_then_product(%x: memref<?x?xf64>, %y: memref<?x?xf64>, %c: memref<?x?xf64>, %d: memref<?x?xf64>) {
  linalg.matmul ins(%x, %x : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  linalg.matmul ins(%y, %c : memref<?x?xf64>, memref<?x?xf64>) outs(%d : memref<?x?xf64>)
  return
}

// The f32 nn helper: columns in steps of 32 (two 512-bit vectors), rows in
// steps of 8, accumulators carried over k, then rows one at a time, then
// the columns left over as a matmul on views.
// CHECK-LABEL: func.func private @theano_matmul_f32_nn
// CHECK-SAME: attributes {theano.matmul_helper}
// CHECK: %[[N:.*]] = memref.dim %arg2, %c1
// CHECK: %[[K:.*]] = memref.dim %arg0, %c1
// CHECK: %[[REST:.*]] = arith.remui %[[N]], %c32
// CHECK: %[[FULL:.*]] = arith.subi %[[N]], %[[REST]]
// CHECK: scf.for %[[J:.*]] = %c0 to %[[FULL]] step %c32
// CHECK: scf.for %[[I:.*]] = %c0 to %{{.*}} step %c8
// CHECK-COUNT-8: vector.load %arg2[{{.*}}, %[[J]]] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<32xf32>
// CHECK: scf.for %[[P:.*]] = %c0{{.*}} to %[[K]] step %c1{{.*}} iter_args({{.*}}) -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK: %[[ROW:.*]] = vector.load %arg1[%[[P]], %[[J]]]
// CHECK: %[[E:.*]] = memref.load %arg0[%[[I]], %[[P]]]
// CHECK: %[[S:.*]] = vector.broadcast %[[E]] : f32 to vector<32xf32>
// CHECK: vector.fma %[[S]], %[[ROW]]
// CHECK-COUNT-7: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store
// CHECK: scf.for {{.*}} step %c1
// CHECK: scf.for {{.*}} -> (vector<32xf32>)
// CHECK: vector.store
// CHECK: memref.subview %arg2[%c0, %[[FULL]]]
// CHECK: memref.subview %arg1[%c0, %[[FULL]]]
// CHECK: linalg.matmul ins(%arg0, %{{.*}} : memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: return

// The nt helper copies B transposed into a buffer of its own first, and
// the columns left over read the original B's rows.
// CHECK-LABEL: func.func private @theano_matmul_f64_nt
// CHECK: %[[BT:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<?x?xf64>
// CHECK: linalg.transpose ins(%arg1 : {{.*}}) outs(%[[BT]] : memref<?x?xf64>) permutation = [1, 0]
// CHECK: step %c16
// CHECK: vector.load %[[BT]]{{.*}} vector<16xf64>
// CHECK: memref.subview %arg1[%{{.*}}, %c0]
// CHECK: linalg.matmul indexing_maps

// CHECK-LABEL: func.func private @theano_matmul_f32_tn
// CHECK: %[[KT:.*]] = memref.dim %arg0, %c0
// CHECK: scf.for %[[IT:.*]] = %c0 to %{{.*}} step %c8
// CHECK: scf.for %[[PT:.*]] = %c0{{.*}} to %[[KT]]
// CHECK: memref.load %arg0[%[[PT]], %[[IT]]]

// CHECK-LABEL: func.func private @theano_matmul_f64_nn
// CHECK: %[[BREST:.*]] = memref.subview %arg1[%c0, %{{.*}}]
// CHECK: linalg.matmul ins(%arg0, %[[BREST]] :

// SMALL-LABEL: func.func private @theano_matmul_f32_nn
// SMALL: scf.for {{.*}} step %c16
// SMALL: scf.for {{.*}} step %c4
// SMALL: -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
