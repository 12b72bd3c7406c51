// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff))' %s -split-input-file -verify-diagnostics

// A gradient through a jacobian: the jacobian is expanded first, into a loop
// that has no derivative rule. The pass fails instead of giving the silent
// zero it gave before.
func.func @grad_of_jacobian(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.tanh %x : tensor<?xf64>
  // expected-error @+1 {{'scf.for' op has no derivative rule, and a gradient flows through it}}
  %j = theano.jacobian %0 : tensor<?xf64> wrt(%x : tensor<?xf64>) -> tensor<?x?xf64>
  %s = theano.sum %j [0, 1] : tensor<?x?xf64> -> tensor<f64>
  %g = theano.grad cost(%s : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A theano op without a rule (floor division) passes no gradient, as in
// Theano: the gradient of floor(x / 2) * 0 + x is 1.
func.func @integer_division_passes_nothing(%x: tensor<?xf64>) -> tensor<?xf64> {
  %two = theano.constant dense<2.0> : tensor<1xf64>
  %0 = theano.int_div %x, %two : tensor<?xf64>, tensor<1xf64> -> tensor<?xf64>
  %1 = theano.add %0, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %s = theano.sum %1 [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%s : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
