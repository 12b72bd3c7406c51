// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-gemm))' %s | FileCheck %s

// dot(x, W) + b (b broadcast over rows) -> gemm with c = b, alpha = beta = 1.
// CHECK-LABEL: func @dot_plus_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>, %[[W:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<1x?xf64>)
// CHECK-DAG: %[[ONE:.*]] = theano.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[G:.*]] = theano.gemm c(%[[B]] : tensor<1x?xf64>, %[[ONE]] : tensor<f64>) %[[X]], %[[W]], alpha(%[[ONE]] : tensor<f64>)
// CHECK-NOT: theano.add
// CHECK: return %[[G]]
func.func @dot_plus_bias(%x: tensor<?x?xf64>, %w: tensor<?x?xf64>, %b: tensor<1x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %x, %w : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.add %0, %b : tensor<?x?xf64>, tensor<1x?xf64> -> tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}

// A full matrix on the left, bias broadcast over columns.
// CHECK-LABEL: func @matrix_plus_dot
// CHECK: theano.gemm c(%arg0 : tensor<?x1xf32>
// CHECK-NOT: theano.add
func.func @matrix_plus_dot(%c: tensor<?x1xf32>, %x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.dot %x, %w : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.add %c, %0 : tensor<?x1xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// dot(a, b) * alpha -> gemm without c.
// CHECK-LABEL: func @scaled_dot
// CHECK: %[[S:.*]] = theano.dimshuffle %arg2 [] : tensor<1x1xf64> -> tensor<f64>
// CHECK: theano.gemm %arg0, %arg1, alpha(%[[S]] : tensor<f64>)
// CHECK-NOT: theano.mul
func.func @scaled_dot(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %s: tensor<1x1xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.mul %0, %s : tensor<?x?xf64>, tensor<1x1xf64> -> tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}

// The SGD update W - lr * dot(x.T, g): one gemm, c = W, alpha = -lr, beta = 1.
// CHECK-LABEL: func @sgd_update
// CHECK-DAG: %[[MINUS:.*]] = theano.constant dense<-1.000000e-01> : tensor<f64>
// CHECK-DAG: %[[ONE:.*]] = theano.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[G:.*]] = theano.gemm c(%arg0 : tensor<?x?xf64>, %[[ONE]] : tensor<f64>) %{{.*}}, %arg2, alpha(%[[MINUS]] : tensor<f64>)
// CHECK-NEXT: return %[[G]]
func.func @sgd_update(%w: tensor<?x?xf64>, %x: tensor<?x?xf64>, %g: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %lr = theano.constant dense<1.000000e-01> : tensor<1x1xf64>
  %xt = theano.dimshuffle %x [1, 0] : tensor<?x?xf64> -> tensor<?x?xf64>
  %0 = theano.dot %xt, %g : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.mul %lr, %0 : tensor<1x1xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %2 = theano.sub %w, %1 : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}

// dot - c: beta = -1. A run-time learning rate stays an operand.
// CHECK-LABEL: func @dot_minus_matrix
// CHECK: %[[MINUS:.*]] = theano.constant dense<-1.000000e+00> : tensor<f32>
// CHECK: theano.gemm c(%arg2 : tensor<?x?xf32>, %[[MINUS]] : tensor<f32>) %arg0, %arg1, alpha(%{{.*}} : tensor<f32>)
func.func @dot_minus_matrix(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.dot %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.sub %0, %c : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// A scale of a gemm scales alpha and beta; a negation negates them.
// CHECK-LABEL: func @scaled_gemm
// CHECK-DAG: %[[S:.*]] = theano.dimshuffle %arg3 [] : tensor<1x1xf64> -> tensor<f64>
// CHECK-DAG: %[[ALPHA:.*]] = theano.neg %[[S]]
// CHECK-DAG: %[[BETA:.*]] = theano.neg %[[S]]
// CHECK: theano.gemm c(%arg2 : tensor<?x?xf64>, %{{.*}} : tensor<f64>) %arg0, %arg1, alpha(%{{.*}} : tensor<f64>)
// CHECK-NOT: theano.mul
func.func @scaled_gemm(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c: tensor<?x?xf64>, %s: tensor<1x1xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.add %0, %c : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %2 = theano.mul %1, %s : tensor<?x?xf64>, tensor<1x1xf64> -> tensor<?x?xf64>
  %3 = theano.neg %2 : tensor<?x?xf64>
  return %3 : tensor<?x?xf64>
}

// A product used twice stays a dot (folding it would compute it twice).
// CHECK-LABEL: func @dot_used_twice
// CHECK: theano.dot
// CHECK: theano.add
// CHECK-NOT: theano.gemm
func.func @dot_used_twice(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.add %0, %c : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0, %1 : tensor<?x?xf64>, tensor<?x?xf64>
}

// Not for integers, vectors, a product that would broadcast, or a non-scalar factor.
// CHECK-LABEL: func @not_gemm
// CHECK-NOT: theano.gemm
// CHECK: return
func.func @not_gemm(%ia: tensor<?x?xi32>, %ib: tensor<?x?xi32>, %ic: tensor<?x?xi32>,
                    %m: tensor<?x?xf64>, %v: tensor<?xf64>, %w: tensor<?xf64>,
                    %row: tensor<1x?xf64>, %big: tensor<?x?xf64>, %f: tensor<?x1xf64>)
    -> (tensor<?x?xi32>, tensor<?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %0 = theano.dot %ia, %ib : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  %1 = theano.add %0, %ic : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  %2 = theano.dot %m, %v : tensor<?x?xf64>, tensor<?xf64> -> tensor<?xf64>
  %3 = theano.add %2, %w : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %4 = theano.dot %row, %m : tensor<1x?xf64>, tensor<?x?xf64> -> tensor<1x?xf64>
  %5 = theano.add %4, %big : tensor<1x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %6 = theano.dot %m, %big : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %7 = theano.mul %6, %f : tensor<?x?xf64>, tensor<?x1xf64> -> tensor<?x?xf64>
  return %1, %3, %5, %7 : tensor<?x?xi32>, tensor<?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}
