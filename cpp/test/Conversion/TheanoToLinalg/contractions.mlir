// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// dot becomes the matching linalg named op on a zero-filled accumulator;
// inner dimensions that are not both static are checked at run time.

// CHECK-LABEL: func @vector_vector
// CHECK-SAME: (%[[A:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[KA:.*]] = tensor.dim %[[A]], %c0
// CHECK-DAG: %[[KB:.*]] = tensor.dim %[[B]], %c0
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[KA]], %[[KB]]
// CHECK: theano.check %[[OK]], "theano.dot: shapes not aligned: dimension 0 of the left operand is {0}, dimension 0 of the right operand is {1}"(%[[KA]], %[[KB]])
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.dot ins(%[[A]], %[[B]] : tensor<?xf32>, tensor<?xf32>) outs(%[[INIT]] : tensor<f32>)
func.func @vector_vector(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<f32> {
  %0 = theano.dot %a, %b : tensor<?xf32>, tensor<?xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func @matrix_vector
// CHECK: linalg.matvec
func.func @matrix_vector(%a: tensor<?x?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @vector_matrix
// CHECK: linalg.vecmat
func.func @vector_matrix(%a: tensor<?xi32>, %b: tensor<?x?xi32>) -> tensor<?xi32> {
  %0 = theano.dot %a, %b : tensor<?xi32>, tensor<?x?xi32> -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// CHECK-LABEL: func @matrix_matrix
// CHECK-NOT: theano.check
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x3xf32>, tensor<3x?xf32>) outs(%{{.*}} : tensor<?x?xf32>)
func.func @matrix_matrix(%a: tensor<?x3xf32>, %b: tensor<3x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.dot %a, %b : tensor<?x3xf32>, tensor<3x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
