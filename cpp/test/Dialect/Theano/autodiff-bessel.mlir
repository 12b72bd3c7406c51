// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s
// Theano's derivative rules of the Bessel functions: j0' = -j1,
// j1' = (j0 - jv(2, x)) / 2, i0' = i1, i1' = (i0 + iv(2, x)) / 2; jv and iv
// with respect to x only, chi2sf none.

// CHECK-LABEL: func @j0_i0
// CHECK-DAG: %[[J1:.*]] = theano.j1 %arg0
// CHECK-DAG: theano.neg %[[J1]]
// CHECK-DAG: theano.i1 %arg0
func.func @j0_i0(%x: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %0 = theano.j0 %x : tensor<f64>
  %g = theano.grad cost(%0 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  %1 = theano.i0 %x : tensor<f64>
  %h = theano.grad cost(%1 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %g, %h : tensor<f64>, tensor<f64>
}

// CHECK-LABEL: func @j1_i1
// CHECK-DAG: %[[TWO:.*]] = theano.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG: theano.jv %[[TWO]], %arg0
// CHECK-DAG: theano.j0 %arg0
// CHECK-DAG: theano.iv %[[TWO]], %arg0
// CHECK-DAG: theano.i0 %arg0
func.func @j1_i1(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = theano.j1 %x : tensor<f32>
  %g = theano.grad cost(%0 : tensor<f32>) wrt(%x : tensor<f32>) -> tensor<f32>
  %1 = theano.i1 %x : tensor<f32>
  %h = theano.grad cost(%1 : tensor<f32>) wrt(%x : tensor<f32>) -> tensor<f32>
  return %g, %h : tensor<f32>, tensor<f32>
}

// jv(v, x): d/dx = (jv(v - 1, x) - jv(v + 1, x)) / 2.
// CHECK-LABEL: func @jv
// CHECK-DAG: %[[LO:.*]] = theano.sub %arg0
// CHECK-DAG: %[[HI:.*]] = theano.add %arg0
// CHECK-DAG: %[[A:.*]] = theano.jv %[[LO]], %arg1
// CHECK-DAG: %[[B:.*]] = theano.jv %[[HI]], %arg1
// CHECK: theano.sub %[[A]], %[[B]]
func.func @jv(%v: tensor<f64>, %x: tensor<f64>) -> tensor<f64> {
  %0 = theano.jv %v, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %g = theano.grad cost(%0 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}
