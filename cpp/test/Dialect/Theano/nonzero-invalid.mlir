// RUN: theano-mlir-opt %s -split-input-file -verify-diagnostics
// The verifiers of nonzero and grad_clip.

func.func @nonzero_scalar(%x: tensor<f32>) -> tensor<0x?xi64> {
  // expected-error @+1 {{'theano.nonzero' op needs an input of rank >= 1}}
  %0 = theano.nonzero %x : tensor<f32> -> tensor<0x?xi64>
  return %0 : tensor<0x?xi64>
}

// -----

func.func @nonzero_rows(%x: tensor<?x?xf32>) -> tensor<3x?xi64> {
  // expected-error @+1 {{'theano.nonzero' op the result has one row per dimension: 2, got 3}}
  %0 = theano.nonzero %x : tensor<?x?xf32> -> tensor<3x?xi64>
  return %0 : tensor<3x?xi64>
}

// -----

func.func @nonzero_sizes(%x: tensor<?x?xi1>, %n: tensor<i64>) -> tensor<2x?xi64> {
  // expected-error @+1 {{'theano.nonzero' op needs one size per dimension of the mask: 2, got 1}}
  %0 = theano.nonzero %x sizes(%n : tensor<i64>) : tensor<?x?xi1> -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// -----

func.func @grad_clip_bounds(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'theano.grad_clip' op the lower bound 2.000000e+00 exceeds the upper bound 1.000000e+00}}
  %0 = theano.grad_clip %x {lower = 2.0, upper = 1.0} : tensor<?xf32>
  return %0 : tensor<?xf32>
}
