// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff))' %s | FileCheck %s
// Gradients through a lazy ifelse: an ifelse on the same condition whose
// branches recompute their values and differentiate them with respect to
// what they read from above (zeros where a branch does not read it).

// grad(sum(ifelse(c, x * x, sin(x)))) wrt x: 2x where c, cos(x) otherwise.
// CHECK-LABEL: func @grad_through_ifelse
// CHECK: theano.ifelse %arg0 : tensor<i32> -> tensor<?xf64>
// CHECK: theano.mul
// CHECK: theano.ifelse %arg0 : tensor<i32> -> tensor<?xf64>
// CHECK: theano.mul
// CHECK: theano.add
// CHECK: theano.yield
// CHECK: } else {
// CHECK: theano.cos
// CHECK: theano.yield
func.func @grad_through_ifelse(%c: tensor<i32>, %x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.ifelse %c : tensor<i32> -> tensor<?xf64> {
    %1 = theano.mul %x, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    theano.yield %1 : tensor<?xf64>
  } else {
    %2 = theano.sin %x : tensor<?xf64>
    theano.yield %2 : tensor<?xf64>
  }
  %3 = theano.sum %0 [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%3 : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
