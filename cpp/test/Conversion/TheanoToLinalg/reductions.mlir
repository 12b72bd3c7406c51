// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEEP1:.*]] = affine_map<(d0, d1, d2) -> (d1)>

// sum accumulates in the result type: int8 input, int64 sum.
// CHECK-LABEL: func @sum_widening
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i64)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[KEEP1]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK-SAME: outs(%[[INIT]] : tensor<?xi64>)
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.addi
func.func @sum_widening(%x: tensor<?x?x?xi8>) -> tensor<?xi64> {
  %0 = theano.sum %x [0, 2] : tensor<?x?x?xi8> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// CHECK-LABEL: func @prod
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: linalg.generic
// CHECK: arith.mulf
func.func @prod(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %0 = theano.prod %x [1] : tensor<?x?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// max starts at -inf and propagates NaN; an empty reduction is a run-time
// error, reported through a check.
// CHECK-LABEL: func @max_float
// CHECK: %[[N:.*]] = arith.muli
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[N]], %c0
// CHECK: theano.check %[[NONEMPTY]], "theano.max: zero-size array to reduction operation, which has no identity"
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic
// CHECK: arith.maximumf
func.func @max_float(%x: tensor<?x?xf32>) -> tensor<f32> {
  %0 = theano.max %x [0, 1] : tensor<?x?xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// Static non-empty reductions need no check. Unsigned min starts at the
// largest unsigned value (-1 as signless bits).
// CHECK-LABEL: func @min_unsigned
// CHECK-NOT: theano.check
// CHECK: arith.constant -1 : i8
// CHECK: arith.minui
func.func @min_unsigned(%x: tensor<4x?xui8>) -> tensor<?xui8> {
  %0 = theano.min %x [0] : tensor<4x?xui8> -> tensor<?xui8>
  return %0 : tensor<?xui8>
}

// With empty_is_identity, the max of nothing is -inf: no check.
// CHECK-LABEL: func @max_empty_is_identity
// CHECK-NOT: theano.check
// CHECK: linalg.fill ins(%{{.*}} : f32)
// CHECK: arith.maximumf
func.func @max_empty_is_identity(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %0 = theano.max %x [1] {empty_is_identity} : tensor<?x?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @max_signed
// CHECK: arith.constant -2147483648 : i32
// CHECK: arith.maxsi
func.func @max_signed(%x: tensor<?xi32>) -> tensor<i32> {
  %0 = theano.max %x [0] : tensor<?xi32> -> tensor<i32>
  return %0 : tensor<i32>
}

// argmax carries (value, index); the flat index over the reduced axes comes
// from linalg.index, and the result is the index output.
// CHECK-LABEL: func @argmax
// CHECK: theano.check
// CHECK: %[[G:.*]]:2 = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: linalg.index 1
// CHECK: linalg.index 2
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf uno
// CHECK: return %[[G]]#1
func.func @argmax(%x: tensor<?x?x?xf64>) -> tensor<?xi64> {
  %0 = theano.argmax %x [1, 2] : tensor<?x?x?xf64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// CHECK-LABEL: func @argmin_unsigned
// CHECK: linalg.generic
// CHECK: arith.cmpi ult
func.func @argmin_unsigned(%x: tensor<?xui16>) -> tensor<i64> {
  %0 = theano.argmin %x [0] : tensor<?xui16> -> tensor<i64>
  return %0 : tensor<i64>
}
