// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// dot becomes the matching linalg named op on a zero-filled accumulator;
// inner dimensions that are not both static are checked at run time.

// The maps of transposed matmul operands and of gemm's accumulator.
// CHECK-DAG: #[[MAP_AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[MAP_B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[MAP_C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[MAP_BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>

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

// A transposed operand is read through the matmul's indexing map, not copied.
// CHECK-LABEL: func @transposed_operands
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>, %[[Y:.*]]: tensor<?x?xf64>)
// CHECK: linalg.matmul indexing_maps = [#[[MAP_AT]], #[[MAP_BT]], #[[MAP_C]]] ins(%[[X]], %[[Y]] : tensor<?x?xf64>, tensor<?x?xf64>)
func.func @transposed_operands(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %xt = theano.dimshuffle %x [1, 0] : tensor<?x?xf64> -> tensor<?x?xf64>
  %yt = theano.dimshuffle %y [1, 0] : tensor<?x?xf64> -> tensor<?x?xf64>
  %0 = theano.dot %xt, %yt : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// A dimshuffle [1, 0] that also drops a broadcastable dimension is not a
// transposed matrix: it is lowered on its own, and the matmul reads its
// (rank-2) result as is.
// CHECK-LABEL: func @shuffle_dropping_a_dimension
// CHECK: %[[SHUFFLED:.*]] = linalg.generic
// CHECK: linalg.matmul ins(%[[SHUFFLED]], %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>)
func.func @shuffle_dropping_a_dimension(%x: tensor<?x?x1xf32>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %xt = theano.dimshuffle %x [1, 0] : tensor<?x?x1xf32> -> tensor<?x?xf32>
  %0 = theano.dot %xt, %y : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// gemm with c not broadcast and beta = 1: c itself is the accumulator (an
// update of c can then be written in place); alpha scales a, in a's own
// layout, before the product. No fill, no pass over the output after it.
// CHECK-LABEL: func @gemm_accumulates_into_c
// CHECK-SAME: (%[[C:.*]]: tensor<?x?xf64>, %[[X:.*]]: tensor<?x?xf64>, %[[G:.*]]: tensor<?x?xf64>)
// CHECK-DAG: %[[ALPHA_T:.*]] = arith.constant dense<-1.000000e-01> : tensor<f64>
// CHECK: theano.check %{{.*}}, "theano.gemm: shapes not aligned
// CHECK: theano.check %{{.*}}, "theano.gemm: Input dimension mis-match. (c.shape[0] = {0}, dot(a, b).shape[0] = {1})"
// CHECK: theano.check %{{.*}}, "theano.gemm: Input dimension mis-match. (c.shape[1] = {0}, dot(a, b).shape[1] = {1})"
// CHECK-NOT: linalg.fill
// CHECK: %[[ALPHA:.*]] = tensor.extract %[[ALPHA_T]][]
// CHECK: %[[SCALED:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]]{{.*}} ins(%[[X]] : tensor<?x?xf64>)
// CHECK: arith.mulf %{{.*}}, %[[ALPHA]]
// CHECK: %[[R:.*]] = linalg.matmul indexing_maps = [#[[MAP_AT]], #[[MAP_B]], #[[MAP_C]]] ins(%[[SCALED]], %[[G]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[C]] : tensor<?x?xf64>)
// CHECK-NEXT: return %[[R]]
func.func @gemm_accumulates_into_c(%c: tensor<?x?xf64>, %x: tensor<?x?xf64>, %g: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = theano.constant dense<1.000000e+00> : tensor<f64>
  %alpha = theano.constant dense<-1.000000e-01> : tensor<f64>
  %xt = theano.dimshuffle %x [1, 0] : tensor<?x?xf64> -> tensor<?x?xf64>
  %0 = theano.gemm c(%c : tensor<?x?xf64>, %one : tensor<f64>) %xt, %g, alpha(%alpha : tensor<f64>) : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// A broadcast bias times beta initializes the accumulator, in one loop nest.
// CHECK-LABEL: func @gemm_bias
// CHECK-SAME: (%[[BIAS:.*]]: tensor<1x?xf32>, %[[X:.*]]: tensor<?x?xf32>, %[[W:.*]]: tensor<?x?xf32>, %[[BETA:.*]]: tensor<f32>)
// CHECK: %[[B:.*]] = tensor.extract %[[BETA]][]
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID]]]{{.*}} ins(%[[BIAS]] : tensor<1x?xf32>)
// CHECK: arith.mulf %{{.*}}, %[[B]]
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK-NEXT: return %[[R]]
func.func @gemm_bias(%b: tensor<1x?xf32>, %x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %beta: tensor<f32>) -> tensor<?x?xf32> {
  %one = theano.constant dense<1.000000e+00> : tensor<f32>
  %0 = theano.gemm c(%b : tensor<1x?xf32>, %beta : tensor<f32>) %x, %w, alpha(%one : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// Without c the accumulator starts at zero.
// CHECK-LABEL: func @gemm_without_c
// CHECK: %[[ZERO:.*]] = linalg.fill
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[ZERO]] : tensor<?x?xf32>)
func.func @gemm_without_c(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %alpha: tensor<f32>) -> tensor<?x?xf32> {
  %0 = theano.gemm %x, %w, alpha(%alpha : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
