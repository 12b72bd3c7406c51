// RUN: theano-mlir-opt %s -split-input-file -verify-diagnostics
// The verifiers of arange, cumulative and sort.

func.func @arange_types_differ(%a: tensor<i64>, %b: tensor<i32>) -> tensor<?xi64> {
  // expected-error @+1 {{'theano.arange' op failed to verify that all of {start, stop, step} have same type}}
  %0 = "theano.arange"(%a, %b, %a) : (tensor<i64>, tensor<i32>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @cumulative_axis(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = theano.cumulative %x {axis = 2 : i64} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @sort_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{keys need rank >= 1}}
  %0 = theano.sort %x : tensor<f32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @argsort_type(%x: tensor<3xf32>) -> tensor<3xi32> {
  // expected-error @+1 {{the result holds positions (i64)}}
  %0 = theano.sort %x {positions} : tensor<3xf32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @sort_values_shape(%x: tensor<3xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{the result has the keys' shape}}
  %0 = theano.sort %x, %v : tensor<4xf32> : tensor<3xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
