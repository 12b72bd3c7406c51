// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s

// dimshuffle is a copy whose input map places each kept dimension; the
// dropped broadcastable dimension is read at index 0.
// CHECK-DAG: #[[SHUFFLE_IN:.*]] = affine_map<(d0, d1, d2) -> (d2, 0, d0)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func @dimshuffle
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x?xf32>)
// CHECK: %[[D2:.*]] = tensor.dim %[[X]], %c2
// CHECK: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[E:.*]] = tensor.empty(%[[D2]], %[[D0]]) : tensor<?x1x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[SHUFFLE_IN]], #[[ID3]]]
// CHECK-SAME: ins(%[[X]] : tensor<?x1x?xf32>) outs(%[[E]] : tensor<?x1x?xf32>)
func.func @dimshuffle(%x: tensor<?x1x?xf32>) -> tensor<?x1x?xf32> {
  %0 = theano.dimshuffle %x [2, -1, 0] : tensor<?x1x?xf32> -> tensor<?x1x?xf32>
  return %0 : tensor<?x1x?xf32>
}

// reshape reads the requested sizes, resolves one -1 (ambiguous, as in
// numpy, where the other sizes multiply to 0), checks them against the
// element count, and reshapes with the checked sizes (no copy).
// CHECK-LABEL: func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK: tensor.extract %[[S]][%{{.*}}]
// CHECK: tensor.extract %[[S]][%{{.*}}]
// CHECK: theano.check %{{.*}}, "theano.reshape: sizes must be non-negative, with at most one -1"
// CHECK: theano.check %{{.*}}, "theano.reshape: cannot infer the size of -1 for an array of {0} elements: the other sizes multiply to 0"
// CHECK: arith.divsi
// CHECK: theano.check %{{.*}}, "theano.reshape: cannot reshape an array of {0} elements into a shape of {1} elements"
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2xindex>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?xf32>, tensor<2xindex>) -> tensor<?x?xf32>
func.func @reshape(%x: tensor<?x?xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = theano.reshape %x, %s : tensor<?x?xf32>, tensor<2xi64> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// A static (broadcastable) result dimension is checked too.
// CHECK-LABEL: func @reshape_to_row
// CHECK: theano.check %{{.*}}, "theano.reshape: dimension 0 must be 1, got {0}"
// CHECK: tensor.reshape
func.func @reshape_to_row(%x: tensor<?xf32>, %s: tensor<2xi64>) -> tensor<1x?xf32> {
  %0 = theano.reshape %x, %s : tensor<?xf32>, tensor<2xi64> -> tensor<1x?xf32>
  return %0 : tensor<1x?xf32>
}

// To and from rank 0.
// CHECK-LABEL: func @reshape_scalar
// CHECK: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<f32>, tensor<1xindex>) -> tensor<?xf32>
// CHECK: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<?xf32>, tensor<0xindex>) -> tensor<f32>
func.func @reshape_scalar(%x: tensor<f32>, %v: tensor<?xf32>, %s1: tensor<1xi64>, %s0: tensor<0xi64>) -> (tensor<?xf32>, tensor<f32>) {
  %0 = theano.reshape %x, %s1 : tensor<f32>, tensor<1xi64> -> tensor<?xf32>
  %1 = theano.reshape %v, %s0 : tensor<?xf32>, tensor<0xi64> -> tensor<f32>
  return %0, %1 : tensor<?xf32>, tensor<f32>
}

// CHECK-LABEL: func @shape
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[I0:.*]] = arith.index_cast %[[D0]] : index to i64
// CHECK: %[[I1:.*]] = arith.index_cast %c4 : index to i64
// CHECK: tensor.from_elements %[[I0]], %[[I1]] : tensor<2xi64>
func.func @shape(%x: tensor<?x4xf32>) -> tensor<2xi64> {
  %0 = theano.shape %x : tensor<?x4xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// CHECK-LABEL: func @dim
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %c1
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: tensor.from_elements %[[I]] : tensor<i64>
func.func @dim(%x: tensor<?x?xf32>) -> tensor<i64> {
  %0 = theano.dim %x[1] : tensor<?x?xf32> -> tensor<i64>
  return %0 : tensor<i64>
}

// CHECK-LABEL: func @make_vector
// CHECK-SAME: (%[[A:.*]]: tensor<i64>, %[[B:.*]]: tensor<i64>)
// CHECK-DAG: %[[X:.*]] = tensor.extract %[[A]][] : tensor<i64>
// CHECK-DAG: %[[Y:.*]] = tensor.extract %[[B]][] : tensor<i64>
// CHECK: tensor.from_elements %[[X]], %[[Y]] : tensor<2xi64>
func.func @make_vector(%a: tensor<i64>, %b: tensor<i64>) -> tensor<2xi64> {
  %0 = theano.make_vector %a, %b : tensor<i64>, tensor<i64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// alloc checks each requested size (non-negative, the static size, the
// value's non-broadcast size) and broadcasts with a linalg.generic.
// CHECK-LABEL: func @alloc
// CHECK: theano.check {{.*}} "theano.alloc: dimension 0 has a negative size {0}"
// CHECK: theano.check {{.*}} "theano.alloc: dimension 1 is {0}, but the value's is {1}"
// CHECK: %[[INIT:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
func.func @alloc(%v: tensor<1x?xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = theano.alloc %v, %s : tensor<1x?xf32>, tensor<2xi64> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// stop_gradient only matters to autodiff: it lowers to its operand.
// CHECK-LABEL: func @stop_gradient
// CHECK-NEXT: return %arg0
func.func @stop_gradient(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.stop_gradient %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// keep_checks: the value passes through; the product is lowered for its
// size check (its loop, unused, is removed by the next canonicalization).
// CHECK-LABEL: func @keep_checks
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: theano.check
// CHECK: return %[[Y]]
func.func @keep_checks(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.mul %x, %y : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %1 = theano.keep_checks %0, %y : tensor<?xf64>, tensor<?xf64>
  return %1 : tensor<?xf64>
}

// Theano's Assert: each condition read as a scalar, nonzero (NaN too) is
// true; a false one is an AssertionError naming the node, the message's
// braces doubled (not placeholders). The value passes through.
// CHECK-LABEL: func @assert
// CHECK: %[[C0:.*]] = tensor.extract %arg1[] : tensor<i8>
// CHECK: %[[B0:.*]] = arith.trunci %[[C0]] : i8 to i1
// CHECK: theano.check %[[B0]], "AssertionError: theano.assert: x {{[{][{]}}0{{[}][}]}} is positive"
// CHECK: %[[C1:.*]] = tensor.extract %arg2[] : tensor<f32>
// CHECK: %[[B1:.*]] = arith.cmpf une, %[[C1]]
// CHECK: theano.check %[[B1]], "AssertionError: theano.assert
// CHECK: return %arg0
func.func @assert(%x: tensor<?xf64>, %b: tensor<i1>, %f: tensor<f32>) -> tensor<?xf64> {
  %0 = theano.assert %x, "x {0} is positive" if %b, %f : tensor<i1>, tensor<f32> : tensor<?xf64>
  return %0 : tensor<?xf64>
}
