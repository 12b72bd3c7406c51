// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s
// Derivative rules of the convolutions and pooling.

// conv: the input's adjoint is conv_grad_input, the filters' is
// conv_grad_filter, each with the convolution's attributes and the
// operand's shape.
// CHECK-LABEL: func @conv_rule
// CHECK-DAG: %[[XS:.*]] = theano.shape %arg0
// CHECK-DAG: %[[WS:.*]] = theano.shape %arg1
// CHECK-DAG: %[[GX:.*]] = theano.conv_grad_input %arg1, %arg2, %[[XS]] {dilations = array<i64: 1, 2>, flip, groups = 2 : i64, padding = array<i64: -1, 1>, strides = array<i64: 2, 1>}
// CHECK-DAG: %[[GW:.*]] = theano.conv_grad_filter %arg0, %arg2, %[[WS]] {dilations = array<i64: 1, 2>, flip, groups = 2 : i64, padding = array<i64: -1, 1>, strides = array<i64: 2, 1>}
// CHECK: return %[[GX]], %[[GW]]
func.func @conv_rule(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>, %seed: tensor<?x?x?x?xf32>) -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %y = theano.conv %x, %w {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: -1, 1>, groups = 2, flip} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  %g:2 = theano.grad wrt(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) known(%y : tensor<?x?x?x?xf32> = %seed : tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
  return %g#0, %g#1 : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
}

// conv_grad_input is linear in both operands: its filters' adjoint is a
// conv_grad_filter of the seed, its output gradient's a conv of the seed.
// CHECK-LABEL: func @conv_grad_input_rule
// CHECK-DAG: theano.conv_grad_filter %arg3, %arg1,
// CHECK-DAG: theano.conv %arg3, %arg0
func.func @conv_grad_input_rule(%w: tensor<?x?x?x?xf64>, %dy: tensor<?x?x?x?xf64>, %shape: tensor<4xi64>, %seed: tensor<?x?x?x?xf64>) -> (tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>) {
  %x = theano.conv_grad_input %w, %dy, %shape {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>, tensor<4xi64> -> tensor<?x?x?x?xf64>
  %g:2 = theano.grad wrt(%w, %dy : tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>) known(%x : tensor<?x?x?x?xf64> = %seed : tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>
  return %g#0, %g#1 : tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>
}

// pool: the adjoint is pool_grad of the input, the pool and the seed.
// CHECK-LABEL: func @pool_rule
// CHECK: %[[Y:.*]] = theano.pool %arg0
// CHECK: %[[G:.*]] = theano.pool_grad %arg0, %[[Y]], %arg1 {ignore_border, mode = "max", padding = array<i64: 0, 0>, strides = array<i64: 2, 2>, window = array<i64: 2, 2>}
// CHECK: return %[[G]]
func.func @pool_rule(%x: tensor<?x?x?x?xf32>, %seed: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %y = theano.pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border, mode = "max"} : tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  %g = theano.grad wrt(%x : tensor<?x?x?x?xf32>) known(%y : tensor<?x?x?x?xf32> = %seed : tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  return %g : tensor<?x?x?x?xf32>
}

// pool_grad is linear in the output gradient: for max its adjoint is the
// transpose pool_max_grad_grad, for the sums and averages the same pool of
// the seed; the input and the maximum get none.
// CHECK-LABEL: func @max_pool_grad_rule
// CHECK: %[[G:.*]] = theano.pool_max_grad_grad %arg0, %arg1, %arg3 {ignore_border, padding = array<i64: 0, 0>, strides = array<i64: 2, 2>, window = array<i64: 2, 2>}
// CHECK: return %[[G]]
func.func @max_pool_grad_rule(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %gy: tensor<?x?xf32>, %seed: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %gx = theano.pool_grad %x, %y, %gy {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border, mode = "max"} : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %g = theano.grad wrt(%gy : tensor<?x?xf32>) known(%gx : tensor<?x?xf32> = %seed : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// CHECK-LABEL: func @average_pool_grad_rule
// CHECK: %[[G:.*]] = theano.pool %arg3 {mode = "average_exc_pad", padding = array<i64: 0, 0>, strides = array<i64: 1, 1>, window = array<i64: 2, 2>}
// CHECK: return %[[G]]
func.func @average_pool_grad_rule(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>, %gy: tensor<?x?xf64>, %seed: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %gx = theano.pool_grad %x, %y, %gy {window = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0>, mode = "average_exc_pad"} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %g = theano.grad wrt(%gy : tensor<?x?xf64>) known(%gx : tensor<?x?xf64> = %seed : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// pool_max_grad_grad's adjoint is pool_grad "max" (the two are transposes).
// CHECK-LABEL: func @max_pool_grad_grad_rule
// CHECK: %[[G:.*]] = theano.pool_grad %arg0, %arg1, %arg3 {ignore_border, mode = "max", padding = array<i64: 0, 0>, strides = array<i64: 2, 2>, window = array<i64: 2, 2>}
// CHECK: return %[[G]]
func.func @max_pool_grad_grad_rule(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %gx: tensor<?x?xf32>, %seed: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %gy = theano.pool_max_grad_grad %x, %y, %gx {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border} : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %g = theano.grad wrt(%gx : tensor<?x?xf32>) known(%gy : tensor<?x?xf32> = %seed : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
